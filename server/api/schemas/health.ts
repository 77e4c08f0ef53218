import { z } from 'zod';
import { dataRange, dataVersion, instant } from './common.ts';

/** GET /api/health */
export const healthResponse = z.strictObject({
  status: z.literal('ok'),
  dataVersion,
  demo: z.boolean().meta({ description: 'True while the database holds the generated demo dataset' }),
  dataRange,
  sessionRange: dataRange.meta({ description: 'First and last local day of the live sessions loaded (the days the session exports cover: a base\'s capacity is counted over these); both null without sessions' }),
  updatedAt: instant.nullable().meta({ description: 'When the data last changed (data_state.updated_at): a load, a removal, or a process opening the database; null before any' }),
  dbPath: z.string().meta({ description: 'The database file the server has open (its real path): `beltscope ingest` checks it before handing files over' }),
  counts: z.record(z.string(), z.number().int().nonnegative())
    .meta({ description: 'Rows per table: every fact table, merchants, live_bases, hubs and quarantine' }),
});
export type HealthResponse = z.infer<typeof healthResponse>;
