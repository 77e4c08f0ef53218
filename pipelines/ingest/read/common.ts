import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A double-quoted SQL identifier. */
export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** `c0` … `c<n-1>`: staging columns are never named after the file's headers. */
export const colNames = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);

let tableSeq = 0;
/** A fresh staging-table prefix for this process: `stg_<n>`; sheets add `_<sheet index>`. */
export const nextTablePrefix = () => `stg_${++tableSeq}`;

/** A private temporary directory under os.tmpdir(), removed by `fn`'s end whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'beltscope-read-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reports progress as a fraction 0…1 of the work of one phase. */
export type Fraction = (done: number) => void;

/**
 * Run one statement; while it runs, report DuckDB's own progress (it reads the file in parallel,
 * so its percentage is the share of the file's bytes read). Turns DuckDB's progress tracking on
 * for the connection only while the statement runs, without printing a bar.
 */
export async function runTracked(con: DuckDBConnection, sql: string, params: Record<string, string>, report?: Fraction): Promise<void> {
  if (!report) {
    await con.run(sql, params);
    return;
  }
  const r = await con.runAndReadAll(`SELECT current_setting('enable_progress_bar')::VARCHAR AS a, current_setting('enable_progress_bar_print')::VARCHAR AS b`);
  const prev = r.getRowObjectsJS()[0] as { a: string; b: string };
  await con.run('SET enable_progress_bar = true');
  await con.run('SET enable_progress_bar_print = false');
  let last = 0;
  const timer = setInterval(() => {
    const p = con.progress.percentage;
    if (p > last && p <= 100) { last = p; report(p / 100); }
  }, 100);
  try {
    await con.run(sql, params);
    report(1);
  } finally {
    clearInterval(timer);
    await con.run(`SET enable_progress_bar = ${prev.a === 'true'}`);
    await con.run(`SET enable_progress_bar_print = ${prev.b === 'true'}`);
  }
}

export async function scalar(con: DuckDBConnection, sql: string): Promise<unknown> {
  const r = await con.runAndReadAll(sql);
  return r.getRows()[0]?.[0];
}
