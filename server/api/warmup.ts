import { basesQueries, beltsQueries, DEFAULT_VIEW, defaultWindow, overviewQueries, type ViewCompareQuery, type ViewMetricsQuery } from '../../catalog/views.ts';
import type { Database } from '../../db/database.ts';

type Lang = 'zh' | 'en';
type Params = Record<string, string | number | readonly string[] | undefined>;
type Fetch = (req: Request) => Response | Promise<Response>;

/** As the web app writes a query string (web/src/lib/api/client.ts): lists joined by commas, empty values left out, lang last. */
export function apiPath(path: string, params: Params, lang: Lang): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) { if (value.length) search.set(key, value.join(',')); } else search.set(key, String(value));
  }
  search.set('lang', lang);
  return `/api/${path}?${search}`;
}

const metricsPath = (q: ViewMetricsQuery, lang: Lang) => apiPath('metrics', {
  measures: q.measures, by: q.by, grain: q.grain, from: q.from, to: q.to, compare: q.compare, sort: q.sort, limit: q.limit, ...q.filters,
}, lang);
const comparePath = (q: ViewCompareQuery, lang: Lang) => apiPath('compare', { ...q.filters, from: q.from, to: q.to, compare: q.compare }, lang);

/** A request of the warm-up; `next` names the request its answer leads to (the merchants board's names). */
export interface WarmRequest {
  path: string;
  next?: (body: unknown) => string | null;
}

/**
 * What the overview, the belt comparison and the bases list ask with default filters over data
 * ending on `lastDay` (catalog/views.ts builds the queries for the web app too), in the order a
 * first visit needs them: the overview's first chart first.
 */
export function defaultViewRequests(lastDay: string, lang: Lang = 'zh'): WarmRequest[] {
  const view = { ...defaultWindow(lastDay), filters: {}, ...DEFAULT_VIEW };
  const o = overviewQueries(view);
  const b = beltsQueries(view);
  const s = basesQueries({ ...view, belt: [] });
  const merchantNames = (body: unknown) => {
    const ids = ((body as { rows?: Record<string, unknown>[] }).rows ?? []).map((r) => String(r.merchant ?? '')).filter(Boolean);
    return ids.length ? apiPath('values', { dimension: 'merchant', ids }, lang) : null;
  };
  // The cheap ones first: the KPI cards' query (a distinct count of buyers over the year) takes longest.
  return [
    { path: metricsPath(o.trend, lang) },
    { path: metricsPath(o.mix, lang) },
    { path: metricsPath(o.belts, lang) },
    { path: metricsPath(o.merchants, lang), next: merchantNames },
    { path: metricsPath(o.kpis, lang) },
    { path: comparePath(b.compare, lang) },
    { path: metricsPath(b.trend, lang) },
    { path: metricsPath(b.catalog, lang) },
    { path: metricsPath(b.platform, lang) },
    { path: apiPath('bases', { belt: s.list.belt, from: s.list.from, to: s.list.to }, lang) },
    { path: metricsPath(s.weekly, lang) },
  ];
}

export interface WarmupOptions {
  db: Database;
  /** The app's own fetch (Hono's app.fetch): requests go through the routes and their caches, not over a socket. */
  fetch: Fetch;
  log?: (line: string) => void;
  /** Work for the server's first quiet moment, run once after the first warm-up (loading the ingestion engine). */
  afterFirst?: () => Promise<unknown>;
}

/**
 * Warms the server's caches for the default views: after start and after every committed load,
 * it asks, through the app itself, /api/health, /api/meta and every request the overview, the
 * belt comparison and the bases list send with default filters (Chinese, the default language), so the first
 * visitor's requests are answered from the result cache (or join a run already in flight).
 * It runs in the background: the server listens before it starts; a load never waits for it
 * (reads do not block the write path); a newer data version abandons the older warm-up.
 */
export class Warmup {
  #opts: WarmupOptions;
  #run: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #off: () => void;
  /** Data version of the last finished warm-up, and how long it took (ms). */
  last: { dataVersion: number; ms: number; requests: number } | null = null;

  constructor(opts: WarmupOptions) {
    this.#opts = opts;
    this.#off = opts.db.onCommit(() => this.schedule());
  }

  /** Starts a warm-up of the current data version (after the one running, if any). */
  schedule(): void {
    if (this.#stopped) return;
    if (this.#run) { this.#again = true; return; }
    this.#run = (async () => {
      // Let the caller (the server's start, a load's commit) finish first.
      await new Promise((r) => setTimeout(r, 0));
      for (;;) {
        do {
          this.#again = false;
          await this.#warm().catch((err) => this.#opts.log?.(`Warm-up stopped: ${(err as Error).message}`));
        } while (this.#again && !this.#stopped);
        const after = this.#opts.afterFirst;
        this.#opts.afterFirst = undefined;
        if (!after || this.#stopped) break;
        await after().catch(() => {});
        // A load that committed meanwhile asked for a warm-up (#again): it gets one.
        if (!this.#again) break;
      }
    })().finally(() => { this.#run = null; });
  }

  /** Resolves when no warm-up runs or is due (tests, the bench). */
  async idle(): Promise<void> {
    while (this.#run) await this.#run;
  }

  /** No further warm-ups; waits for the request in flight (before the database closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#off();
    await this.idle();
  }

  async #warm(): Promise<void> {
    const { db, log } = this.#opts;
    await db.writesSettled();
    const version = db.dataVersion;
    const t0 = performance.now();
    const current = () => !this.#stopped && db.dataVersion === version;
    let done = 0;
    const health = await this.#get('/api/health?lang=zh') as { dataRange?: { to?: string | null } };
    await this.#get('/api/meta?lang=zh');
    done += 2;
    const lastDay = health.dataRange?.to;
    if (lastDay) {
      // One request at a time: a background job leaves the other core to the visitor's browser
      // and requests (each DuckDB query runs on one thread); a visitor asking for a query not yet
      // reached runs it alongside.
      const queue = defaultViewRequests(lastDay);
      const failed: string[] = [];
      for (let r = queue.shift(); r && current(); r = queue.shift()) {
        // Never beside a load: its writes (a log entry, then the rows) would share the two cores
        // with queries whose answers that load is about to replace (at 10M a 4,000-line upload
        // took 4.9–6.5 s instead of 1.5–2 s).
        await db.writesSettled();
        if (!current()) break;
        try {
          const body = await this.#get(r.path);
          const next = r.next?.(body);
          if (next) queue.unshift({ path: next });
          done++;
        } catch (err) {
          failed.push((err as Error).message); // the page will ask again and show the error itself
        }
      }
      if (failed.length) log?.(`Warm-up: ${failed.length} request(s) failed, first: ${failed[0]}`);
    }
    if (!current()) return;
    this.last = { dataVersion: version, ms: performance.now() - t0, requests: done };
    log?.(`Warmed the default views for data version ${version}: ${done} requests in ${(this.last.ms / 1000).toFixed(1)} s.`);
  }

  async #get(path: string): Promise<unknown> {
    const res = await this.#opts.fetch(new Request(`http://127.0.0.1${path}`, { headers: { accept: 'application/json' } }));
    const body = await res.json();
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
    return body;
  }
}
