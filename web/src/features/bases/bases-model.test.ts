import { describe, expect, it } from 'vitest';
import type { BaseDetailResponse, BaseFlag, BaseRow, MetricsResponse } from '../../lib/api/types.ts';
import { formatStandardValue, outsideNote, partialWeeksNote, returnRows, roiRows, scorecard, standardRows, whyNull } from './detail.ts';
import { formatFlag, formatFlagValue, shortWindowNote } from './flags.ts';
import { isEmptyShell, rankBases } from './ranking.ts';
import { generatedAt } from './report-meta.ts';
import { scatterModel } from './scatter.ts';
import { scatterOption, weeklyOption } from './charts.ts';
import { suppressedNote } from './suppressed.ts';
import { mondayOf, sparkPath, sparkSegments, weeklyByBase, weeksOf } from './sparkline.ts';

const underused: BaseFlag = {
  id: 'underused',
  rule: { zh: '最近 2 周（周一起算）每周利用率均低于 20%', en: 'Utilization under 20% in each of the last 2 Monday-started weeks' },
  values: { weeks: ['2026-10-19', '2026-10-26'], utilization: [0.0915, 0.179] },
};
const single: BaseFlag = {
  id: 'single_merchant',
  rule: { zh: '单一商家贡献超过 50% 的基地直播成交额', en: 'One merchant brings more than 50% of the base\'s live GMV' },
  values: { merchant_id: 'M-1', merchant_gmv: 600, live_gmv: 1000, share: 0.6 },
};

function row(id: string, o: Partial<BaseRow> = {}): BaseRow {
  return {
    base_id: id, name_zh: `基地${id}`, name_en: `Base ${id}`, belt_id: 'b', operator_model: 'private', base_type: 'vertical',
    opened_on: '2020-01-01', rooms: 2, room_hours: 100, utilization: 0.5, days: 365, sessions: 10, sessions_per_room_week: 1,
    evening_share: 0.5, merchants: 3, resident_merchants: 1, visiting_merchants: 2, new_merchants: 1, prior_in_data: true, anchors: 2, anchor_churn: 0,
    live_gmv: 1000, belt_live_share: 0.1, gpm: 500, conversion: 0.01, workshop_gpm: null, workshop_conversion: null,
    investment_cny: null, investment_per_wan_gmv: null, score: 50, flags: [], ...o,
  };
}


describe('flags with their reasons', () => {
  it('puts each week beside its utilization, with the rule in the language asked for', () => {
    const zh = formatFlag(underused, 'zh');
    expect(zh.name).toBe('利用率低');
    expect(zh.rule).toBe(underused.rule.zh);
    expect(zh.details).toEqual([
      { label: '2026-10-19', value: '利用率 9.2%' },
      { label: '2026-10-26', value: '利用率 17.9%' },
    ]);
    const en = formatFlag(underused, 'en');
    expect(en.rule).toBe(underused.rule.en);
    expect(en.details[1]).toEqual({ label: '2026-10-26', value: 'Utilization 17.9%' });
  });

  it('formats each figure in its unit: money, shares, counts, signed differences, months', () => {
    expect(formatFlag(single, 'en').details).toEqual([
      { label: 'Merchant', value: 'M-1' },
      { label: 'Merchant live GMV', value: '¥600.00' },
      { label: 'Base live GMV', value: '¥1,000.00' },
      { label: 'Share', value: '60.0%' },
    ]);
    expect(formatFlagValue('difference', [0.5, -0.25, null], 'en')).toBe('+50.0%, −25.0%, —');
    expect(formatFlagValue('months', '2026-08-01', 'zh')).toBe('2026年8月');
    expect(formatFlagValue('previous_anchors', 12, 'zh')).toBe('12');
    expect(formatFlagValue('merchant_id', null, 'zh')).toBe('—');
  });

  it('keeps a value list the axis does not pair as its own line', () => {
    const mismatch: BaseFlag = {
      id: 'return_mismatch', rule: { zh: 'x', en: 'x' },
      values: { months: ['2026-09-01'], reported_gmv: [1500], observed_gmv: [1000], difference: [0.5] },
    };
    expect(formatFlag(mismatch, 'en').details).toEqual([
      { label: 'Sep 2026', value: 'Reported GMV ¥1,500.00 · Sessions GMV ¥1,000.00 · Difference +50.0%' },
    ]);
  });
});

