import { z } from 'zod';
import { DATE_HELP, LANG_HELP, dateParam, parseParams, trailingWindow, type Help } from '../params.ts';

/** The request schema: it validates /api/benchmark and generates its OpenAPI parameters. */
export const benchmarkParams = z.strictObject({
  merchant: z.string().min(1).max(200).meta({ description: 'The merchant to benchmark (merchants.merchant_id); its belt is the peer group', example: 'S-JDZ-001' }),
  from: dateParam.optional().meta({ description: 'First local (Asia/Shanghai) day of the window, inclusive (default: 364 days before `to`)', example: '2025-11-01' }),
  to: dateParam.optional().meta({ description: 'Last local day of the window, inclusive (default: the data\'s last day)', example: '2026-10-31' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages, notes and CSV headers' }),
  format: z.enum(['json', 'csv']).optional().meta({ description: 'json (default) or csv: one row per measure with the shop\'s value, the peers\' quartiles and its rank, headers in lang' }),
});

const HELP: Record<string, Help> = {
  merchant: { en: 'is required: a merchant id of at most 200 characters', zh: '必填：商家ID，不超过 200 个字符' },
  from: DATE_HELP,
  to: DATE_HELP,
  lang: LANG_HELP,
  format: { en: 'must be json or csv', zh: '必须是 json 或 csv', allowed: ['json', 'csv'] },
};

export interface BenchmarkQuery {
  merchant: string;
  window: { from: string; to: string };
  lang: 'zh' | 'en';
  format: 'json' | 'csv';
}

export function parseBenchmarkParams(input: Record<string, string>, range: { from: string | null; to: string | null }): BenchmarkQuery {
  const p = parseParams(benchmarkParams, input, HELP);
  const { from, to } = trailingWindow(p, range);
  return { merchant: p.merchant, window: { from, to }, lang: p.lang ?? 'zh', format: p.format ?? 'json' };
}
