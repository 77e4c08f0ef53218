import type { DuckDBConnection } from '@duckdb/node-api';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Encoding, StagedFile, StagedSheet } from './types.ts';
import { nextTablePrefix, withTempDir, type Fraction } from './read/common.ts';
import { stageCsv } from './read/csv.ts';
import { firstBadUtf8, scanText, type TextFacts } from './read/csvtext.ts';
import * as E from './read/errors.ts';
import { transcodeGb18030 } from './read/gb18030.ts';
import { stageParquet } from './read/parquet.ts';
import { SAMPLE_BYTES, sniff } from './read/sniff.ts';
import { stageXlsx } from './read/xlsx.ts';

/**
 * Reading an export file into staging tables of text (the first step of ingestion; see
 * types.ts). The format and encoding come from the bytes, never the file name. Every sheet
 * becomes a TEMP table on the given connection — `c0…c<n-1>` VARCHAR cells by position (NULL
 * when empty), `record` (1 = first data row) and `line` (the physical line, or worksheet row,
 * where the record starts); rows whose cells are all empty are left out.
 *
 * CSV and Parquet rows never pass through JS: DuckDB reads the file (CSV with explicit column
 * names and the header read here), and physical lines are derived in SQL. GB18030/GBK text is
 * decoded in Node to a temporary UTF-8 file first. XLSX streams rows through exceljs.
 */

export { sniff, type SniffResult } from './read/sniff.ts';

export interface StageOptions {
  /** A CSV's encoding, when known better than the bytes say. */
  encoding?: Encoding;
  /**
   * Progress for a bar: called as the file is read (never per row), ending with (total, total).
   * For GB18030 text, decoding counts for the first half.
   */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/**
 * Read the file at `path` into TEMP tables on `con` (inside the caller's transaction, if any).
 * Throws an AppError (`empty_file`, `password_protected`, `unsupported_format`, `unreadable`);
 * tables already created are dropped then.
 */
export async function stageFile(con: DuckDBConnection, path: string, opts: StageOptions = {}): Promise<StagedFile> {
  const sniffed = await sniff(path);
  if (sniffed.passwordProtected) throw E.passwordProtected(path);
  const total = (await stat(path)).size;
  let reported = 0;
  const phase = (from: number, to: number): Fraction | undefined => opts.onProgress && ((f: number) => {
    const done = Math.round(total * (from + (to - from) * Math.min(1, Math.max(0, f))));
    if (done > reported) { reported = done; opts.onProgress!(done, total); }
  });
  const prefix = nextTablePrefix();
  const created: string[] = [];
  try {
    let result: StagedFile;
    if (sniffed.format === 'xlsx') {
      const sheets = await stageXlsx(con, path, prefix, phase(0, 1), created);
      if (!sheets.length) throw E.emptyFile(path);
      result = { file: path, format: 'xlsx', encoding: null, sheets };
    } else if (sniffed.format === 'parquet') {
      created.push(`${prefix}_0`);
      result = { file: path, format: 'parquet', encoding: null, sheets: [await stageParquet(con, path, `${prefix}_0`, phase(0, 1))] };
    } else {
      created.push(`${prefix}_0`);
      result = await stageText(con, path, `${prefix}_0`, opts.encoding ?? sniffed.encoding ?? 'utf-8', !!opts.encoding, phase);
    }
    if (opts.onProgress && reported < total) opts.onProgress(total, total);
    return result;
  } catch (err) {
    await dropTables(con, created);
    throw err;
  }
}

/**
 * A CSV: UTF-8 is read in place (after one pass checking it is all UTF-8); GB18030 is decoded to
 * a temporary UTF-8 file first, removed afterwards whatever happens.
 */
async function stageText(con: DuckDBConnection, path: string, table: string, encoding: Encoding, given: boolean,
  phase: (from: number, to: number) => Fraction | undefined): Promise<StagedFile> {
  const total = (await stat(path)).size;
  if (encoding !== 'gb18030') {
    const facts = await scanText(path, bytes(phase(0, 0.05), total));
    if (facts.utf8) {
      const sheet = await stageCsv(con, path, path, table, facts, phase(0.05, 1));
      return { file: path, format: 'csv', encoding, sheets: [sheet] };
    }
    // Not UTF-8 past the sniffed sample: GB18030 if that sample was plain ASCII (nothing there
    // tells them apart), else a damaged file.
    if (given || !(await asciiSample(path))) throw E.notUtf8(path, await firstBadUtf8(path));
  }
  return withTempDir(async (dir) => {
    const decoded = join(dir, 'decoded.csv');
    await transcodeGb18030(path, decoded, bytes(phase(0, 0.45), total));
    const facts = await scanText(decoded, bytes(phase(0.45, 0.5), total));
    const sheet = await stageCsv(con, path, decoded, table, facts, phase(0.5, 1));
    return { file: path, format: 'csv', encoding: 'gb18030', sheets: [sheet] };
  });
}

/** Drop the staging tables of a file (or of some of its sheets). */
export async function dropStaged(con: DuckDBConnection, staged: StagedFile | StagedSheet[]): Promise<void> {
  const sheets = Array.isArray(staged) ? staged : staged.sheets;
  await dropTables(con, sheets.map((s) => s.table));
}

async function dropTables(con: DuckDBConnection, tables: string[]): Promise<void> {
  for (const t of tables) {
    if (!/^stg_\d+_\d+$/.test(t)) continue; // only names stageFile made
    await con.run(`DROP TABLE IF EXISTS temp.main.${t}`).catch(() => {});
  }
}

const bytes = (f: Fraction | undefined, total: number) => f && ((done: number) => f(done / Math.max(1, total)));

async function asciiSample(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, bytesRead).every((b) => b < 0x80);
  } finally {
    await fh.close();
  }
}
