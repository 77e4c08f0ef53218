import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import { baseDetailResponse, basesResponse, type BaseRow } from '../../server/api/schemas/bases.ts';
import type { Database } from '../../db/database.ts';
import { openBasesDatabase } from '../fixtures/bases.ts';

// Every figure against a hand calculation on tests/fixtures/bases.ts (whose comment tells the story).
// Window: 2026-02-01 … 2026-03-31 = 59 days; previous period 2025-12-04 … 2026-01-31.
const W = 'from=2026-02-01&to=2026-03-31';
let db: Database;
let app: ReturnType<typeof createApp>['app'];
let narrow: ReturnType<typeof createApp>['app'];
let rows: Record<string, BaseRow>;

let list: ReturnType<typeof basesResponse.parse>;

beforeAll(async () => {
  db = await openBasesDatabase();
  app = createApp({ db }).app;
  narrow = createApp({ db, scope: () => ({ rows: { belt: ['haining-leather'] }, merchantNames: false, minCohort: 0 }) }).app;
  const body = basesResponse.parse(await (await app.request(`/api/bases?${W}`)).json());
  list = body;
  rows = Object.fromEntries(body.rows.map((r) => [r.base_id, r]));
});
afterAll(async () => db.close());

const flag = (r: BaseRow, id: string) => r.flags.find((f) => f.id === id);
const get = async (a: typeof app, url: string) => { const r = await a.request(url); return { status: r.status, body: await r.json() as any }; };

describe('GET /api/bases: a busy base (resident and visiting merchants, workshop, anchors leaving)', () => {
  it('capacity and use', () => {
    const b = rows['bx-busy'];
    expect(b).toMatchObject({ rooms: 2, days: 59, sessions: 5, room_hours: 9 });
    // 3 + 2 + 2 + 1 + 1 hours over 2 rooms × 10 h × 59 days
    expect(b.utilization).toBeCloseTo(9 / 1180, 12);
    expect(b.sessions_per_room_week).toBeCloseTo(5 / 2 / (59 / 7), 12);
    // 19–22 (3 h), 18–20 (1 h in the peak), 20–21 (1 h); 10–12 and 09–10 none
    expect(b.evening_share).toBeCloseTo(5 / 9, 12);
  });

  it('merchants: resident in ≥ 3 of the four 7-day blocks ending on to, new ones, anchors and churn', () => {
    const b = rows['bx-busy'];
    // mA on 03-25 (block 0), 03-12 (block 2), 03-10 (block 3): resident; mB on 03-20 only: visiting, and new
    expect(b).toMatchObject({ merchants: 2, resident_merchants: 1, visiting_merchants: 1, new_merchants: 1 });
    // a1 and mB's account (no anchor id); before: a3, a1, a4, of whom a3 and a4 are gone
    expect(b.anchors).toBe(2);
    expect(b.anchor_churn).toBeCloseTo(2 / 3, 12);
  });

  it('GMV, belt share, base vs workshop, ROI and score', () => {
    const b = rows['bx-busy'];
    expect(b.live_gmv).toBe(3000);
    expect(b.belt_live_share).toBeCloseTo(3000 / 3400, 12); // the belt's window sessions: 3000 at the base + 400 + 0 in workshops
    expect(b.gpm).toBeCloseTo(3000 / 4100 * 1000, 9);
    expect(b.conversion).toBeCloseTo(23 / 1950, 12);
    expect(b.workshop_gpm).toBeCloseTo(400, 9);
    expect(b.workshop_conversion).toBeCloseTo(4 / 800, 12);
    expect(b.investment_per_wan_gmv).toBeCloseTo(1_000_000 / (3000 * 365 / 59 / 10_000), 6);
    // shenzhen-2023 vertical: area 1500 ≥ 1000 met; GMV 3000/59×365/12 per month < 15M not met; team unchecked
    expect(b.score).toBe(50);
  });

  it('flags: underused, single merchant, anchors leaving; not declining', () => {
    const b = rows['bx-busy'];
    expect(b.flags.map((f) => f.id).sort()).toEqual(['anchors_leaving', 'single_merchant', 'underused']);
    expect(flag(b, 'underused')!.values).toEqual({
      weeks: ['2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30'],
      utilization: [0, 0, 0, 0, Math.round(3 / 140 * 1e4) / 1e4, Math.round(2 / 140 * 1e4) / 1e4, Math.round(1 / 140 * 1e4) / 1e4, 0],
    });
    expect(flag(b, 'underused')!.rule.en).toMatch(/20%.*8 Monday-started weeks/);
    // The thresholds go with the profile's info, so a page can say why another base has no flag.
    expect(list.profile.flags.underused).toEqual({ utilization_below: 0.2, weeks: 8 });
    expect(flag(b, 'single_merchant')!.values).toEqual({ merchant_id: 'mA', merchant_gmv: 3000, live_gmv: 3000, share: 1 });
    expect(flag(b, 'anchors_leaving')!.values).toEqual({ previous_anchors: 3, gone: 2, churn: 0.6667 });
  });

  it('a window under 28 days judges neither a single merchant nor anchors leaving (one evening would raise them)', async () => {
    const short = basesResponse.parse((await get(app, '/api/bases?from=2026-03-10&to=2026-03-31')).body).rows.find((r) => r.base_id === 'bx-busy')!;
    expect(short.sessions).toBeGreaterThan(0);
    expect(short.flags.map((f) => f.id)).not.toContain('single_merchant');
    expect(short.flags.map((f) => f.id)).not.toContain('anchors_leaving');
    // 28 days are enough: the same base's merchant flag is back.
    const month = basesResponse.parse((await get(app, '/api/bases?from=2026-03-04&to=2026-03-31')).body).rows.find((r) => r.base_id === 'bx-busy')!;
    expect(month.flags.map((f) => f.id)).toContain('single_merchant');
  });
});

