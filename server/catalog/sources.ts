import type { FactId, JoinId } from './types.ts';

/**
 * Where a fact's numbers can be read from: its raw table and the rollups built by
 * server/db/derived.sql. The planner takes the first source that can answer a query exactly.
 */
export interface Source {
  id: string;
  fact: FactId;
  table: string;
  raw: boolean;
  /** How time is stored: an instant column, a local day, or a local month's first day. */
  time: { col: string; unit: 'instant' | 'day' | 'month' };
  /** Columns a rollup holds (dimension keys and partial sums); raw tables hold all. */
  cols?: ReadonlySet<string>;
}

const measureCols = ['amount', 'refund_amount', 'refund_unknown', 'lines', 'parent_orders', 'quantity', 'ns_amount'];

const sessionCols = ['platform_id', 'belt_id', 'venue', 'base_id', 'sessions', 'live_seconds', 'gmv', 'views', 'viewers',
  'buyers', 'product_exposed_viewers', 'product_click_viewers', 'interacting_viewers', 'new_followers',
  'watch_seconds', 'ad_spend', 'peak_online'];

/** Ordered smallest first (row counts at 10M orders in the comments). */
export const SOURCES: Source[] = [
  {
    // ~10k rows
    id: 'ro_orders_month', fact: 'orders', table: 'ro_orders_month', raw: false,
    time: { col: 'month', unit: 'month' },
    cols: new Set(['platform_id', 'belt_id', 'category_id', 'non_standard', 'venue', 'base_id', ...measureCols]),
  },
  {
    // ~110k rows
    id: 'ro_orders_ship_month', fact: 'orders', table: 'ro_orders_ship_month', raw: false,
    time: { col: 'month', unit: 'month' },
    cols: new Set(['platform_id', 'belt_id', 'category_id', 'non_standard', 'ship_province', 'hub_id', ...measureCols]),
  },
  {
    // ~165k rows
    id: 'ro_orders_day', fact: 'orders', table: 'ro_orders_day', raw: false,
    time: { col: 'day', unit: 'day' },
    cols: new Set(['platform_id', 'belt_id', 'category_id', 'non_standard', 'venue', 'base_id', ...measureCols]),
  },
  {
    // ~640k rows
    id: 'ro_orders_merchant_month', fact: 'orders', table: 'ro_orders_merchant_month', raw: false,
    time: { col: 'month', unit: 'month' },
    cols: new Set(['platform_id', 'belt_id', 'merchant_id', 'category_id', 'non_standard', 'venue', 'base_id', ...measureCols]),
  },
  { id: 'orders', fact: 'orders', table: 'orders', raw: true, time: { col: 'paid_at', unit: 'instant' } },
  {
    id: 'ro_sessions_month', fact: 'live_sessions', table: 'ro_sessions_month', raw: false,
    time: { col: 'month', unit: 'month' }, cols: new Set(sessionCols),
  },
  {
    // ~60k rows, against 160k sessions
    id: 'ro_sessions_day', fact: 'live_sessions', table: 'ro_sessions_day', raw: false,
    time: { col: 'day', unit: 'day' }, cols: new Set(sessionCols),
  },
  { id: 'live_sessions', fact: 'live_sessions', table: 'live_sessions', raw: true, time: { col: 'started_at', unit: 'instant' } },
];

export const DERIVED_TABLES = SOURCES.filter((s) => !s.raw).map((s) => s.table);

/** Fixed join clauses from a fact row `f`. */
export const JOINS: Record<JoinId, string> = {
  belt: 'JOIN belts b ON b.belt_id = f.belt_id',
  merchant: 'JOIN merchants m ON m.merchant_id = f.merchant_id',
  session: 'LEFT JOIN live_sessions s ON s.platform_id = f.platform_id AND s.session_id = f.session_id',
};
