import { parseArgs } from 'node:util';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Database } from '../db/database.ts';
import { isAppError } from '../lib/errors.ts';
import { count } from '../lib/plural.ts';
import { isValidDate } from '../server/query/window.ts';
import { INGEST_KINDS, INGEST_PLATFORMS, INGEST_VENUES, type FileSummaryBody, type IngestResponse } from '../server/api/schemas/ingest.ts';
import { DEFAULT_DB, fileSummaryBody } from './serve.ts';
import { callServer, findServer, refusal, uploadFile } from './serverFile.ts';
import { UsageError } from './usage.ts';

export const INGEST_HELP = `Usage: beltscope ingest <file-or-folder>... [options]

Loads platform exports (Douyin orders CSV, Douyin live detail and Compass XLSX, Taobao sold
orders CSV in GBK, Kuaishou and WeChat Channels orders, canonical CSVs such as merchants.csv)
into the database: each file and sheet in one transaction; the same file twice adds nothing.
Folders are read recursively (hidden files and Excel's ~$ lock files skipped), in name order,
the canonical files of bases, hubs, merchants and accounts first. When a server has the
database open, the files are sent to it (POST /api/ingest) and the dashboard sees them at once.

  --db PATH           DuckDB file (default $BELTSCOPE_DB or data/beltscope.duckdb)
  --replace-demo      Remove the demo dataset in the same transaction (else refused while it is there)
  --platform P        ${INGEST_PLATFORMS.join(' | ')}: when the file does not say
  --kind K            ${INGEST_KINDS.join(' | ')}
  --merchant ID       The shop a back-office export belongs to
  --belt ID           The belt of a new --merchant (creates it)
  --category ID       Category of lines without one (default: the belt's main category)
  --base ID           The live base the sessions were streamed from
  --venue V           ${INGEST_VENUES.join(' | ')}
  --date YYYY-MM-DD   The day of an export without start times (Douyin Compass)
  --mapping FILE      Your own export mapping (JSON)
  --dry-run           Read, check and count, write nothing
  --json              Print one JSON document on stdout ({dataVersion, files:[…]}); messages go to stderr

Exit status: 0 loaded (quarantined rows included), 1 refused (demo present, database locked),
2 a file failed (unreadable, unrecognised, a flag missing) or a usage error.`;

export interface IngestFlags {
  platform?: string; kind?: string; merchant?: string; belt?: string; category?: string; base?: string; venue?: string;
  date?: string; mapping?: string; replaceDemo: boolean; dryRun: boolean; json: boolean; db: string;
}

