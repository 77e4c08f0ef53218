import { describe, expect, it } from 'vitest';
import type { BaseReturnMonth } from '../../lib/api/types.ts';
import { PART_MONTH_OPACITY, returnsOption } from './charts.ts';

const month = (m: string, whole: boolean, observed: number): BaseReturnMonth => ({
  month: m, whole_month: whole, gmv_difference: null,
  reported: { rooms: 4, sessions: 10, merchants_served: 3, gmv_cny: 1000, training_events: 1, jobs_created: 2 },
  observed: { sessions: 5, merchants: 2, live_gmv: observed },
});

describe('returnsOption', () => {
  it('draws a part month\'s sessions faint beside its return, a whole month\'s as they are', () => {
    const option = returnsOption([month('2026-02-01', false, 300), month('2026-03-01', true, 950)], 'en') as { series: { id: string; data: unknown[] }[] };
    const observed = option.series.find((s) => s.id === 'observed')!;
    expect(observed.data).toEqual([{ value: 300, itemStyle: { opacity: PART_MONTH_OPACITY } }, 950]);
  });
});
