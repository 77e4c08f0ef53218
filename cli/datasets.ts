import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Database } from '../db/database.ts';
import { missingMonths } from '../lib/coverage.ts';
import { AppError } from '../lib/errors.ts';
import { count } from '../lib/plural.ts';
import { deleteDataset, parseDatasetId, readDatasets, readQuarantine } from '../server/api/datasets.ts';
import type { CoverageItem, DatasetRemovedResponse, DatasetsResponse, QuarantineResponse } from '../server/api/schemas/datasets.ts';
import { DEFAULT_DB } from './serve.ts';
import { callServer, findServer, refusal } from './serverFile.ts';
import { UsageError } from './usage.ts';

export const DATASETS_HELP = `Usage: beltscope datasets list [--db PATH] [--json]
       beltscope datasets quarantine ID [--db PATH] [--json]
       beltscope datasets remove ID [--force] [--db PATH] [--json]

list     Every loaded dataset (one per file and sheet: id, file, table, rows read, loaded,
         updated, duplicates, skipped, quarantined, load time) and the data's coverage by
         merchant, platform and month, so a month without a loaded file shows as a gap.
quarantine  The rows a load quarantined, in line order: line, column, the value as written and
         the reason (--json adds the source row, personal data removed), at most 100,000.
remove   Remove one dataset in one transaction: its rows in every table, its quarantine rows
         and its datasets entry (the log keeps a line). The same file can then be loaded again.
         The demo dataset is replaced with \`beltscope demo\` or \`ingest --replace-demo\` instead.
         Rows the load changed that earlier loads put there (a refund recorded later) are put
         back as they were. A load made before data model version 7 (schema_version) kept no
         copy of them and is refused; load a corrected export instead, or pass --force to remove
         it and those rows with it.

When a server has the database open, the command asks it (GET/DELETE /api/datasets).

  --db PATH   DuckDB file (default $BELTSCOPE_DB or data/beltscope.duckdb)
  --json      Print the answer as one JSON document on stdout
  --force     remove: also such an older load that changed earlier rows (they go with it)

Exit status: 0 done, 1 refused (the demo dataset, one other datasets use, one that changed
earlier rows, a locked database),
2 no such dataset or a usage error.`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const STD: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** Columns on a terminal: Chinese characters take two. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - width(s)));

/** Runs of consecutive months, written "2026-01…2026-03, 2026-05". */
function runs(months: string[]): string {
  const all = new Set(months);
  const out: string[] = [];
  for (const m of months) {
    const [y, mo] = m.split('-').map(Number);
    const prev = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
    if (all.has(prev)) continue;
    let end = m;
    for (;;) {
      const [ey, em] = end.split('-').map(Number);
      const next = em === 12 ? `${ey + 1}-01` : `${ey}-${String(em + 1).padStart(2, '0')}`;
      if (!all.has(next)) break;
      end = next;
    }
    out.push(end === m ? m : `${m}…${end}`);
  }
  return out.join(', ');
}

/**
 * A load time as Beijing wall time, YYYY-MM-DD HH:mm (+08), as the upload page shows it: Beijing
 * has kept UTC+8 without daylight saving since 1991. --json keeps the API's ISO instant.
 */
