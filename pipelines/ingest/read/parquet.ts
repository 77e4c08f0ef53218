import type { DuckDBConnection } from '@duckdb/node-api';
import type { StagedSheet } from '../types.ts';
import { ident, runTracked, type Fraction } from './common.ts';
import { finishRows, lineFlag } from './csv.ts';
import * as E from './errors.ts';

/**
 * Parquet → one staging table: every column cast to text into `c0…` in the file's column order
 * (headers are the column names), `record` the row order, `line` = row order + 1 (as if the
 * file were a CSV with its header on line 1). Empty strings become NULL like empty CSV cells.
 */
export async function stageParquet(con: DuckDBConnection, path: string, table: string, report?: Fraction): Promise<StagedSheet> {
  let headers: string[];
  try {
    const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($path)`, { path });
    headers = r.getRowObjectsJS().map((o) => String(o.column_name));
  } catch (err) {
    throw E.unreadable(path, 'Parquet', String((err as Error).message ?? err).replace(/^[A-Za-z ]*Error: /, ''));
  }
  if (!headers.length) throw E.emptyFile(path);
  const cells = headers.map((h, i) => `nullif(CAST(${ident(h)} AS VARCHAR), '') AS c${i}`).join(', ');
  try {
    await runTracked(con, `CREATE TEMP TABLE ${table} AS SELECT *, NULL::BIGINT AS record, ${lineFlag(headers.length, false)} AS line
      FROM (SELECT ${cells} FROM read_parquet($path))`, { path }, report);
  } catch (err) {
    throw E.unreadable(path, 'Parquet', String((err as Error).message ?? err).replace(/^[A-Za-z ]*Error: /, ''));
  }
  const rows = await finishRows(con, table, { headerRow: false, blankLines: [] });
  return { sheet: null, headers, table, rows };
}