describe('ranking', () => {
  const rows = [
    row('a', { score: 50, live_gmv: 10, utilization: 0.1, merchants: 9 }),
    row('b', { score: 75, live_gmv: 5, utilization: null, merchants: 1 }),
    row('c', { score: 50, live_gmv: 20, utilization: 1.3, merchants: 5 }),
    row('d', { score: null, live_gmv: 99, utilization: 0.2, merchants: 5 }),
  ];
  it('ranks by score, then live GMV, nulls last (the API\'s order)', () => {
    expect(rankBases(rows, 'score', 'zh').map((r) => [r.rank, r.row.base_id])).toEqual([[1, 'b'], [2, 'c'], [3, 'a'], [4, 'd']]);
  });
  it('ranks by another column with the score as tie-break; bars clamp to 0–1', () => {
    const byUtil = rankBases(rows, 'utilization', 'en');
    expect(byUtil.map((r) => r.row.base_id)).toEqual(['c', 'd', 'a', 'b']);
    expect(byUtil.map((r) => r.bar)).toEqual([1, 0.2, 0.1, 0]);
    expect(rankBases(rows, 'merchants', 'en').map((r) => r.row.base_id)).toEqual(['a', 'c', 'd', 'b']);
    expect(byUtil[0].name).toBe('Base c');
  });
  it('says when a base opened after the window (why its row is empty)', () => {
    const later = [row('new', { opened_on: '2025-03-18', utilization: null, days: 0 }), row('old', {})];
    expect(rankBases(later, 'score', 'zh', '2025-03-10').map((r) => [r.row.base_id, r.opensAfter])).toEqual([['new', '2025-03-18'], ['old', null]]);
    expect(rankBases(later, 'score', 'zh', '2025-03-18').every((r) => r.opensAfter === null)).toBe(true);
  });
});

describe('scatter', () => {
  it('places every base with a utilization, marks empty shells, lists the unplaceable', () => {
    const m = scatterModel([
      row('busy', { utilization: 0.6, live_gmv: 5000 }),
      row('flagged', { utilization: 0.1, live_gmv: 800, flags: [underused] }),
      row('silent', { utilization: 0, live_gmv: 0 }),
      row('sells-nothing', { utilization: 0.3, live_gmv: 0 }),
      row('unopened', { utilization: null, live_gmv: 0 }),
    ], 'zh');
    expect(m.points.map((p) => [p.id, p.utilization, p.liveGmv, p.shell])).toEqual([
      ['busy', 0.6, 5000, false], ['flagged', 0.1, 800, true], ['silent', 0, 0, true], ['sells-nothing', 0.3, 0, true],
    ]);
    expect(m.unplotted).toEqual([{ id: 'unopened', name: '基地unopened' }]);
    expect(isEmptyShell(row('x', { flags: [single] }))).toBe(false);
  });

  it('does not call a base a shell for a quiet spell: under 28 days of session data only the underused flag marks one', () => {
    // A one-day window, or a year's window over exports that cover two days: days is what the data covers.
    const m = scatterModel([
      row('quiet-day', { utilization: 0.47, live_gmv: 0, days: 1 }),
      row('closed-day', { utilization: 0, live_gmv: 0, days: 2 }),
      row('flagged', { utilization: 0.1, live_gmv: 800, days: 2, flags: [underused] }),
    ], 'en');
    expect(m.points.map((p) => [p.id, p.shell])).toEqual([['quiet-day', false], ['closed-day', false], ['flagged', true]]);
    expect(isEmptyShell(row('x', { utilization: 0.3, live_gmv: 0, days: 27 }))).toBe(false);
    expect(isEmptyShell(row('x', { utilization: 0.3, live_gmv: 0, days: 28 }))).toBe(true);
    expect(rankBases([row('quiet-day', { utilization: 0.47, live_gmv: 0, days: 1 })], 'score', 'en')[0].shell).toBe(false);
  });
});

