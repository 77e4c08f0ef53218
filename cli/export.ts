import { parseArgs } from 'node:util';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join, resolve } from 'node:path';
import { Database } from '../db/database.ts';
import { dataKey } from '../db/key.ts';
import { exportLake, type LakeFormat } from '../db/lake/export.ts';
import { assertSlice } from '../db/lake/slice.ts';
import { AppError } from '../lib/errors.ts';
import { isValidDate } from '../server/query/window.ts';
import { DEFAULT_DB } from './serve.ts';
import { findServer, refusal } from './serverFile.ts';
import { unzipToFolder } from './unzip.ts';
import { UsageError } from './usage.ts';

export const EXPORT_HELP = `Usage: beltscope export --out DIR [--db PATH] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--belt ID,...] [--format parquet|csv] [--names]

Writes the database (or a slice of it) as an open-data lake any engine reads: the fact tables
Hive-style as DIR/<table>/belt_id=<id>/month=<YYYY-MM>/part-N.parquet, the reference and
entity tables one file each, datapackage.json (Frictionless Data Package v2: every table,
column, type, unit and description) and README.md (provenance, example queries for DuckDB,
Spark SQL and Trino). Buyer ids and quarantined rows are never exported; merchant ids, names,
accounts, anchors and product ids are keyed pseudonyms (the key beltscope.key beside the
database), the same in every export, unless --names.

  --out DIR       A new or empty folder to write into (required)
  --db PATH       DuckDB file (default $BELTSCOPE_DB or data/beltscope.duckdb)
  --from, --to    First and last local (Beijing) day of each fact's rows; a session's minutes
                  and listings go with their session (default: all)
  --belt IDS      Only these belts (comma-separated)
  --format F      parquet (default) or csv
  --names         Real merchant ids and names (an administrator's export: do not publish it)

When a server has the database open, the command downloads GET /api/export from it and unpacks
it into DIR. Progress goes to stderr. Exit status: 0 written, 1 refused (database locked, the
server busy), 2 a usage error (unknown belt, bad date, an --out folder that is not empty).`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const STD: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

const splitList = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];

