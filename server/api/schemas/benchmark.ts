import { z } from 'zod';
import { dataVersion, localDate } from './common.ts';

/** One measure of GET /api/benchmark: the merchant's value and its peers' aggregates, never a peer's own. */
export const benchmarkMeasure = z.strictObject({
  id: z.string().meta({ description: 'The catalog measure (labels, formula and format in /api/meta)' }),
  fact: z.enum(['orders', 'live_sessions']).meta({ description: 'Whose rows: peers are the belt\'s other merchants with rows of this fact in the window' }),
  has_rows: z.boolean().meta({ description: 'Whether the merchant has rows of this fact (orders, or sessions) in the window' }),
  value: z.number().nullable().meta({ description: 'The merchant\'s own value (the catalog\'s measure over its rows); null without rows, or where the catalog says it cannot be computed (value_note)' }),
  value_note: z.string().nullable().meta({ description: 'Why value is null: no rows in the window, or the catalog\'s note (masked buyers, unknown refunds or channels)' }),
  peers: z.number().int().nonnegative().nullable().meta({ description: 'Other merchants of the belt with rows of this fact in the window; null when fewer than min_peers have a value' }),
  with_value: z.number().int().nonnegative().nullable().meta({ description: 'Of those, the ones whose value is not null: the quantiles and the rank are over them; null likewise' }),
  p25: z.number().nullable().meta({ description: 'quantile_cont(0.25) of the peers\' values; null when fewer than min_peers peers have a value' }),
  p50: z.number().nullable().meta({ description: 'Median of the peers\' values; null likewise' }),
  p75: z.number().nullable().meta({ description: 'quantile_cont(0.75) of the peers\' values; null likewise' }),
  rank: z.number().min(0).max(1).nullable().meta({ description: 'Percentile rank: the share of peers with a lower value, a tie counting half; null when value is null or the peers are too few' }),
  peer_note: z.string().nullable().meta({ description: 'Why the peer figures are hidden, or that peers without a value were left out' }),
});
export type BenchmarkMeasure = z.infer<typeof benchmarkMeasure>;

/** GET /api/benchmark */
export const benchmarkResponse = z.strictObject({
  merchant_id: z.string(),
  belt_id: z.string().meta({ description: 'The merchant\'s belt: its peer group' }),
  window: z.strictObject({ from: localDate, to: localDate }),
  min_peers: z.number().int().positive().meta({ description: 'Peer figures are shown only over at least this many peers with a value: max(5, the scope\'s minimum cohort)' }),
  measures: z.array(benchmarkMeasure).meta({ description: 'gmv, net_gmv, orders, order_value, aov, refund_rate, live_share (orders); sessions, live_hours, gpm, conversion (sessions)' }),
  notes: z.array(z.string()),
  dataVersion,
});
export type BenchmarkResponse = z.infer<typeof benchmarkResponse>;
