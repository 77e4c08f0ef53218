import { z } from 'zod';
import { DIMENSION_BY_ID, DIMENSION_IDS } from '../catalog/dimensions.ts';
import { MEASURE_BY_ID, MEASURE_IDS } from '../catalog/measures.ts';
import { GRAINS } from '../catalog/types.ts';
import { AppError } from '../errors.ts';
import type { MetricsQuery } from './plan.ts';
import { isValidDate } from './window.ts';

export const MAX_BY = 3;
export const MAX_LIMIT = 10_000;
export const FORMATS = ['json', 'csv', 'arrow'] as const;
export const COMPARES = ['previous_period', 'previous_year'] as const;

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const date = z.string().refine(isValidDate, { message: 'must be a date written YYYY-MM-DD' });

/** The request schema: it validates /api/metrics and generates its OpenAPI parameters. */
export const metricsParams = z.strictObject({
  measures: z.string().meta({ description: `Comma-separated measure ids: ${MEASURE_IDS.join(', ')}`, example: 'gmv,gpm' }),
  by: z.string().optional().meta({ description: `Up to ${MAX_BY} comma-separated dimensions: ${DIMENSION_IDS.join(', ')}`, example: 'belt,platform' }),
  grain: z.enum(GRAINS).optional().meta({ description: 'Adds a time column (Asia/Shanghai; weeks start Monday) named after the grain' }),
  from: date.optional().meta({ description: 'First local date, inclusive (default: start of data)', example: '2025-01-01' }),
  to: date.optional().meta({ description: 'Last local date, inclusive (default: end of data)', example: '2025-12-31' }),
  sort: z.string().optional().meta({ description: 'A requested measure or dimension; prefix - for descending', example: '-gmv' }),
  limit: z.string().regex(/^\d{1,6}$/, { message: 'must be a whole number' })
    .transform(Number).pipe(z.number().int().min(1).max(MAX_LIMIT)).optional()
    .meta({ description: `Keep the top N groups (1–${MAX_LIMIT}); every time bucket of each kept group is returned` }),
  compare: z.enum(COMPARES).optional().meta({ description: 'Adds <measure>_prev and <measure>_change' }),
  format: z.enum(FORMATS).optional().meta({ description: 'json (default), csv (UTF-8 with BOM) or arrow (IPC stream)' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of CSV headers and error messages' }),
  ...Object.fromEntries(DIMENSION_IDS.map((id) => [id,
    z.string().max(10_000).optional().meta({ description: `Filter: comma-separated ${id} ids` })])),
});

export type RawMetricsParams = z.infer<typeof metricsParams>;

const bad = (param: string, message: string, messageZh: string, allowed?: readonly string[]) =>
  new AppError('invalid_param', message, messageZh, 400, { param, ...(allowed ? { allowed } : {}) });

/** Parse query-string parameters into a MetricsQuery, or throw an AppError naming the parameter. */
export function parseMetricsParams(input: Record<string, string>, dataRange: { from: string; to: string }) {
  const r = metricsParams.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      throw bad(key, `Unknown parameter "${key}".`, `未知参数 "${key}"。`, Object.keys(metricsParams.shape));
    }
    const param = String(issue.path[0] ?? '');
    const allowed = param === 'grain' ? GRAINS : param === 'format' ? FORMATS : param === 'compare' ? COMPARES : param === 'lang' ? ['zh', 'en'] : undefined;
    const what = issue.code === 'invalid_type' ? 'is required' : issue.message;
    throw bad(param, `Parameter "${param}" ${what}.`, `参数 "${param}" 无效:${what}。`, allowed);
  }
  const p = r.data as RawMetricsParams & Record<string, string | undefined>;

  const measures = [...new Set(list(p.measures))];
  if (!measures.length) throw bad('measures', 'Name at least one measure.', '请至少指定一个指标。', MEASURE_IDS);
  for (const m of measures) {
    if (!MEASURE_IDS.includes(m)) throw bad('measures', `Unknown measure "${m}".`, `未知指标 "${m}"。`, MEASURE_IDS);
  }
  const by = [...new Set(list(p.by ?? ''))];
  for (const d of by) {
    if ((GRAINS as readonly string[]).includes(d)) {
      throw bad('by', `"${d}" is a time grain: pass it as grain=${d}, not in by.`, `"${d}" 是时间粒度:请用 grain=${d},不要放在 by 中。`, DIMENSION_IDS);
    }
    if (!DIMENSION_BY_ID.has(d)) throw bad('by', `Unknown dimension "${d}".`, `未知维度 "${d}"。`, DIMENSION_IDS);
  }
  if (by.length > MAX_BY) throw bad('by', `At most ${MAX_BY} dimensions in by (got ${by.length}).`, `by 最多 ${MAX_BY} 个维度(实际 ${by.length} 个)。`);
  for (const d of by) {
    const dim = DIMENSION_BY_ID.get(d)!;
    const cannot = measures.filter((m) => !dim.facts[MEASURE_BY_ID.get(m)!.fact]);
    if (cannot.length) {
      throw bad('by', `Dimension "${d}" cannot split ${cannot.join(', ')}: those measures come from ${MEASURE_BY_ID.get(cannot[0])!.fact}, which has no ${d}.`,
        `维度 "${d}" 无法拆分指标 ${cannot.join('、')}。`, Object.keys(dim.facts).length ? undefined : DIMENSION_IDS);
    }
  }

  const from = p.from ?? dataRange.from;
  const to = p.to ?? dataRange.to;
  if (from > to) throw bad('from', `from (${from}) is after to (${to}).`, `起始日期 (${from}) 晚于结束日期 (${to})。`);

  let sort: MetricsQuery['sort'] = null;
  if (p.sort) {
    const desc = p.sort.startsWith('-');
    const key = p.sort.replace(/^[-+]/, '');
    const allowed = [...measures, ...by];
    if (!allowed.includes(key)) throw bad('sort', `Cannot sort by "${key}": sort by a requested measure or by dimension.`, `无法按 "${key}" 排序:只能按所请求的指标或维度排序。`, allowed);
    sort = { key, desc };
  }

  const filters: Record<string, string[]> = {};
  for (const id of DIMENSION_IDS) {
    const v = p[id];
    if (v !== undefined) filters[id] = [...new Set(list(v))].slice(0, 1000);
  }
  // An empty filter (belt=) matches nothing; keep it so the result is honestly empty.
  const query: MetricsQuery = {
    measures, by, grain: p.grain ?? null, window: { from, to }, filters, sort,
    limit: p.limit ?? null, compare: p.compare ?? null,
  };
  return { query, format: p.format ?? 'json', lang: p.lang ?? 'zh' } as const;
}
