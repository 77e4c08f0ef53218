/**
 * Date presets counted back from the data's last day (not today: a dataset that ends in
 * March reads "last 30 days" as the 30 days up to its last day). Dates are local calendar
 * days written YYYY-MM-DD; the arithmetic runs in UTC so no time zone shifts a day.
 */

import { defaultWindow } from '../../../../catalog/views.ts';

export const PRESETS = ['last_30_days', 'this_month', 'last_quarter', 'ytd', 'last_12_months'] as const;
export type Preset = (typeof PRESETS)[number];
export type PresetOrCustom = Preset | 'custom';

export const DEFAULT_PRESET: Preset = 'last_12_months';

export interface DateRange {
  from: string;
  to: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const parse = (s: string) => new Date(`${s}T00:00:00Z`);
const ymd = (y: number, m: number, d: number) => iso(new Date(Date.UTC(y, m, d)));

export function addDays(day: string, n: number): string {
  const d = parse(day);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

export function presetRange(preset: Preset, lastDay: string): DateRange {
  const d = parse(lastDay);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (preset) {
    case 'last_30_days':
      return { from: addDays(lastDay, -29), to: lastDay };
    case 'this_month':
      return { from: ymd(y, m, 1), to: lastDay };
    case 'last_quarter': {
      // The quarter holding the last day counts only when the data reaches its last day.
      const q = Math.floor(m / 3);
      const qEnd = ymd(y, q * 3 + 3, 0);
      const endQ = qEnd === lastDay ? q : q - 1;
      return { from: ymd(y, endQ * 3, 1), to: ymd(y, endQ * 3 + 3, 0) };
    }
    case 'ytd':
      return { from: ymd(y, 0, 1), to: lastDay };
    case 'last_12_months':
    default:
      // A year back from the day after the last: 2026-10-31 → 2025-11-01 (the default window, shared with the server's warm-up).
      return defaultWindow(lastDay);
  }
}

/** The month number of the last day (for 1–N月累计). */
export function lastMonth(lastDay: string): number {
  return parse(lastDay).getUTCMonth() + 1;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Two days of a link in order: given the wrong way round, they are read swapped (every page's rule). */
export function inOrder<T extends string | undefined>(from: T, to: T): [T, T] {
  return from && to && ISO_DAY.test(from) && ISO_DAY.test(to) && from > to ? [to, from] : [from, to];
}

/**
 * The window the page shows: the URL's from/to where given, else the default preset;
 * null while the data's last day is unknown or the database is empty.
 */
export function effectiveRange(from: string | null, to: string | null, lastDay: string | null): DateRange | null {
  // Dates the wrong way round are read swapped (the link is repaired to match, with a notice,
  // where the page has filters; a base's report has none and reads the same window).
  if (from && to) { const [a, b] = inOrder(from, to); return { from: a, to: b }; }
  if (!lastDay) return null;
  const def = presetRange(DEFAULT_PRESET, lastDay);
  // One end given, on the far side of the default's other end: the default's length ending on
  // that day (?to=2025-06-01), or that day alone (?from= after the data), never a reversed window.
  if (to && !from && ISO_DAY.test(to) && to < def.from) return presetRange(DEFAULT_PRESET, to);
  if (from && !to && ISO_DAY.test(from) && from > def.to) return { from, to: from };
  return { from: from ?? def.from, to: to ?? def.to };
}

/** Which preset a window is, for the picker; 'custom' when none matches. */
export function detectPreset(range: DateRange | null, lastDay: string | null): PresetOrCustom {
  if (!range || !lastDay) return DEFAULT_PRESET;
  for (const p of PRESETS) {
    const r = presetRange(p, lastDay);
    if (r.from === range.from && r.to === range.to) return p;
  }
  return 'custom';
}

/** The URL's from/to for a preset: the default preset writes nothing. */
export function presetParams(preset: Preset, lastDay: string): { from: string | null; to: string | null } {
  if (preset === DEFAULT_PRESET) return { from: null, to: null };
  return presetRange(preset, lastDay);
}

/**
 * The trend's grain after a preset is picked: a month or less drawn by month is one point per
 * belt, a quarter three; so a month grain becomes day (30 days, this month) or week (a quarter),
 * and a year-long preset (this year, 12 months) takes a day grain back to months (365 points a
 * belt, most likely left by a 30-day preset). A week grain the user chose stays.
 */
export function presetGrain(preset: Preset, current: 'day' | 'week' | 'month'): 'day' | 'week' | 'month' {
  if (preset === 'ytd' || preset === 'last_12_months') return current === 'day' ? 'month' : current;
  if (current !== 'month') return current;
  return preset === 'last_quarter' ? 'week' : 'day';
}
