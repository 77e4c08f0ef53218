import { z } from 'zod';
import { DIMENSION_BY_ID, DIMENSION_IDS, DIMENSIONS } from '../../catalog/dimensions.ts';
import { binding } from '../../catalog/facts.ts';
import { MEASURE_BY_ID, MEASURE_IDS } from '../../catalog/measures.ts';
import { GRAINS } from '../../catalog/types.ts';
import { AppError } from '../../lib/errors.ts';
import type { MetricsQuery } from './plan.ts';
import { COMPARE_KINDS, isValidDate } from './window.ts';

export const MAX_BY = 3;
export const MAX_LIMIT = 10_000;
export const FORMATS = ['json', 'csv', 'xlsx', 'arrow'] as const;
export const COMPARES = COMPARE_KINDS;

export const MAX_FILTER_VALUES = 1000;
export const DATE_BOUNDS = { from: '1970-01-01', to: '2100-12-31' } as const;

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const date = z.string().refine((d) => isValidDate(d) && d >= DATE_BOUNDS.from && d <= DATE_BOUNDS.to);

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
  compare: z.enum(COMPARES).optional().meta({
    description: 'Adds <measure>_prev and <measure>_change. previous_year_lunar (同比 by the lunar calendar): the window moves back by the days '
      + 'between the Spring Festival nearest its middle and the one of the year before (2025: 354 days), so the festival meets the festival',
  }),
  format: z.enum(FORMATS).optional().meta({ description: 'json (default), csv (UTF-8 with BOM), xlsx (Excel workbook) or arrow (IPC stream). CSV and XLSX put each dimension\'s label in `lang` beside its id and round values to their measure\'s `decimals` (/api/meta); JSON and Arrow keep full precision' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of CSV and XLSX headers and value labels, and of error messages' }),
  ...Object.fromEntries(DIMENSIONS.map((d) => [d.id,
    z.string().max(10_000).optional().meta({ description: `Filter: comma-separated ${d.id} ids${d.valuesSql && !d.unlistedIds
      ? `; an id the caller's /api/meta does not list (values.${d.id}) is a 400` : '; an unknown id matches nothing'}` })])),
});

export type RawMetricsParams = z.infer<typeof metricsParams>;

const bad = (param: string, message: string, messageZh: string, allowed?: readonly string[]) =>
  new AppError('invalid_param', message, messageZh, 400, { param, ...(allowed ? { allowed } : {}) });

/** What a valid value of each parameter looks like, in words a user can act on. */
const HELP: Record<string, { en: string; zh: string; allowed?: readonly string[] }> = {
  measures: { en: 'is required: name one or more measures, e.g. measures=gmv,gpm', zh: '为必填项：请指定一个或多个指标，如 measures=gmv,gpm', allowed: MEASURE_IDS },
  grain: { en: `must be one of ${GRAINS.join(', ')}`, zh: `必须是 ${GRAINS.join('、')} 之一`, allowed: GRAINS },
  from: { en: `must be a day of the calendar written YYYY-MM-DD (2026-02-30 is not one), from ${DATE_BOUNDS.from} to ${DATE_BOUNDS.to}`, zh: `必须是日历上存在的日期，写作 YYYY-MM-DD（如 2026-02-30 不存在），范围 ${DATE_BOUNDS.from} 至 ${DATE_BOUNDS.to}` },
  limit: { en: `must be a whole number from 1 to ${MAX_LIMIT}`, zh: `必须是 1 到 ${MAX_LIMIT} 之间的整数` },
  compare: { en: `must be one of ${COMPARES.join(', ')}`, zh: `必须是 ${COMPARES.join('、')} 之一`, allowed: COMPARES },
  format: { en: `must be one of ${FORMATS.join(', ')}`, zh: `必须是 ${FORMATS.join('、')} 之一`, allowed: FORMATS },
  lang: { en: 'must be zh or en', zh: '必须是 zh 或 en', allowed: ['zh', 'en'] },
};
HELP.to = HELP.from;
const FILTER_HELP = { en: 'must be a comma-separated list of ids, at most 10,000 characters', zh: '必须是逗号分隔的ID列表，不超过 10,000 个字符' };

/** A parameter given twice is ambiguous: refuse it rather than silently use one of the values. */
export function assertSingleValued(queries: Record<string, string[]>): void {
  for (const [k, v] of Object.entries(queries)) {
    if (v.length > 1) throw bad(k, `Parameter "${k}" is given ${v.length} times; give it once (lists are comma-separated: ${k}=a,b).`, `参数 "${k}" 出现了 ${v.length} 次；请只给一次（多个值用逗号分隔：${k}=a,b)。`);
  }
}

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
    const help = HELP[param] ?? FILTER_HELP;
    throw bad(param, `Parameter "${param}" ${help.en}.`, `参数 "${param}" ${help.zh}。`, HELP[param]?.allowed);
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
      throw bad('by', `"${d}" is a time grain: pass it as grain=${d}, not in by.`, `"${d}" 是时间粒度：请用 grain=${d}，不要放在 by 中。`, DIMENSION_IDS);
    }
    if (!DIMENSION_BY_ID.has(d)) throw bad('by', `Unknown dimension "${d}".`, `未知维度 "${d}"。`, DIMENSION_IDS);
  }
  if (by.length > MAX_BY) throw bad('by', `At most ${MAX_BY} dimensions in by (got ${by.length}).`, `by 最多 ${MAX_BY} 个维度（实际 ${by.length} 个）。`);
  for (const d of by) {
    const cannot = measures.filter((m) => !binding(MEASURE_BY_ID.get(m)!.fact, d));
    if (cannot.length) {
      const fact = MEASURE_BY_ID.get(cannot[0])!.fact;
      throw bad('by', `Dimension "${d}" cannot split ${cannot.join(', ')}: those measures come from ${fact}, which has no ${d}.`,
        `维度 "${d}" 无法拆分指标 ${cannot.join('、')}：它们来自 ${fact}，没有 ${d} 维度。`);
    }
    for (const m of measures) {
      const notBy = MEASURE_BY_ID.get(m)!.notBy;
      if (notBy?.dims.includes(d)) {
        throw bad('by', `Measure "${m}" cannot be split by "${d}": ${notBy.why.en}.`, `指标 "${m}" 不能按 "${d}" 拆分：${notBy.why.zh}。`);
      }
    }
  }

  const from = p.from ?? dataRange.from;
  const to = p.to ?? dataRange.to;
  if (from > to) {
    // Name the parameter the user gave; say where the other one came from.
    const param = p.from ? 'from' : 'to';
    const note = !p.from ? ' (from defaults to the start of the data)' : !p.to ? ' (to defaults to the end of the data)' : '';
    const noteZh = !p.from ? '(from 默认为数据起始日）' : !p.to ? '(to 默认为数据截止日）' : '';
    throw bad(param, `from (${from}) is after to (${to})${note}.`, `起始日期 (${from}) 晚于结束日期 (${to})${noteZh}。`);
  }

  let sort: MetricsQuery['sort'] = null;
  if (p.sort) {
    const desc = p.sort.startsWith('-');
    const key = p.sort.replace(/^[-+]/, '');
    const allowed = [...measures, ...by];
    if (!allowed.includes(key)) throw bad('sort', `Cannot sort by "${key}": sort by a requested measure or by dimension.`, `无法按 "${key}" 排序：只能按所请求的指标或维度排序。`, allowed);
    sort = { key, desc };
  }

  const filters: Record<string, string[]> = {};
  for (const id of DIMENSION_IDS) {
    const v = p[id];
    if (v === undefined) continue;
    filters[id] = [...new Set(list(v))];
    if (filters[id].length > MAX_FILTER_VALUES) {
      throw bad(id, `At most ${MAX_FILTER_VALUES} values in the ${id} filter (got ${filters[id].length}).`, `筛选 ${id} 最多 ${MAX_FILTER_VALUES} 个值（实际 ${filters[id].length} 个）。`);
    }
  }
  // An empty filter (belt=) matches nothing; keep it so the result is honestly empty.
  const query: MetricsQuery = {
    measures, by, grain: p.grain ?? null, window: { from, to }, filters, sort,
    limit: p.limit ?? null, compare: p.compare ?? null,
  };
  return { query, format: p.format ?? 'json', lang: p.lang ?? 'zh' } as const;
}
