import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Database } from '../db/database.ts';
import { createApp } from '../server/api/app.ts';
import { realDbPath } from '../server/api/health.ts';
import { Warmup } from '../server/api/warmup.ts';
import { DEFAULT_MAX_UPLOAD_MB, type IngestFn } from '../server/api/ingest/form.ts';
import { refuseOversizedContinue } from '../server/api/ingest/receive.ts';
import type { FileSummaryBody, IngestResponse } from '../server/api/schemas/ingest.ts';
import { generateDemo } from '../pipelines/demo/generate.ts';
import { AppError } from '../lib/errors.ts';
import { removeServerFile, writeServerFile } from './serverFile.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_DB = fileURLToPath(new URL('../data/beltscope.duckdb', import.meta.url));
export const DEFAULT_STATIC = fileURLToPath(new URL('../dist/web/', import.meta.url));
export const DEFAULT_DEMO_ORDERS = 1_000_000;
export const DEFAULT_THREADS = 1;

export interface ServeOptions {
  dbPath: string;
  port: number;
  host?: string;
  /** Order lines in the demo dataset generated when the database holds no data yet. */
  demoOrders?: number;
  seed?: number;
  staticDir?: string;
  /** DuckDB threads for queries; 0 = one per core. Default 1 (see Database's `threads`). */
  threads?: number;
  /** Largest upload POST /api/ingest accepts, MB (default 512). */
  maxUploadMb?: number;
  /** Warm the result cache for the default views after start and after each load (default true; see server/api/warmup.ts). */
  warmup?: boolean;
  log?: (line: string) => void;
}

/** An engine summary entry as the API and `--json` print it: exactly the contract's fields. */
export const fileSummaryBody = (f: FileSummaryBody): FileSummaryBody => ({
  file: f.file, sheet: f.sheet ?? null, platform: f.platform ?? null, kind: f.kind ?? null, mapping: f.mapping ?? null,
  datasetId: f.datasetId ?? null, rowsRead: f.rowsRead, loaded: f.loaded, updated: f.updated, skipped: f.skipped,
  duplicates: f.duplicates, quarantined: f.quarantined,
  ...(f.quarantineSample?.length ? {
    quarantineSample: f.quarantineSample.map((r) => ({ line: r.line, record: r.record, column: r.column, value: r.value, reason: r.reason })),
  } : {}),
  status: f.status, message: f.message, messageZh: f.messageZh,
});

let engine: Promise<[typeof import('../pipelines/ingest/ingest.ts'), typeof import('../pipelines/ingest/key.ts')]> | undefined;

/**
 * The ingestion engine's modules (with the XLSX and GB18030 readers they import), loaded once:
 * not at start-up, since serving alone does not need them, but in the background as the last step
 * of the server's first warm-up, so the first upload does not wait ~0.4 s for them. A failed load
 * is forgotten, so the next upload tries again.
 */
function loadEngine() {
  if (!engine) {
    const p = Promise.all([import('../pipelines/ingest/ingest.ts'), import('../pipelines/ingest/key.ts')]);
    engine = p;
    p.catch(() => { if (engine === p) engine = undefined; });
  }
  return engine;
}

/** The ingestion engine bound to a database, as POST /api/ingest calls it (the server may not import pipelines/). */
export function ingestFor(db: Database): IngestFn {
  return async (paths, o): Promise<IngestResponse> => {
    const [{ ingestFiles }, { dataKey }] = await loadEngine();
    const r = await ingestFiles(db, paths, { ...o, kind: o.kind as never, hashKey: dataKey(db.path) });
    return { dataVersion: r.dataVersion, files: r.files.map(fileSummaryBody) };
  };
}

