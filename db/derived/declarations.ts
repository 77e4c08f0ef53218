import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { FACTS, type Fact } from '../../catalog/facts.ts';
import { ROLLUP_BUILD_ORDER, SOURCES, type Source } from '../../catalog/sources.ts';
import type { FactId } from '../../catalog/types.ts';

/** What the rollup refresh (../derived.ts) works from: the declarations, and small helpers every part shares. */

/**
 * A fact whose rollups read a prepared relation (its `rollupInput`) has a `<relation>.sql` file
 * here that creates it from `{{<fact table>}}` (the rows to read) and `{{buyer_keys}}`, and says
 * which temporary objects to drop afterwards in a line comment `-- drop: <name> <name>`.
 */
export const INPUTS: ReadonlyMap<FactId, { relation: string; text: string; drop: string[] }> = new Map(
  FACTS.filter((f) => f.rollupInput && f.rollups.length).map((f) => {
    const text = readFileSync(new URL(`./${f.rollupInput}.sql`, import.meta.url), 'utf8');
    const drop = text.match(/^-- drop: (.+)$/m)?.[1].trim().split(/\s+/) ?? [];
    return [f.id, { relation: f.rollupInput!, text, drop }];
  }));

/**
 * Raise when the SQL that maintains split_orders and buyer_keys (build.ts, incremental.ts)
 * changes: rollups are then rebuilt on open.
 */
export const STATE_VERSION = 'split_orders+buyer_keys 1';

/**
 * Raw columns every rollup keys on. A rollup row then belongs to exactly one (day or month,
 * slice), and a refresh replaces a rollup's rows slice by slice: a load of one shop's export
 * re-aggregates its platform and belt on its days, not every shop's.
 */
export const SLICE = ['platform_id', 'belt_id'] as const;

/**
 * A rollup keyed by `buyer_key` (a row per buyer and day) is refreshed per buyer as well: a
 * load touches few of a day's buyers, and the keys of only those need looking up.
 */
export const BUYER = { key: 'buyer_key', raw: 'buyer_id' } as const;

/**
 * What a changed row of `table` reaches beyond its own slice: the rows of `fact` whose `on`
 * columns equal its `cols`, looked up after the change. A line's first-line flag depends on
 * the other lines of its parent order; an order's venue and base are its live session's.
 */
export interface Dependency { id: string; table: string; cols: [string, string]; fact: FactId; on: [string, string] }
export const DEPENDENCIES: Dependency[] = [
  { id: 'parent', table: 'orders', cols: ['platform_id', 'parent_order_id'], fact: 'orders', on: ['platform_id', 'parent_order_id'] },
  { id: 'session', table: 'live_sessions', cols: ['platform_id', 'session_id'], fact: 'orders', on: ['platform_id', 'session_id'] },
];

/** The column of a refresh's input holding each row's local day. */
export const DAY = '__day';

/** Above this share of a fact's rows (in a fact of at least FULL_MIN_ROWS), a full rebuild is cheaper. */
export const FULL_SHARE = 0.25;
export const FULL_MIN_ROWS = 200_000;
/**
 * Rows a refresh inserts go at the end of a rollup, out of its declared order (which zone maps
 * rely on). Once the rows inserted since its last build pass this share of a rollup, it is
 * rewritten in order from itself.
 */
export const RESORT_SHARE = 0.1;

export const ROLLUP_FACTS = FACTS.filter((f) => f.rollups.length);
export const factOfTable = (table: string): Fact | undefined => ROLLUP_FACTS.find((f) => f.table === table);
export const finerOf = (r: Source): Source | undefined => SOURCES.find((s) => s.id === r.build!.from && !s.raw);
export const hasBuyers = (f: Fact) => f.rollups.some((r) => r.keys.includes(BUYER.key));
/** Tables whose changes a load records: facts with rollups, and tables a dependency starts from. */
export const TRACKED = [...new Set([...ROLLUP_FACTS.map((f) => f.table), ...DEPENDENCIES.map((d) => d.table)])];

for (const r of ROLLUP_BUILD_ORDER) {
  const lacking = SLICE.filter((c) => !r.build!.keys.includes(c));
  if (lacking.length) throw new Error(`rollup ${r.id}: every rollup keys on ${SLICE.join(', ')} (a refresh replaces its rows slice by slice); it lacks ${lacking.join(', ')}`);
}

/** SQL without its line comments (the input files have no `--` inside strings). */
export const uncommented = (text: string) => text.replace(/--[^\n]*/g, '');
/** The identifiers SQL text names: the columns a relation must give for it (a superset is harmless). */
export const wordsOf = (texts: string[]) => texts.join(' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
export const lit = (s: string) => `'${String(s).replace(/'/g, "''")}'`;
export const all = async (con: DuckDBConnection, q: string) => (await con.runAndReadAll(q)).getRowObjectsJS() as Record<string, unknown>[];
