import { describe, expect, it } from 'vitest';
import { historyRows, kindLabel } from './history.ts';

const FACTS = [
  { id: 'orders', label: { zh: '订单行', en: 'Order lines' } },
  { id: 'live_sessions', label: { zh: '直播场次', en: 'Live sessions' } },
];

const base = {
  source: 'douyin-orders-csv', sheet: null, platform: 'douyin', targetTable: 'orders', mapping: 'douyin-orders-csv',
  rowsRead: 6, loaded: 5, updated: 0, skipped: 1, duplicates: 0, quarantined: 0, status: 'loaded',
};

describe('load history rows', () => {
  it('lists newest first, in Beijing time, naming the file and sheet or the demo', () => {
    const rows = historyRows([
      { ...base, datasetId: 1, kind: 'demo', fileName: null, platform: null, loadedAt: '2026-03-01T16:30:00.000Z' },
      { ...base, datasetId: 100, kind: 'real', fileName: 'live.xlsx', sheet: '直播明细', loadedAt: '2026-03-21T02:05:00.000Z' },
    ], 'zh', '示例数据', (id) => (id === 'douyin' ? '抖音' : id), FACTS);
    expect(rows.map((r) => r.datasetId)).toEqual([100, 1]);
    expect(rows[0]).toMatchObject({ what: 'live.xlsx · 直播明细', when: '2026-03-21 10:05', platformLabel: '抖音', tableLabel: '订单行' });
    // 16:30 UTC is 00:30 the next day in Beijing.
    // The demo spans every platform; its counts have separators.
    expect(rows[1]).toMatchObject({ what: '示例数据', when: '2026-03-02 00:30', platformLabel: '全部', tableLabel: '订单行' });
    const [demo] = historyRows([{ ...base, datasetId: 1, kind: 'demo', fileName: null, platform: null, targetTable: null, rowsRead: 1_000_000,
      loaded: 1_000_000, loadedAt: '2026-03-01T16:30:00.000Z' }], 'en', 'Demo', (id) => id, FACTS);
    expect(demo).toMatchObject({ platformLabel: 'All', tableLabel: 'All', counts: { rowsRead: '1,000,000', loaded: '1,000,000', skipped: '1' } });
  });
});

describe('load history: quarantine and empty loads', () => {
  it('links a load\'s quarantined rows as CSV in the page\'s language, and tags a real load that added and changed nothing', () => {
    const rows = historyRows([
      { ...base, datasetId: 7, kind: 'real', fileName: 'bad.csv', loaded: 0, updated: 0, duplicates: 4, quarantined: 2, loadedAt: '2026-03-21T02:05:00.000Z' },
      { ...base, datasetId: 8, kind: 'real', fileName: 'good.csv', loadedAt: '2026-03-21T02:05:00.000Z' },
      { ...base, datasetId: 1, kind: 'demo', fileName: null, loaded: 0, loadedAt: '2026-03-01T16:30:00.000Z' },
    ], 'en', 'Demo', (id) => id, FACTS);
    expect(rows.map((r) => [r.datasetId, r.quarantineHref, r.landedNothing])).toEqual([
      [8, null, false], [7, '/api/datasets/7/quarantine?format=csv&lang=en', true], [1, null, false]]);
  });
});

describe('load history labels', () => {
  it('writes the load time YYYY-MM-DD HH:mm (Beijing) in English too', () => {
    const [row] = historyRows([{ ...base, datasetId: 3, kind: 'real', fileName: 'a.csv', loadedAt: '2026-12-01T04:06:00.000Z' }], 'en', 'Demo', (id) => id, FACTS);
    expect(row.when).toBe('2026-12-01 12:06');
    expect(row.tableLabel).toBe('Order lines');
  });

  it('names a fact by the catalog\'s label, an entity table by the page\'s, and keeps an id it does not know', () => {
    expect(kindLabel('live_sessions', 'zh', FACTS)).toBe('直播场次');
    expect(kindLabel('live_bases', 'en', FACTS)).toBe('Live-stream bases');
    expect(kindLabel('merchants', 'zh', FACTS)).toBe('商家资料');
    expect(kindLabel('something_new', 'en', FACTS)).toBe('something_new');
    const [demo] = historyRows([{ ...base, datasetId: 1, kind: 'demo', fileName: null, targetTable: null, loadedAt: 'not a date' }], 'zh', '示例数据', (id) => id);
    expect(demo).toMatchObject({ tableLabel: '全部', when: 'not a date' });
  });
});
