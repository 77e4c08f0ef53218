/**
 * Shared pieces of the browser tests: build the web app into a temp folder, launch Debian's
 * Chromium through playwright-core, and small page probes.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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
