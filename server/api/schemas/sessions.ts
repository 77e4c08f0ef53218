import { z } from 'zod';
import { instant } from './common.ts';

const count = z.number().int().nonnegative();
/** Some platform exports lack a figure: it is then null, never a made-up 0. */
const maybe = <T extends z.ZodType>(t: T) => t.nullable().meta({ description: 'Null when the platform export does not give it' });
const hidden = ' (null when the caller\'s scope hides merchant names)';

/** One live session as the list returns it. */
export const sessionRow = z.strictObject({
  platform_id: z.string(),
  session_id: z.string(),
  merchant_id: z.string().nullable().meta({ description: `Whose stream${hidden}` }),
  account: z.string().nullable().meta({ description: `Streaming account${hidden}` }),
  belt_id: z.string(),
  base_id: z.string().nullable().meta({ description: 'The base whose room it ran in; null elsewhere' }),
  venue: maybe(z.string()),
  kiln_opening: z.boolean(),
  started_at: instant,
  ended_at: instant,
  gmv: z.number().meta({ description: 'GMV bought in the session, CNY' }),
  views: count,
  viewers: count,
  buyers: count,
  orders: maybe(count),
  gpm: z.number().nullable().meta({ description: 'gmv / views × 1000; null when views = 0' }),
  conversion: z.number().nullable().meta({ description: 'buyers / viewers; null when viewers = 0' }),
  peak_online: maybe(count),
  ad_spend: maybe(z.number()),
});
export type SessionRow = z.infer<typeof sessionRow>;

/** GET /api/sessions */
export const sessionsResponse = z.strictObject({
  rows: z.array(sessionRow),
  total: count.meta({ description: 'Matching sessions before limit and offset' }),
});
export type SessionsResponse = z.infer<typeof sessionsResponse>;

export const sessionDetail = sessionRow.extend({
  avg_online: maybe(z.number()),
  watch_seconds: maybe(count),
  product_exposed_viewers: maybe(count),
  product_click_viewers: maybe(count),
  interacting_viewers: maybe(count),
  new_followers: maybe(count),
});
export type SessionDetail = z.infer<typeof sessionDetail>;

export const sessionMinute = z.strictObject({
  minute_at: instant, online: count, entries: count, orders: count, gmv: z.number(),
});
export type SessionMinute = z.infer<typeof sessionMinute>;

export const sessionListing = z.strictObject({
  listing_id: z.string(),
  product_id: z.string(),
  listed_at: instant,
  first_sold_at: instant.nullable(),
  sold_out_at: instant.nullable().meta({ description: 'Null when it did not sell out' }),
  sell_out_seconds: z.number().nullable().meta({ description: 'sold_out_at − listed_at, seconds; null when it did not sell out' }),
  units_listed: count,
  units_sold: count,
  price: z.number(),
});
export type SessionListing = z.infer<typeof sessionListing>;

export const sessionBatch = z.strictObject({
  batch_id: z.string(),
  fired_at: instant,
  pieces: count,
  first_grade: count,
  defective: count,
});
export type SessionBatch = z.infer<typeof sessionBatch>;

/** GET /api/sessions/{platform}/{id} */
export const sessionDetailResponse = z.strictObject({
  session: sessionDetail,
  minutes: z.array(sessionMinute).meta({ description: 'Per-minute figures, in time order (empty when the export has none)' }),
  listings: z.array(sessionListing).meta({ description: 'Flash listings made during the session, in listing order' }),
  batches: z.array(sessionBatch).meta({
    description: 'The session\'s merchant\'s production batches fired in the 3 days (72 hours) before the session started, oldest first',
  }),
});
export type SessionDetailResponse = z.infer<typeof sessionDetailResponse>;
