import { describe, expect, it } from 'vitest';
import type { BenchmarkMeasure, BenchmarkResponse, MetaResponse } from '../../lib/api/types.ts';
import { benchmarkRows, pageState, percentDecimals, rangeBar, rankWords, tooFewPeers } from './merchant-model.ts';

const m = (id: string, over: Partial<BenchmarkMeasure> = {}): BenchmarkMeasure => ({
  id, fact: 'orders', has_rows: true, value: 400, value_note: null, peers: 6, with_value: 6,
  p25: 225, p50: 350, p75: 550, rank: 3.5 / 6, peer_note: null, ...over,
});
const response = (measures: BenchmarkMeasure[], merchant = 'jz-04'): BenchmarkResponse => ({
  merchant_id: merchant, belt_id: 'jingdezhen-ceramics', window: { from: '2025-01-01', to: '2025-12-31' }, min_peers: 5, measures, notes: [], dataVersion: 1,
});
const meta = {
  measures: [
    { id: 'gmv', label: { zh: '成交金额', en: 'GMV' }, description: { zh: '已支付订单金额之和', en: 'Sum of paid order amounts' }, formula: 'Σ amount', unit: 'CNY', format: 'currency' },
    { id: 'refund_rate', label: { zh: '退款金额占比', en: 'Refund rate' }, description: { zh: '退款金额除以成交金额', en: 'Refunds over GMV' }, formula: 'Σ refund_amount / Σ amount', unit: 'ratio', format: 'percent', lowerIsBetter: true },
    { id: 'orders', label: { zh: '订单数', en: 'Orders' }, description: { zh: '订单数', en: 'Orders' }, formula: 'count(DISTINCT order)', unit: 'count', format: 'integer' },
  ],
} as unknown as MetaResponse;
const text = { peers: (n: number, of: number) => `${n}/${of}` };

describe('pageState', () => {
  it('asks for a shop until one is chosen, whatever is loaded', () => {
    expect(pageState('', 'ready', undefined, response([m('gmv')]))).toBe('pick');
  });
  it('a 404 is "no such merchant"; any other failure an error', () => {
    expect(pageState('x', 'error', 'not_found', undefined)).toBe('notFound');
    expect(pageState('x', 'error', 'network', undefined)).toBe('error');
  });
  it('loading while the answer is for another merchant or on its way', () => {
    expect(pageState('jz-05', 'ready', undefined, response([m('gmv')]))).toBe('loading');
    expect(pageState('jz-04', 'loading', undefined, response([m('gmv')]))).toBe('loading');
    expect(pageState('jz-04', 'idle', undefined, undefined)).toBe('loading');
  });
  it('no data when the merchant has neither orders nor sessions in the window', () => {
    const none = { has_rows: false, value: null, value_note: 'no orders' };
    expect(pageState('jz-04', 'ready', undefined, response([m('gmv', none), m('gpm', { ...none, fact: 'live_sessions' })]))).toBe('noData');
    expect(pageState('jz-04', 'ready', undefined, response([m('gmv'), m('gpm', { ...none, fact: 'live_sessions' })]))).toBe('ready');
  });
});

