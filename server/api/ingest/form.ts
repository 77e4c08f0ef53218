import { z } from 'zod';
import { AppError } from '../../../lib/errors.ts';
import type { LoadOptions } from '../../../lib/loadOptions.ts';
import { isValidDate } from '../../query/window.ts';
import { INGEST_KINDS, INGEST_PLATFORMS, INGEST_VENUES, type IngestResponse } from '../schemas/ingest.ts';

/** The upload form of POST /api/ingest: its fields, validated as the command line's flags are. */

/** What the upload form says about its files (the command line's flags). */
export interface IngestRequestOptions extends LoadOptions {
  kind?: string;
  replaceDemo?: boolean;
  dryRun?: boolean;
  /** A mapping file (JSON, the built-in format). */
  mappingFile?: string;
  /** The name a file is reported under: its upload name, not the temporary path. */
  displayName?: (path: string) => string;
}

/** The ingestion engine, as the server sees it (pipelines/ingest/ingest.ts behind it). */
export type IngestFn = (paths: string[], opts: IngestRequestOptions) => Promise<IngestResponse>;

export const DEFAULT_MAX_UPLOAD_MB = 512;

/** Who is asking: `cli` from `beltscope ingest` handing its files to a running server, `web` from the dashboard's upload page. */
export const CLIENT_HEADER = 'x-beltscope-client';

const boolField = z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'on' || v === 'yes');
const idField = z.string().trim().min(1).max(200);

/** The form's text fields (files come as `file`, repeatable; `mapping` may be a file or text). */
export const ingestFields = z.strictObject({
  platform: z.enum(INGEST_PLATFORMS).optional().meta({ description: 'The platform, when the file does not say (Kuaishou, WeChat Channels …)' }),
  kind: z.enum(INGEST_KINDS).optional().meta({ description: 'The canonical table the files load into, when the headers leave a choice' }),
  merchant: idField.optional().meta({ description: 'The merchant a shop export belongs to (back-office exports do not name their shop)' }),
  belt: idField.optional().meta({ description: 'The belt of a new merchant (with merchant: creates it)' }),
  category: idField.optional().meta({ description: 'Category of lines without one (default: the belt\'s main category)' }),
  base: idField.optional().meta({ description: 'The live base the sessions were streamed from' }),
  venue: z.enum(INGEST_VENUES).optional().meta({ description: 'Where the sessions were streamed from' }),
  date: z.string().refine(isValidDate).optional().meta({ description: 'YYYY-MM-DD: the day of an export without start times (Douyin Compass)' }),
  replace_demo: boolField.optional().meta({ description: 'true: remove the demo dataset in the same transaction (else a database holding it refuses real data)' }),
  dry_run: boolField.optional().meta({ description: 'true: read, check and count, then roll back: nothing is written' }),
  mapping: z.string().max(1_000_000).optional().meta({ description: 'Your own export mapping: a JSON file part, or its text' }),
});
const FIELD_HELP: Record<string, { en: string; zh: string; allowed?: readonly string[] }> = {
  platform: { en: `must be one of ${INGEST_PLATFORMS.join(', ')}`, zh: `必须是 ${INGEST_PLATFORMS.join('、')} 之一`, allowed: INGEST_PLATFORMS },
  kind: { en: `must be one of ${INGEST_KINDS.join(', ')}`, zh: `必须是 ${INGEST_KINDS.join('、')} 之一`, allowed: INGEST_KINDS },
  venue: { en: `must be one of ${INGEST_VENUES.join(', ')}`, zh: `必须是 ${INGEST_VENUES.join('、')} 之一`, allowed: INGEST_VENUES },
  date: { en: 'must be a calendar day written YYYY-MM-DD', zh: '必须是按 YYYY-MM-DD 书写的实际日期' },
  replace_demo: { en: 'must be true or false', zh: '必须是 true 或 false' },
  dry_run: { en: 'must be true or false', zh: '必须是 true 或 false' },
  mapping: { en: 'must be a mapping of at most 1 MB', zh: '不能超过 1 MB' },
};
/** Every field the form may carry, files included. */
export const FORM_FIELDS = ['file', ...Object.keys(ingestFields.shape)];

export const invalid = (param: string, en: string, zh: string, allowed?: readonly string[]) =>
  new AppError('invalid_param', en, zh, 400, { param, ...(allowed ? { allowed: [...allowed] } : {}) });

export function parseIngestFields(input: Record<string, string>) {
  const unknown = Object.keys(input).filter((k) => !FORM_FIELDS.includes(k));
  if (unknown.length) {
    const names = unknown.map((k) => `"${k}"`);
    throw invalid(unknown[0], `Unknown form field${unknown.length > 1 ? 's' : ''} ${names.join(', ')}. Fields: ${FORM_FIELDS.join(', ')}.`,
      `未知表单字段 ${names.join('、')}。可用字段：${FORM_FIELDS.join('、')}。`, FORM_FIELDS);
  }
  const r = ingestFields.safeParse(input);
  if (r.success) return r.data;
  const param = String(r.error.issues[0].path[0] ?? '');
  const h = FIELD_HELP[param] ?? { en: 'must not be empty (at most 200 characters)', zh: '不能为空（最多 200 个字符）' };
  throw invalid(param, `Field "${param}" ${h.en}.`, `字段 "${param}" ${h.zh}。`, h.allowed);
}
