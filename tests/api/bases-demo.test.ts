import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import { basesResponse, type BaseRow } from '../../server/api/schemas/bases.ts';
import { useDemoDatabase } from '../pipeline/demo-fixture.ts';

// The demo's story, read through the API on the small demo of the pipeline tests: the state-run
// Jingdezhen base is busy (its anchor academy keeps it so at any size), the three-party park
// stands nearly empty and empties further every month (its quota falls 15 % a month).
const { ctx } = useDemoDatabase();

describe('live bases on the demo', () => {
  it('uses the demo profile by default, and says so', async () => {
    const body = basesResponse.parse(await (await createApp({ db: ctx.db }).app.request('/api/bases')).json());
    expect(body.profile).toMatchObject({ id: 'demo', demo_scaled: true, is_default: true });
    expect(body.window).toEqual({ from: '2025-11-01', to: '2026-10-31' });
  });

  it('flags the three-party base underused and not the Jingdezhen base; utilization tells them apart', async () => {
    const body = basesResponse.parse(await (await createApp({ db: ctx.db }).app.request('/api/bases')).json());
    const by = Object.fromEntries(body.rows.map((r) => [r.base_id, r])) as Record<string, BaseRow>;
    const jdz = by['base-jdz-1'];
    const park = body.rows.find((r) => r.operator_model === 'three_party')!;
    expect(park.flags.map((f) => f.id)).toContain('underused');
    expect(jdz.flags.map((f) => f.id)).not.toContain('underused');
    expect(jdz.utilization!).toBeGreaterThan(0.4);
    expect(jdz.utilization!).toBeLessThan(0.85);
    expect(park.utilization!).toBeLessThan(0.1);
    // at this size the other bases have one room used a few hours a week (from 1M lines on, ~30 %)
    for (const r of body.rows.filter((x) => x !== jdz && x !== park)) expect(r.utilization!, r.base_id).toBeLessThan(jdz.utilization!);
    // the rule and its numbers, never a bare colour
    const u = park.flags.find((f) => f.id === 'underused')!;
    expect((u.values.utilization as number[]).every((x) => x < 0.2)).toBe(true);
    // independent check of the park's utilization: hours over rooms × hours × days, in plain SQL
    const [check] = await ctx.db.query(`SELECT sum(epoch(s.ended_at) - epoch(s.started_at)) / 3600.0
        / (any_value(b.rooms) * any_value(b.operating_hours_per_day) * 365) AS u
      FROM live_bases b LEFT JOIN live_sessions s ON s.base_id = b.base_id
       AND s.started_at >= TIMESTAMPTZ '2025-11-01 00:00:00+08' AND s.started_at < TIMESTAMPTZ '2026-11-01 00:00:00+08'
      WHERE b.base_id = '${park.base_id}'`);
    expect(park.utilization!).toBeCloseTo(Number(check.u ?? 0), 9);
  });

  it('flags the three-party base underused and declining, the Jingdezhen base neither', async () => {
    const body = basesResponse.parse(await (await createApp({ db: ctx.db }).app.request('/api/bases')).json());
    const jdz = body.rows.find((r) => r.base_id === 'base-jdz-1')!;
    const park = body.rows.find((r) => r.operator_model === 'three_party')!;
    expect(park.flags.map((f) => f.id)).toEqual(expect.arrayContaining(['underused', 'declining']));
    expect(jdz.flags.map((f) => f.id)).not.toContain('underused');
    expect(jdz.flags.map((f) => f.id)).not.toContain('declining');
    // the decline against plain SQL: room-hours of July–October 2026 by Beijing start month, each below the one before
    const months = await ctx.db.query(`SELECT strftime(started_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-01') AS month,
        sum(epoch(ended_at) - epoch(started_at)) / 3600.0 AS h
      FROM live_sessions WHERE base_id = '${park.base_id}'
       AND started_at >= TIMESTAMPTZ '2026-07-01 00:00:00+08' AND started_at < TIMESTAMPTZ '2026-11-01 00:00:00+08'
      GROUP BY 1 ORDER BY 1`);
    const d = park.flags.find((f) => f.id === 'declining')!;
    expect(d.values.months).toEqual(['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01']);
    expect(months.map((m) => m.month)).toEqual(d.values.months);
    (d.values.room_hours as number[]).forEach((h, i) => expect(h).toBeCloseTo(Number(months[i].h), 2));
    for (let i = 1; i < months.length; i++) expect(Number(months[i].h)).toBeLessThan(Number(months[i - 1].h));
  });
});