/** Demo generation with a progress line per step, shared by `serve` and `demo`. */
export async function seedDemo(db: Database, orders: number, seed: number, log: (l: string) => void) {
  const t0 = Date.now();
  log(`Generating the demo dataset (${orders.toLocaleString('en')} order lines, seed ${seed}) — 正在生成示例数据…`);
  const at = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const summary = await db.write(async (con) => {
    const s = await generateDemo(con, {
      orders, seed,
      onProgress: (step, done, total) => { if (done > 0) log(`  [${done}/${total}] ${step} (${at()})`); },
    });
    // The rollups are built next, in the same transaction: about a third of the wait.
    log(`  rollups for the dashboard (${at()}) — 正在生成汇总表…`);
    return s;
  });
  log(`Demo dataset ready in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  return summary;
}

const portInUse = (port: number, host: string) =>
  new AppError('port_in_use', `Port ${port} on ${host} is already in use (another Beltscope?). Stop it, or pass --port / PORT.`,
    `${host} 的端口 ${port} 已被占用（是否已有一个 Beltscope 在运行？）。请先停止它，或用 --port / PORT 指定其他端口。`);

/** Refuse a taken port before anything else: a first start would otherwise generate the demo (~15 s) first. */
async function assertPortFree(port: number, host: string): Promise<void> {
  if (!port) return; // 0: any free port
  await new Promise<void>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? portInUse(port, host) : err));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export async function startServer(opts: ServeOptions): Promise<{ url: string; db: Database; warmup: Warmup | null; close(): Promise<void> }> {
  const log = opts.log ?? ((l: string) => console.log(l));
  await assertPortFree(opts.port, opts.host ?? '127.0.0.1');
  const db = await Database.open(opts.dbPath, { threads: opts.threads ?? DEFAULT_THREADS });
  // No dataset yet: a new file, or one whose first generation was interrupted (and rolled back).
  // Not a file that held real loads, since undone (removeDataset logs each removal; a load that
  // failed logged only that it started): the demo would be mixed with what they left (merchants
  // a load named) and refuse the user's next upload as "demo present". It stays empty, and the
  // page offers the upload.
  const [{ n, undone }] = await db.query(`SELECT (SELECT count(*) FROM datasets)::INTEGER AS n,
    (SELECT count(*) FROM ingest_log WHERE starts_with(message, 'removed dataset '))::INTEGER AS undone`);
  if (n === 0 && undone === 0) await seedDemo(db, opts.demoOrders ?? DEFAULT_DEMO_ORDERS, opts.seed ?? 1, log);
  else if (n === 0) log('No data: every load of this database was undone. Load exports (beltscope ingest, or the upload page), or run beltscope demo for the demo · 数据库中没有数据（所有导入均已撤销）：请导入数据，或运行 beltscope demo 生成示例数据');

  const host = opts.host ?? '127.0.0.1';
  const { app } = createApp({
    db, staticDir: opts.staticDir ?? DEFAULT_STATIC, ingest: ingestFor(db), maxUploadMb: opts.maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB, host,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: host }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      void db.close();
      reject(err.code === 'EADDRINUSE' ? portInUse(opts.port, host) : err);
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  refuseOversizedContinue(server as Server, opts.maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB);

  // Announce the server beside its database, so `beltscope ingest` hands files to it (see serverFile.ts).
  let announced: string | null = null;
  if (opts.dbPath !== ':memory:') {
    try {
      announced = writeServerFile({ pid: process.pid, port, host, dbPath: realDbPath(opts.dbPath), startedAt: new Date().toISOString() });
    } catch (e) {
      log(`Could not write ${realDbPath(opts.dbPath)}.server.json (${(e as Error).message}): \`beltscope ingest\` will not find this server; stop it to load data.`);
    }
  }
  // After listening, in the background: /api/health answers at once, the first page finds its answers cached.
  // After the first warm-up: the ingestion engine, and the key columns a first load probes.
  const afterFirst = async () => { const [{ warmKeys }] = await loadEngine(); await warmKeys(db); };
  const warmup = opts.warmup === false ? null : new Warmup({ db, fetch: app.fetch, log, afterFirst });
  warmup?.schedule();
  if (!warmup) void loadEngine().catch(() => {});

  const unannounce = () => { if (announced) removeServerFile(announced); announced = null; };
  let closing: Promise<void> | null = null;
  const close = () => closing ??= (async () => {
    process.off('exit', unannounce);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    unannounce();
    await new Promise<void>((r) => server.close(() => r()));
    await warmup?.stop();
    await db.close();
  })();
  const onSignal = () => { void close().finally(() => process.exit(0)); };
  process.on('exit', unannounce);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { url, db, warmup, close };
}
