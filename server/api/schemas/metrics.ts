import { z } from 'zod';
import { dataVersion, localDate } from './common.ts';

/** The comparisons a metrics query can ask for (server/query/window.ts; the contract test checks they agree). */
export const COMPARE_KINDS = ['previous_period', 'previous_year', 'previous_year_lunar'] as const;

export const metricCell = z.union([z.string(), z.number(), z.null()]);
export type MetricValue = z.infer<typeof metricCell>;
export const metricRow = z.record(z.string(), metricCell)
  .meta({ description: 'The time column (a bucket\'s first local day), dimension ids, then measures (and <m>_prev, <m>_change)' });
export type MetricRow = z.infer<typeof metricRow>;

/** GET /api/metrics (format=json) */
export const metricsResponse = z.strictObject({
  measures: z.array(z.string()),
  dimensions: z.array(z.string()).meta({ description: 'Key columns of each row, in order: the grain, then the by dimensions' }),
  rows: z.array(metricRow),
  totals: z.record(z.string(), z.number().nullable())
    .meta({ description: 'Each measure over the whole slice, as its own ungrouped query' }),
  comparison: z.strictObject({
    kind: z.enum(COMPARE_KINDS), from: localDate, to: localDate,
    covered: z.boolean().meta({ description: 'The comparison period lies wholly in the data. When not, <m>_prev and <m>_change are null (in the totals, and in each row whose bucket\'s comparison is not wholly in the data), with a note' }),
  }).nullable(),
  notApplied: z.array(z.strictObject({ dimension: z.string(), measures: z.array(z.string()) }))
    .meta({ description: 'Filters that cannot apply to some measures\' fact, and those measures' }),
  notes: z.array(z.strictObject({ measure: z.string(), message: z.string() }))
    .meta({ description: 'Why values are null (masked buyers, unknown refunds, hidden small groups); measure * for all' }),
  dataVersion,
  truncated: z.boolean().meta({ description: 'True only when the row cap was hit' }),
});
export type MetricsResponse = z.infer<typeof metricsResponse>;
