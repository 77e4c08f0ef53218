import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { createApp } from '../../server/api/app.ts';
import { hubsResponse, type HubRow } from '../../server/api/schemas/hubs.ts';
import type { Scope } from '../../server/query/scope.ts';

// GET /api/hubs on a fixture small enough to compute by hand: Jingdezhen ships through a
// certified hub (hA) and an uncertified one (hB), with a parent order split across both and an
// order shipped through no hub; Haining has a certified hub with an unknown refund and a hub
// with no orders (hD). Every expected figure below is worked out in the comments.

const J = 'jingdezhen-ceramics';
const H = 'haining-leather';
const line = (id: string, parent: string, belt: string, hub: string | null, amount: number, refund: number | null,
  qc: boolean | null, paid: string, shipH: number | null, deliverH: number | null) => {
  const at = (h: number | null) => (h === null ? 'NULL' : `TIMESTAMPTZ '${paid}+08' + INTERVAL ${h} HOUR`);
  const v = (x: unknown) => (x === null ? 'NULL' : typeof x === 'string' ? `'${x}'` : String(x));
  return `('douyin', ${v(id)}, ${v(parent)}, ${v(belt === J ? 'mJ' : 'mH')}, ${v(belt)}, NULL, 'p', ${v(belt === J ? 'ceramics' : 'leather')}, false,
    1, ${amount}, 'u', TIMESTAMPTZ '${paid}+08', ${v(refund)}, '广东省', '深圳市', ${v(hub)}, ${v(qc)}, ${at(shipH)}, ${at(deliverH)}, 1)`;
};
const FIXTURE = `
INSERT INTO merchants VALUES ('mJ', '${J}', '瓷坊', 'craftsman', 'small', 'workshop', 1), ('mH', '${H}', '皮坊', 'factory', 'small', 'studio', 1);
INSERT INTO hubs VALUES ('hA', '${J}', '甲仓', 'Hub A', true, 1), ('hB', '${J}', '乙仓', 'Hub B', false, 1),
  ('hC', '${H}', '丙仓', 'Hub C', true, 1), ('hD', '${H}', '丁仓', 'Hub D', false, 1);
INSERT INTO orders (platform_id, order_id, parent_order_id, merchant_id, belt_id, session_id, product_id, category_id, non_standard,
  quantity, amount, buyer_id, paid_at, refund_amount, ship_province, ship_city, hub_id, qc_passed, shipped_at, delivered_at, dataset_id) VALUES
  ${[
    line('X1a', 'X1', J, 'hA', 100, 0, true, '2026-03-01 10:00:00', 12, 48),
    line('X1b', 'X1', J, 'hB', 50, 50, false, '2026-03-01 10:00:00', 24, 72),
    line('X2', 'X2', J, 'hA', 200, 20, true, '2026-03-02 00:00:00', 6, 24),
    line('X3', 'X3', J, 'hA', 300, 0, null, '2026-03-03 12:00:00', 24, null),
    line('X4', 'X4', J, null, 150, 30, null, '2026-03-04 09:00:00', null, null),
    line('X5', 'X5', J, 'hB', 100, 0, true, '2026-03-05 08:00:00', 2, 24),
    line('X0', 'X0', J, 'hA', 1000, 0, false, '2026-01-15 08:00:00', 1, 2), // outside the window
    line('Y1', 'Y1', H, 'hC', 400, null, true, '2026-03-10 08:00:00', 5, 30),
    line('Y2', 'Y2', H, null, 100, 0, null, '2026-03-11 08:00:00', null, null),
  ].join(',\n  ')};`;

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 2 });
  await db.write(async (con) => { await con.run(FIXTURE); });
});
afterAll(async () => db?.close());

