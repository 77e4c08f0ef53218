import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { DATE_BOUNDS } from '../query/params.ts';
import { addDays, isValidDate } from '../query/window.ts';

/**
 * Request validation shared by the row and value routes, worded like /api/metrics': every 400
 * names its parameter and, where there is a list, the allowed values.
 */

export interface Help { en: string; zh: string; allowed?: readonly string[] }

export const invalid = (param: string, en: string, zh: string, allowed?: readonly string[]) =>
  new AppError('invalid_param', en, zh, 400, { param, ...(allowed ? { allowed: [...allowed] } : {}) });

export const splitList = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];

export const wholeNumber = (min: number, max: number) => z.string().regex(/^\d{1,9}$/, { message: 'must be a whole number' })
  .transform(Number).pipe(z.number().int().min(min).max(max));

export const dateParam = z.string().refine((d) => isValidDate(d) && d >= DATE_BOUNDS.from && d <= DATE_BOUNDS.to);
export const DATE_HELP: Help = {
  en: `must be a day of the calendar written YYYY-MM-DD (2026-02-30 is not one), from ${DATE_BOUNDS.from} to ${DATE_BOUNDS.to}`,
  zh: `必须是日历上存在的日期，写作 YYYY-MM-DD（如 2026-02-30 不存在），范围 ${DATE_BOUNDS.from} 至 ${DATE_BOUNDS.to}`,
};
export const LANG_HELP: Help = { en: 'must be zh or en', zh: '必须是 zh 或 en', allowed: ['zh', 'en'] };
export const intHelp = (min: number, max: number): Help =>
  ({ en: `must be a whole number from ${min} to ${max}`, zh: `必须是 ${min} 到 ${max} 之间的整数` });

/** Parse query parameters with a strict schema, or throw an AppError naming the parameter. */
export function parseParams<S extends z.ZodObject>(schema: S, input: Record<string, string>, help: Record<string, Help>): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    throw invalid(key, `Unknown parameter "${key}".`, `未知参数 "${key}"。`, Object.keys(schema.shape));
  }
  const param = String(issue.path[0] ?? '');
  const h = help[param] ?? { en: 'is not valid', zh: '无效' };
  throw invalid(param, `Parameter "${param}" ${h.en}.`, `参数 "${param}" ${h.zh}。`, h.allowed);
}

/** Inclusive local days, defaulting to the data's range; from after to is a 400 naming the one given. */
export function dateWindow(p: { from?: string; to?: string }, range: { from: string | null; to: string | null }) {
  const today = new Date().toISOString().slice(0, 10);
  const from = p.from ?? range.from ?? today;
  const to = p.to ?? range.to ?? today;
  if (from > to) {
    const param = p.from ? 'from' : 'to';
    const note = !p.from ? ' (from defaults to the start of the data)' : !p.to ? ' (to defaults to the end of the data)' : '';
    const noteZh = !p.from ? '（from 默认为数据起始日）' : !p.to ? '（to 默认为数据截止日）' : '';
    throw invalid(param, `from (${from}) is after to (${to})${note}.`, `起始日期 (${from}) 晚于结束日期 (${to})${noteZh}。`);
  }
  return { from, to };
}

/** The days a page that assesses a period opens on: the year ending on the data's last day. */
export const TRAILING_DAYS = 365;

/**
 * Inclusive local days, `to` defaulting to the data's last day and `from` to TRAILING_DAYS − 1
 * days before `to` (bases, the merchant benchmark); from after to is a 400 naming the one given.
 */
export function trailingWindow(p: { from?: string; to?: string }, range: { from: string | null; to: string | null }) {
  const to = p.to ?? range.to ?? new Date().toISOString().slice(0, 10);
  const from = p.from ?? addDays(to, -(TRAILING_DAYS - 1));
  if (from > to) {
    const param = p.from ? 'from' : 'to';
    throw invalid(param, `from (${from}) is after to (${to})${p.from ? '' : ` (from defaults to ${TRAILING_DAYS - 1} days before to)`}.`,
      `起始日期 (${from}) 晚于结束日期 (${to})${p.from ? '' : `（from 默认为 to 之前 ${TRAILING_DAYS - 1} 天）`}。`);
  }
  return { from, to };
}
