import { z } from 'zod';
import { DATE_HELP, LANG_HELP, dateParam, dateWindow, intHelp, invalid, parseParams, splitList, wholeNumber, type Help } from '../params.ts';
import { MAX_FILTER_VALUES } from '../../query/params.ts';

export const MAX_SESSIONS = 500;
export const DEFAULT_SESSIONS = 50;
export const MAX_OFFSET = 10_000_000;

/** Sortable columns (an allow-list: the only identifiers a request can put in ORDER BY). */
export const SESSION_SORTS = ['started_at', 'ended_at', 'gmv', 'gpm', 'conversion', 'views', 'viewers', 'buyers', 'orders', 'peak_online'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];
const SORT_VALUES = SESSION_SORTS.flatMap((s) => [s, `-${s}`]);

/** Filters: comma-separated ids, ANDed with each other and with the caller's scope. */
export const SESSION_FILTERS = ['merchant', 'belt', 'region', 'base', 'platform', 'venue'] as const;
export type SessionFilter = (typeof SESSION_FILTERS)[number];

const filter = (what: string) => z.string().max(10_000).optional().meta({ description: `Filter: comma-separated ${what}` });

/** The request schema: it validates /api/sessions and generates its OpenAPI parameters. */
export const sessionsParams = z.strictObject({
  merchant: filter('merchant ids'),
  belt: filter('belt ids'),
  region: filter('origin region codes (the belt\'s region_code)'),
  base: filter('live-stream base ids'),
  platform: filter('platform ids'),
  venue: filter('venues (base, workshop, store, studio)'),
  from: dateParam.optional().meta({ description: 'First local (Asia/Shanghai) day of started_at, inclusive (default: start of data)', example: '2025-12-01' }),
  to: dateParam.optional().meta({ description: 'Last local day of started_at, inclusive (default: end of data)', example: '2025-12-31' }),
  sort: z.enum(SORT_VALUES as [string, ...string[]]).optional()
    .meta({ description: `One of ${SESSION_SORTS.join(', ')}; prefix - for descending (default -started_at). Ties: platform_id, session_id`, example: '-gmv' }),
  limit: wholeNumber(1, MAX_SESSIONS).optional().meta({ description: `Rows to return (1–${MAX_SESSIONS}, default ${DEFAULT_SESSIONS})` }),
  offset: wholeNumber(0, MAX_OFFSET).optional().meta({ description: 'Rows to skip (default 0)' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages' }),
});

const FILTER_HELP: Help = { en: 'must be a comma-separated list of ids, at most 10,000 characters', zh: '必须是逗号分隔的ID列表，不超过 10,000 个字符' };
const HELP: Record<string, Help> = {
  ...Object.fromEntries(SESSION_FILTERS.map((f) => [f, FILTER_HELP])),
  from: DATE_HELP,
  to: DATE_HELP,
  sort: { en: `must be one of ${SESSION_SORTS.join(', ')}, with - in front for descending`, zh: `必须是 ${SESSION_SORTS.join('、')} 之一，前加 - 表示降序`, allowed: SORT_VALUES },
  limit: intHelp(1, MAX_SESSIONS),
  offset: intHelp(0, MAX_OFFSET),
  lang: LANG_HELP,
};

export interface SessionsQuery {
  filters: Partial<Record<SessionFilter, string[]>>;
  window: { from: string; to: string };
  sort: { key: SessionSort; desc: boolean };
  limit: number;
  offset: number;
}

export function parseSessionsParams(input: Record<string, string>, range: { from: string | null; to: string | null }): SessionsQuery {
  const p = parseParams(sessionsParams, input, HELP);
  const filters: SessionsQuery['filters'] = {};
  for (const f of SESSION_FILTERS) {
    const v = p[f];
    if (v === undefined) continue;
    // An empty filter (belt=) matches nothing, as in /api/metrics.
    filters[f] = splitList(v).sort();
    if (filters[f]!.length > MAX_FILTER_VALUES) {
      throw invalid(f, `At most ${MAX_FILTER_VALUES} values in the ${f} filter (got ${filters[f]!.length}).`, `筛选 ${f} 最多 ${MAX_FILTER_VALUES} 个值（实际 ${filters[f]!.length} 个）。`);
    }
  }
  const sort = p.sort ?? '-started_at';
  return {
    filters,
    window: dateWindow(p, range),
    sort: { key: sort.replace(/^-/, '') as SessionSort, desc: sort.startsWith('-') },
    limit: p.limit ?? DEFAULT_SESSIONS,
    offset: p.offset ?? 0,
  };
}

/** The detail route takes no parameter but lang. */
export const sessionDetailParams = z.strictObject({
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages' }),
});
export const parseDetailParams = (input: Record<string, string>) => parseParams(sessionDetailParams, input, { lang: LANG_HELP });