const get = async (url: string, scope?: Scope) => {
  const { app } = createApp({ db, ...(scope ? { scope: () => scope } : {}) });
  const r = await app.request(url);
  return { status: r.status, body: await r.json() as any };
};
const WINDOW = 'from=2026-03-01&to=2026-03-31';
const byHub = (rows: HubRow[]) => Object.fromEntries(rows.map((r) => [`${r.belt_id}:${r.hub_id}`, r]));

describe('GET /api/hubs', () => {
  it('gives each hub its share of the belt\'s orders, QC, medians, refunds against the rest, and certified shares', async () => {
    const r = await get(`/api/hubs?${WINDOW}`);
    expect(r.status).toBe(200);
    const body = hubsResponse.parse(r.body);
    expect(body.rows.map((x) => `${x.belt_id}:${x.hub_id}`)).toEqual([`${H}:hC`, `${H}:hD`, `${J}:hA`, `${J}:hB`]);
    const rows = byHub(body.rows);
    // Jingdezhen in March: orders X1…X5 (5), lines GMV 900, refunds 0+50+20+0+30+0 = 100.
    // Certified (hA) GMV 100+200+300 = 600 of 900; orders with a certified line X1, X2, X3 = 3 of 5.
    // hA: X1, X2, X3 → 3/5; lines 100 (0), 200 (20), 300 (0): 20/600; the rest 80/300;
    //     QC true, true (X3 has none) → 1; ship 12, 6, 24 h → 12; deliver 48, 24 h → 36.
    expect(rows[`${J}:hA`]).toEqual({
      hub_id: 'hA', name_zh: '甲仓', name_en: 'Hub A', belt_id: J, origin_certified: true, orders: 3, hub_share: 0.6,
      qc_pass_rate: 1, ship_hours_p50: 12, deliver_hours_p50: 36,
      refund_rate: expect.closeTo(20 / 600, 12), refund_rate_other: expect.closeTo(80 / 300, 12),
      certified_share: expect.closeTo(600 / 900, 12), certified_order_share: 0.6,
    });
    // hB: X1 (split), X5 → 2/5; lines 50 (50), 100 (0): 50/150; the rest 50/750;
    //     QC false, true → 0.5; ship 24, 2 → 13; deliver 72, 24 → 48.
    expect(rows[`${J}:hB`]).toEqual({
      hub_id: 'hB', name_zh: '乙仓', name_en: 'Hub B', belt_id: J, origin_certified: false, orders: 2, hub_share: 0.4,
      qc_pass_rate: 0.5, ship_hours_p50: 13, deliver_hours_p50: 48,
      refund_rate: expect.closeTo(50 / 150, 12), refund_rate_other: expect.closeTo(50 / 750, 12),
      certified_share: expect.closeTo(600 / 900, 12), certified_order_share: 0.6,
    });
    // Haining: Y1 through hC with an unknown refund (so its refund rates are null), Y2 through none.
    // Certified GMV 400 of 500, 1 order of 2. hD shipped nothing: a row with 0 orders.
    expect(rows[`${H}:hC`]).toEqual({
      hub_id: 'hC', name_zh: '丙仓', name_en: 'Hub C', belt_id: H, origin_certified: true, orders: 1, hub_share: 0.5,
      qc_pass_rate: 1, ship_hours_p50: 5, deliver_hours_p50: 30, refund_rate: null, refund_rate_other: null,
      certified_share: 0.8, certified_order_share: 0.5,
    });
    expect(rows[`${H}:hD`]).toMatchObject({ orders: 0, hub_share: 0, qc_pass_rate: null, ship_hours_p50: null, certified_share: 0.8 });
  });

  it('agrees with plain SQL over the order lines', async () => {
    const { body } = await get(`/api/hubs?${WINDOW}&belt=${J}`);
    const plain = await db.query(`
      WITH w AS (SELECT * FROM orders WHERE paid_at >= TIMESTAMPTZ '2026-03-01 00:00:00+08' AND paid_at < TIMESTAMPTZ '2026-04-01 00:00:00+08'
                   AND belt_id = '${J}'),
      belt AS (SELECT count(DISTINCT parent_order_id) AS orders, sum(amount) AS gmv, sum(refund_amount) AS refunds FROM w)
      SELECT w.hub_id, count(DISTINCT w.parent_order_id)::DOUBLE / any_value(belt.orders) AS hub_share,
        (count(*) FILTER (WHERE qc_passed))::DOUBLE / count(qc_passed) AS qc,
        median(epoch(shipped_at) - epoch(paid_at)) / 3600 AS ship, median(epoch(delivered_at) - epoch(paid_at)) / 3600 AS deliver,
        (sum(refund_amount) / sum(amount))::DOUBLE AS refund_rate,
        ((any_value(belt.refunds) - sum(refund_amount)) / (any_value(belt.gmv) - sum(amount)))::DOUBLE AS refund_rate_other
      FROM w, belt WHERE w.hub_id IS NOT NULL GROUP BY w.hub_id ORDER BY w.hub_id`);
    expect(body.rows.map((x: HubRow) => x.hub_id)).toEqual(['hA', 'hB']);
    for (const [i, p] of plain.entries()) {
      const row = body.rows.find((x: HubRow) => x.hub_id === p.hub_id);
      expect(row.hub_share).toBeCloseTo(Number(p.hub_share), 12);
      expect(row.qc_pass_rate).toBeCloseTo(Number(p.qc), 12);
      expect(row.ship_hours_p50).toBeCloseTo(Number(p.ship), 12);
      expect(row.deliver_hours_p50).toBeCloseTo(Number(p.deliver), 12);
      expect(row.refund_rate).toBeCloseTo(Number(p.refund_rate), 12);
      expect(row.refund_rate_other, `row ${i}`).toBeCloseTo(Number(p.refund_rate_other), 12);
    }
  });

  it('applies the window, the belt filter and the caller\'s scope', async () => {
    // January alone: only X0 through hA (1 of 1 order, QC failed).
    const jan = await get('/api/hubs?from=2026-01-01&to=2026-01-31');
    expect(byHub(jan.body.rows)[`${J}:hA`]).toMatchObject({ orders: 1, hub_share: 1, qc_pass_rate: 0, ship_hours_p50: 1 });
    const haining = await get(`/api/hubs?${WINDOW}&belt=${H}`);
    expect(haining.body.rows.map((x: HubRow) => x.hub_id)).toEqual(['hC', 'hD']);
    const none = await get(`/api/hubs?${WINDOW}&belt=`);
    expect(none.body.rows).toEqual([]);
    // A caller who may see Haining only gets Haining, whatever it asks for.
    const scope = { rows: { belt: [H] }, merchantNames: true, minCohort: 0 };
    // A belt outside the scope is unknown to it (400); the scope's own belt narrows it.
    expect((await get(`/api/hubs?${WINDOW}&belt=${J},${H}`, scope)).body.error).toMatchObject({ param: 'belt', allowed: [H] });
    const scoped = await get(`/api/hubs?${WINDOW}&belt=${H}`, scope);
    expect(scoped.body.rows.map((x: HubRow) => `${x.belt_id}:${x.hub_id}`)).toEqual([`${H}:hC`, `${H}:hD`]);
  });

  it('refuses bad parameters, naming them, in the chosen language', async () => {
    const a = await get('/api/hubs?from=2026-13-01&lang=en');
    expect(a.status).toBe(400);
    expect(a.body.error).toMatchObject({ code: 'invalid_param', param: 'from' });
    expect(a.body.error.message).toMatch(/YYYY-MM-DD/);
    const b = await get('/api/hubs?hub=hA');
    expect(b.status).toBe(400);
    expect(b.body.error.message).toMatch(/未知参数 "hub"/);
    const c = await get('/api/hubs?from=2026-03-31&to=2026-03-01&lang=en');
    expect(c.status).toBe(400);
    expect(c.body.error.message).toMatch(/is after to/);
  });
});
