import { z } from 'zod';

const share = z.number().min(0).nullable();
const hours = z.number().nullable();

/** One logistics hub's figures for the orders of one belt. */
export const hubRow = z.strictObject({
  hub_id: z.string(),
  name_zh: z.string().meta({ description: 'The hub\'s name (its id when the hub is not on record)' }),
  name_en: z.string(),
  belt_id: z.string().meta({ description: 'The belt of the orders (a hub can ship for several belts)' }),
  origin_certified: z.boolean().nullable().meta({ description: 'Certified to protect the origin label; null when the hub is not on record' }),
  orders: z.number().int().nonnegative().nullable()
    .meta({ description: 'Orders of the belt with a line shipped through the hub (null when the scope hides a small cohort)' }),
  hub_share: share.meta({ description: 'orders / the belt\'s orders; a split order shipped from two hubs counts for both' }),
  qc_pass_rate: share.meta({ description: 'Lines that passed the hub\'s QC / lines with a QC result; null without QC results' }),
  ship_hours_p50: hours.meta({ description: 'Median hours from payment to shipping, over lines shipped' }),
  deliver_hours_p50: hours.meta({ description: 'Median hours from payment to delivery, over lines delivered' }),
  refund_rate: share.meta({ description: 'Refunded amount / GMV of the lines shipped through the hub; null when a refund is unknown' }),
  refund_rate_other: share.meta({ description: 'The same over the belt\'s other lines (other hubs, or none); null when a refund is unknown or there are none' }),
  certified_share: share.meta({ description: 'The belt\'s origin-certified share of GMV: GMV shipped through certified hubs / the belt\'s GMV (the same on each row of a belt)' }),
  certified_order_share: share.meta({ description: 'The belt\'s orders with a line shipped through a certified hub / its orders (the same on each row of a belt)' }),
});
export type HubRow = z.infer<typeof hubRow>;

/** GET /api/hubs */
export const hubsResponse = z.strictObject({
  rows: z.array(hubRow).meta({ description: 'Per hub and belt, by belt, then most orders first' }),
});
export type HubsResponse = z.infer<typeof hubsResponse>;
