import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { assertSingleValued, parseMetricsParams } from '../query/params.ts';
import { toArrow, toCsv } from '../query/formats.ts';
import type { AppContext } from './app.ts';

export function metricsRoute(ctx: AppContext) {
  return new Hono().get('/metrics', async (c) => {
    const info = await ctx.info.get();
    const today = new Date().toISOString().slice(0, 10);
    const range = { from: info.dataRange.from ?? today, to: info.dataRange.to ?? today };
    assertSingleValued(c.req.queries());
    const { query, format, lang } = parseMetricsParams(c.req.query(), range);
    const result = await ctx.metrics.run({ ...query, scope: ctx.scopeOf(c.req.raw) }, lang);
    const version = String(result.dataVersion);

    if (format === 'csv') {
      const url = new URL(c.req.url);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="beltscope-v${version}.csv"`);
      c.header('X-Data-Version', version);
      c.header('X-Truncated', String(result.truncated));
      return c.body(toCsv(result, lang, `${url.pathname}${url.search}`));
    }
    if (format === 'arrow') {
      const bytes = toArrow(result);
      c.header('Content-Type', 'application/vnd.apache.arrow.stream');
      c.header('X-Data-Version', version);
      c.header('X-Truncated', String(result.truncated));
      return stream(c, async (s) => { await s.write(bytes); });
    }
    const { sources: _s, ...body } = result;
    c.header('X-Data-Version', version);
    return c.json(body);
  });
}
