/**
 * Shared pieces of the browser tests: each file's world (`startE2E`: a server over its own copy of
 * the run's demo database, the web app built once per run, a browser), and small page probes.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { ingestFor, startServer } from '../../cli/serve.ts';
import { Database } from '../../db/database.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'tests', '.artifacts');
export const CHROMIUM = process.env.BELTSCOPE_CHROMIUM ?? '/usr/bin/chromium';

const run = promisify(execFile);

/**
 * Builds web/ into `outDir` (always, from the current sources: a stale dist/web can never
 * pass for the code under test, and dist/web of a running dev server is left alone).
 * Takes ~1–2 s. Set BELTSCOPE_E2E_STATIC to a built folder to skip the build.
 */
export async function buildWeb(outDir: string): Promise<string> {
  const prebuilt = process.env.BELTSCOPE_E2E_STATIC;
  if (prebuilt) {
    if (!existsSync(join(prebuilt, 'index.html'))) throw new Error(`BELTSCOPE_E2E_STATIC=${prebuilt} has no index.html`);
    return prebuilt;
  }
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await run(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`vite build wrote no index.html to ${outDir}`);
  return outDir;
}

/** Order lines of the browser tests' demo database. */
export const E2E_DEMO_ORDERS = 20_000;

export interface E2E {
  /** The file's own temp folder (removed by `close`). */
  tmp: string;
  server: Awaited<ReturnType<typeof startServer>>;
  browser: BrowserContext;
  close(): Promise<void>;
}

/**
 * A browser test file's world: a temp folder, a server over a copy of the run's 20k-order demo
 * database (or over the database `database(tmp)` prepares and returns the path of), the web app
 * built once for the run (tests/e2e/global-setup.ts), and a browser. Run outside the e2e project
 * (no global setup), it builds and seeds for itself.
 */
export async function startE2E(name: string, opts: { database?: (tmp: string) => Promise<string> } = {}): Promise<E2E> {
  const tmp = mkdtempSync(join(tmpdir(), `beltscope-e2e-${name}-`));
  let server: E2E['server'] | undefined;
  try {
    const web = inject('e2eWeb') as string | undefined;
    const demo = inject('e2eDemo') as string | undefined;
    const staticDir = web ?? await buildWeb(join(tmp, 'web'));
    let dbPath: string;
    if (opts.database) dbPath = await opts.database(tmp);
    else {
      dbPath = join(tmp, 'demo.duckdb');
      if (demo) copyFileSync(demo, dbPath);
    }
    server = await startServer({ dbPath, port: 0, demoOrders: E2E_DEMO_ORDERS, staticDir, log: () => {} });
    const browser = await launchBrowser();
    const s = server;
    return {
      tmp, server: s, browser,
      async close() {
        await browser.close();
        await s.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** For `startE2E`'s `database`: a real database holding only the sample merchants list (no facts, so no demo is seeded). */
export async function merchantsOnly(tmp: string): Promise<string> {
  const dbPath = join(tmp, 'real.duckdb');
  const db = await Database.open(dbPath);
  try {
    await ingestFor(db)([join(ROOT, 'data', 'samples', 'merchants.csv')], {});
  } finally {
    await db.close();
  }
  return dbPath;
}

export async function launchBrowser(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'beltscope-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PageWatch {
  errors: string[];
  /** Requests that left the test server: the app must work offline. */
  external: string[];
}

/**
 * Records page errors, console errors and any request to a host other than the server's.
 * `expect4xx`: the test provokes 4xx answers on purpose (they show as console errors and are
 * checked by the test itself); elsewhere a 4xx, such as a missing asset, is an error.
 */
export function watchPage(page: Page, serverUrl: string, opts: { expect4xx?: boolean } = {}): PageWatch {
  const origin = new URL(serverUrl).origin;
  const watch: PageWatch = { errors: [], external: [] };
  page.on('pageerror', (e) => watch.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (opts.expect4xx && /status of 4\d\d/.test(m.text())) return;
    watch.errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) watch.external.push(u);
  });
  return watch;
}

/** Pixels of the chart canvas that are drawn at all, and those in a saturated (series) colour. */
export async function canvasInk(page: Page, selector: string): Promise<{ width: number; height: number; drawn: number; coloured: number }> {
  return page.$eval(selector, (el) => {
    const canvas = el.querySelector('canvas');
    if (!canvas) return { width: 0, height: 0, drawn: 0, coloured: 0 };
    const ctx = canvas.getContext('2d');
    if (!ctx) return { width: canvas.width, height: canvas.height, drawn: 0, coloured: 0 };
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a === 0) continue;
      drawn++;
      if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    return { width: canvas.width, height: canvas.height, drawn, coloured };
  });
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}