const oneOf = (flag: string, v: string | undefined, allowed: readonly string[]) => {
  if (v !== undefined && !allowed.includes(v)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${v}").`, `--${flag} 必须是 ${allowed.join('、')} 之一（实际为 "${v}"）。`);
  return v;
};
const nonEmpty = (flag: string, v: string | undefined) => {
  if (v !== undefined && !v.trim()) throw new UsageError(`--${flag} needs a value.`, `--${flag} 需要一个值。`);
  return v?.trim();
};

export function parseIngestArgs(args: string[]): { help: true } | { help: false; flags: IngestFlags; inputs: string[] } {
  const { values, positionals } = parseArgs({
    args, strict: true, allowPositionals: true,
    options: {
      db: { type: 'string' }, 'replace-demo': { type: 'boolean' }, platform: { type: 'string' }, kind: { type: 'string' },
      merchant: { type: 'string' }, belt: { type: 'string' }, category: { type: 'string' }, base: { type: 'string' },
      venue: { type: 'string' }, date: { type: 'string' }, mapping: { type: 'string' }, 'dry-run': { type: 'boolean' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  if (!positionals.length) throw new UsageError('Name one or more files or folders to load: beltscope ingest <file-or-folder>...', '请指定要导入的文件或文件夹：beltscope ingest <文件或文件夹>...');
  if (values.date !== undefined && !isValidDate(values.date)) {
    throw new UsageError(`--date must be a calendar day written YYYY-MM-DD (got "${values.date}").`, `--date 必须是按 YYYY-MM-DD 书写的实际日期（实际为 "${values.date}"）。`);
  }
  if (values.mapping !== undefined && !existsSync(values.mapping)) throw new UsageError(`--mapping ${values.mapping}: no such file.`, `--mapping ${values.mapping}：文件不存在。`);
  return {
    help: false,
    inputs: positionals,
    flags: {
      platform: oneOf('platform', values.platform, INGEST_PLATFORMS),
      kind: oneOf('kind', values.kind, INGEST_KINDS),
      venue: oneOf('venue', values.venue, INGEST_VENUES),
      merchant: nonEmpty('merchant', values.merchant), belt: nonEmpty('belt', values.belt),
      category: nonEmpty('category', values.category), base: nonEmpty('base', values.base),
      date: values.date, mapping: values.mapping && resolve(values.mapping),
      replaceDemo: values['replace-demo'] ?? false, dryRun: values['dry-run'] ?? false, json: values.json ?? false,
      db: resolve(values.db ?? process.env.BELTSCOPE_DB ?? DEFAULT_DB),
    },
  };
}

const failed = (file: string, message: string, messageZh: string): FileSummaryBody => ({
  file, sheet: null, platform: null, kind: null, mapping: null, datasetId: null,
  rowsRead: 0, loaded: 0, updated: 0, skipped: 0, duplicates: 0, quarantined: 0, status: 'failed', message, messageZh,
});

/**
 * The files named: folders walked recursively, each folder's files in name order. Skipped in a
 * folder: hidden entries, and the `~$…` owner files Excel leaves beside a workbook it has open
 * (a few bytes of lock data, never an export). A file named on its own is always read.
 */
export function collectFiles(inputs: string[]): { files: string[]; problems: FileSummaryBody[] } {
  const files: string[] = [];
  const problems: FileSummaryBody[] = [];
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !e.name.startsWith('~$'))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
  for (const input of inputs) {
    let st;
    try { st = statSync(input); } catch {
      problems.push(failed(input, `${input}: no such file or folder.`, `${input}：文件或文件夹不存在。`));
      continue;
    }
    if (st.isDirectory()) {
      const found = walk(input).sort();
      if (!found.length) problems.push(failed(input, `${input}: the folder holds no files.`, `${input}：文件夹中没有文件。`));
      files.push(...found);
    } else {
      files.push(input);
    }
  }
  return { files, problems };
}

export const exitCode = (files: FileSummaryBody[]) =>
  files.some((f) => f.status === 'failed') ? 2 : files.some((f) => f.status === 'refused') ? 1 : 0;

const MB = 1024 * 1024;
const BAR_MIN_BYTES = 4 * MB;

/** A progress bar on a terminal for a file over a few MB; otherwise nothing (the start line says it). */
function progress(name: string) {
  const tty = process.stderr.isTTY === true;
  let last = -1;
  return {
    update(done: number, total: number) {
      if (!tty || total < BAR_MIN_BYTES) return;
      const pct = Math.min(100, Math.floor((done / total) * 100));
      if (pct === last) return;
      last = pct;
      const width = 30;
      const fill = Math.round((pct / 100) * width);
      process.stderr.write(`\r  ${name.slice(0, 40)} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(pct).padStart(3)}% ${(done / MB).toFixed(0)}/${(total / MB).toFixed(0)} MB`);
    },
    end() { if (last >= 0) process.stderr.write('\r\x1b[K'); },
  };
}

const STATUS_LABEL: Record<string, string> = {
  loaded: 'loaded', already_loaded: 'already loaded', refused: 'REFUSED', failed: 'FAILED', dry_run: 'dry run',
};
/** A load that landed no row and found none already there (all quarantined or skipped, or a header alone) is "loaded" to the API; a user reads it as what it is (a dry run too). */
const labelOf = (f: FileSummaryBody) => {
  const none = f.loaded + f.updated + f.duplicates === 0;
  if (none && f.status === 'loaded') return 'NOTHING LOADED';
  if (none && f.status === 'dry_run') return 'dry run: NOTHING WOULD LOAD';
  return STATUS_LABEL[f.status] ?? f.status;
};

/** One readable line per file and sheet, English then Chinese. */
export function describeFile(f: FileSummaryBody): string {
  const where = `${f.file}${f.sheet ? ` [${f.sheet}]` : ''}`;
  const what = f.kind ? ` → ${f.kind}${f.platform ? ` (${f.platform}` : ' ('}${f.mapping ? `${f.platform ? ', ' : ''}${f.mapping}` : ''})` : '';
  const id = f.datasetId !== null ? `, dataset ${f.datasetId}` : '';
  // The line names the file first: a message that starts with it too says the rest.
  const rest = (m: string) => [`${where}: `, `${f.file}: `, `${f.file}：`].reduce((x, p) => (x.startsWith(p) ? x.slice(p.length) : x), m);
  const sample = (f.quarantineSample ?? []).map((r) => `\n    line ${r.line ?? '?'}${r.column ? `, ${r.column}${r.value !== null ? ` "${r.value}"` : ''}` : ''}: ${r.reason}`);
  // "… N more" only under rows shown; a file loaded before shows none (its rows were shown then).
  const more = f.quarantined > sample.length && f.datasetId !== null
    ? sample.length
      ? `\n    … ${f.quarantined - sample.length} more: beltscope datasets quarantine ${f.datasetId}`
      : `\n    ${count(f.quarantined, 'row')} quarantined: beltscope datasets quarantine ${f.datasetId} lists them`
    : '';
  return `${labelOf(f)}: ${where}${what.replace(' ()', '')}${id}: ${rest(f.message)} | ${rest(f.messageZh)}${sample.join('')}${more}`;
}

function summaryLine(files: FileSummaryBody[], dataVersion: number): string {
  const by = new Map<string, number>();
  for (const f of files) by.set(labelOf(f), (by.get(labelOf(f)) ?? 0) + 1);
  const parts = [...by].map(([label, n]) => `${n} ${label}`);
  // Rows quarantined by this run (an already-loaded file's were reported when it was loaded).
  const held = files.filter((f) => f.quarantined > 0 && f.datasetId !== null && f.status === 'loaded');
  const q = held.reduce((a, f) => a + f.quarantined, 0);
  return `${files.length} ${files.length === 1 ? 'file or sheet' : 'files and sheets'}: ${parts.join(', ') || 'nothing to load'}; data version ${dataVersion}.`
    + (q ? ` ${count(q, 'row')} quarantined: ${held.map((f) => `beltscope datasets quarantine ${f.datasetId}`).join(', ')} lists them with their reasons.` : '');
}

type Io = { out: (s: string) => void; err: (s: string) => void };
const STD: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** `beltscope ingest`: returns the exit status. */
export async function runIngest(args: string[], io: Io = STD): Promise<number> {
  const parsed = parseIngestArgs(args);
  if (parsed.help) { io.out(INGEST_HELP); return 0; }
  const { flags, inputs } = parsed;
  const { files: paths, problems } = collectFiles(inputs);
  const results: FileSummaryBody[] = [...problems];
  for (const p of problems) io.err(describeFile(p));
  let dataVersion = 0;
  const report = (fs: FileSummaryBody[]) => { for (const f of fs) (flags.json ? io.err : io.out)(describeFile(f)); results.push(...fs); };

  // A mapping is checked before any file is read, here or on the server: an error names its key.
  if (flags.mapping && paths.length) {
    const { parseMapping } = await import('../pipelines/ingest/mappings.ts');
    try {
      parseMapping(readFileSync(flags.mapping, 'utf8'), flags.mapping);
    } catch (e) {
      if (!isAppError(e)) throw e;
      report(paths.map((p) => failed(basename(p), e.message, e.messageZh)));
      paths.length = 0;
    }
  }

  // Files other rows name first (bases, merchants, accounts), as a load of several files does:
  // a folder walked in name order put merchant_accounts.csv before merchants.csv. Each file goes
  // on its own (to the server, or to ingestFiles), so the order is set here, once.
  const inOrder = async (db?: Database) => {
    if (paths.length < 2 || flags.mapping) return;
    const { entitiesFirst } = await import('../pipelines/ingest/order.ts');
    paths.splice(0, paths.length, ...await entitiesFirst(paths, db));
  };
  const server = paths.length ? await findServer(flags.db) : null;
  if (server) {
    io.err(`A server (pid ${server.info.pid}) has ${flags.db} open: sending the files to it at ${server.url} — 服务器正在使用该数据库，文件将交由它导入。`);
    const fields: Record<string, string> = {};
    for (const k of ['platform', 'kind', 'merchant', 'belt', 'category', 'base', 'venue', 'date'] as const) if (flags[k]) fields[k] = flags[k]!;
    if (flags.replaceDemo) fields.replace_demo = 'true';
    if (flags.dryRun) fields.dry_run = 'true';
    await inOrder();
    for (const path of paths) {
      const name = basename(path);
      io.err(`Sending ${path} (${(statSync(path).size / MB).toFixed(1)} MB)…`);
      const bar = progress(name);
      let answer;
      try {
        answer = await uploadFile(server.url, path, fields, { mapping: flags.mapping, onProgress: (d, t) => bar.update(d, t) });
      } catch (e) {
        bar.end();
        report([failed(name, `${name}: the server did not answer (${(e as Error).message}).`, `${name}：服务器没有响应（${(e as Error).message}）。`)]);
        continue;
      }
      bar.end();
      if (answer.status === 200) {
        const body = answer.body as IngestResponse;
        dataVersion = body.dataVersion;
        report(body.files.map(fileSummaryBody));
      } else {
        const r = refusal(answer.body, answer.status);
        report([failed(name, `${name}: the server refused it (${answer.status}): ${r.en}`, `${name}：服务器拒绝（${answer.status}）：${r.zh}`)]);
      }
    }
  } else if (paths.length) {
    let db: Database | null = null;
    try {
      db = await Database.open(flags.db, { newVersionOnOpen: false });
    } catch (e) {
      if (!isAppError(e)) throw e;
      // Locked by another process without a server file, or unusable: every file is refused.
      for (const p of paths) {
        report([{ ...failed(basename(p), e.message, e.messageZh), status: e.code === 'db_locked' ? 'refused' : 'failed' }]);
      }
    }
    if (db) {
      try {
        const [{ ingestFiles }, { dataKey }] = await Promise.all([import('../pipelines/ingest/ingest.ts'), import('../pipelines/ingest/key.ts')]);
        const hashKey = dataKey(flags.db);
        await inOrder(db);
        for (const path of paths) {
          const size = statSync(path).size;
          io.err(`Loading ${path} (${(size / MB).toFixed(1)} MB)…`);
          const bar = progress(basename(path));
          let r;
          try {
            r = await ingestFiles(db, [path], {
              platform: flags.platform, kind: flags.kind as never, merchant: flags.merchant, belt: flags.belt, category: flags.category,
              base: flags.base, venue: flags.venue, date: flags.date, mappingFile: flags.mapping, replaceDemo: flags.replaceDemo,
              dryRun: flags.dryRun, hashKey, onProgress: (_f, d, t) => bar.update(d, t), log: (l) => io.err(l),
            });
          } catch (e) {
            bar.end();
            // A problem with the load as a whole (e.g. an invalid --mapping file): said once, exit 2.
            if (!isAppError(e)) throw e;
            report(paths.slice(paths.indexOf(path)).map((p) => failed(basename(p), e.message, e.messageZh)));
            break;
          }
          bar.end();
          dataVersion = r.dataVersion;
          report(r.files.map(fileSummaryBody));
        }
      } finally {
        await db.close();
      }
    }
  }
  // Nothing was sent or loaded (a bad --mapping, missing files): the version is still the database's.
  if (!dataVersion) dataVersion = await currentVersion(flags.db);
  io.err(summaryLine(results, dataVersion));
  if (flags.json) io.out(JSON.stringify({ dataVersion, files: results }, null, 2));
  return exitCode(results);
}

/**
 * The database's data version without loading: asked of its running server, else read from the
 * file (Database.peekVersion: read-only, so reporting the version does not move it); 0 when
 * neither can say (no file, locked, a schema too old).
 */
async function currentVersion(dbPath: string): Promise<number> {
  try {
    const server = await findServer(dbPath);
    if (server) {
      const r = await callServer(server.url, 'GET', '/api/health');
      return Number((r.body as { dataVersion?: number }).dataVersion ?? 0);
    }
    return existsSync(dbPath) ? await Database.peekVersion(dbPath) : 0;
  } catch {
    return 0;
  }
}
