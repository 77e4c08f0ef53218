import type { DuckDBConnection } from '@duckdb/node-api';
import type { StagedSheet } from '../types.ts';
import { colNames, runTracked, scalar, type Fraction } from './common.ts';
import { blankLines, lastLineCut, readHeader, type TextFacts } from './csvtext.ts';
import * as E from './errors.ts';

/**
 * DuckDB's reader, told everything (no sniffing): comma, double quotes escaped by doubling,
 * every cell VARCHAR under names `c0…` given here (never the file's headers), short rows padded
 * with NULL, cells past the header's width and one more ignored. The header record is read as
 * the first row (`skip` counts lines in ways that change with quoted newlines and blank lines; a
 * row does not) and removed by finishRows. No text reads as NULL (`nullstr` is a control
 * character no export writes), so an empty cell is '' and only a cell the row lacks is NULL:
 * cellsCheck tells a short row from empty last cells by that, then empty cells become NULL.
 */
const csvOptions = (n: number, parallel: boolean) =>
  `auto_detect = false, header = false, skip = 0, delim = ',', quote = '"', escape = '"', ` +
  `strict_mode = false, null_padding = true, parallel = ${parallel}, nullstr = '\x01', ` +
  `columns = {${colNames(n + 1).map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;

/**
 * `cells` of a staged row: NULL when it has as many cells as the header names (trailing unnamed
 * header cells need none), else how many it has, or -1 for more (a cell past the last named
 * header that holds something). Such a row is read shifted (an unquoted comma in a cell, a line of
 * another export pasted in): quarantined whole (transform.ts), never loaded with its values in
 * the wrong columns. A row ending in empty cells (a trailing comma) is not "more".
 */
function cellsCheck(headers: string[], named: number): string {
  const cols = colNames(headers.length + 1);
  const count = cols.slice(0, named).map((c) => `(${c} IS NOT NULL)::INTEGER`).join(' + ');
  // Past the last named header: the unnamed header cells (a header ending in commas) and one more.
  const past = cols.slice(named).map((c) => `${c} <> ''`).join(' OR ');
  return `CASE WHEN ${cols[named - 1]} IS NULL THEN ${count} WHEN ${past} THEN -1 END`;
}

/**
 * Read a UTF-8 CSV (with or without BOM) into the TEMP table `table`. `source` is the file the
 * user gave (named in errors); `path` the UTF-8 file read (the same, or a decoded copy), which
 * scanText has checked (`facts`). The header comes from readHeader, exactly as written.
 */
export async function stageCsv(con: DuckDBConnection, source: string, path: string, table: string,
  facts: TextFacts, report?: Fraction): Promise<StagedSheet> {
  const header = await readHeader(path);
  if (!header) throw E.emptyFile(source);
  const n = header.cells.length;
  // Blank lines: only those before the header, unless the bytes hint at more.
  const blanks = facts.mayHaveBlankLines ? await blankLines(path)
    : Array.from({ length: header.blankBefore }, (_, i) => i + 1);
  const cols = colNames(n);
  // The header's width as far as it names columns (a header ending in commas names fewer).
  const named = header.cells.reduce((last, h, i) => (h.trim() ? i + 1 : last), 0) || 1;
  const create = (parallel: boolean) =>
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT *, NULL::BIGINT AS record, ${lineFlag(n, true)} AS line FROM (` +
    `SELECT ${cols.map((c) => `nullif(${c}, '') AS ${c}`).join(', ')}, ${cellsCheck(header.cells, named)} AS cells ` +
    `FROM read_csv($path, ${csvOptions(n, parallel)}))`;
  try {
    try {
      await runTracked(con, create(true), { path }, report);
    } catch (err) {
      // The parallel reader cannot pad short rows when a quoted newline straddles its split
      // points; that error leaves the transaction usable, and the serial reader can.
      if (!/null_padding/i.test(String((err as Error).message))) throw err;
      await runTracked(con, create(false), { path }, report);
    }
  } catch (err) {
    throw E.unreadable(source, 'CSV', String((err as Error).message ?? err).replace(/^[A-Za-z ]*Error: /, ''));
  }
  const rows = await finishRows(con, table, { headerRow: true, blankLines: blanks });
  return { sheet: null, headers: header.cells, table, rows, cellCounts: named, ...await cutRecord(con, path, table, n, rows, facts) };
}

/** The last record, when the file ends in the middle of it (StagedSheet.truncatedRecord). */
async function cutRecord(con: DuckDBConnection, path: string, table: string, n: number, rows: number, facts: TextFacts): Promise<{ truncatedRecord?: number }> {
  if (facts.endsWithLineEnd || rows === 0) return {};
  // A last record with a newline in a cell starts lines above the last one: not judged by it.
  const inCell = colNames(n).map((c) => `coalesce(contains(${c}, chr(10)) OR contains(${c}, chr(13)), false)`).join(' OR ');
  const [last] = (await con.runAndReadAll(`SELECT record, ${inCell} AS multiline FROM ${table} ORDER BY record DESC LIMIT 1`)).getRowObjectsJS();
  if (!last || last.multiline) return {};
  return (await lastLineCut(path, n)) ? { truncatedRecord: Number(last.record) } : {};
}

/**
 * What a staging CTAS stores in `line` for finishRows, computed while the file is scanned (a
 * second pass over the cells would cost more): -1 when every cell is empty, else the number of
 * newlines inside the cells (`newlines`: CSV; Parquet has no lines).
 */
