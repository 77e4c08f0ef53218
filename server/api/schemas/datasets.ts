import { z } from 'zod';
import { dataVersion, instant } from './common.ts';
import { quarantinedRow } from './ingest.ts';

const count = z.number().int().nonnegative();

export const datasetItem = z.strictObject({
  datasetId: z.number().int(),
  kind: z.enum(['demo', 'real']).meta({ description: 'demo: the generated demo dataset (removed by `beltscope demo` or --replace-demo); real: a loaded file' }),
  source: z.string().meta({ description: 'The loader: demo-generator, or the export mapping' }),
  fileName: z.string().nullable(),
  sheet: z.string().nullable(),
  platform: z.string().nullable(),
  targetTable: z.string().nullable(),
  mapping: z.string().nullable(),
  rowsRead: count,
  loaded: count,
  updated: count,
  skipped: count,
  duplicates: count,
  quarantined: count,
  loadedAt: instant,
  status: z.string(),
});
export type DatasetItem = z.infer<typeof datasetItem>;

export const coverageItem = z.strictObject({
  merchantId: z.string(),
  platformId: z.string(),
  month: z.string().regex(/^\d{4}-\d{2}$/).meta({ description: 'Local (Asia/Shanghai) calendar month, YYYY-MM' }),
  orders: count.meta({ description: 'Paid orders (distinct parent orders) of the merchant on the platform in the month' }),
  sessions: count.meta({ description: 'Live sessions started in the month' }),
});
export type CoverageItem = z.infer<typeof coverageItem>;

/** GET /api/datasets */
export const datasetsResponse = z.strictObject({
  dataVersion,
  datasets: z.array(datasetItem).meta({ description: 'Every loaded dataset (one per file and sheet), oldest first' }),
  coverage: z.array(coverageItem).meta({
    description: 'Merchant × platform × month with any orders or live sessions, so a month without a loaded file shows as a gap, '
      + 'not as a decline. Sorted by merchant, platform, month',
  }),
});
export type DatasetsResponse = z.infer<typeof datasetsResponse>;

/** DELETE /api/datasets/{id} */
export const datasetRemovedResponse = z.strictObject({
  dataVersion,
  datasetId: z.number().int(),
  fileName: z.string().nullable(),
  sheet: z.string().nullable(),
  rows: z.record(z.string(), count).meta({ description: 'Rows removed per table (quarantine included)' }),
  restored: z.record(z.string(), count).meta({
    description: 'Rows put back per table: rows of earlier loads this one had replaced (a refund recorded later), as they were before it',
  }),
  handedOver: z.record(z.string(), count).meta({
    description: 'Rows kept per table: rows of this load that later loads hold too (overlapping exports: their duplicates), now the newest such load\'s',
  }),
});
export type DatasetRemovedResponse = z.infer<typeof datasetRemovedResponse>;

/** One quarantined row as GET /api/datasets/{id}/quarantine lists it: the upload summary's, with its sheet and source row. */
export const quarantineListRow = quarantinedRow.extend({
  sheet: z.string().nullable(),
  raw: z.string().nullable().meta({ description: 'The source row as JSON, personal data (names, phones, addresses) removed' }),
});

/** GET /api/datasets/{id}/quarantine */
export const quarantineResponse = z.strictObject({
  dataVersion,
  datasetId: z.number().int(),
  fileName: z.string().nullable(),
  total: count.meta({ description: 'Rows the load quarantined' }),
  truncated: z.boolean().meta({ description: 'true when only the first `rows.length` (in line order) are listed' }),
  rows: z.array(quarantineListRow).meta({ description: 'In line order' }),
});
export type QuarantineResponse = z.infer<typeof quarantineResponse>;
