import type { Row } from '../../../db/database.ts';
import type { HubRow } from '../schemas/hubs.ts';

/**
 * Hub rows from two catalog answers over the same window, filters and scope: `byHub` (by hub
 * and belt: orders, gmv, net_gmv, qc_pass_rate, ship_hours_p50, deliver_hours_p50,
 * refund_rate) and `byBelt` (by belt: orders, gmv, net_gmv, certified_share,
 * certified_order_share), and the hubs on record the caller may see (a hub with no orders in
 * the window still gets a row for its own belt). The belt's other lines are its lines minus the
 * hub's: refund_rate_other = (refunds of the belt − of the hub) / (GMV of the belt − of the hub),
 * where refunds = gmv − net_gmv (null when a refund is unknown, as net_gmv is).
 */
export interface HubOnRecord { hub_id: string; name_zh: string; name_en: string; belt_id: string; origin_certified: boolean }

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
/** Differences of sums read as doubles: a few fen of rounding must not make a rate negative. */
const clamp0 = (x: number | null) => (x === null ? null : Math.max(0, x));

export function hubFigures(byHub: Row[], byBelt: Row[], hubs: HubOnRecord[], belts: string[] | null): HubRow[] {
  const belt = new Map(byBelt.map((r) => [String(r.belt), r]));
  const onRecord = new Map(hubs.map((h) => [h.hub_id, h]));
  const rows = new Map<string, HubRow>();
  const key = (hub: string, b: string) => `${b}\u0000${hub}`;

  for (const r of byHub) {
    if (r.hub === null || r.hub === undefined) continue; // lines shipped through no hub
    const hub = String(r.hub);
    const b = belt.get(String(r.belt));
    const h = onRecord.get(hub);
    const gmv = num(r.gmv);
    const refunds = r.net_gmv === null || gmv === null ? null : gmv - Number(r.net_gmv);
    const beltGmv = num(b?.gmv);
    const beltRefunds = b && b.net_gmv !== null && beltGmv !== null ? beltGmv - Number(b.net_gmv) : null;
    const otherGmv = beltGmv === null || gmv === null ? null : beltGmv - gmv;
    rows.set(key(hub, String(r.belt)), {
      hub_id: hub, name_zh: h?.name_zh ?? hub, name_en: h?.name_en ?? hub, belt_id: String(r.belt), origin_certified: h?.origin_certified ?? null,
      orders: num(r.orders),
      hub_share: ratio(num(r.orders), num(b?.orders)),
      qc_pass_rate: num(r.qc_pass_rate),
      ship_hours_p50: num(r.ship_hours_p50),
      deliver_hours_p50: num(r.deliver_hours_p50),
      refund_rate: num(r.refund_rate),
      refund_rate_other: refunds === null || beltRefunds === null || otherGmv === null || otherGmv < 0.005
        ? null : clamp0(ratio(beltRefunds - refunds, otherGmv)),
      certified_share: num(b?.certified_share),
      certified_order_share: num(b?.certified_order_share),
    });
  }
  for (const h of hubs) {
    if (belts && !belts.includes(h.belt_id)) continue;
    if (rows.has(key(h.hub_id, h.belt_id))) continue;
    const b = belt.get(h.belt_id);
    const beltRefunds = b && b.net_gmv !== null && b.gmv !== null ? Number(b.gmv) - Number(b.net_gmv) : null;
    rows.set(key(h.hub_id, h.belt_id), {
      hub_id: h.hub_id, name_zh: h.name_zh, name_en: h.name_en, belt_id: h.belt_id, origin_certified: h.origin_certified,
      orders: 0, hub_share: b && num(b.orders) ? 0 : null, qc_pass_rate: null, ship_hours_p50: null, deliver_hours_p50: null,
      refund_rate: null, refund_rate_other: beltRefunds === null ? null : ratio(beltRefunds, num(b?.gmv)),
      certified_share: num(b?.certified_share), certified_order_share: num(b?.certified_order_share),
    });
  }
  return [...rows.values()].sort((a, b) => a.belt_id.localeCompare(b.belt_id) || (b.orders ?? -1) - (a.orders ?? -1) || a.hub_id.localeCompare(b.hub_id));
}