export function beijingTime(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} (+08)`;
}

export function formatDatasets(r: DatasetsResponse, maxPairs = 40): string {
  const lines: string[] = [];
  if (!r.datasets.length) lines.push('No datasets: the database holds no data. 数据库中没有数据。');
  else {
    // Columns as wide as their widest cell (Chinese characters count two), so a long file or
    // sheet name moves the columns after it for every row alike.
    const rows = [['id', 'kind', 'file', 'table', 'platform', 'read / loaded / updated / duplicates / skipped / quarantined', 'loaded at (Beijing)'],
      ...r.datasets.map((d) => [String(d.datasetId), d.kind, `${d.fileName ?? d.source}${d.sheet ? ` [${d.sheet}]` : ''}`,
        d.targetTable ?? '-', d.platform ?? '-', `${d.rowsRead} / ${d.loaded} / ${d.updated} / ${d.duplicates} / ${d.skipped} / ${d.quarantined}`, beijingTime(d.loadedAt)])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => width(row[i]))) + 2);
    for (const row of rows) lines.push(row.map((cell, i) => (i < row.length - 1 ? pad(cell, widths[i]) : cell)).join(''));
  }
  const pairs = new Map<string, CoverageItem[]>();
  for (const c of r.coverage) {
    const k = `${c.merchantId}\u0000${c.platformId}`;
    pairs.set(k, [...(pairs.get(k) ?? []), c]);
  }
  const lastMonth = r.coverage.reduce((a, c) => (c.month > a ? c.month : a), '');
  if (pairs.size) {
    lines.push('', `Coverage (merchant × platform: months with orders or live sessions; a missing month, up to the last month any shop has, is a file not loaded, not a decline) — 数据覆盖：`);
    let shown = 0;
    for (const items of pairs.values()) {
      if (shown++ === maxPairs) { lines.push(`  … ${pairs.size - maxPairs} more (--json lists them all)`); break; }
      const months = items.map((i) => i.month);
      const missing = missingMonths(items.filter((i) => i.orders > 0 || i.sessions > 0).map((i) => i.month), lastMonth);
      const orders = items.reduce((a, i) => a + i.orders, 0);
      const sessions = items.reduce((a, i) => a + i.sessions, 0);
      lines.push(`  ${pad(items[0].merchantId, 22)}${pad(items[0].platformId, 16)}${runs(months)}  (${orders} ${orders === 1 ? 'order' : 'orders'}, ${sessions} ${sessions === 1 ? 'session' : 'sessions'})`
        + (missing.length ? `  MISSING 缺失: ${missing.join(', ')}` : ''));
    }
  }
  return lines.join('\n');
}

const errorOf = (body: unknown, status: number) => {
  const r = refusal(body, status);
  return new AppError(r.code, r.en, r.zh, status);
};

/** No such dataset is a usage error (exit 2); a refusal (demo, in use, locked) exits 1. */
const exitFor = (e: AppError) => (e.code === 'dataset_not_found' || e.code === 'invalid_param' || e.status === 404 ? 2 : 1);

/** One line a quarantined row: where, which cell, why (the reason is stored "中文 / English"). */
export function formatQuarantine(r: QuarantineResponse): string {
  if (!r.total) return `Dataset ${r.datasetId} (${r.fileName ?? '-'}) quarantined no rows. 该数据集没有被隔离的行。`;
  const lines = [`Dataset ${r.datasetId} (${r.fileName ?? '-'}): ${count(r.total, 'quarantined row')}${r.truncated ? `, the first ${r.rows.length} listed` : ''} — 被隔离的行：`];
  for (const x of r.rows) {
    const where = `${x.sheet ? `[${x.sheet}] ` : ''}line ${x.line ?? '?'}`;
    const cell = x.column ? `, ${x.column}${x.value !== null ? ` "${x.value}"` : ''}` : '';
    lines.push(`  ${where}${cell}: ${x.reason}`);
  }
  return lines.join('\n');
}

/** `beltscope datasets list|quarantine|remove`: returns the exit status. */
export async function runDatasets(args: string[], io: Io = STD): Promise<number> {
  const { values, positionals } = parseArgs({
    args, strict: true, allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { io.out(DATASETS_HELP); return 0; }
  const [sub = 'list', ...rest] = positionals;
  if (sub !== 'list' && sub !== 'remove' && sub !== 'quarantine') throw new UsageError(`Unknown datasets command "${sub}": use list, quarantine or remove.`, `未知的 datasets 子命令 "${sub}"：可用 list、quarantine 或 remove。`);
  if (sub === 'list' && rest.length) throw new UsageError(`datasets list takes no arguments (got "${rest.join(' ')}").`, `datasets list 不接受参数（实际为 "${rest.join(' ')}"）。`);
  if (sub !== 'list' && rest.length !== 1) throw new UsageError(`Name one dataset: beltscope datasets ${sub} ID (ids: beltscope datasets list).`, `请指定一个数据集：beltscope datasets ${sub} ID（编号见 beltscope datasets list）。`);
  let id = 0;
  if (sub !== 'list') {
    try { id = parseDatasetId(rest[0]); } catch { throw new UsageError(`A dataset id is a whole number (got "${rest[0]}").`, `数据集编号必须是整数（实际为 "${rest[0]}"）。`); }
  }
  const dbPath = resolve(values.db ?? process.env.BELTSCOPE_DB ?? DEFAULT_DB);
  const print = (doc: unknown, text: string) => io.out(values.json ? JSON.stringify(doc, null, 2) : text);
  try {
    const server = await findServer(dbPath);
    if (server) {
      io.err(`A server (pid ${server.info.pid}) has ${dbPath} open: asking it at ${server.url} — 服务器正在使用该数据库，由它处理。`);
      const r = sub === 'list' ? await callServer(server.url, 'GET', '/api/datasets?lang=en')
        : sub === 'quarantine' ? await callServer(server.url, 'GET', `/api/datasets/${id}/quarantine?lang=en`)
        : await callServer(server.url, 'DELETE', `/api/datasets/${id}?lang=en${values.force ? '&force=true' : ''}`);
      if (r.status !== 200) throw errorOf(r.body, r.status);
      if (sub === 'list') print(r.body, formatDatasets(r.body as DatasetsResponse));
      else if (sub === 'quarantine') print(r.body, formatQuarantine(r.body as QuarantineResponse));
      else print(r.body, removedText(r.body as DatasetRemovedResponse));
      return 0;
    }
    if (!existsSync(dbPath)) throw new UsageError(`There is no database at ${dbPath}. Pass --db, or load data first (beltscope ingest).`, `${dbPath} 处没有数据库：请用 --db 指定，或先导入数据（beltscope ingest）。`);
    const db = await Database.open(dbPath, { newVersionOnOpen: false });
    try {
      if (sub === 'list') {
        const r = await readDatasets(db);
        print(r, formatDatasets(r));
      } else if (sub === 'quarantine') {
        const r = await readQuarantine(db, id);
        print(r, formatQuarantine(r));
      } else {
        const r = await deleteDataset(db, id, !!values.force);
        print(r, removedText(r));
      }
    } finally {
      await db.close();
    }
    return 0;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    io.err(`beltscope: ${e.message}${e.messageZh !== e.message ? `\n${e.messageZh}` : ''}`);
    return exitFor(e);
  }
}

function removedText(r: DatasetRemovedResponse): string {
  const rows = Object.entries(r.rows).map(([t, n]) => `${n} from ${t}`).join(', ') || 'no rows';
  const back = Object.entries(r.restored).map(([t, n]) => `${n} in ${t}`).join(', ');
  const rowsZh = Object.entries(r.rows).map(([t, n]) => `${t} ${n} 行`).join('，') || '没有行';
  const backZh = Object.entries(r.restored).map(([t, n]) => `${t} ${n} 行`).join('，');
  const kept = Object.entries(r.handedOver).map(([t, n]) => `${n} in ${t}`).join(', ');
  const keptZh = Object.entries(r.handedOver).map(([t, n]) => `${t} ${n} 行`).join('，');
  return `Removed dataset ${r.datasetId} (${r.fileName ?? '-'}${r.sheet ? ` [${r.sheet}]` : ''}): ${rows}`
    + `${back ? `; put back the rows it had replaced, as they were: ${back}` : ''}`
    + `${kept ? `; kept the rows later loads hold too, now theirs: ${kept}` : ''}; data version ${r.dataVersion}. `
    + `已删除数据集 ${r.datasetId}（删除 ${rowsZh}）${backZh ? `，并恢复了它替换过的行（${backZh}）` : ''}`
    + `${keptZh ? `，保留了之后的导入也包含的行（${keptZh}，现归属那些导入）` : ''}，可重新导入该文件。`;
}
