import { describe, expect, it } from 'vitest';
import { buildCoverage, coverageEmptyReason, monthsBetween } from './coverage.ts';

const item = (merchantId: string, platformId: string, month: string, orders = 1, sessions = 0) => ({ merchantId, platformId, month, orders, sessions });

describe('coverage grid', () => {
  it('lists every month across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
  });

  it('marks months with nothing after a row\'s first month as gaps, before it as not started', () => {
    const g = buildCoverage([
      item('m1', 'douyin', '2025-11'), item('m1', 'douyin', '2026-01'),
      item('m2', 'taobao', '2025-12', 0, 3), item('m2', 'taobao', '2026-01'), item('m2', 'taobao', '2026-02'),
    ]);
    expect(g.months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(g.total).toBe(2);
    const [m1, m2] = g.rows;
    expect(m1.merchantId).toBe('m1');
    expect(m1.cells.map((c) => c.state)).toEqual(['data', 'gap', 'data', 'gap']);
    expect(m1.gaps).toBe(2);
    expect(m2.cells.map((c) => c.state)).toEqual(['before', 'data', 'data', 'data']);
    expect(m2.cells[1]).toMatchObject({ orders: 0, sessions: 3 });
  });

  it('shows rows with gaps first and at most max rows, counting all', () => {
    const g = buildCoverage([
      item('a', 'douyin', '2026-01'), item('a', 'douyin', '2026-02'),
      item('b', 'douyin', '2026-01'),
      item('c', 'douyin', '2026-02'),
    ], 2);
    expect(g.total).toBe(3);
    expect(g.rows.map((r) => [r.merchantId, r.gaps])).toEqual([['b', 1], ['a', 0]]);
  });

  it('is empty without coverage', () => {
    expect(buildCoverage([])).toEqual({ months: [], rows: [], total: 0 });
  });

  it('says an empty grid is the demo alone, not an empty database', () => {
    expect(coverageEmptyReason([{ kind: 'demo' }])).toBe('demoOnly');
    expect(coverageEmptyReason([{ kind: 'demo' }, { kind: 'real' }])).toBe('none');
    expect(coverageEmptyReason([])).toBe('none');
  });
});