export function lineFlag(n: number, newlines: boolean): string {
  const cols = colNames(n);
  const empty = cols.map((c) => `${c} IS NULL`).join(' AND ');
  if (!newlines) return `(CASE WHEN ${empty} THEN -1 ELSE 0 END)::BIGINT`;
  const any = cols.map((c) => `contains(${c}, chr(10))`).join(' OR ');
  const count = cols.map((c) => `CASE WHEN contains(${c}, chr(10)) THEN strlen(${c}) - strlen(replace(${c}, chr(10), '')) ELSE 0 END`).join(' + ');
  return `(CASE WHEN ${empty} THEN -1 WHEN ${any} THEN ${count} ELSE 0 END)::BIGINT`;
}

export interface LineFacts {
  /** The table's first row is the file's header record (CSV): removed, its lines counted. */
  headerRow: boolean;
  /** Physical line numbers of the blank lines the reader skipped, ascending. */
  blankLines: number[];
}

/**
 * Fill `record` (1…rows, in file order) and `line` (the physical line the record starts on) of
 * a table just created from a scan with `line` = lineFlag; remove the header row and rows whose
 * cells are all empty. File order is the table's insertion order, so rowid − min(rowid) is a
 * row's position (rowids of a table created inside a transaction start at a large offset).
 *
 * The usual file — no newline inside a cell, no empty row, no blank line — costs one UPDATE of
 * two integer columns. Otherwise the rows that shift later ones (cells with newlines, empty
 * rows) go to a small table whose running sums an ASOF join applies, and the blank lines, as
 * thresholds, another.
 */
export async function finishRows(con: DuckDBConnection, table: string, facts: LineFacts): Promise<number> {
  const base = await scalar(con, `SELECT min(rowid) FROM ${table}`);
  if (base === null || base === undefined) return 0;
  const b = String(base);
  const pos = (alias = '') => `(${alias}rowid - ${b})`; // 0-based position in the table
  const o = facts.headerRow ? 0 : 1; // record = position + o, before empty rows are taken out
  const line0 = facts.headerRow ? 1 : 2; // line of the first row of the table, before shifts
  const aux = `${table}_aux`;
  await con.run(`CREATE OR REPLACE TEMP TABLE ${aux} AS SELECT ${pos()} AS i,
    (line = -1${facts.headerRow ? ` AND ${pos()} > 0` : ''}) AS empty, greatest(line, 0) AS nl FROM ${table} WHERE line <> 0`);
  try {
    const shifts = Number(await scalar(con, `SELECT count(*) FROM ${aux}`));
    if (shifts === 0 && facts.blankLines.length === 0) {
      await con.run(`UPDATE ${table} SET record = ${pos()} + ${o}, line = ${pos()} + ${line0}`);
    } else {
      // Per listed row: empty rows and cell newlines up to and including it.
      await con.run(`CREATE OR REPLACE TEMP TABLE ${aux}_sum AS SELECT i, sum(empty::BIGINT) OVER w AS empties, sum(nl) OVER w AS nls
        FROM ${aux} WINDOW w AS (ORDER BY i ROWS UNBOUNDED PRECEDING)`);
      // The k-th skipped blank line (line b_k, 1-based k) shifts every row whose line without
      // blanks is ≥ b_k − (k − 1): thresholds, the largest k per threshold.
      const thresholds = new Map<number, number>();
      facts.blankLines.forEach((line, k) => thresholds.set(line - k, k + 1));
      await con.run(`CREATE OR REPLACE TEMP TABLE ${aux}_blank (t BIGINT, k BIGINT)`);
      const values = [...thresholds].map(([t, k]) => `(${t}, ${k})`);
      for (let i = 0; i < values.length; i += 1000) {
        await con.run(`INSERT INTO ${aux}_blank VALUES ${values.slice(i, i + 1000).join(', ')}`);
      }
      // Inside a transaction DuckDB estimates these fresh tables at ~0 rows and would turn the
      // ASOF joins into nested loops (quadratic): keep them ASOF joins while this runs.
      const asof = await scalar(con, `SELECT current_setting('asof_loop_join_threshold')`).catch(() => null);
      if (asof !== null) await con.run('SET asof_loop_join_threshold = 0');
      try {
        await con.run(`CREATE OR REPLACE TEMP TABLE ${aux}_map AS
          SELECT a.r, a.record, a.naive + ${thresholds.size ? 'coalesce(k.k, 0)' : '0'} AS line FROM (
            SELECT s.rowid AS r, ${pos('s.')} + ${o} - coalesce(c.empties, 0) AS record,
              ${pos('s.')} + ${line0} + coalesce(c.nls, 0) AS naive
            FROM ${table} s ASOF LEFT JOIN ${aux}_sum c ON ${pos('s.')} > c.i
          ) a ${thresholds.size ? `ASOF LEFT JOIN ${aux}_blank k ON a.naive >= k.t` : ''}`);
      } finally {
        if (asof !== null) await con.run(`SET asof_loop_join_threshold = ${Number(asof)}`);
      }
      await con.run(`UPDATE ${table} SET record = m.record, line = m.line FROM ${aux}_map m WHERE ${table}.rowid = m.r`);
      await con.run(`DELETE FROM ${table} WHERE ${pos()} IN (SELECT i FROM ${aux} WHERE empty)`);
    }
    if (facts.headerRow) await con.run(`DELETE FROM ${table} WHERE rowid = ${b}`);
  } finally {
    await con.run(`DROP TABLE IF EXISTS ${aux}`);
    await con.run(`DROP TABLE IF EXISTS ${aux}_sum`);
    await con.run(`DROP TABLE IF EXISTS ${aux}_blank`);
    await con.run(`DROP TABLE IF EXISTS ${aux}_map`);
  }
  return Number(await scalar(con, `SELECT count(*) FROM ${table}`));
}
