import { z } from 'zod';
import { addDays } from '../../query/window.ts';
import { DATE_HELP, LANG_HELP, dateParam, invalid, parseParams, type Help } from '../params.ts';

/** The window's default length: the 365 days ending on the data's last day (as /api/bases). */
export const DEFAULT_WINDOW_DAYS = 365;

/** The request schema: it validates /api/benchmark and generates its OpenAPI parameters. */
export const benchmarkParams = z.strictObject({
  merchant: z.string().min(1).max(200).meta({ description: 'The merchant to benchmark (merchants.merchant_id); its belt is the peer group', example: 'S-JDZ-001' }),
  from: dateParam.optional().meta({ description: 'First local (Asia/Shanghai) day of the window, inclusive (default: 364 days before `to`)', example: '2025-11-01' }),
  to: dateParam.optional().meta({ description: 'Last local day of the window, inclusive (default: the data\'s last day)', example: '2026-10-31' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages and notes' }),
});

const HELP: Record<string, Help> = {
  merchant: { en: 'is required: a merchant id of at most 200 characters', zh: '必填：商家ID，不超过 200 个字符' },
  from: DATE_HELP,
  to: DATE_HELP,
  lang: LANG_HELP,
};

export interface BenchmarkQuery {
  merchant: string;
  window: { from: string; to: string };
  lang: 'zh' | 'en';
}

export function parseBenchmarkParams(input: Record<string, string>, range: { from: string | null; to: string | null }): BenchmarkQuery {
  const p = parseParams(benchmarkParams, input, HELP);
  const to = p.to ?? range.to ?? new Date().toISOString().slice(0, 10);
  const from = p.from ?? addDays(to, -(DEFAULT_WINDOW_DAYS - 1));
  if (from > to) {
    const param = p.from ? 'from' : 'to';
    throw invalid(param, `from (${from}) is after to (${to})${p.from ? '' : ' (from defaults to 364 days before to)'}.`,
      `起始日期 (${from}) 晚于结束日期 (${to})${p.from ? '' : '（from 默认为 to 之前 364 天）'}。`);
  }
  return { merchant: p.merchant, window: { from, to }, lang: p.lang ?? 'zh' };
}
