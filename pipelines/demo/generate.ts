import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { deleteDemo, guardDemoLoad } from '../../db/datasets.ts';

/**
 * Deterministic demo data, generated entirely inside DuckDB (`range()` and hash-based randomness,
 * never row by row in JS). Each step is a `.sql` file next to this one, statements ending with
 * `;` at the end of a line; run parameters travel as session variables (01_params.sql).
 *
 * Order: belt profiles → day × belt × platform cells (growth, festivals, seasons) → merchants and
 * accounts (Zipf-like weights) → sessions (days, accounts, venues, times) → order lines (exactly
 * `orders`, live ones inside their sessions) → session totals and minutes read back from the
 * orders, so sums agree exactly → listings, firings, bases and their monthly returns. Same seed and size, same rows.
 * Runs inside the caller's transaction (`db.write`); a previous demo dataset is replaced, and a
 * database holding real data is refused (real and demo rows never mix).
 */
export interface DemoOptions {
  orders: number;
  seed: number;
  /** Last day of the data, 'YYYY-MM-DD' (Beijing); two years end on it. Default '2026-10-31'. */
  endDate?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface DemoSummary {
  datasetId: number;
  /** Order lines written (rows of `orders`): exactly `opts.orders`. */
  orders: number;
  /** Distinct parent orders (a few parents are split into 2–3 lines). */
  parentOrders: number;
  sessions: number;
  merchants: number;
  accounts: number;
  sessionMinutes: number;
  listings: number;
  batches: number;
  bases: number;
  /** Monthly returns of the bases (base_returns rows). */
  baseReturns: number;
  hubs: number;
  gmv: number;
  startDate: string;
  endDate: string;
  elapsedMs: number;
}

const STEPS: { file: string; label: string }[] = [
  { file: '00_macros.sql', label: 'macros' },
  { file: '01_params.sql', label: 'parameters' },
  { file: '02_dataset.sql', label: 'dataset' },
  { file: '10_profiles.sql', label: 'belt profiles' },
  { file: '20_calendar.sql', label: 'calendar and seasonality' },
  { file: '30_merchants.sql', label: 'merchants, accounts, hubs' },
  { file: '40_sessions.sql', label: 'session plan' },
  { file: '41_base_booking.sql', label: 'base rooms and booking' },
  { file: '42_session_calibration.sql', label: 'sessions' },
  { file: '50_orders.sql', label: 'orders' },
  { file: '60_session_stats.sql', label: 'session totals' },
  { file: '61_minutes.sql', label: 'session minutes' },
  { file: '70_live_sessions.sql', label: 'live sessions' },
  { file: '80_listings_batches.sql', label: 'listings and firings' },
  { file: '85_bases.sql', label: 'live bases' },
  { file: '86_base_returns.sql', label: 'base returns' },
  { file: '90_finish.sql', label: 'finish' },
];

export const DEFAULT_END_DATE = '2026-10-31';
export const MAX_DEMO_ORDERS = 100_000_000;

const sqlDir = new URL('.', import.meta.url);

/** The statements of a step file: split at `;` ending a line; comment-only pieces dropped. */
export function readStatements(file: string): string[] {
  const text = readFileSync(new URL(file, sqlDir), 'utf8');
  return text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .filter((s) => s.replace(/--[^\n]*/g, '').trim() !== '');
}

function bindFor(sql: string, all: Record<string, string | number>): Record<string, string | number> | undefined {
  const names = new Set([...sql.replace(/--[^\n]*/g, '').matchAll(/\$([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]));
  if (names.size === 0) return undefined;
  const out: Record<string, string | number> = {};
  for (const n of names) {
    if (!(n in all)) throw new Error(`demo SQL uses an unknown parameter $${n}`);
    out[n] = all[n];
  }
  return out;
}

function validate(opts: DemoOptions): { orders: number; seed: number; endDate: string } {
  const { orders, seed } = opts;
  const endDate = opts.endDate ?? DEFAULT_END_DATE;
  if (!Number.isInteger(orders) || orders < 1 || orders > MAX_DEMO_ORDERS) {
    throw new Error(`demo orders must be an integer from 1 to ${MAX_DEMO_ORDERS}, got ${orders}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2_147_483_647) {
    throw new Error(`demo seed must be an integer from 0 to 2147483647, got ${seed}`);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDate);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw new Error(`demo endDate must be a real date written YYYY-MM-DD, got ${endDate}`);
  }
  if (+m[1] < 2022 || +m[1] > 2031) {
    throw new Error(`demo endDate must fall in 2022–2031 (the Spring Festival table covers those years), got ${endDate}`);
  }
  return { orders, seed, endDate };
}

export async function generateDemo(con: DuckDBConnection, opts: DemoOptions): Promise<DemoSummary> {
  const t0 = Date.now();
  const { orders, seed, endDate } = validate(opts);
  const params: Record<string, string | number> = {
    seed,
    orders,
    end_date: endDate,
    params: JSON.stringify({ seed, orders, endDate }),
  };
  const total = STEPS.length;
  await guardDemoLoad(con);
  await deleteDemo(con);
  opts.onProgress?.(STEPS[0].label, 0, total);
  // The weighted picks are ASOF joins; DuckDB plans them as nested loops when it guesses the
  // left side is small (it guesses low for unnest), which is quadratic here. Restored below.
  await con.run('SET asof_loop_join_threshold = 0');
  try {
    for (let i = 0; i < total; i++) {
      const step = STEPS[i];
      for (const sql of readStatements(step.file)) {
        try {
          await con.run(sql, bindFor(sql, params));
        } catch (err) {
          throw new Error(`demo step ${step.file} failed: ${(err as Error).message}`);
        }
      }
      opts.onProgress?.(step.label, i + 1, total);
    }
  } finally {
    await con.run('RESET asof_loop_join_threshold');
  }

  const r = await con.runAndReadAll(`
    WITH ds AS (SELECT getvariable('demo_ds')::INTEGER AS id)
    SELECT (SELECT id FROM ds) AS dataset_id,
      (SELECT count(*)::DOUBLE FROM orders WHERE dataset_id = (SELECT id FROM ds)) AS orders,
      (SELECT count(*)::DOUBLE FROM orders WHERE dataset_id = (SELECT id FROM ds) AND order_id = parent_order_id) AS parent_orders,
      (SELECT coalesce(sum(amount), 0)::DOUBLE FROM orders WHERE dataset_id = (SELECT id FROM ds)) AS gmv,
      (SELECT count(*)::DOUBLE FROM live_sessions WHERE dataset_id = (SELECT id FROM ds)) AS sessions,
      (SELECT count(*)::DOUBLE FROM merchants WHERE dataset_id = (SELECT id FROM ds)) AS merchants,
      (SELECT count(*)::DOUBLE FROM merchant_accounts WHERE dataset_id = (SELECT id FROM ds)) AS accounts,
      (SELECT count(*)::DOUBLE FROM session_minutes WHERE dataset_id = (SELECT id FROM ds)) AS session_minutes,
      (SELECT count(*)::DOUBLE FROM listings WHERE dataset_id = (SELECT id FROM ds)) AS listings,
      (SELECT count(*)::DOUBLE FROM production_batches WHERE dataset_id = (SELECT id FROM ds)) AS batches,
      (SELECT count(*)::DOUBLE FROM live_bases WHERE dataset_id = (SELECT id FROM ds)) AS bases,
      (SELECT count(*)::DOUBLE FROM hubs WHERE dataset_id = (SELECT id FROM ds)) AS hubs,
      (SELECT count(*)::DOUBLE FROM base_returns WHERE dataset_id = (SELECT id FROM ds)) AS base_returns,
      strftime(getvariable('demo_start'), '%Y-%m-%d') AS start_date`);
  const row = r.getRowObjectsJS()[0];
  for (const v of ['demo_seed', 'demo_n', 'demo_end', 'demo_start', 'demo_end_epoch', 'demo_ds']) {
    await con.run(`RESET VARIABLE ${v}`);
  }
  return {
    datasetId: Number(row.dataset_id),
    orders: Number(row.orders),
    parentOrders: Number(row.parent_orders),
    sessions: Number(row.sessions),
    merchants: Number(row.merchants),
    accounts: Number(row.accounts),
    sessionMinutes: Number(row.session_minutes),
    listings: Number(row.listings),
    batches: Number(row.batches),
    bases: Number(row.bases),
    hubs: Number(row.hubs),
    baseReturns: Number(row.base_returns),
    gmv: Number(row.gmv),
    startDate: String(row.start_date),
    endDate,
    elapsedMs: Date.now() - t0,
  };
}
