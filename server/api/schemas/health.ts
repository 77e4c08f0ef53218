import { z } from 'zod';
import { dataRange, dataVersion } from './common.ts';

/** GET /api/health */
export const healthResponse = z.strictObject({
  status: z.literal('ok'),
  dataVersion,
  demo: z.boolean().meta({ description: 'True while the database holds the generated demo dataset' }),
  dataRange,
  counts: z.record(z.string(), z.number().int().nonnegative())
    .meta({ description: 'Rows per table: every fact table, merchants, live_bases, hubs and quarantine' }),
});
export type HealthResponse = z.infer<typeof healthResponse>;
