import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import type { ParseKind } from './types.ts';

/**
 * The value parsers every mapping shares: one SQL macro per parse kind, in values.sql (which
 * says what each accepts). Mappings become SQL that calls them on staged text cells, e.g.
 * `bs_money(c3) AS amount`.
 */
export const VALUES_SQL = readFileSync(new URL('./values.sql', import.meta.url), 'utf8');

export const PARSE_MACRO: Record<ParseKind, string> = {
  text: 'bs_text',
  id: 'bs_id',
  num: 'bs_num',
  int: 'bs_int',
  money: 'bs_money',
  money_fen: 'bs_money_fen',
  rate: 'bs_rate',
  time: 'bs_time',
  date: 'bs_date',
  month: 'bs_month',
  duration_s: 'bs_duration_s',
  minutes_s: 'bs_minutes_s',
  bool: 'bs_bool',
};

/** The file's statements: each ends with `;` at the end of a line that is not a comment. */
const statements: string[] = [];
let current: string[] = [];
for (const line of VALUES_SQL.split('\n')) {
  current.push(line);
  if (!/^\s*--/.test(line) && /;\s*$/.test(line)) {
    statements.push(current.join('\n').trim().replace(/;$/, ''));
    current = [];
  }
}

/**
 * Create the macros on `con`. They are TEMP macros: only `con` sees them (install them on the
 * connection that runs the load, not on a pool's). Created inside a transaction they would go
 * away with its ROLLBACK: a load installs them before its transaction, in the write's scratch
 * step (ingest.ts), where they stay; installing them again costs a few ms.
 */
export async function installValueParsers(con: DuckDBConnection): Promise<void> {
  for (const s of statements) await con.run(s);
}