describe('rangeBar', () => {
  it('places band, median and the shop on a scale from 0 to 110 % of the highest figure', () => {
    // hi = 550 × 1.1 = 605
    const bar = rangeBar({ value: 400, p25: 225, p50: 350, p75: 550 });
    expect(bar.band!.left).toBeCloseTo(37.2, 1);
    expect(bar.band!.left + bar.band!.width).toBeCloseTo(90.9, 1);
    expect(bar.median).toBeCloseTo(57.9, 1);
    expect(bar.own).toBeCloseTo(66.1, 1);
  });
  it('a shop above every peer stays inside the track', () => {
    expect(rangeBar({ value: 8, p25: 1, p50: 2, p75: 3 })).toMatchObject({ beyond: false });
    expect(rangeBar({ value: 8, p25: 1, p50: 2, p75: 3 }).own).toBeLessThan(100);
  });
  it('a shop far beyond every peer is drawn past the end of a track scaled to the peers, so their band stays readable', () => {
    // ¥181万 among peers of ¥1,393 – ¥1.15万 (the demo's M-JDZ-08050): the band was a sliver.
    const bar = rangeBar({ value: 1_810_000, p25: 1393, p50: 4000, p75: 11_500 });
    expect(bar.beyond).toBe(true);
    expect(bar.own).toBe(100);
    // hi = 11,500 × 1.25: the band spans most of the track.
    expect(bar.band!.left + bar.band!.width).toBeCloseTo(80, 1);
    expect(bar.band!.width).toBeGreaterThan(60);
  });
  it('hidden peer figures leave no bar (the shop alone has no scale to sit on); nothing known leaves nothing', () => {
    expect(rangeBar({ value: 5, p25: null, p50: null, p75: null })).toEqual({ band: null, median: null, own: null, beyond: false });
    expect(rangeBar({ value: 5, p25: null, p50: 4, p75: null })).toEqual({ band: null, median: expect.any(Number), own: expect.any(Number), beyond: false });
    expect(rangeBar({ value: null, p25: null, p50: null, p75: null })).toEqual({ band: null, median: null, own: null, beyond: false });
  });
  it('all zero does not divide by zero', () => {
    expect(rangeBar({ value: 0, p25: 0, p50: 0, p75: 0 }).own).toBe(0);
  });
});

describe('benchmarkRows', () => {
  it('labels and formats from the catalog; the rank as P and a bar', () => {
    const [gmv] = benchmarkRows(response([m('gmv')]), meta, 'en', text);
    expect(gmv).toMatchObject({ label: 'GMV', formula: 'Σ amount — Sum of paid order amounts', value: '¥400.00', band: '¥225.00 – ¥550.00', median: '¥350.00', rank: 'P58', peers: '6/6', notes: [] });
    expect(gmv.rankPct).toBeCloseTo(58.3, 1);
  });
  it('null stays a dash with its notes, never 0', () => {
    const unknown = m('refund_rate', { value: null, value_note: 'refund unknown', p25: null, p50: null, p75: null, rank: null, peer_note: 'too few' });
    const [r] = benchmarkRows(response([unknown, m('gmv')]), meta, 'zh', text);
    expect(r).toMatchObject({ label: '退款金额占比', value: '—', band: '—', median: '—', rank: '—', rankPct: null, notes: ['refund unknown', 'too few'] });
  });
  it('when no measure has peers, the peer note is left to the page (said once above the table)', () => {
    const rows = benchmarkRows(response([m('gmv', { p25: null, p50: null, p75: null, rank: null, peer_note: 'too few' }),
      m('refund_rate', { value_note: 'refund unknown', p25: null, p50: null, p75: null, rank: null, peer_note: 'too few' })]), meta, 'en', text);
    expect(rows.map((r) => r.notes)).toEqual([[], ['refund unknown']]);
    expect(rows.every((r) => r.bar.own === null)).toBe(true);
  });
  it('a measure the catalog does not list falls back to its id', () => {
    expect(benchmarkRows(response([m('gpm')]), meta, 'zh', text)[0].label).toBe('gpm');
  });
});

