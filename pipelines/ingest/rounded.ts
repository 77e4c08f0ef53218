import type { DuckDBConnection } from '@duckdb/node-api';
import { normHeader } from './detect.ts';
import type { ColumnRule, Mapping, StagedSheet } from './types.ts';

/**
 * Ids a spreadsheet rounded. Excel keeps 15 significant digits of a number, so a 19-digit order
 * id opened and saved there comes back as its first 15 digits and zeros: as 6.917E+18 (the
 * mapping's pattern refuses it) or, in a cell formatted as a number, written out in full
 * (6917123456789010000), which the pattern passes. Two such ids of one file would merge into one
 * order (the repeated-key guard catches that); a lone one would load as a new order beside the
 * real one loaded before.
 *
 * A real id ends in four zeros about once in 10,000, while Excel rounds the whole column: so a
 * sheet where more than half of an id column looks rounded is judged rounded, and its ids that look so are
 * quarantined (transform.ts, REASON.rounded); in a sheet of real ids the odd one stays.
 */
export const ROUNDED_ID = '\\d{15}0+';

/** The share of a column's ids that must be exceeded by those that look rounded for the sheet to be judged rounded. */
const ROUNDED_SHARE = 0.5;

/**
 * Staged columns (by index) of `m`'s pattern-checked ids that look rounded in this sheet. One
 * scan of those columns only; a sheet without pattern-checked ids costs nothing.
 */
export async function roundedIdColumns(con: DuckDBConnection, sheet: StagedSheet, m: Mapping): Promise<Set<number>> {
  const index = (from: string) => sheet.headers.findIndex((h) => normHeader(h) === normHeader(from));
  const cols = [...new Set(Object.values(m.columns)
    .filter((r): r is ColumnRule => 'from' in r && 'pattern' in r && !!r.pattern)
    .map((r) => index(r.from)).filter((i) => i >= 0))];
  if (!cols.length || sheet.rows === 0) return new Set();
  // Column indexes are numbers from the header list (c0…), never text from the file.
  const parts = cols.map((i) => `count(*) FILTER (WHERE regexp_full_match(bs_id(c${i}), '${ROUNDED_ID}')) AS r${i}, count(bs_id(c${i})) AS n${i}`);
  const [row] = (await con.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${sheet.table}`)).getRowObjectsJS();
  return new Set(cols.filter((i) => {
    const [r, n] = [Number(row[`r${i}`] ?? 0), Number(row[`n${i}`] ?? 0)];
    return r > 0 && r > n * ROUNDED_SHARE;
  }));
}