describe('GET /api/bases: a base with no sessions, one opened mid-period, one whose return disagrees', () => {
  it('no sessions: utilization 0 over its open days, ratios null, underused', () => {
    const b = rows['bx-empty'];
    expect(b).toMatchObject({ days: 59, sessions: 0, room_hours: 0, utilization: 0, merchants: 0, live_gmv: 0, belt_live_share: 0,
      gpm: null, conversion: null, evening_share: null, anchor_churn: null, investment_per_wan_gmv: null, sessions_per_room_week: 0 });
    // comprehensive: area 3000 met; rooms 5 < 10, firms 0 < 10, GMV 0 not met; events unchecked without returns
    expect(b.score).toBe(25);
    expect(b.flags.map((f) => f.id)).toEqual(['underused']);
  });

  it('opened mid-period: days counted from its opening; fewer than 8 open weeks is not underused', async () => {
    const b = rows['bx-new'];
    expect(b).toMatchObject({ days: 16, sessions: 2, room_hours: 6, merchants: 1, resident_merchants: 0, new_merchants: 1 });
    expect(b.utilization).toBeCloseTo(6 / (1 * 8 * 16), 12);
    expect(b.sessions_per_room_week).toBeCloseTo(2 / (16 / 7), 12);
    expect(b.evening_share).toBeCloseTo(4 / 6, 12);
    expect(b.flags.map((f) => f.id)).toEqual(['single_merchant']);
    expect(b.investment_per_wan_gmv).toBeNull();
    // a window ending before it opened: no open day, so utilization is null, not 0
    const before = await get(app, '/api/bases/bx-new?from=2026-02-01&to=2026-03-10');
    expect(before.body.base).toMatchObject({ days: 0, utilization: null, sessions_per_room_week: null });
  });

  it('a return: its rooms apply from its month on; its GMV disagrees with the sessions; declining room-hours', () => {
    const b = rows['bx-return'];
    expect(b.rooms).toBe(4);
    // February 28 days × 2 rooms × 10 h; March 31 days × 4 rooms (the return) × 10 h
    expect(b.utilization).toBeCloseTo(6 / (560 + 1240), 12);
    expect(b.flags.map((f) => f.id).sort()).toEqual(['declining', 'return_mismatch', 'single_merchant', 'underused']);
    expect(flag(b, 'declining')!.values).toEqual({ months: ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01'], room_hours: [8, 6, 4, 2] });
    // February: reported 10,000 against 5,000 observed (+100 %); March 2,100 against 2,000 (+5 %) is within 20 %
    expect(flag(b, 'return_mismatch')!.values).toEqual({ months: ['2026-02-01'], reported_gmv: [10000], observed_gmv: [5000], difference: [1] });
    expect(rows['bx-busy'].flags.find((f) => f.id === 'return_mismatch')).toBeUndefined();
  });
});

describe('GET /api/bases/:id', () => {
  it('returns against sessions by month, ROI by year, the checklist, base vs workshop', async () => {
    const { status, body } = await get(app, `/api/bases/bx-return?${W}`);
    expect(status).toBe(200);
    const d = baseDetailResponse.parse(body);
    expect(d.profile).toMatchObject({ id: 'shenzhen-2023', is_default: true, demo_scaled: false });
    expect(d.returns.map((r) => [r.month, r.reported?.gmv_cny ?? null, r.observed.live_gmv, r.gmv_difference])).toEqual([
      ['2025-12-01', null, 4000, null], ['2026-01-01', null, 3000, null], ['2026-02-01', 10000, 5000, 1], ['2026-03-01', 2100, 2000, 0.05],
    ]);
    expect(d.base.flags.find((f) => f.id === 'return_mismatch')?.values.months).toEqual(['2026-02-01']);
    // A window from 15 February: February's history row still compares its whole month, but the
    // flag does not take a month the window holds only part of.
    const late = baseDetailResponse.parse((await get(app, '/api/bases/bx-return?from=2026-02-15&to=2026-03-31')).body);
    expect(late.returns.find((r) => r.month === '2026-02-01')).toMatchObject({ whole_month: true, gmv_difference: 1 });
    expect(late.base.flags.map((f) => f.id)).not.toContain('return_mismatch');
    // 2025: December only (31 days, 4000); 2026: 90 days to 31 March, 10,000
    expect(d.roi.map((y) => [y.year, y.days, y.live_gmv])).toEqual([[2025, 31, 4000], [2026, 90, 10000]]);
    expect(d.roi[1].investment_per_wan_gmv).toBeCloseTo(500_000 / (10_000 * 365 / 90 / 10_000), 6);
    expect(d.standards.map((s) => [s.id, s.met])).toEqual([['area', true], ['team', null], ['monthly_gmv', false]]);
    expect(d.standards[2].value).toBeCloseTo(7000 / 59 * 365 / 12, 9);
    expect(d.monthly.map((m) => [m.month, m.room_hours])).toEqual([['2025-12-01', 8], ['2026-01-01', 6], ['2026-02-01', 4], ['2026-03-01', 2]]);
    const march = d.weekly.find((w) => w.week === '2026-03-02')!;
    expect(march).toMatchObject({ days: 7, rooms: 4, room_hours: 2, sessions: 1 });
    expect(march.utilization).toBeCloseTo(2 / (7 * 4 * 10), 12);

    const busy = baseDetailResponse.parse((await get(app, `/api/bases/bx-busy?${W}`)).body);
    // mA streamed at the base and in its workshop: b1, b2, b4, b5 against w1
    expect(busy.base_vs_workshop).toEqual({
      merchants: 1,
      base: { sessions: 4, live_gmv: 3000, views: 4000, viewers: 1900, buyers: 23, gpm: 750, conversion: 23 / 1900 },
      workshop: { sessions: 1, live_gmv: 400, views: 1000, viewers: 800, buyers: 4, gpm: 400, conversion: 0.005 },
    });
  });

  it('where the data begin with the window, new merchants and anchor churn are unknown (prior_in_data false), not every merchant new', async () => {
    const [d] = await db.query(`SELECT min(started_at AT TIME ZONE 'Asia/Shanghai')::DATE::VARCHAR AS first FROM live_sessions`);
    const first = String(d.first);
    const { body } = await get(app, `/api/bases?from=${first}&to=2026-03-31`);
    const early = (basesResponse.parse(body).rows as BaseRow[]).filter((r) => r.opened_on < first);
    expect(early.length).toBeGreaterThan(0);
    for (const r of early) expect(r, r.base_id).toMatchObject({ new_merchants: null, prior_in_data: false, anchor_churn: null });
    // A window with data before it knows both.
    expect(rows['bx-busy']).toMatchObject({ prior_in_data: true });
    expect(rows['bx-busy'].new_merchants).toEqual(expect.any(Number));
  });

  it('a return is compared only with a whole month of sessions: a window ending mid-month leaves that month uncompared, unflagged', async () => {
    const d = baseDetailResponse.parse((await get(app, '/api/bases/bx-return?from=2026-02-01&to=2026-02-20')).body);
    const feb = d.returns.find((r) => r.month === '2026-02-01')!;
    expect(feb).toMatchObject({ whole_month: false, gmv_difference: null, reported: { gmv_cny: 10000 } });
    expect(d.base.flags.find((f) => f.id === 'return_mismatch')).toBeUndefined();
    // The whole of February: compared, +100 %, flagged.
    const whole = baseDetailResponse.parse((await get(app, `/api/bases/bx-return?${W}`)).body);
    expect(whole.returns.find((r) => r.month === '2026-02-01')).toMatchObject({ whole_month: true, gmv_difference: 1 });
  });

  it('weekly: the weeks touching the window, counted over their days inside it; the flag still sees 8 whole weeks', async () => {
    // Friday 2026-01-16 … Wednesday 2026-01-21: b7 (01-15, 1 h) is the day before the window, b8 (01-20, 1 h) inside it
    const d = baseDetailResponse.parse((await get(app, '/api/bases/bx-busy?from=2026-01-16&to=2026-01-21')).body);
    expect(d.weekly).toEqual([
      { week: '2026-01-12', days: 3, rooms: 2, room_hours: 0, utilization: 0, sessions: 0, live_gmv: 0 },
      { week: '2026-01-19', days: 3, rooms: 2, room_hours: 1, utilization: 1 / (3 * 2 * 10), sessions: 1, live_gmv: 100 },
    ]);
    expect(d.base).toMatchObject({ days: 6, room_hours: 1, sessions: 1 });
    // the 8 Monday-started weeks up to to, whole before the window: b6 (01-10, 2 h), b7 (1 h) over 7 × 2 × 10 h, b8 over 3 days
    expect(d.base.flags.find((f) => f.id === 'underused')!.values).toEqual({
      weeks: ['2025-12-01', '2025-12-08', '2025-12-15', '2025-12-22', '2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19'],
      utilization: [0, 0, 0, 0, 0, Math.round(2 / 140 * 1e4) / 1e4, Math.round(1 / 140 * 1e4) / 1e4, Math.round(1 / 60 * 1e4) / 1e4],
    });
    // a window starting on a Sunday: its first week is that one day
    const feb = baseDetailResponse.parse((await get(app, `/api/bases/bx-busy?${W}`)).body);
    expect(feb.weekly[0]).toEqual({ week: '2026-01-26', days: 1, rooms: 2, room_hours: 0, utilization: 0, sessions: 0, live_gmv: 0 });
    expect(feb.weekly.at(-1)).toMatchObject({ week: '2026-03-30', days: 2 });
    expect(feb.weekly.reduce((s, w) => s + w.days, 0)).toBe(59);
    expect(feb.weekly.reduce((s, w) => s + w.room_hours, 0)).toBe(9);
  });

  it('the demo profile on request; an unknown profile or base is refused with the allowed values', async () => {
    const demo = await get(app, `/api/bases?${W}&profile=demo`);
    expect(demo.body.profile).toMatchObject({ id: 'demo', demo_scaled: true, is_default: false });
    // Every profile the server has is offered, with its name, to choose with ?profile=.
    expect(demo.body.profile.choices.map((c: { id: string; demo_scaled: boolean }) => [c.id, c.demo_scaled])).toEqual([['demo', true], ['shenzhen-2023', false]]);
    expect(demo.body.profile.choices[1].name.zh).toMatch(/深圳/);
    const bad = await get(app, '/api/bases?profile=nope&lang=en');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_param', param: 'profile', allowed: ['demo', 'shenzhen-2023'] });
    expect(bad.body.error.message).toMatch(/Unknown profile "nope"/);
    expect((await get(app, '/api/bases/nope')).status).toBe(404);
  });

  it('counts open days only where session exports reach: later monthly returns add no measured 0 %', async () => {
    const other = await openBasesDatabase();
    try {
      // Returns for April and May, with no session file for those months: the data now reaches May.
      await other.write(async (con) => {
        await con.run(`INSERT INTO base_returns (base_id, month, rooms, sessions, gmv_cny, dataset_id) VALUES
          ('bx-empty', '2026-04-01', 5, 30, 9000, 1), ('bx-empty', '2026-05-01', 5, 30, 9000, 1)`);
      });
      const a = createApp({ db: other }).app;
      const { body: h } = await get(a, '/api/health');
      expect([h.dataRange.to, h.sessionRange]).toEqual(['2026-05-01', { from: '2025-12-01', to: '2026-03-31' }]);
      const { body } = await get(a, '/api/bases?from=2026-04-01&to=2026-05-31');
      // No day of session data in the window: nothing measured, so no 0 % use, no flag and no score.
      for (const r of body.rows as BaseRow[]) {
        expect(r).toMatchObject({ days: 0, utilization: null, score: null, flags: [] });
      }
      // The window February–May: open days end with the sessions (59, as without the returns).
      const { body: wide } = await get(a, '/api/bases?from=2026-02-01&to=2026-05-31');
      expect((wide.rows as BaseRow[]).find((r) => r.base_id === 'bx-empty')).toMatchObject({ days: 59, utilization: 0 });
    } finally {
      await other.close();
    }
  });

  it('compares a return only with a month the session exports cover whole', async () => {
    const other = await openBasesDatabase();
    try {
      // Sessions now start on 2025-12-05 (w2 of the 1st removed): December is covered from the 5th only.
      await other.write(async (con) => {
        await con.run(`DELETE FROM live_sessions WHERE session_id = 'w2'`);
        await con.run(`INSERT INTO base_returns (base_id, month, gmv_cny, dataset_id) VALUES ('bx-return', '2025-12-01', 9000, 1)`);
      });
      const { body } = await get(createApp({ db: other }).app, '/api/bases?from=2025-12-01&to=2026-03-31');
      const b = (body.rows as BaseRow[]).find((r) => r.base_id === 'bx-return')!;
      // 9000 reported against 4000 seen from the 5th would be +125 %: not compared; February still is.
      expect(flag(b, 'return_mismatch')!.values.months).toEqual(['2026-02-01']);
    } finally {
      await other.close();
    }
  });

  it('has no evening share where a session\'s start time is a placeholder (an export that gave only the day)', async () => {
    const other = await openBasesDatabase();
    try {
      await other.write(async (con) => { await con.run(`UPDATE live_sessions SET start_known = false WHERE session_id = 'n2'`); });
      const { body } = await get(createApp({ db: other }).app, `/api/bases?${W}`);
      const by = Object.fromEntries((body.rows as BaseRow[]).map((r) => [r.base_id, r]));
      expect(by['bx-new']).toMatchObject({ evening_share: null, room_hours: 6, sessions: 2 });
      expect(by['bx-busy'].evening_share).toBeCloseTo(5 / 9, 12);
    } finally {
      await other.close();
    }
  });

  it('defaults to the 365 days ending on the data\'s last day', async () => {
    const { body } = await get(app, '/api/bases');
    expect(body.window).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });
});

describe('scope', () => {
  it('lists only the scope\'s bases, hides merchant ids in flags, and a base outside it is a 404', async () => {
    const { body } = await get(narrow, `/api/bases?${W}`);
    expect(body.rows.map((r: BaseRow) => r.base_id).sort()).toEqual(['bx-empty', 'bx-new']);
    expect(body.rows.find((r: BaseRow) => r.base_id === 'bx-new').flags[0].values.merchant_id).toBeNull();
    expect((await get(narrow, '/api/bases/bx-busy')).status).toBe(404);
    expect((await get(app, `/api/bases?${W}&belt=yixing-zisha`)).body.rows.map((r: BaseRow) => r.base_id)).toEqual(['bx-return']);
  });

  it('a minimum cohort leaves out the bases with at least one but fewer merchants in the window, and says so', async () => {
    const cohort = (min: number) => createApp({ db, scope: () => ({ rows: {}, merchantNames: true, minCohort: min }) }).app;
    // February–March: bx-busy 2 merchants (mA, mB), bx-new 1 (mD), bx-return 1 (mE), bx-empty none
    const two = basesResponse.parse((await get(cohort(2), `/api/bases?${W}`)).body);
    expect(two.rows.map((r) => r.base_id).sort()).toEqual(['bx-busy', 'bx-empty']);
    expect(two.suppressed).toEqual([
      { base_id: 'bx-new', name_zh: '新基地', name_en: 'New base', belt_id: 'haining-leather' },
      { base_id: 'bx-return', name_zh: '月报基地', name_en: 'Return base', belt_id: 'yixing-zisha' },
    ]);
    expect(two.notes[0].en).toMatch(/fewer than 2 merchants are hidden/);
    // the figures of the bases shown are unchanged
    expect(two.rows.find((r) => r.base_id === 'bx-busy')).toEqual(rows['bx-busy']);
    const three = basesResponse.parse((await get(cohort(3), `/api/bases?${W}`)).body);
    expect(three.rows.map((r) => r.base_id)).toEqual(['bx-empty']);
    expect(three.suppressed.map((b) => b.base_id)).toEqual(['bx-busy', 'bx-new', 'bx-return']);
    // without a cohort nothing is hidden
    const open = basesResponse.parse((await get(app, `/api/bases?${W}`)).body);
    expect([open.suppressed, open.notes]).toEqual([[], []]);

    // the detail of a hidden base is refused, saying why and what to do; a shown one is answered
    const hiddenDetail = await get(cohort(2), `/api/bases/bx-return?${W}&lang=en`);
    expect(hiddenDetail.status).toBe(403);
    expect(hiddenDetail.body.error).toMatchObject({ code: 'scope_forbidden', param: 'from' });
    expect(hiddenDetail.body.error.message).toMatch(/fewer than 2 merchants .* from 2026-02-01 to 2026-03-31.*longer window/);
    expect((await get(cohort(2), `/api/bases/bx-return?${W}`)).body.error.message).toMatch(/少于 2 个/);
    expect((await get(cohort(2), `/api/bases/bx-busy?${W}`)).status).toBe(200);
    expect((await get(cohort(2), `/api/bases/bx-empty?${W}`)).status).toBe(200);
    // a longer window can bring a base back: from December, bx-busy also has mC (3 merchants)
    expect((await get(cohort(3), `/api/bases/bx-busy?from=2025-12-01&to=2026-03-31`)).status).toBe(200);
    expect((await get(cohort(3), `/api/bases/bx-busy?${W}`)).status).toBe(403);
  });
});
