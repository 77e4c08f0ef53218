/**
 * npm run bench:paint [-- --orders 1000000] [--fresh 3] [--settle 2000] [--runs 5] [--regenerate] [--waterfall]
 *
 * First paint in a real browser (issue 8's "fast" bar): builds the web app, starts the real server
 * (cli/serve.ts) over a demo database generated once into bench/.data/, waits for its warm-up, and
 * opens each page in Debian's headless Chromium: first in `--fresh` browsers just started (nothing
 * compiled, cached or loaded in them; at the mercy of a shared machine, hence several), each page
 * twice per round: once in a browser `--settle` ms after its start (a user's first visit: the
 * browser is up, nothing of Beltscope in it) and once in a browser navigating the instant it
 * starts, while Chromium still spawns its GPU, network and storage processes on the same two
 * cores; then `--runs` times in one running browser, a fresh page each (the page's first visit,
 * then visits again). The goal's verdict reads the settled fresh browsers and the running one;
 * the at-once figures are printed beside them. Per navigation it records, on the page's own
 * clock (performance.now(), 0 = navigation start), when the page's first chart has ink on its
 * canvas, and when ECharts reports the chart finished (its entry animation included).
 * Initial JS is the gzip size of the entry chunks index.html loads (script + modulepreload), read
 * from the built files with zlib; the JS the page fetched before the chart drew is listed too.
 * `npm run bench` runs this after the query bench unless given --no-paint.
 * --waterfall prints, for each page's first fresh browser and its first visit in the running browser, every request the page
 * made in order: when it started, its first byte and end on the page's clock, and the server's
 * Server-Timing (its time, and for queries whether the result cache had the answer).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startServer } from '../cli/serve.ts';
import type { BrowserContext, Page } from 'playwright-core';
import { buildWeb, launchBrowser } from '../tests/e2e/helpers.ts';

const { values } = parseArgs({ options: {
  orders: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, fresh: { type: 'string', default: '3' },
  settle: { type: 'string', default: '2000' },
  regenerate: { type: 'boolean' }, waterfall: { type: 'boolean' },
} });
const ORDERS = Number(values.orders);
const RUNS = Number(values.runs);
const FRESH = Number(values.fresh);
const SETTLE_MS = Number(values.settle);
if (!Number.isInteger(SETTLE_MS) || SETTLE_MS < 0) throw new Error(`--settle ${values.settle}: give the milliseconds a fresh browser runs before its first navigation (e.g. --settle 2000)`);
if (!Number.isInteger(FRESH) || FRESH < 1) throw new Error(`--fresh ${values.fresh}: give the number of freshly started browsers per page, at least 1 (e.g. --fresh 3)`);
if (!Number.isInteger(ORDERS) || ORDERS < 1000) throw new Error(`--orders ${values.orders}: give a whole number of order lines, at least 1000 (e.g. --orders 200000)`);
if (!Number.isInteger(RUNS) || RUNS < 2) throw new Error(`--runs ${values.runs}: give at least 2 navigations per page in the running browser (its first visit, then again)`);

const GOAL_PAINT_MS = 1500;
const GOAL_JS_KB = 300;

/** Each page and the panel holding its first chart (an ECharts canvas inside it). */
const PAGES = [
  { name: 'overview', path: '/', panel: '[data-testid=trend]' },
  { name: 'belts', path: '/belts', panel: '[data-testid=belts-trend]' },
  { name: 'bases', path: '/bases', panel: '[data-testid=scatter]' },
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const msx = (x: number) => `${Math.round(x)} ms`;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The JS that index.html loads before anything else runs: its module script and modulepreloads. */
function entryChunks(dist: string): { file: string; raw: number; gzip: number }[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  if (srcs.length === 0) throw new Error(`${dist}/index.html loads no .js: did the build change shape?`);
  return [...new Set(srcs)].map((src) => {
    const file = join(dist, src.replace(/^\//, ''));
    return { file: src, raw: readFileSync(file).length, gzip: gz(file) };
  });
}

/** The page's requests in start order: start, first byte, end, size and Server-Timing, one line each. */
async function waterfall(page: import('playwright-core').Page): Promise<string> {
  const rows = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const paint = performance.getEntriesByType('paint').map((e) => `${e.name} ${Math.round(e.startTime)}`).join(', ');
    return { paint, domContentLoaded: nav.domContentLoadedEventEnd, list: [nav, ...res].map((r) => {
      const u = new URL(r.name);
      return { what: u.pathname + (u.search ? `?${u.searchParams.get('measures') ?? u.searchParams.get('dimension') ?? '…'}${u.searchParams.get('by') ? ` by ${u.searchParams.get('by')}` : ''}` : ''),
        start: r.startTime, ttfb: r.responseStart, end: r.responseEnd, kb: r.transferSize / 1024,
        server: r.serverTiming.map((t) => (t.description ? `${t.name}=${t.description}` : `${t.name} ${Math.round(t.duration)}`)).join(' ') };
    }) };
  });
  const pad = (x: number) => String(Math.round(x)).padStart(6);
  return [`  DOMContentLoaded ${Math.round(rows.domContentLoaded)}; ${rows.paint}`,
    ...rows.list.map((r) => `${pad(r.start)}${pad(r.ttfb)}${pad(r.end)}  ${r.kb.toFixed(0).padStart(5)} KB  ${r.what}${r.server ? `  [${r.server}]` : ''}`)].join('\n');
}

async function main() {
  mkdirSync('bench/.data', { recursive: true });
  const dbPath = ORDERS === 1_000_000 ? 'bench/.data/paint-1m.duckdb' : `bench/.data/paint-${ORDERS}.duckdb`;
  if (values.regenerate) for (const f of [dbPath, `${dbPath}.wal`]) if (existsSync(f)) rmSync(f);
  const existed = existsSync(dbPath);

  const outDir = mkdtempSync(join(tmpdir(), 'beltscope-paint-'));
  let t = performance.now();
  const dist = await buildWeb(outDir);
  console.log(`# Beltscope first paint — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(`Web app built in ${((performance.now() - t) / 1000).toFixed(1)} s into ${dist}.`);

  t = performance.now();
  const server = await startServer({ dbPath, port: 0, demoOrders: ORDERS, staticDir: dist, log: (l) => console.log(`  ${l}`) });
  const [info] = await server.db.query('SELECT (SELECT count(*) FROM orders)::BIGINT AS n');
  console.log(`Server ${server.url} over ${dbPath} (${Number(info.n).toLocaleString('en')} order lines; ${existed ? 'reused' : 'generated'}, ready in ${((performance.now() - t) / 1000).toFixed(1)} s).`);

  // A user opens a running server: let its background warm-up (server/api/warmup.ts) finish, so
  // the first navigation meets a fresh browser and a warm server, not the two sharing 2 cores.
  t = performance.now();
  await server.warmup?.idle();
  console.log(`Waited ${((performance.now() - t) / 1000).toFixed(1)} s for the server's warm-up before the first navigation.`);

  const entries = entryChunks(dist);
  const entryGzip = entries.reduce((a, e) => a + e.gzip, 0);
  const byName = new Map<string, number>(); // built .js file name → its gzip size
  for (const f of readdirSync(join(dist, 'assets'))) if (f.endsWith('.js')) byName.set(f, gz(join(dist, 'assets', f)));

  /** Navigate a new page of `context` to a page and time its first chart: first ink, then ECharts' `finished`. */
  async function navigate(context: BrowserContext, p: (typeof PAGES)[number], keep?: (page: Page, drawn: number) => Promise<void>) {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}${p.path}`, { waitUntil: 'commit', timeout: 60_000 });
      // Polled every animation frame: the first frame the chart's canvas has any drawn pixel.
      const at = await page.waitForFunction((sel) => {
        const panel = document.querySelector(`${sel}[data-state=ready]`);
        const canvas = panel?.querySelector('canvas');
        if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        for (let k = 3; k < data.length; k += 4) if (data[k] !== 0) return performance.now();
        return false;
      }, p.panel, { polling: 'raf', timeout: 60_000 });
      const drawn = await at.jsonValue() as number;
      const done = await page.waitForFunction((sel) => document.querySelector(`${sel} [data-rendered=true]`) ? performance.now() : false,
        p.panel, { polling: 'raf', timeout: 60_000 });
      const finished = await done.jsonValue() as number;
      await keep?.(page, drawn);
      return { drawn, finished };
    } finally {
      await page.close();
    }
  }

  const waterfalls: string[] = [];
  const results: { name: string; path: string; fresh: number[]; atOnce: number[]; first: number; repeat: number[]; finished: number[]; jsBeforeChart: number }[] = [];
  try {
    // A first visit in a browser just started: nothing compiled, cached or loaded (fonts, ICU data)
    // in it yet; once after Chromium's own start-up, once during it. One sample is at the mercy of
    // the machine, so FRESH of each per page.
    const fresh = new Map<string, number[]>(PAGES.map((p) => [p.path, []]));
    const atOnce = new Map<string, number[]>(PAGES.map((p) => [p.path, []]));
    for (let i = 0; i < FRESH; i++) {
      for (const p of PAGES) {
        for (const settle of [true, false]) {
          const context = await launchBrowser();
          if (settle) await new Promise((r) => setTimeout(r, SETTLE_MS));
          const keep = i === 0 && values.waterfall
            ? async (page: Page, at: number) => { waterfalls.push(`${p.path} (fresh browser${settle ? '' : ', at once'}), chart drawn at ${msx(at)}:\n${await waterfall(page)}`); }
            : undefined;
          try { (settle ? fresh : atOnce).get(p.path)!.push((await navigate(context, p, keep)).drawn); } finally { await context.close(); }
        }
      }
    }
    // Then one running browser: the first visit of each page (`/` first: nothing of Beltscope in
    // it yet; the other pages then share its chunks), and visits again.
    const context = await launchBrowser();
    try {
      // A browser in use has drawn pages before: one page of Chinese text, a canvas and number
      // formatting first (nothing of Beltscope), so the first visit below meets a running
      // browser, not one starting up; the fresh browsers above measure that.
      const other = await context.newPage();
      await other.setContent(`<p>产业带直播电商 ${'汉字'.repeat(40)}</p><canvas id="c" width="200" height="40"></canvas>
        <script>document.getElementById('c').getContext('2d').fillText('产业带 ' + new Intl.NumberFormat('zh-CN').format(12345.6), 0, 20)</script>`);
      await other.close();
      for (const p of PAGES) {
        const drawn: number[] = []; const finished: number[] = []; let jsBeforeChart = 0;
        for (let i = 0; i < RUNS; i++) {
          const r = await navigate(context, p, i > 0 ? undefined : async (page, at) => {
            // Which built chunks the page fetched before the chart drew (the chart library included).
            const loaded = await page.evaluate((until) => performance.getEntriesByType('resource')
              .filter((e) => e.name.endsWith('.js') && e.startTime <= until).map((e) => new URL(e.name).pathname.split('/').pop()!), at);
            jsBeforeChart = loaded.reduce((a, f) => a + (byName.get(f) ?? 0), 0);
            if (values.waterfall) waterfalls.push(`${p.path} (first visit), chart drawn at ${msx(at)}:\n${await waterfall(page)}`);
          });
          drawn.push(r.drawn); finished.push(r.finished);
        }
        results.push({ name: p.name, path: p.path, fresh: fresh.get(p.path)!, atOnce: atOnce.get(p.path)!, first: drawn[0], repeat: drawn.slice(1), finished, jsBeforeChart });
        console.log(`  ${p.path}: first chart drawn at ${fresh.get(p.path)!.map(msx).join(', ')} (fresh browsers); ${atOnce.get(p.path)!.map(msx).join(', ')} (fresh browsers, at once); ${drawn.map(msx).join(', ')}`);
      }
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }

  if (waterfalls.length) console.log(`\n## Waterfall of each page's first navigation (ms on the page's clock)\n${waterfalls.join('\n\n')}`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`\n## First chart painted, ${Number(info.n).toLocaleString('en')} order lines (machine load average ${loadavg()[0].toFixed(1)})
Time from navigation start to the first frame with the page's first chart drawn (goal ≤ ${GOAL_PAINT_MS} ms on every navigation): in ${FRESH} browsers just started (one navigation each, ${SETTLE_MS} ms after the browser's start), then in one running browser, the page's first visit and ${RUNS - 1} more (a fresh page each); the verdict reads these. "at once": ${FRESH} more browsers navigating the instant they start, beside Chromium's own start-up. "finished" is when ECharts reports the chart done, its entry animation included.

| page | fresh browser p50 | fresh browser max | first visit, running browser | again p50 | again max | finished p50 | JS before chart (gzip) | goal ≤ ${GOAL_PAINT_MS} ms | fresh, at once: p50 / max |
|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of results) {
    const all = [...r.fresh, r.first, ...r.repeat];
    console.log(`| ${r.path} | ${msx(pct(r.fresh, 50))} | ${msx(Math.max(...r.fresh))} | ${msx(r.first)} | ${msx(pct(r.repeat, 50))} | ${msx(Math.max(...r.repeat))} | ${msx(pct(r.finished, 50))} | ${kb(r.jsBeforeChart)} | ${verdict(Math.max(...all) <= GOAL_PAINT_MS)} | ${msx(pct(r.atOnce, 50))} / ${msx(Math.max(...r.atOnce))} |`);
  }
  console.log(`\n## Initial JS (entry chunks of index.html, gzip -9 with zlib)
| chunk | raw | gzip |
|---|---|---|`);
  for (const e of entries) console.log(`| ${e.file} | ${kb(e.raw)} | ${kb(e.gzip)} |`);
  console.log(`| **total** | ${kb(entries.reduce((a, e) => a + e.raw, 0))} | **${kb(entryGzip)}** (goal ≤ ${GOAL_JS_KB} KB: ${verdict(entryGzip <= GOAL_JS_KB * 1024)}) |`);
}

await main();
