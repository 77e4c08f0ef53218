import { describe, expect, it } from 'vitest';
import { gmvDifference, returnMismatch, wholeMonth, type FlagInput } from '../../catalog/bases/flags.ts';

describe('return_mismatch', () => {
  it('carries each month\'s difference unrounded, the figure the monthly table shows beside it', () => {
    // 2,157.20 reported against 1,344.99 observed: +60.39 %; rounded to 4 places first (0.6039 →
    // shown 60.4 %) it could disagree with the table's one rounding of the same number.
    const f: FlagInput = { days: 31, opened_on: '2025-03-18', from: '2026-05-01', to: '2026-05-31', live_gmv: 1344.99,
      top_merchant: null, top_merchant_gmv: null, prev_anchors: 0, gone_anchors: 0 };
    const may = { month: '2026-05-01', days: 31, room_hours: 100, live_gmv: 1344.99, has_return: true, r_gmv: 2157.2, w_days: 31, w_live_gmv: 1344.99 };
    const flag = returnMismatch([may], f, { difference_above: 0.2 });
    expect(flag?.values.difference).toEqual([gmvDifference(2157.2, 1344.99)]);
    expect(gmvDifference(2157.2, 1344.99)).not.toBe(Math.round(gmvDifference(2157.2, 1344.99)! * 1e4) / 1e4);
  });

  it('never compares a month the window starts part-way through: its return against some of its days', () => {
    const f: FlagInput = { days: 40, opened_on: '2025-03-18', from: '2026-01-20', to: '2026-02-28', live_gmv: 9000,
      top_merchant: null, top_merchant_gmv: null, prev_anchors: 0, gone_anchors: 0 };
    // January: all 31 days have data, 12 of them in the window, with a fifth of the month's GMV.
    const jan = { month: '2026-01-01', days: 31, room_hours: 100, live_gmv: 5000, has_return: true, r_gmv: 5000, w_days: 12, w_live_gmv: 1000 };
    const feb = { month: '2026-02-01', days: 28, room_hours: 100, live_gmv: 4000, has_return: true, r_gmv: 6000, w_days: 28, w_live_gmv: 4000 };
    // January's data are whole (its history row compares it), but not its days in the window.
    expect(wholeMonth(jan, f.opened_on)).toBe(true);
    expect([wholeMonth({ month: jan.month, days: jan.w_days }, f.opened_on), wholeMonth({ month: feb.month, days: feb.w_days }, f.opened_on)]).toEqual([false, true]);
    expect(returnMismatch([jan, feb], f, { difference_above: 0.2 })?.values.months).toEqual(['2026-02-01']);
    // The difference is of the window's sessions, as the filter and observed_gmv read them.
    const march = { month: '2026-03-01', days: 31, room_hours: 100, live_gmv: 5000, has_return: true, r_gmv: 6000, w_days: 31, w_live_gmv: 4000 };
    const flag = returnMismatch([march], { ...f, from: '2026-03-01', to: '2026-03-31' }, { difference_above: 0.2 });
    expect(flag?.values).toMatchObject({ observed_gmv: [4000], difference: [0.5] });
  });
});

