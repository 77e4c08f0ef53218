import { z } from 'zod';
import { MAX_FILTER_VALUES } from '../../query/params.ts';
import { addDays } from '../../query/window.ts';
import { DATE_HELP, LANG_HELP, dateParam, invalid, parseParams, splitList, trailingWindow, type Help } from '../params.ts';

const common = {
  from: dateParam.optional().meta({ description: 'First local (Asia/Shanghai) day of the window, inclusive (default: 364 days before `to`)', example: '2025-11-01' }),
  to: dateParam.optional().meta({ description: 'Last local day of the window, inclusive (default: the data\'s last day)', example: '2026-10-31' }),
  profile: z.string().regex(/^[a-z0-9-]{1,64}$/).optional()
    .meta({ description: 'Assessment profile: a file of data/reference/base-profiles/ (default: demo for the demo database, shenzhen-2023 otherwise)', example: 'shenzhen-2023' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages' }),
};

/** GET /api/bases */
export const basesParams = z.strictObject({
  belt: z.string().max(10_000).optional().meta({ description: 'Filter: comma-separated belt ids' }),
  ...common,
});
/** GET /api/bases/{id} */
export const baseDetailParams = z.strictObject(common);

const HELP: Record<string, Help> = {
  belt: { en: 'must be a comma-separated list of belt ids, at most 10,000 characters', zh: '必须是逗号分隔的产业带ID列表，不超过 10,000 个字符' },
  from: DATE_HELP,
  to: DATE_HELP,
  profile: { en: 'must be a profile id: lower-case letters, digits and -', zh: '必须是评估标准ID：小写字母、数字和 -' },
  lang: LANG_HELP,
};

export interface BasesQuery {
  belts: string[] | null;
  window: { from: string; to: string };
  /** The previous period of the same length, ending the day before `from` (anchor churn). */
  previous: { from: string; to: string };
  profile: string | null;
}

/** The window and the previous period of the same length (anchor churn). */
function window(p: { from?: string; to?: string }, range: { from: string | null; to: string | null }) {
  const { from, to } = trailingWindow(p, range);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return { window: { from, to }, previous: { from: addDays(from, -days), to: addDays(from, -1) } };
}

export function parseBasesParams(input: Record<string, string>, range: { from: string | null; to: string | null }): BasesQuery {
  const p = parseParams(basesParams, input, HELP);
  let belts: string[] | null = null;
  if (p.belt !== undefined) {
    belts = splitList(p.belt).sort();
    if (belts.length > MAX_FILTER_VALUES) {
      throw invalid('belt', `At most ${MAX_FILTER_VALUES} values in the belt filter (got ${belts.length}).`, `筛选 belt 最多 ${MAX_FILTER_VALUES} 个值（实际 ${belts.length} 个）。`);
    }
  }
  return { belts, ...window(p, range), profile: p.profile ?? null };
}

export function parseBaseDetailParams(input: Record<string, string>, range: { from: string | null; to: string | null }): BasesQuery {
  const p = parseParams(baseDetailParams, input, HELP);
  return { belts: null, ...window(p, range), profile: p.profile ?? null };
}
