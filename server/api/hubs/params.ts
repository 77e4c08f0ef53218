import { z } from 'zod';
import { MAX_FILTER_VALUES } from '../../query/params.ts';
import { DATE_HELP, LANG_HELP, dateParam, dateWindow, invalid, parseParams, splitList, type Help } from '../params.ts';

/** The request schema: it validates /api/hubs and generates its OpenAPI parameters. */
export const hubsParams = z.strictObject({
  belt: z.string().max(10_000).optional().meta({ description: 'Filter: comma-separated belt ids (the belt of the orders)' }),
  from: dateParam.optional().meta({ description: 'First local (Asia/Shanghai) day of paid_at, inclusive (default: start of data)', example: '2025-11-01' }),
  to: dateParam.optional().meta({ description: 'Last local day of paid_at, inclusive (default: end of data)', example: '2026-10-31' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages' }),
});

const HELP: Record<string, Help> = {
  belt: { en: 'must be a comma-separated list of belt ids, at most 10,000 characters', zh: '必须是逗号分隔的产业带ID列表，不超过 10,000 个字符' },
  from: DATE_HELP,
  to: DATE_HELP,
  lang: LANG_HELP,
};

export interface HubsQuery { belts: string[] | null; window: { from: string; to: string } }

export function parseHubsParams(input: Record<string, string>, range: { from: string | null; to: string | null }): HubsQuery {
  const p = parseParams(hubsParams, input, HELP);
  // An empty filter (belt=) matches nothing, as in /api/metrics.
  const belts = p.belt === undefined ? null : splitList(p.belt).sort();
  if (belts && belts.length > MAX_FILTER_VALUES) {
    throw invalid('belt', `At most ${MAX_FILTER_VALUES} values in the belt filter (got ${belts.length}).`, `筛选 belt 最多 ${MAX_FILTER_VALUES} 个值（实际 ${belts.length} 个）。`);
  }
  return { belts, window: dateWindow(p, range) };
}
