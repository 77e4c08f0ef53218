import { describe, expect, it } from 'vitest';
import { parseSpringFestivals, SPRING_FESTIVALS, SPRING_FESTIVAL_YEARS } from '../../catalog/springFestival.ts';
import { comparisonWindow, lunarShift } from '../../server/query/window.ts';
import { compareWindows } from '../../server/api/compare/windows.ts';
import { isAppError } from '../../lib/errors.ts';

describe('Spring Festival reference data', () => {
  it('covers 2015–2035 with the published dates', () => {
    expect(SPRING_FESTIVAL_YEARS).toEqual({ from: 2015, to: 2035 });
    expect(SPRING_FESTIVALS.size).toBe(21);
    expect(SPRING_FESTIVALS.get(2024)).toBe('2024-02-10');
    expect(SPRING_FESTIVALS.get(2025)).toBe('2025-01-29');
    expect(SPRING_FESTIVALS.get(2026)).toBe('2026-02-17');
    // Weekdays as the published tables give them (2022–2033): a one-day slip would change them.
    const weekday = (y: number) => new Date(`${SPRING_FESTIVALS.get(y)}T00:00:00Z`).getUTCDay();
    expect([2022, 2023, 2024, 2025, 2026, 2027, 2028, 2033].map(weekday)).toEqual([2, 0, 6, 3, 2, 6, 3, 1]);
  });

  it('consecutive festivals are 354, 355 or 383–385 days apart (a lunar year, with or without a leap month)', () => {
    for (let y = 2016; y <= 2035; y++) {
      const d = lunarShift({ from: `${y}-02-01`, to: `${y}-02-01` }).days;
      expect([353, 354, 355, 383, 384, 385], String(y)).toContain(d);
    }
  });

  it('refuses a malformed line, naming it', () => {
    expect(() => parseSpringFestivals('year,date\n2024,2024-02-10\n2025,2025-03-01\n')).toThrow(/line 3: "2025,2025-03-01"/);
    expect(() => parseSpringFestivals('year,date\n2024,2023-02-10\n')).toThrow(/line 2/);
    expect(() => parseSpringFestivals('yr,day\n')).toThrow(/header/);
  });
});

describe('previous_year_lunar windows', () => {
  it('moves a window by the days between the festival nearest its middle and the year before\'s', () => {
    // 2025-01-29 − 2024-02-10 = 354 days.
    expect(comparisonWindow({ from: '2025-01-01', to: '2025-03-31' }, 'previous_year_lunar'))
      .toEqual({ from: '2024-01-13', to: '2024-04-11', shift: { days: 354 } });
    // 2026-02-17 − 2025-01-29 = 384 days.
    expect(comparisonWindow({ from: '2026-02-01', to: '2026-02-28' }, 'previous_year_lunar'))
      .toEqual({ from: '2025-01-13', to: '2025-02-09', shift: { days: 384 } });
    // December 2025–January 2026 belongs with the festival that follows it (17 Feb 2026).
    expect(lunarShift({ from: '2025-12-01', to: '2026-01-31' })).toEqual({ days: 384, anchor: '2026-02-17', previous: '2025-01-29' });
    // A summer window with the festival before it.
    expect(lunarShift({ from: '2025-06-01', to: '2025-08-31' }).anchor).toBe('2025-01-29');
  });

  it('at week grain moves whole weeks (354 days → 51 weeks), so Monday meets Monday', () => {
    expect(comparisonWindow({ from: '2025-01-27', to: '2025-02-09' }, 'previous_year_lunar', 'week'))
      .toEqual({ from: '2024-02-05', to: '2024-02-18', shift: { days: 357 } });
    // Both festival weeks meet: 2025-01-29 is in the week of Monday 27 January, 2024-02-10 in that of Monday 5 February.
    expect(new Date('2024-02-05T00:00:00Z').getUTCDay()).toBe(1);
  });

  it('outside the reference years is a 400 that says which years it has', () => {
    for (const w of [{ from: '2015-03-01', to: '2015-03-31' }, { from: '2035-12-01', to: '2035-12-31' }]) {
      let err: unknown;
      try { lunarShift(w); } catch (e) { err = e; }
      expect(isAppError(err)).toBe(true);
      expect((err as Error).message).toMatch(/covers 2015–2035/);
    }
  });
});

describe('compare windows', () => {
  it('whole years end at the last complete month of the window and of the data', () => {
    const w = compareWindows({ from: '2025-11-01', to: '2026-10-31' }, { from: '2024-11-01', to: '2026-10-31' }, 'previous_year');
    expect(w.years).toEqual([{ from: '2024-11-01', to: '2025-10-31' }, { from: '2025-11-01', to: '2026-10-31' }]);
    expect(w.yoy).toEqual({ kind: 'previous_year', from: '2024-11-01', to: '2025-10-31', covered: true });
    // Data that starts on the 5th: its first month is not whole, so only one year fits.
    const late = compareWindows({ from: '2025-11-01', to: '2026-10-31' }, { from: '2024-11-05', to: '2026-10-31' }, 'previous_year');
    expect(late.years).toEqual([{ from: '2025-11-01', to: '2026-10-31' }]);
    expect(late.yoy.covered).toBe(false);
    // A window past the data's end: its year-ago and previous windows lie partly after the data too.
    const future = compareWindows({ from: '2027-06-01', to: '2027-12-31' }, { from: '2024-11-01', to: '2026-10-31' }, 'previous_year');
    expect([future.yoy.covered, future.mom.covered]).toEqual([false, false]);
    // A window just after the data: its comparisons lie in the data, but the window holds nothing
    // loaded, so growth would read −100 %: not covered either.
    const edge = compareWindows({ from: '2026-11-01', to: '2026-11-30' }, { from: '2024-11-01', to: '2026-10-31' }, 'previous_year');
    expect([edge.yoy.covered, edge.mom.covered]).toEqual([false, false]);
    const inside = compareWindows({ from: '2026-10-01', to: '2026-10-31' }, { from: '2024-11-01', to: '2026-10-31' }, 'previous_year');
    expect([inside.yoy.covered, inside.mom.covered]).toEqual([true, true]);
  });
});