describe('scatter labels', () => {
  it('names every empty shell (never hidden by overlap) and lifts a name off the x-axis line', () => {
    const model = scatterModel([row('a', { utilization: 0.02, live_gmv: 0, flags: [underused] }), row('b', { utilization: 0.4, live_gmv: 5e6 })], 'zh');
    type Layout = { hideOverlap: boolean; x?: number; y?: number };
    const series = scatterOption(model, 'zh').series as { id: string; labelLayout: Layout | ((p: unknown) => Layout); data: { id: string; label?: { position: unknown } }[] }[];
    const shell = series.find((s) => s.id === 'shell')!;
    const layout = shell.labelLayout as (p: unknown) => Layout;
    expect(layout({ dataIndex: 0, labelRect: { x: 10, y: 20, width: 50, height: 13 } })).toMatchObject({ x: 10, y: 20, hideOverlap: false });
    // A working base's label: moved above or below its point when its place is taken, hidden only when every place is.
    const working = series.find((s) => s.id === 'working')!.labelLayout as (p: unknown) => Layout;
    const dot = { x: 95, y: 95, width: 10, height: 10 };
    expect(working({ dataIndex: 0, labelRect: { x: 110, y: 94, width: 80, height: 13 }, rect: dot })).toEqual({ hideOverlap: true });
    expect(working({ dataIndex: 1, labelRect: { x: 120, y: 96, width: 80, height: 13 }, rect: { ...dot, x: 108, y: 97 } }))
      .toMatchObject({ x: 120, y: 97 + 10 + 1, hideOverlap: true });
    expect(shell.data[0].label?.position).toEqual([16, -12]);
  });
});

