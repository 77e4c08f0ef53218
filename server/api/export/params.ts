import { z } from 'zod';
import { DATE_HELP, LANG_HELP, dateParam, parseParams, splitList, type Help } from '../params.ts';

/** The request schema: it validates /api/export and generates its OpenAPI parameters. */
export const exportParams = z.strictObject({
  from: dateParam.optional().meta({ description: 'First local (Asia/Shanghai) day of each fact\'s rows, inclusive; a session\'s minutes and listings go with their session\'s start (default: start of data)', example: '2025-01-01' }),
  to: dateParam.optional().meta({ description: 'Last local day, inclusive (default: end of data)', example: '2025-12-31' }),
  belt: z.string().max(10_000).optional().meta({ description: 'Only these belts: comma-separated belt ids (default: every belt of the scope)' }),
  format: z.enum(['parquet', 'csv']).optional().meta({ description: 'File format of the tables (default parquet)' }),
  names: z.enum(['true', 'false']).optional()
    .meta({ description: 'true: real merchant ids, names, accounts and anchors, only for a scope that shows merchant names (else 403); default false: keyed pseudonyms' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of error messages' }),
});

const HELP: Record<string, Help> = {
  from: DATE_HELP,
  to: DATE_HELP,
  belt: { en: 'must be a comma-separated list of belt ids, at most 10,000 characters', zh: '必须是逗号分隔的产业带ID列表，不超过 10,000 个字符' },
  format: { en: 'must be parquet or csv', zh: '必须是 parquet 或 csv', allowed: ['parquet', 'csv'] },
  names: { en: 'must be true or false', zh: '必须是 true 或 false', allowed: ['true', 'false'] },
  lang: LANG_HELP,
};

export interface ExportQuery { from?: string; to?: string; belts?: string[]; format: 'parquet' | 'csv'; names: boolean }

export function parseExportParams(input: Record<string, string>): ExportQuery {
  const p = parseParams(exportParams, input, HELP);
  const belts = p.belt !== undefined ? splitList(p.belt) : undefined;
  return { from: p.from, to: p.to, belts: belts?.length ? belts : undefined, format: p.format ?? 'parquet', names: p.names === 'true' };
}
