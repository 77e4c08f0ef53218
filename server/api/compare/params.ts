import { z } from 'zod';
import { MAX_FILTER_VALUES } from '../../query/params.ts';
import { DATE_HELP, LANG_HELP, dateParam, dateWindow, invalid, parseParams, splitList, type Help } from '../params.ts';
import { YOY_KINDS, type YoyKind } from './windows.ts';

/** Filters: comma-separated ids, ANDed with each other and with the caller's scope (as in /api/metrics). */
export const COMPARE_FILTERS = ['belt', 'platform', 'category', 'venue'] as const;
export type CompareFilter = (typeof COMPARE_FILTERS)[number];

const filter = (what: string) => z.string().max(10_000).optional().meta({ description: `Filter: comma-separated ${what}` });

/** The request schema: it validates /api/compare and generates its OpenAPI parameters. */
export const compareParams = z.strictObject({
  belt: filter('belt ids to compare (default: every belt with data in scope)'),
  platform: filter('platform ids'),
  category: filter('category ids (orders only: live-session distributions are not split by category)'),
  venue: filter('venues (base, workshop, store, studio): orders through their live session'),
  from: dateParam.optional().meta({ description: 'First local (Asia/Shanghai) day of the window, inclusive (default: start of data)', example: '2025-11-01' }),
  to: dateParam.optional().meta({ description: 'Last local day of the window, inclusive (default: end of data)', example: '2026-10-31' }),
  compare: z.enum(YOY_KINDS).optional().meta({
    description: 'What growth.yoy (同比) compares with: previous_year (default) or previous_year_lunar (the window moved back by the days '
      + 'between the Spring Festival nearest its middle and the one of the year before)',
  }),
  format: z.enum(['json', 'csv']).optional().meta({ description: 'json (default) or csv: one row per belt with its flat figures, headers in lang (the histograms stay in the JSON)' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages, notes and CSV headers' }),
});

const FILTER_HELP: Help = { en: 'must be a comma-separated list of ids, at most 10,000 characters', zh: '必须是逗号分隔的ID列表，不超过 10,000 个字符' };
const HELP: Record<string, Help> = {
  ...Object.fromEntries(COMPARE_FILTERS.map((f) => [f, FILTER_HELP])),
  from: DATE_HELP,
  to: DATE_HELP,
  compare: { en: `must be one of ${YOY_KINDS.join(', ')}`, zh: `必须是 ${YOY_KINDS.join('、')} 之一`, allowed: YOY_KINDS },
  format: { en: 'must be json or csv', zh: '必须是 json 或 csv', allowed: ['json', 'csv'] },
  lang: LANG_HELP,
};

export interface CompareQuery {
  filters: Partial<Record<CompareFilter, string[]>>;
  window: { from: string; to: string };
  compare: YoyKind;
  format: 'json' | 'csv';
  lang: 'zh' | 'en';
}

export function parseCompareParams(input: Record<string, string>, range: { from: string | null; to: string | null }): CompareQuery {
  const p = parseParams(compareParams, input, HELP);
  const filters: CompareQuery['filters'] = {};
  for (const f of COMPARE_FILTERS) {
    const v = p[f];
    if (v === undefined) continue;
    // An empty filter (belt=) matches nothing, as in /api/metrics. Belts keep the order asked for.
    filters[f] = f === 'belt' ? splitList(v) : splitList(v).sort();
    if (filters[f]!.length > MAX_FILTER_VALUES) {
      throw invalid(f, `At most ${MAX_FILTER_VALUES} values in the ${f} filter (got ${filters[f]!.length}).`, `筛选 ${f} 最多 ${MAX_FILTER_VALUES} 个值（实际 ${filters[f]!.length} 个）。`);
    }
  }
  return { filters, window: dateWindow(p, range), compare: p.compare ?? 'previous_year', format: p.format ?? 'json', lang: p.lang ?? 'zh' };
}
