import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import type { Database } from '../../db/database.ts';
import { DataInfoService } from '../../db/dataInfo.ts';
import { AppError, isAppError } from '../../lib/errors.ts';
import { MetricsService } from '../query/execute.ts';
import { OPEN_SCOPE, type Scope } from '../query/scope.ts';
import { metaOf, metaRoute, valuesOf, type ValuesOf } from './meta.ts';
import { metricsRoute } from './metrics.ts';
import { openapiDocument } from './openapi.ts';
import { datasetsRoute } from './datasets.ts';
import { exportRoute } from './export/route.ts';
import { healthOf, healthRoute } from './health.ts';
import { shellHandler } from './shell.ts';
import { DEFAULT_MAX_UPLOAD_MB, type IngestFn } from './ingest/form.ts';
import { ingestRoute } from './ingest/route.ts';
import { hubsRoute } from './hubs/route.ts';
import { compareRoute } from './compare/route.ts';
import { benchmarkRoute } from './benchmark/route.ts';
import { basesRoute } from './bases/route.ts';
import { baseReportRoute } from './bases/report.ts';
import { sessionsRoute } from './sessions/route.ts';
import { valuesRoute } from './values/route.ts';

export interface AppOptions {
  db: Database;
  /** Built web app to serve at `/` (dist/web); omitted in API-only tests. */
  staticDir?: string;
  rowCap?: number;
  budgetMs?: number;
  /** Result cache on (default); the bench turns it off to time uncached queries. */
  cache?: boolean;
  /**
   * The scope of a request (what its caller may see). Accounts will derive it from the
   * session; until then every request gets the open scope. Tests pass a narrower one.
   */
  scope?: (req: Request) => Scope;
  /**
   * The ingestion engine behind POST /api/ingest (the server may not import pipelines/; the
   * command line passes it, see cli/serve.ts `ingestFor`). Without it the route answers 501.
   */
  ingest?: IngestFn;
  /** Largest upload POST /api/ingest accepts, MB (default 512; `beltscope serve --max-upload-mb`). */
  maxUploadMb?: number;
  /** The interface the server listens on: a loopback one makes writes require a loopback Host. */
  host?: string;
  /** Chromium for PDF reports (default BELTSCOPE_CHROMIUM, else /usr/bin/chromium). */
  chromium?: string;
}

export interface AppContext {
  db: Database;
  info: DataInfoService;
  metrics: MetricsService;
  /** The request's scope: every route applies it to every query it runs. */
  scopeOf: (req: Request) => Scope;
  /** Whether routes cache answers (by data version, request and scope). */
  cache: boolean;
  /** Time budget of one query, ms. */
  budgetMs: number;
  /** The listed dimensions' values a scope may ask for (meta.ts). */
  values: ValuesOf;
}

/** Vite's output names: /assets/<name>-<hash>.<ext>, the hash 8 or more characters of [A-Za-z0-9_-]. */
const HASHED_ASSET = /^\/assets\/[^/]+-[\w-]{8,}\.\w+$/;

const langOf = (url: string): 'zh' | 'en' => (new URL(url).searchParams.get('lang') === 'en' ? 'en' : 'zh');

export function createApp(opts: AppOptions) {
  const ctx: AppContext = {
    db: opts.db,
    values: valuesOf({ db: opts.db }),
    info: new DataInfoService(opts.db),
    metrics: new MetricsService(opts.db, { rowCap: opts.rowCap ?? 50_000, budgetMs: opts.budgetMs ?? 10_000, cache: opts.cache ?? true }),
    scopeOf: opts.scope ?? (() => OPEN_SCOPE),
    cache: opts.cache ?? true,
    budgetMs: opts.budgetMs ?? 10_000,
  };
  const app = new Hono();

  // How long the server spent on each API answer, for the browser's resource timings and DevTools.
  app.use('/api/*', async (c, next) => {
    const t0 = performance.now();
    await next();
    c.header('Server-Timing', `app;dur=${(performance.now() - t0).toFixed(1)}`, { append: true });
  });
  const health = healthOf(ctx);
  const meta = metaOf(ctx);
  app.route('/api', healthRoute(ctx, health));
  app.route('/api', metaRoute(ctx, meta));
  app.route('/api', metricsRoute(ctx));
  app.route('/api', valuesRoute(ctx));
  app.route('/api', sessionsRoute(ctx));
  app.route('/api', hubsRoute(ctx));
  app.route('/api', compareRoute(ctx));
  app.route('/api', benchmarkRoute(ctx));
  app.route('/api', basesRoute(ctx));
  // The PDF prints the app's own report page, every request of it answered in-process.
  app.route('/api', baseReportRoute({ staticDir: opts.staticDir, chromium: opts.chromium, fetchSelf: async (r) => app.fetch(r) }));
  app.route('/api', ingestRoute(ctx, { maxUploadMb: opts.maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB, ingest: opts.ingest, host: opts.host }));
  app.route('/api', datasetsRoute(ctx, { host: opts.host }));
  app.route('/api', exportRoute(ctx));
  app.get('/api/openapi.json', (c) => c.json(openapiDocument()));
  app.all('/api/*', (c) => {
    throw new AppError('not_found', `No API endpoint ${c.req.method} ${c.req.path}. See /api/openapi.json.`,
      `没有接口 ${c.req.method} ${c.req.path}。参见 /api/openapi.json。`, 404);
  });

  if (opts.staticDir && existsSync(opts.staticDir)) {
    // Built assets carry a content hash in their names: a browser may keep them for good, so a
    // second visit compiles the chart library from its cache without asking. The app shell
    // (index.html, any other path) is asked for every time, so a new build shows at once.
    app.use('/*', async (c, next) => {
      await next();
      if (c.res.status !== 200 || c.req.path.startsWith('/api/')) return;
      // A missing asset gets the shell (the fallback below): that answer must not be kept for good.
      const asset = HASHED_ASSET.test(c.req.path) && !c.res.headers.get('Content-Type')?.startsWith('text/html');
      c.header('Cache-Control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    // The shell carries the first health and catalog answers (shell.ts); client-side routes fall back to it.
    const shell = shellHandler({ staticDir: opts.staticDir, health, meta, scopeOf: ctx.scopeOf });
    app.get('/', shell);
    app.get('/index.html', shell);
    app.use('/*', serveStatic({ root: opts.staticDir }));
    app.get('*', shell);
  }

  app.onError((err, c) => {
    const lang = langOf(c.req.url);
    if (isAppError(err)) return c.json(err.toJSON(lang), err.status as 400);
    // Never a stack trace or a file path to the client; the server log keeps the detail.
    console.error(`[beltscope] ${c.req.method} ${c.req.path}:`, err);
    return c.json({ error: { code: 'internal', message: lang === 'zh' ? '服务器内部错误，详情见服务器日志。' : 'Internal error; the server log has the details.' } }, 500);
  });
  return { app, ctx };
}