describe('sparklines', () => {
  it('counts Monday-started weeks over the window', () => {
    expect(mondayOf('2026-11-01')).toBe('2026-10-26'); // a Sunday
    expect(mondayOf('2026-10-26')).toBe('2026-10-26');
    expect(weeksOf('2026-10-28', '2026-11-10')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09']);
  });

  it('spreads /api/metrics rows into one series per base, a week without sessions at 0', () => {
    const m = {
      rows: [
        { week: '2026-10-26', base: 'a', live_gmv: 10 },
        { week: '2026-11-09', base: 'a', live_gmv: 5.5 },
        { week: '2026-11-02', base: 'b', live_gmv: 7 },
        { week: '2026-11-02', base: null, live_gmv: 99 },
        { week: '2026-01-05', base: 'a', live_gmv: 1 },
      ],
    } as unknown as MetricsResponse;
    const s = weeklyByBase(m, '2026-10-28', '2026-11-10');
    expect(Object.fromEntries(s)).toEqual({ a: [10, 0, 5.5], b: [0, 7, 0] });
  });

  it('draws the series inside its box, highest value at the top', () => {
    expect(sparkPath([0, 5, 10], 22, 12, 1)).toBe('M1.0,11.0L11.0,6.0L21.0,1.0');
    expect(sparkPath([3, 3], 10, 10, 0)).toBe('M0.0,0.0L10.0,0.0'); // the baseline is 0, not the lowest week
    expect(sparkPath([0, 0], 10, 10, 0)).toBe('M0.0,10.0L10.0,10.0');
    expect(sparkPath([], 10, 10)).toBe('');
  });

  it('draws a first or last week the window cuts as a dashed piece, the whole weeks solid', () => {
    const v = [2, 10, 10, 1];
    expect(sparkSegments(v, 30, 10, 0, { first: false, last: false })).toEqual({ solid: sparkPath(v, 30, 10, 0), dashed: [], dot: null });
    // One week (a one-week window): a dot in the middle, at its value's height.
    expect(sparkSegments([5], 30, 10, 0, { first: true, last: true })).toEqual({ solid: '', dashed: [], dot: { x: 15, y: 0 } });
    const cut = sparkSegments(v, 30, 10, 0, { first: true, last: true });
    expect(cut.solid).toBe('M10.0,0.0L20.0,0.0');
    expect(cut.dashed).toEqual(['M0.0,8.0L10.0,0.0', 'M20.0,0.0L30.0,9.0']);
    // Two weeks, both cut: one dashed piece, no solid line.
    expect(sparkSegments([1, 2], 10, 10, 0, { first: true, last: true })).toEqual({ solid: '', dashed: ['M0.0,5.0L10.0,0.0'], dot: null });
  });
});

describe('short windows', () => {
  it('says, for a window under 28 days, that the merchant and anchor flags are not judged', () => {
    expect(shortWindowNote({ from: '2026-10-19', to: '2026-10-25' }, 'en')).toMatch(/^The window has only 7 days, under 28: "single merchant" and "anchors leaving" are not judged/);
    expect(shortWindowNote({ from: '2026-10-01', to: '2026-10-01' }, 'zh')).toMatch(/^所选时间只有 1 天，短于 28 天/);
    expect(shortWindowNote({ from: '2026-10-01', to: '2026-10-01' }, 'en')).toMatch(/^The window has only 1 day, under 28:/);
    expect(shortWindowNote({ from: '2026-10-04', to: '2026-10-31' }, 'en')).toBeNull();
    expect(shortWindowNote(null, 'en')).toBeNull();
  });
});

describe('detail', () => {
  it('names the weeks with fewer than 7 open days in the window, so their GMV is not read as a dip', () => {
    const weeks = [{ week: '2026-08-03', days: 3 }, { week: '2026-08-10', days: 7 }, { week: '2026-08-17', days: 6 }];
    expect(partialWeeksNote(weeks, 'en')).toMatch(/^Weeks marked \* have fewer than 7 open days in the window .+: 2026-08-03 \(3 of 7 days\), 2026-08-17 \(6 of 7 days\)\. Their live GMV/);
    expect(partialWeeksNote(weeks, 'zh')).toContain('：2026-08-03（3/7 天）、2026-08-17（6/7 天）。');
    expect(partialWeeksNote([{ week: '2026-08-10', days: 7 }], 'zh')).toBeNull();
    // Sessions in a week before the base's opening date: no open day, said as that, not "0 of 7".
    const early = partialWeeksNote([{ week: '2026-07-27', days: 0 }, { week: '2026-08-03', days: 3 }], 'en')!;
    expect(early).toContain(": 2026-07-27 (before the base's recorded opening date, yet with sessions: check the opening date), 2026-08-03 (3 of 7 days).");
    expect(early).not.toContain('0 of 7');
    const axis = weeklyOption(weeks.map((w) => ({ ...w, rooms: 1, room_hours: 1, utilization: 0.1, sessions: 1, live_gmv: 1 })), 'en').xAxis as { data: string[] };
    expect(axis.data).toEqual(['2026-08-03*', '2026-08-10', '2026-08-17*']);
  });

  it('says a window wholly outside the data has no figures, and says nothing of one that touches them', () => {
    const data = { from: '2024-11-01', to: '2026-10-31' };
    expect(outsideNote({ from: '2027-01-01', to: '2027-03-31' }, data, 'zh')).toBe(
      '所选时间 2027-01-01 至 2027-03-31 晚于直播场次数据（场次数据覆盖 2024-11-01 至 2026-10-31）：评估卡、每周利用率、达标情况和预警没有可显示的数字，这不表示基地闲置。下面的按月历史、月报与投资回报不受所选时间影响。');
    // Before the data the base has no history either (the API reads months up to the window's end): none is promised.
    expect(outsideNote({ from: '2023-01-01', to: '2024-10-31' }, data, 'en')).toBe('The window 2023-01-01 to 2024-10-31 lies before the live-session data, which covers 2024-11-01 to 2026-10-31: there are no figures for it, which does not mean the base stood idle.');
    // One shared day is enough to show the window's figures.
    expect(outsideNote({ from: '2026-10-31', to: '2027-01-31' }, data, 'zh')).toBeNull();
    expect(outsideNote({ from: '2024-01-01', to: '2024-11-01' }, data, 'en')).toBeNull();
    expect(outsideNote({ from: '2027-01-01', to: '2027-03-31' }, null, 'en')).toBeNull();
  });
  it('writes thresholds and values in their units, in either language', () => {
    expect(formatStandardValue(300000, 'CNY', 'zh')).toBe('¥300,000.00');
    expect(formatStandardValue(20, 'merchants', 'zh')).toBe('20家');
    expect(formatStandardValue(20, 'merchants', 'en')).toBe('20 merchants');
    expect(formatStandardValue(1, 'merchants', 'en')).toBe('1 merchant');
    expect(formatStandardValue(1000, 'm²', 'zh')).toBe('1,000 m²');
    expect(formatStandardValue(6, 'events/year', 'zh')).toBe('6 场/年');
    expect(formatStandardValue(null, 'rooms', 'en')).toBe('—');
    expect(standardRows([{ id: 'rooms', label: { zh: '直播间', en: 'Rooms' }, threshold: 2, unit: 'rooms', value: 1, met: false }], 'en'))
      .toEqual([{ id: 'rooms', label: 'Rooms', threshold: '≥ 2 rooms', value: '1 room', met: false }]);
  });

  it('lists returns newest first, marks the months the mismatch flag names, and compares no part month', () => {
    const d = {
      base: row('a', { flags: [{ id: 'return_mismatch', rule: { zh: '', en: '' }, values: { months: ['2026-09-01'], difference: [0.5] } }] }),
      returns: [
        { month: '2026-08-01', whole_month: true, reported: null, observed: { sessions: 3, merchants: 1, live_gmv: 900 }, gmv_difference: null },
        { month: '2026-09-01', whole_month: true, reported: { rooms: 2, sessions: 4, merchants_served: 2, gmv_cny: 1500, training_events: 1, jobs_created: 0 },
          observed: { sessions: 3, merchants: 1, live_gmv: 1000 }, gmv_difference: 0.5 },
        // The window ends mid-October: a whole month's return against half its sessions.
        { month: '2026-10-01', whole_month: false, reported: { rooms: 2, sessions: 9, merchants_served: 2, gmv_cny: 2000, training_events: 0, jobs_created: 0 },
          observed: { sessions: 4, merchants: 1, live_gmv: 800 }, gmv_difference: null },
      ],
      // August lies before the window: the base's history, not flagged whatever its gap.
      window: { from: '2026-09-01', to: '2026-10-15' },
    } as unknown as BaseDetailResponse;
    // A window from 10 September: September is compared (its data are whole) but not flagged.
    const mid = returnRows({ ...d, window: { from: '2026-09-10', to: '2026-10-15' } }, 'en');
    expect(mid.map((r) => [r.month, r.difference, r.outside])).toEqual([['2026-10-01', 'Part month: not compared', false], ['2026-09-01', '+50.0%', true], ['2026-08-01', '—', true]]);
    expect(returnRows(d, 'en')).toEqual([
      { month: '2026-10-01', reported: '¥2,000.00', merchantsServed: '2', training: '0', jobs: '0', observed: '¥800.00', difference: 'Part month: not compared', sessions: '9 / 4', flagged: false, partial: true, outside: false },
      { month: '2026-09-01', reported: '¥1,500.00', merchantsServed: '2', training: '1', jobs: '0', observed: '¥1,000.00', difference: '+50.0%', sessions: '4 / 3', flagged: true, partial: false, outside: false },
      { month: '2026-08-01', reported: null, merchantsServed: '—', training: '—', jobs: '—', observed: '¥900.00', difference: '—', sessions: '— / 3', flagged: false, partial: false, outside: true },
    ]);
  });

  it('gives every unknown figure its reason: no investment on file, or no live GMV', () => {
    const noInvestment = row('a', { investment_cny: null, investment_per_wan_gmv: null, live_gmv: 500 });
    const card = scorecard(noInvestment as BaseDetailResponse['base'], 'en').find((c) => c.id === 'investment_per_wan_gmv')!;
    expect(card).toMatchObject({ value: '—', why: 'base.why.noInvestment' });
    expect(whyNull('investment_per_wan_gmv', { investment_cny: 100_000, live_gmv: 0, days: 30, room_hours: 0 })).toBe('base.why.noGmv');
    // A window without session data has no score; a session whose start the export did not give, no evening share.
    expect(whyNull('score', { investment_cny: null, live_gmv: 0, days: 0, room_hours: 0 })).toBe('base.why.noSessionData');
    expect(whyNull('score', { investment_cny: null, live_gmv: 0, days: 30, room_hours: 0 })).toBe('base.why.noCriteria');
    // A window that ends before the base opened: not a missing export.
    const early = { investment_cny: null, live_gmv: 0, days: 0, room_hours: 0, opened_on: '2025-03-18' };
    expect(whyNull('score', early, '2025-02-28')).toBe('base.why.notYetOpen');
    expect(whyNull('utilization', early, '2025-02-28')).toBe('base.why.notYetOpen');
    expect(whyNull('score', early, '2025-04-30')).toBe('base.why.noSessionData');
    // On the scorecard, its zero GMV and share say so too; the rooms on record stay.
    const before = scorecard(row('a', { opened_on: '2025-03-18', days: 0, live_gmv: 0, belt_live_share: 0, rooms: 1 }) as BaseDetailResponse['base'], 'en', '2025-02-28');
    const early2 = (id: string) => before.find((c) => c.id === id)!;
    expect([early2('live_gmv'), early2('belt_live_share')].map((c) => [c.value, c.why])).toEqual([['—', 'base.why.notYetOpen'], ['—', 'base.why.notYetOpen']]);
    expect(early2('rooms').value).toBe('1');
    expect(whyNull('evening_share', { investment_cny: null, live_gmv: 10, days: 30, room_hours: 3.5 })).toBe('base.why.noStartTimes');
    // The data begin with the window: who is new, and who left since the period before, cannot be told.
    expect(whyNull('new_merchants', { investment_cny: null, live_gmv: 10, days: 30, room_hours: 3.5 })).toBe('base.why.noHistory');
    expect(whyNull('anchor_churn', { investment_cny: null, live_gmv: 10, days: 30, room_hours: 3.5, prior_in_data: false })).toBe('base.why.prevNotInData');
    expect(whyNull('anchor_churn', { investment_cny: null, live_gmv: 10, days: 30, room_hours: 3.5, prior_in_data: true })).toBe('base.why.noPrevAnchors');
    expect(whyNull('evening_share', { investment_cny: null, live_gmv: 0, days: 30, room_hours: 0 })).toBe('base.why.noHours');
    expect(scorecard(row('a', { utilization: 0.5 }) as BaseDetailResponse['base'], 'en').find((c) => c.id === 'utilization')!.why).toBeUndefined();
    const d = (investment: number | null) => ({
      base: row('a', { investment_cny: investment }),
      roi: [{ year: 2025, days: 100, live_gmv: 0, investment_per_wan_gmv: null }, { year: 2026, days: 200, live_gmv: 2e6, investment_per_wan_gmv: 12.5 }],
    }) as unknown as BaseDetailResponse;
    expect(roiRows(d(null), 'en')[0]).toMatchObject({ perWan: '—', why: 'base.why.noInvestment' });
    expect(roiRows(d(50_000), 'zh')[0]).toMatchObject({ perWan: '—', why: 'base.why.noGmvYear' });
    expect(roiRows(d(50_000), 'en')[1]).toEqual({ year: 2026, days: '200', liveGmv: '¥2,000,000.00', perWan: '¥12.50' });
  });

  it('stamps the report in Beijing time whatever the machine\'s zone', () => {
    expect(generatedAt(new Date('2026-11-30T16:05:00Z'), 'zh')).toBe('2026-12-01 00:05');
    expect(generatedAt(new Date('2026-11-30T16:05:00Z'), 'en')).toBe('2026-12-01 00:05');
  });
});

describe('bases the scope hides', () => {
  const hidden = (id: string, zh: string, en: string) => ({ base_id: id, name_zh: zh, name_en: en, belt_id: 'b' });
  const two = [hidden('bx-new', '新基地', 'New base'), hidden('bx-return', '月报基地', 'Return base')];

  it('says how many, which and why, in either language', () => {
    expect(suppressedNote({ suppressed: two }, 'zh')).toBe(
      '另有 2 个基地未列出（新基地、月报基地）：所选时间内在这些基地直播的商家少于您的数据权限允许显示的最少商家数，列出其数据可能识别出单个商家。');
    expect(suppressedNote({ suppressed: two }, 'en')).toBe(
      '2 more bases are not listed (New base, Return base): fewer merchants streamed at each in the period than your access allows figures for, so their figures could identify a single merchant.');
    expect(suppressedNote({ suppressed: two.slice(1) }, 'en')).toMatch(/^1 more base is not listed \(Return base\): .* its figures could/);
    // a base without an English name keeps its Chinese one
    expect(suppressedNote({ suppressed: [hidden('x', '无英文名', '')] }, 'en')).toContain('(无英文名)');
  });

  it('names the first five and counts the rest', () => {
    const seven = Array.from({ length: 7 }, (_, i) => hidden(`b${i}`, `基地${i}`, `Base ${i}`));
    expect(suppressedNote({ suppressed: seven }, 'en')).toMatch(/^7 more bases are not listed \(Base 0, Base 1, Base 2, Base 3, Base 4 and 2 more\): /);
    expect(suppressedNote({ suppressed: seven }, 'zh')).toMatch(/^另有 7 个基地未列出（基地0、基地1、基地2、基地3、基地4 及另外 2 个）：/);
  });

  it('is absent when nothing is hidden (the open scope) or before the list loads', () => {
    expect(suppressedNote({ suppressed: [] }, 'zh')).toBeNull();
    expect(suppressedNote(undefined, 'en')).toBeNull();
  });
});