/** `beltscope export`: returns the exit status. */
export async function runExport(args: string[], io: Io = STD): Promise<number> {
  const { values, positionals } = parseArgs({
    args, strict: true, allowPositionals: true,
    options: {
      out: { type: 'string' }, db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, belt: { type: 'string' },
      format: { type: 'string' }, names: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { io.out(EXPORT_HELP); return 0; }
  if (positionals.length) throw new UsageError(`export takes no arguments (got "${positionals.join(' ')}"); name the folder with --out DIR.`,
    `export 不接受参数（实际为 "${positionals.join(' ')}"）；请用 --out 文件夹 指定输出位置。`);
  if (!values.out?.trim()) throw new UsageError('Name the folder to write with --out DIR (a new or empty folder).', '请用 --out 文件夹 指定输出位置（新的或空的文件夹）。');
  for (const flag of ['from', 'to'] as const) {
    const v = values[flag];
    if (v !== undefined && !isValidDate(v)) throw new UsageError(`--${flag} must be a calendar day written YYYY-MM-DD (got "${v}").`, `--${flag} 必须是按 YYYY-MM-DD 书写的实际日期（实际为 "${v}"）。`);
  }
  if (values.from && values.to && values.from > values.to) throw new UsageError(`--from (${values.from}) is after --to (${values.to}).`, `--from（${values.from}）晚于 --to（${values.to}）。`);
  const format = (values.format ?? 'parquet') as LakeFormat;
  if (format !== 'parquet' && format !== 'csv') throw new UsageError(`--format must be parquet or csv (got "${values.format}").`, `--format 必须是 parquet 或 csv（实际为 "${values.format}"）。`);
  const belts = values.belt !== undefined ? splitList(values.belt) : undefined;
  if (belts && !belts.length) throw new UsageError('--belt needs one or more belt ids, comma-separated.', '--belt 需要一个或多个产业带编号，用逗号分隔。');

  const out = resolve(values.out);
  const created = !existsSync(out);
  if (!created) {
    if (!statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder.`, `--out ${out} 是文件，不是文件夹。`);
    if (readdirSync(out).length) throw new UsageError(`--out ${out} is not empty: name a new folder, or empty this one (an export never mixes with other files).`,
      `--out ${out} 不是空文件夹：请指定新文件夹，或清空它（导出不与其他文件混放）。`);
  }
  const dbPath = resolve(values.db ?? process.env.BELTSCOPE_DB ?? DEFAULT_DB);
  if (!existsSync(dbPath)) throw new UsageError(`There is no database at ${dbPath}. Pass --db, or load data first (beltscope demo or ingest).`,
    `${dbPath} 处没有数据库：请用 --db 指定，或先生成或导入数据（beltscope demo 或 ingest）。`);
  const server = await findServer(dbPath);
  if (server) {
    io.err(`A server (pid ${server.info.pid}) has ${dbPath} open: asking it at ${server.url} — 服务器正在使用该数据库，由它导出。`);
    return fromServer(server.url, { from: values.from, to: values.to, belts, format, names: values.names ?? false }, out, created, io);
  }
  let db: Database | null = null;
  try {
    db = await Database.open(dbPath, { skipReference: true, readers: 1 });
    const slice = { from: values.from, to: values.to, belts };
    await assertSlice(db, slice);
    mkdirSync(out, { recursive: true });
    const t0 = Date.now();
    io.err(`Exporting ${dbPath} to ${out} (${format}${values.names ? ', with names' : ', pseudonymised'}) — 正在导出…`);
    const r = await exportLake(db, {
      out, format, names: values.names ?? false, key: dataKey(dbPath), slice,
      progress: (l) => io.err(`  ${l}`),
    });
    const rows = r.tables.reduce((a, t) => a + t.rows, 0);
    io.out(`Exported ${r.tables.length} tables (${rows} rows, ${r.files.length} files) at data version ${r.dataVersion} to ${out} `
      + `in ${((Date.now() - t0) / 1000).toFixed(1)} s. 已导出 ${r.tables.length} 张表到 ${out}。`);
    return 0;
  } catch (e) {
    // Leave nothing half-written: the folder was new or empty.
    if (created) rmSync(out, { recursive: true, force: true });
    else if (existsSync(out)) for (const f of readdirSync(out)) rmSync(resolve(out, f), { recursive: true, force: true });
    if (!(e instanceof AppError)) throw e;
    io.err(`beltscope: ${e.message}${e.messageZh !== e.message ? `\n${e.messageZh}` : ''}`);
    return e.code === 'db_locked' ? 1 : 2;
  } finally {
    await db?.close();
  }
}

/**
 * The running server has the database (DuckDB lets one process open it): download its
 * GET /api/export to a temporary file and unpack it into the folder, as if written here.
 */
async function fromServer(url: string, q: { from?: string; to?: string; belts?: string[]; format: LakeFormat; names: boolean },
  out: string, created: boolean, io: Io): Promise<number> {
  const params = new URLSearchParams({ lang: 'en', format: q.format });
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  if (q.belts) params.set('belt', q.belts.join(','));
  if (q.names) params.set('names', 'true');
  const tmp = mkdtempSync(join(tmpdir(), 'beltscope-export-'));
  try {
    const r = await fetch(`${url}/api/export?${params}`);
    if (r.status !== 200 || !r.body) {
      const { en, zh } = refusal(await r.json().catch(() => ({})), r.status);
      io.err(`beltscope: ${en}${zh !== en ? `\n${zh}` : ''}`);
      return r.status === 400 ? 2 : 1;
    }
    const zip = join(tmp, 'export.zip');
    await pipeline(Readable.fromWeb(r.body as never), createWriteStream(zip));
    mkdirSync(out, { recursive: true });
    const files = await unzipToFolder(zip, out);
    io.out(`Exported ${files.length} files at data version ${r.headers.get('x-data-version')} to ${out} (written by the server). 已导出到 ${out}。`);
    return 0;
  } catch (e) {
    if (created) rmSync(out, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
