import { z } from 'zod';
import { dataVersion, localDate } from './common.ts';

const share = z.number().nullable();
const window = z.strictObject({ from: localDate, to: localDate });

const quantiles = z.strictObject({
  p10: z.number().nullable(), p25: z.number().nullable(), p50: z.number().nullable(), p75: z.number().nullable(), p90: z.number().nullable(),
}).meta({ description: 'Box-plot summary: quantile_cont at 0.1, 0.25, 0.5, 0.75, 0.9 over sessions; null without sessions' });

export const compareBelt = z.strictObject({
  belt_id: z.string(),
  gmv: z.number().meta({ description: 'GMV in the window (the catalog\'s gmv: Σ amount, refunds not subtracted)' }),
  growth: z.strictObject({
    yoy: share.meta({ description: '同比: gmv / gmv of comparison.yoy − 1; null (n/a) when that window lies before the data or the belt\'s first month of sales, or sold nothing' }),
    mom: share.meta({ description: '环比: gmv / gmv of comparison.mom (the period of the same length just before) − 1; null on the same terms' }),
    cagr: share.meta({ description: 'Compound annual growth over the belt\'s whole years: (last / first)^(1 / (years − 1)) − 1; null with fewer than 2 years or a first year without sales' }),
    years: z.number().int().nonnegative().meta({ description: 'Whole years (12-month blocks ending at the last complete month) the belt has data for' }),
    annual: z.array(z.strictObject({ from: localDate, to: localDate, gmv: z.number() })).meta({ description: 'GMV of each of those years, oldest first' }),
  }),
  seasonality: z.array(z.number()).length(12).nullable().meta({
    description: 'Month-of-year index, January first: each month\'s GMV / its year\'s monthly mean, averaged over the whole years (1 = an average month); null without a whole year',
  }),
  histogram: z.strictObject({
    edges: z.array(z.number()).meta({ description: 'Bin edges in CNY, 10^(k/10): log10 bins 0.1 wide, the same for every belt; one more than counts' }),
    counts: z.array(z.number().int().nonnegative()).meta({ description: 'Parent orders (Σ amount per platform and parent order) with a value in [edges[i], edges[i+1])' }),
    nonpositive: z.number().int().nonnegative().meta({ description: 'Parent orders of value 0 (no logarithm), left out of the bins' }),
  }),
  sessions: z.strictObject({
    count: z.number().int().nonnegative().meta({ description: 'Sessions started in the window with views and viewers (the others have no GPM or conversion)' }),
    gpm: quantiles.meta({ description: 'Per-session GPM = gmv / views × 1000' }),
    conversion: quantiles.meta({ description: 'Per-session conversion = buyers / viewers' }),
  }),
  live_share: share.meta({ description: 'The catalog\'s live_share: GMV bought in a live session (or on the live channel) / GMV' }),
  non_standard_share: share.meta({ description: 'The catalog\'s non_standard_share' }),
  venue_mix: z.record(z.string(), z.number()).meta({ description: 'Share of GMV bought live by venue (base, workshop, store, studio); lines with no session or no known venue left out' }),
  size_class_mix: z.record(z.string(), z.number()).meta({ description: 'Share of GMV by merchant size class (unknown: the merchant file does not say)' }),
});
export type CompareBelt = z.infer<typeof compareBelt>;

/** GET /api/compare */
export const compareResponse = z.strictObject({
  window,
  comparison: z.strictObject({
    yoy: window.extend({
      kind: z.enum(['previous_year', 'previous_year_lunar']),
      covered: z.boolean().meta({ description: 'False when the data begins after this window starts: every yoy is then null' }),
    }),
    mom: window.extend({ covered: z.boolean() }),
  }),
  years: z.array(window).meta({ description: 'The whole years seasonality and CAGR may use, oldest first (a belt uses those from its first month of sales)' }),
  belts: z.array(compareBelt).meta({ description: 'In the order of the belt filter, else by GMV, largest first' }),
  suppressed: z.array(z.string()).meta({ description: 'Belts left out because they have fewer merchants than the caller\'s minimum cohort' }),
  notApplied: z.array(z.strictObject({ dimension: z.string(), fields: z.array(z.string()) }))
    .meta({ description: 'Filters that cannot apply to some figures (category for sessions)' }),
  notes: z.array(z.string()),
  dataVersion,
});
export type CompareResponse = z.infer<typeof compareResponse>;
