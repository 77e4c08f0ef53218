import { Hono } from 'hono';
import { MEASURE_BY_ID } from '../../../catalog/measures.ts';
import type { Row, SqlParams } from '../../../db/database.ts';
import { AppError } from '../../../lib/errors.ts';
import { VersionedCache } from '../../query/cache.ts';
import { assertSingleValued } from '../../query/params.ts';
import { scopeKey, type Scope } from '../../query/scope.ts';
import type { AppContext } from '../app.ts';
import type { BenchmarkMeasure, BenchmarkResponse } from '../schemas/benchmark.ts';
import { allowedValues } from '../scopeSql.ts';
import { toCsv } from '../../query/formats.ts';
import { benchmarkTable } from './csv.ts';
import { parseBenchmarkParams } from './params.ts';
import { BENCHMARK_FACTS, BENCHMARK_MEASURES, benchmarkStatement, type BenchmarkFact } from './sql.ts';

/** A merchant id as part of a file name: anything but letters, digits, - and _ becomes _ (ids are the user's). */
const safeName = (id: string) => id.replace(/[^\w-]/g, '_').slice(0, 60);

/** The fewest peers with a value whose quantiles are shown, whatever the scope says. */
export const MIN_PEERS = 5;

const num = (v: Row[string] | undefined): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
const FACT_OF = new Map<string, BenchmarkFact>(BENCHMARK_FACTS.flatMap((f) => BENCHMARK_MEASURES[f].map((id) => [id, f] as const)));

const NO_ROWS: Record<BenchmarkFact, { zh: string; en: string }> = {
  orders: { zh: '该商家在所选时段内没有订单', en: 'The merchant has no orders in the window' },
  live_sessions: { zh: '该商家在所选时段内没有直播场次', en: 'The merchant has no live sessions in the window' },
};
/** A ratio over rows whose denominator sums to 0 (no views, no viewers, no GMV): the catalog's nullif. */
const ZERO_BASE = {
  zh: '无法计算：所选时段内该指标的分母为 0（如观看次数为 0）',
  en: 'Cannot be computed: its denominator is 0 in the window (e.g. no views)',
};
// Not how many: with one peer in a short window, the count alone would say whether it sold.
const tooFew = (min: number) => ({
  zh: `产业带内有该指标数值的同行商家少于 ${min} 个，不显示同行人数、分位数与排名，以免识别出单个商家`,
  en: `Fewer than ${min} peer merchants in the belt have a value, so the peer count, quantiles and rank are hidden: no single merchant can be identified`,
});

/**
 * Whether the caller may see this merchant's own figures: its own account (the merchant in the
 * scope's rows), or an account that sees merchants one by one (names shown, no minimum cohort),
 * as /api/metrics?by=merchant would show them. A bureau's or researcher's scope without merchant
 * names, or with a minimum cohort, would otherwise read any merchant's figures one id at a time.
 */
const mayBenchmark = (scope: Scope, merchant: string) =>
  scope.rows.merchant?.includes(merchant) || (scope.merchantNames && scope.minCohort === 0);
const leftOut = (n: number, why: { zh: string; en: string } | undefined) => ({
  zh: `${n} 个同行商家没有该指标数值，未计入${why ? `（${why.zh}）` : ''}`,
  en: `Peers without a value, left out: ${n}${why ? ` (${why.en})` : ''}`,
});

/**
 * GET /api/benchmark: one merchant against the anonymous other merchants of its belt. The
 * merchant must be the caller's to see one by one (mayBenchmark; else 404, the same as an unknown id); its peers
 * are not the caller's to see one by one, so only aggregates over at least max(5, the scope's
 * minimum cohort) of them leave the server.
 */
export function benchmarkRoute(ctx: AppContext) {
  const cache = new VersionedCache<BenchmarkResponse | 'missing'>(ctx.cache);
  return new Hono().get('/benchmark', async (c) => {
    assertSingleValued(c.req.queries());
    const info = await ctx.info.get();
    const query = parseBenchmarkParams(c.req.query(), info.dataRange);
    const { format, ...asked } = query; // one body for both formats
    const { lang, merchant, window } = asked;
    const scope = ctx.scopeOf(c.req.raw);
    const minPeers = Math.max(MIN_PEERS, scope.minCohort);
    const key = `${scopeKey(scope)}|${JSON.stringify(asked)}`;
    const body = await cache.get(ctx.db.dataVersion, key, async () => {
      if (!mayBenchmark(scope, merchant)) return 'missing';
      const { result, dataVersion } = await ctx.db.stableRead(async (run) => {
        const params: SqlParams = { m: merchant };
        const allowed = allowedValues('merchant', scope, params);
        const [found] = await run(`SELECT belt_id FROM merchants WHERE merchant_id = $m${allowed ? ` AND merchant_id IN (${allowed})` : ''}`, params);
        if (!found) return null;
        const belt = String(found.belt_id);
        const s = benchmarkStatement(merchant, belt, window, scope, minPeers);
        return { belt, rows: await run(s.sql, s.params) };
      }, ctx.budgetMs);
      if (!result) return 'missing';
      const measures = result.rows.map((r): BenchmarkMeasure => {
        const id = String(r.measure);
        const fact = FACT_OF.get(id)!;
        const value = num(r.value);
        const nullWhen = MEASURE_BY_ID.get(id)!.nullWhen;
        // The catalog's note only when a row lacked what the measure needs; else a null is a 0 denominator.
        const hasRows = r.has_rows === true;
        const valueNote = !hasRows ? NO_ROWS[fact] : value !== null ? undefined : (num(r.unknown) ?? 0) > 0 ? nullWhen : ZERO_BASE;
        const peers = num(r.peers) ?? 0;
        const withValue = num(r.with_value) ?? 0;
        const hidden = withValue < minPeers;
        const peerNote = hidden ? tooFew(minPeers) : peers > withValue ? leftOut(peers - withValue, nullWhen) : undefined;
        return {
          id, fact, has_rows: hasRows, value, value_note: valueNote?.[lang] ?? null,
          peers: hidden ? null : peers, with_value: hidden ? null : withValue,
          p25: num(r.p25), p50: num(r.p50), p75: num(r.p75), rank: num(r.rank), peer_note: peerNote?.[lang] ?? null,
        };
      });
      return {
        merchant_id: merchant, belt_id: result.belt, window, min_peers: minPeers, measures,
        notes: [lang === 'zh'
          ? `同行 = 同一产业带内、所选时段有订单（订单类指标）或有直播场次（场次类指标）的其他商家；只显示至少 ${minPeers} 个同行的汇总，不显示任何同行的名称或单个数值`
          : `Peers = the other merchants of the belt with orders (order measures) or live sessions (session measures) in the window; only aggregates over at least ${minPeers} peers are shown, never a peer's name or own value`],
        dataVersion,
      } satisfies BenchmarkResponse;
    });
    if (body === 'missing') {
      // Outside the scope is the same as absent: the answer must not tell them apart.
      throw new AppError('not_found', `No merchant "${merchant}" (or it is outside what this account may see).`,
        `没有商家 "${merchant}"（或不在此账户的可见范围内）。`, 404, { param: 'merchant' });
    }
    c.header('X-Data-Version', String(body.dataVersion));
    if (format === 'csv') {
      const url = new URL(c.req.url);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="beltscope-benchmark-${safeName(merchant)}-${body.window.from}_${body.window.to}-v${body.dataVersion}.csv"`);
      return c.body(toCsv(benchmarkTable(body, lang, `${url.pathname}${url.search}`)));
    }
    return c.json(body);
  });
}
