import { z } from 'zod';
import { DIMENSIONS } from '../../../catalog/dimensions.ts';
import { LANG_HELP, intHelp, invalid, parseParams, splitList, wholeNumber, type Help } from '../params.ts';

export const MAX_VALUES = 200;
export const DEFAULT_VALUES = 20;

/** Dimensions whose values can be searched: those the catalog lists or gives search SQL for. */
export const SEARCHABLE = DIMENSIONS.filter((d) => d.searchSql ?? d.valuesSql).map((d) => d.id) as [string, ...string[]];

/** The request schema: it validates /api/values and generates its OpenAPI parameters. */
export const valuesParams = z.strictObject({
  dimension: z.enum(SEARCHABLE).meta({ description: `The dimension whose values to find: ${SEARCHABLE.join(', ')}`, example: 'merchant' }),
  q: z.string().max(200).optional()
    .meta({ description: 'Case-insensitive substring of the id or of the Chinese or English label', example: '青花' }),
  ids: z.string().max(20_000).optional()
    .meta({ description: `Comma-separated ids (at most ${MAX_VALUES}): exactly these values, e.g. to label leaderboard rows` }),
  limit: wholeNumber(1, MAX_VALUES).optional()
    .meta({ description: `At most this many values (1–${MAX_VALUES}; default ${DEFAULT_VALUES}, or every id asked for with ids)` }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of the ordering by label and of error messages' }),
});

const HELP: Record<string, Help> = {
  dimension: { en: `must name a dimension with values: one of ${SEARCHABLE.join(', ')}`, zh: `必须是可查询取值的维度：${SEARCHABLE.join('、')} 之一`, allowed: SEARCHABLE },
  q: { en: 'must be at most 200 characters', zh: '不能超过 200 个字符' },
  ids: { en: 'must be a comma-separated list of ids, at most 20,000 characters', zh: '必须是逗号分隔的ID列表，不超过 20,000 个字符' },
  limit: intHelp(1, MAX_VALUES),
  lang: LANG_HELP,
};

export interface ValuesQuery {
  dimension: string;
  /** Substring to find (absent or empty: every value). */
  q: string | null;
  /** Exactly these ids (an empty list matches nothing). */
  ids: string[] | null;
  limit: number;
  lang: 'zh' | 'en';
}

export function parseValuesParams(input: Record<string, string>): ValuesQuery {
  const p = parseParams(valuesParams, input, HELP);
  const ids = p.ids === undefined ? null : splitList(p.ids);
  if (ids && ids.length > MAX_VALUES) {
    throw invalid('ids', `At most ${MAX_VALUES} ids (got ${ids.length}).`, `ids 最多 ${MAX_VALUES} 个（实际 ${ids.length} 个）。`);
  }
  const q = p.q?.trim() || null;
  return { dimension: p.dimension, q, ids, limit: p.limit ?? (ids ? MAX_VALUES : DEFAULT_VALUES), lang: p.lang ?? 'zh' };
}
