import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../../catalog/dialect.ts';
import type { MergeInput } from './merge.ts';

/**
 * Ids a spreadsheet rounded. Excel keeps 15 significant digits of a number, so a 19-digit order
 * id opened and saved there comes back as its first 15 digits and zeros: as 6.917E+18 (the
 * mapping's pattern refuses it) or, in a cell formatted as a number, written out in full
 * (6917123456789010000), which the pattern passes. Two such ids of one file would merge into one
 * order (merge.ts's repeated-id guard catches that); a lone one would load as a new order beside
 * the real one loaded before.
 *
 * A real id ends in four zeros about once in 10,000, while Excel rounds the whole column: so a
 * sheet where more than half of a pattern-checked id column looks rounded is judged rounded, and
 * its ids that look so are quarantined; in a sheet of real ids the odd one stays.
 */
export const ROUNDED_ID = '\\d{15}0+';

/** The share of a column's ids that must be exceeded by those that look rounded for the sheet to be judged rounded. */
const ROUNDED_SHARE = 0.5;

const REASON = '编号像被表格软件四舍五入过（只保留前 15 位数字，其后全为 0），本文件此列的编号大多如此：请从平台重新导出，不要用表格软件打开后另存'
  + ' / the id looks rounded by a spreadsheet (15 digits, then only zeros), as most ids of this column in the file do: export the file again from the platform, without opening and saving it in a spreadsheet';

/**
 * Quarantine the rounded-looking ids of a sheet judged rounded, over the parsed rows that passed
 * every check (`good`); returns how many. One count over the parsed id columns (~0.1 s for the
 * two of a 1M-line Douyin export: bench/RESULTS.md); the UPDATE runs only for a rounded sheet.
 */
export async function quarantineRounded(con: DuckDBConnection, parsed: string, m: MergeInput, good: string): Promise<number> {
  // Canonical column names from the mapping (validated against the table), never text from the file.
  const cols = m.plan.patterned.filter((c) => m.columns.some((t) => t.name === c));
  if (!cols.length) return 0;
  const id = (c: string) => `CAST(${sql.id(c)} AS VARCHAR)`;
  // A rounded id ends in 0: the cheap test first, so the regular expression reads a tenth of the ids.
  const looksRounded = (c: string) => `ends_with(${id(c)}, '0') AND regexp_full_match(${id(c)}, '${ROUNDED_ID}')`;
  const [row] = (await con.runAndReadAll(`SELECT ${cols.map((c, i) =>
    `count(*) FILTER (WHERE ${looksRounded(c)}) AS r${i}, count(${sql.id(c)}) AS n${i}`).join(', ')} FROM ${parsed} WHERE ${good}`)).getRowObjectsJS();
  let quarantined = 0;
  for (const [i, c] of cols.entries()) {
    const [r, n] = [Number(row[`r${i}`] ?? 0), Number(row[`n${i}`] ?? 0)];
    if (!(r > 0 && r > n * ROUNDED_SHARE)) continue;
    const done = await con.runAndReadAll(`UPDATE ${parsed} SET __err = struct_pack(col := $col, raw := ${id(c)}, reason := $reason)
      WHERE ${good} AND ${looksRounded(c)}`, { col: m.plan.sources[c] ?? c, reason: REASON });
    quarantined += Number(done.getRows()[0]?.[0] ?? 0);
  }
  return quarantined;
}