describe('tooFewPeers and rankWords', () => {
  it('says "too few peers" once when no measure has a peer median', () => {
    expect(tooFewPeers(response([m('gmv', { p50: null }), m('gpm', { p50: null })]))).toBe(true);
    expect(tooFewPeers(response([m('gmv'), m('gpm', { p50: null })]))).toBe(false);
    expect(tooFewPeers(undefined)).toBe(false);
  });
  const words = { higher: (p: string) => `Above ${p} of peers`, lower: (p: string) => `Below ${p} of peers` };
  it('words the rank as a percentage', () => {
    expect(rankWords(0.5, 'en', words)).toBe('Above 50% of peers');
    expect(rankWords(null, 'en', words)).toBe('—');
  });
  it('never rounds a rank to an end it has not reached: one peer above is not P100', () => {
    expect(rankWords(773 / 774, 'en', words)).toBe('Above 99% of peers');
    expect(rankWords(1, 'en', words)).toBe('Above 100% of peers');
    expect(rankWords(0.5 / 300, 'en', words)).toBe('Above 1% of peers');
    expect(rankWords(0, 'en', words)).toBe('Above 0% of peers');
    expect(rankWords(773 / 774, 'en', words, true)).toBe('Below 1% of peers');
    const [top] = benchmarkRows(response([m('gmv', { rank: 773 / 774 })]), meta, 'en', text);
    expect(top.rank).toBe('P99');
  });
  it('keeps a quartile of whole counts that falls between two to a tenth', () => {
    const [orders] = benchmarkRows(response([m('orders', { value: 7, p25: 4, p50: 5, p75: 6.5 })]), meta, 'en', text);
    expect(orders.band).toBe('4 – 6.5');
    // A quartile between quarters (47.75) is rounded to the tenth, not shown to two places.
    const [q] = benchmarkRows(response([m('orders', { value: 50, p25: 6, p50: 20, p75: 47.75 })]), meta, 'en', text);
    expect(q.band).toBe('6 – 47.8');
    // Money ends at one precision: compact both when either is (¥4,749 – ¥30.1K, not ¥4,749.20 – ¥30.1K).
    const [gmv] = benchmarkRows(response([m('gmv', { value: 6_250_000, p25: 4749.2, p50: 10_900, p75: 30_100 })]), meta, 'en', text);
    expect(gmv.band).toBe('¥4,749 – ¥30.1K');
    const [small] = benchmarkRows(response([m('gmv', { value: 900, p25: 120.5, p50: 300, p75: 880 })]), meta, 'en', text);
    expect(small.band).toBe('¥120.50 – ¥880.00');
    expect(orders.median).toBe('5');
  });
  it('words the rank from the good side where lower is better: P90 of refunds is below 10 % of peers', () => {
    expect(rankWords(0.9, 'en', words, true)).toBe('Below 10% of peers');
    expect(rankWords(null, 'en', words, true)).toBe('—');
  });
  it('writes a row\'s percentages with the decimals that keep different figures apart', () => {
    // The reviewer's shop: 0.17337 % against a P75 of 0.17290 % read "0.17%" twice.
    const [close] = benchmarkRows(response([m('refund_rate', { value: 0.0017337, p25: 0.0015, p50: 0.0016105, p75: 0.001729 })]), meta, 'en', text);
    expect([close.value, close.median, close.band]).toEqual(['0.1734%', '0.1611%', '0.1500% – 0.1729%']);
    // Figures two decimals tell apart keep two; equal figures do not ask for more.
    const [plain] = benchmarkRows(response([m('refund_rate', { value: 0.0899, p25: 0.05, p50: 0.05, p75: 0.1314 })]), meta, 'en', text);
    expect([plain.value, plain.median, plain.band]).toEqual(['8.99%', '5.00%', '5.00% – 13.14%']);
    expect(percentDecimals([0.0899, 0.0899, null])).toBe(2);
    expect(percentDecimals([0.05, 0.0500000000001])).toBe(2);
    // Never more than two decimals past the headline's.
    expect(percentDecimals([0.123456, 0.1234561])).toBe(4);
  });
  it('marks the rows whose measure is better lower, from the catalog', () => {
    const rows = benchmarkRows(response([m('gmv'), m('refund_rate')]), meta, 'en', text);
    expect(rows.map((r) => [r.id, r.lowerIsBetter])).toEqual([['gmv', false], ['refund_rate', true]]);
  });
});
