import { z } from 'zod';
import { dataVersion } from './common.ts';

/**
 * POST /api/ingest (and `beltscope ingest --json`, which prints the same document). The
 * vocabularies repeat pipelines/ingest/types.ts (the server may not import pipelines; the
 * ingest tests check that the lists agree).
 */
export const INGEST_PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'wechat_channels'] as const;
export const INGEST_KINDS = ['orders', 'live_sessions', 'session_minutes', 'listings', 'production_batches',
  'merchants', 'merchant_accounts', 'live_bases', 'hubs', 'base_returns'] as const;
export const INGEST_VENUES = ['base', 'workshop', 'store', 'studio'] as const;
export const FILE_STATUSES = ['loaded', 'already_loaded', 'refused', 'failed', 'dry_run'] as const;

const count = z.number().int().nonnegative();

/** A quarantined row as shown after a load; the raw row is never sent (it may hold personal data). */
export const quarantinedRow = z.strictObject({
  line: z.number().int().nullable().meta({ description: '1-based line (CSV) or row (XLSX) in the source file' }),
  record: z.number().int().nullable().meta({ description: 'The data row, 1 = the first below the header' }),
  column: z.string().nullable().meta({ description: 'The offending column; null when the row as a whole is bad' }),
  value: z.string().nullable().meta({ description: 'The offending cell as written; null when it was missing' }),
  reason: z.string().meta({ description: 'Why it was quarantined (Chinese / English)' }),
});
export type QuarantinedRowBody = z.infer<typeof quarantinedRow>;

export const fileSummary = z.strictObject({
  file: z.string().meta({ description: 'The file as uploaded (its original name), or its base name on the command line' }),
  sheet: z.string().nullable().meta({ description: 'The XLSX sheet; null for CSV (one entry per sheet of a workbook)' }),
  platform: z.string().nullable().meta({ description: 'The platform the export came from' }),
  kind: z.string().nullable().meta({ description: 'The canonical table it loads into (orders, live_sessions …)' }),
  mapping: z.string().nullable().meta({ description: 'The export mapping that recognised it' }),
  datasetId: z.number().int().nullable().meta({ description: 'The dataset it became (or already was); null when nothing was loaded' }),
  rowsRead: count.meta({ description: 'Data rows read = loaded + updated + skipped + duplicates + quarantined' }),
  loaded: count.meta({ description: 'New rows written' }),
  updated: count.meta({ description: 'Known rows whose values changed (e.g. a refund recorded later)' }),
  skipped: count.meta({ description: 'Rows left out with a reason (unpaid, cancelled)' }),
  duplicates: count.meta({ description: 'Rows already loaded, nothing new' }),
  quarantined: count.meta({ description: 'Rows written to the quarantine table with their reason' }),
  quarantineSample: z.array(quarantinedRow).max(5).optional().meta({
    description: 'The first quarantined rows (at most 5, in line order); absent when none were quarantined. The quarantine table holds them all',
  }),
  status: z.enum(FILE_STATUSES).meta({
    description: 'loaded; already_loaded (the same file was loaded before: nothing changed); refused (the database holds the demo, '
      + 'or is locked); failed (unreadable, unrecognised, a flag missing: the message says which); dry_run (nothing written)',
  }),
  message: z.string().meta({ description: 'What happened, in English' }),
  messageZh: z.string().meta({ description: 'What happened, in Chinese' }),
});
export type FileSummaryBody = z.infer<typeof fileSummary>;

export const ingestResponse = z.strictObject({
  dataVersion,
  files: z.array(fileSummary).meta({ description: 'One entry per file and sheet, in the order received' }),
});
export type IngestResponse = z.infer<typeof ingestResponse>;
