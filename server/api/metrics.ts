import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { assertSingleValued, parseMetricsParams } from '../query/params.ts';
import { exportTable, partialPeriodsLine, toArrow, toCsv } from '../query/formats.ts';
import { toXlsxStream, XLSX_TYPE } from '../query/xlsx.ts';
import type { AppContext } from './app.ts';
import { exportLabels } from './exportLabels.ts';
import type { MetricsQuery } from '../query/plan.ts';
import { assertListedValues } from './meta.ts';
import { withComparisonCoverage } from '../query/coverage.ts';

/**
 * A download's file name says what it holds, so a page's several downloads do not overwrite one
 * another: beltscope-gmv+orders-by-belt-month-v12.csv. Ids are catalog ids ([a-z0-9_]), safe in a name.
 */
export function downloadName(q: Pick<MetricsQuery, 'measures' | 'by' | 'grain'>, version: string, ext: string): string {
  const measures = q.measures.length > 3 ? [...q.measures.slice(0, 3), `${q.measures.length - 3}more`] : q.measures;
  const by = q.by.length ? `-by-${q.by.join('+')}` : '';
  return `beltscope-${measures.join('+')}${by}${q.grain ? `-${q.grain}` : ''}-v${version}.${ext}`;
}

export function metricsRoute(ctx: AppContext) {
  return new Hono().get('/metrics', async (c) => {
    const info = await ctx.info.get();
    const today = new Date().toISOString().slice(0, 10);
    const range = { from: info.dataRange.from ?? today, to: info.dataRange.to ?? today };
    assertSingleValued(c.req.queries());
    const { query, format, lang } = parseMetricsParams(c.req.query(), range);
    const scope = ctx.scopeOf(c.req.raw);
    await assertListedValues(ctx, scope, query.filters);
    // Whether the answer was in the result cache (or already running) when asked: DevTools and the paint bench show it.
    c.header('Server-Timing', `cache;desc=${ctx.metrics.cached({ ...query, scope }, lang) ? 'hit' : 'miss'}`, { append: true });
    const answer = await ctx.metrics.run({ ...query, scope }, lang);
    const beltStarts = answer.comparison ? await ctx.info.beltStarts() : {};
    const result = withComparisonCoverage(answer, query.window, query.grain, { data: range, beltStarts }, query.filters.belt, lang);
    const version = String(result.dataVersion);
    c.header('X-Data-Version', version);

    if (format === 'csv' || format === 'xlsx') {
      const url = new URL(c.req.url);
      const table = exportTable(result, await exportLabels(ctx, result, scope, lang), lang, `${url.pathname}${url.search}`,
        [partialPeriodsLine(result, query.grain, query.window, range, lang)]);
      c.header('Content-Disposition', `attachment; filename="${downloadName(query, version, format)}"`);
      c.header('X-Truncated', String(result.truncated));
      if (format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        return c.body(toCsv(table));
      }
      c.header('Content-Type', XLSX_TYPE);
      return c.body(toXlsxStream(table, lang));
    }
    if (format === 'arrow') {
      const bytes = await toArrow(result);
      c.header('Content-Type', 'application/vnd.apache.arrow.stream');
      // .arrows: Arrow's name for the IPC stream format (.arrow is its file format, which file readers expect).
      c.header('Content-Disposition', `attachment; filename="${downloadName(query, version, 'arrows')}"`);
      c.header('X-Truncated', String(result.truncated));
      return stream(c, async (s) => { await s.write(bytes); });
    }
    const { sources: _s, ...body } = result;
    return c.json(body);
  });
}
