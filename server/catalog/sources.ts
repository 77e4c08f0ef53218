import type { FactId, JoinId } from './types.ts';

/**
 * Where a fact's numbers can be read from: its raw table and its rollups. A rollup is declared
 * once here; server/db/derived.ts builds it from this declaration and the planner reads it
 * through the same declaration, so the two cannot drift. The planner takes the first source
 * that can answer a query exactly.
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
  /** How a rollup is built. */
  build?: RollupBuild;
}

/** A partial sum: its SQL over fact rows, its stored type, and how it re-aggregates. */
export interface Partial { col: string; sql: string; type: string; reagg: 'sum' | 'max' }

export interface RollupBuild {
  /** A raw relation (`orders_enriched` is orders with the session's venue/base, see derived.ts) or a finer rollup. */
  from: 'orders_enriched' | 'live_sessions' | string;
  keys: string[];
  partials: Partial[];
  /** Physical order: zone maps then skip row groups outside a filter. */
  orderBy: string[];
}

const p = (col: string, sql: string, type: string, reagg: Partial['reagg'] = 'sum'): Partial => ({ col, sql, type, reagg });

/** Sums are stored as DECIMAL(18,2): re-summing DECIMAL(38,2) is ~25× slower (STACK-NOTES). */
const ORDER_PARTIALS: Partial[] = [
  p('amount', 'sum(amount)', 'DECIMAL(18,2)'),
  p('refund_amount', 'coalesce(sum(refund_amount), 0)', 'DECIMAL(18,2)'),
  p('refund_unknown', 'count(*) - count(refund_amount)', 'INTEGER'),
  p('lines', 'count(*)', 'INTEGER'),
  // Each parent order counted once, on its first line: adds up over every parent-level key.
  p('parent_orders', 'count(*) FILTER (WHERE is_first_line)', 'INTEGER'),
  p('quantity', 'sum(quantity)', 'BIGINT'),
  p('ns_amount', 'coalesce(sum(amount) FILTER (WHERE non_standard), 0)', 'DECIMAL(18,2)'),
];

/** Session sums keep live_sessions' column names, so the catalog's session formulas read either. */
const SESSION_PARTIALS: Partial[] = [
  p('sessions', 'count(*)', 'INTEGER'),
  p('live_seconds', 'sum(epoch(ended_at) - epoch(started_at))', 'DOUBLE'),
  p('gmv', 'sum(gmv)', 'DECIMAL(18,2)'),
  ...['views', 'viewers', 'buyers', 'product_exposed_viewers', 'product_click_viewers', 'interacting_viewers',
    'new_followers', 'watch_seconds'].map((c) => p(c, `sum(${c})`, 'BIGINT')),
  p('ad_spend', 'sum(ad_spend)', 'DECIMAL(18,2)'),
  p('peak_online', 'max(peak_online)', 'INTEGER', 'max'),
];

function rollup(id: string, fact: FactId, unit: 'day' | 'month', build: RollupBuild): Source {
  const col = unit;
  return {
    id, fact, table: id, raw: false, time: { col, unit }, build,
    cols: new Set([...build.keys, ...build.partials.map((x) => x.col)]),
  };
}

const ORDER_KEYS = ['platform_id', 'belt_id', 'category_id', 'non_standard', 'venue', 'base_id'];
const SESSION_KEYS = ['platform_id', 'belt_id', 'venue', 'base_id'];

/** Ordered smallest first (row counts at 10M orders in the comments): the planner takes the first that can answer. */
export const SOURCES: Source[] = [
  // ~10k rows, from the day rollup
  rollup('ro_orders_month', 'orders', 'month', { from: 'ro_orders_day', keys: ORDER_KEYS, partials: ORDER_PARTIALS, orderBy: ['month'] }),
  // ~110k rows
  rollup('ro_orders_ship_month', 'orders', 'month', {
    from: 'orders_enriched', keys: ['platform_id', 'belt_id', 'category_id', 'non_standard', 'ship_province', 'hub_id'],
    partials: ORDER_PARTIALS, orderBy: ['month'],
  }),
  // ~165k rows
  rollup('ro_orders_day', 'orders', 'day', { from: 'orders_enriched', keys: ORDER_KEYS, partials: ORDER_PARTIALS, orderBy: ['day'] }),
  // ~640k rows; most queries of it name a belt
  rollup('ro_orders_merchant_month', 'orders', 'month', {
    from: 'orders_enriched', keys: ['platform_id', 'belt_id', 'merchant_id', 'category_id', 'non_standard', 'venue', 'base_id'],
    partials: ORDER_PARTIALS, orderBy: ['belt_id', 'month'],
  }),
  // ~9M rows at 10M orders (a row per buyer per day and key), but exact distinct buyers
  // over integer keys instead of (platform, buyer id) strings: about twice as fast as raw rows.
  rollup('ro_order_buyers_day', 'orders', 'day', {
    from: 'orders_enriched', keys: [...ORDER_KEYS, 'buyer_key'],
    partials: [p('amount', 'sum(amount)', 'DECIMAL(18,2)'), p('buyer_unknown', 'count(*) - count(buyer_id)', 'INTEGER')],
    orderBy: ['day'],
  }),
  { id: 'orders', fact: 'orders', table: 'orders', raw: true, time: { col: 'paid_at', unit: 'instant' } },
  rollup('ro_sessions_month', 'live_sessions', 'month', { from: 'ro_sessions_day', keys: SESSION_KEYS, partials: SESSION_PARTIALS, orderBy: ['month'] }),
  // ~60k rows, against 160k sessions
  rollup('ro_sessions_day', 'live_sessions', 'day', { from: 'live_sessions', keys: SESSION_KEYS, partials: SESSION_PARTIALS, orderBy: ['day'] }),
  { id: 'live_sessions', fact: 'live_sessions', table: 'live_sessions', raw: true, time: { col: 'started_at', unit: 'instant' } },
];

const ROLLUPS = SOURCES.filter((s) => !s.raw);
const isRollup = (id: string) => ROLLUPS.some((r) => r.id === id);
/** Build order: rollups of raw rows first, then those re-aggregating another rollup. */
export const ROLLUP_BUILD_ORDER = [...ROLLUPS.filter((r) => !isRollup(r.build!.from)), ...ROLLUPS.filter((r) => isRollup(r.build!.from))];
export const DERIVED_TABLES = ROLLUPS.map((s) => s.table);

/** Fixed join clauses from a fact row `f`. */
export const JOINS: Record<JoinId, string> = {
  belt: 'JOIN belts b ON b.belt_id = f.belt_id',
  merchant: 'JOIN merchants m ON m.merchant_id = f.merchant_id',
  session: 'LEFT JOIN live_sessions s ON s.platform_id = f.platform_id AND s.session_id = f.session_id',
};
