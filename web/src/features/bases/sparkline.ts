import type { MetricsResponse } from '../../lib/api/types.ts';
import { addDays } from '../../lib/filters/presets.ts';
import { toNumber } from '../../lib/format.ts';

/**
 * Weekly live GMV per base for the table's sparklines, from one /api/metrics request
 * (live_gmv by base and week over the page's window): the list endpoint carries no series,
 * and one detail request per base would cost a full assessment each.
 */

/** Monday of the week holding a day (weeks start on Monday, as the API's). */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

/** Every Monday from the week holding `from` to the week holding `to`. */
export function weeksOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let w = mondayOf(from); w <= to; w = addDays(w, 7)) out.push(w);
  return out;
}

/** base id → one value per week of the window; a week without sessions is 0 (nothing was sold). */
export function weeklyByBase(m: MetricsResponse | undefined, from: string, to: string): Map<string, number[]> {
  const weeks = weeksOf(from, to);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const out = new Map<string, number[]>();
  for (const r of m?.rows ?? []) {
    const base = r.base;
    const i = index.get(String(r.week ?? '').slice(0, 10));
    if (typeof base !== 'string' || i === undefined) continue;
    let series = out.get(base);
    if (!series) out.set(base, (series = weeks.map(() => 0)));
    series[i] += toNumber(r.live_gmv) ?? 0;
  }
  return out;
}

/** The series' points in a w × h box (y grows downwards), from a baseline of 0: a week of no sales sits on the floor. */
function sparkPoints(values: readonly number[], w: number, h: number, pad: number): string[] {
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const step = values.length > 1 ? (w - 2 * pad) / (values.length - 1) : 0;
  return values.map((v, i) => `${(pad + i * step).toFixed(1)},${(h - pad - ((v - min) / span) * (h - 2 * pad)).toFixed(1)}`);
}

const pathOf = (points: readonly string[]) => points.map((p, i) => `${i ? 'L' : 'M'}${p}`).join('');

/** An SVG path of the whole series (sparkPoints). */
export function sparkPath(values: readonly number[], w: number, h: number, pad = 1): string {
  return values.length ? pathOf(sparkPoints(values, w, h, pad)) : '';
}

/**
 * The series as a solid path over its whole weeks and dashed pieces to a first or last week the
 * window (or the data) cuts: such a week holds a few days' GMV, and a solid line dropping to it
 * reads as a collapse in the base's last week.
 */
export function sparkSegments(values: readonly number[], w: number, h: number, pad: number, cut: { first: boolean; last: boolean }):
  { solid: string; dashed: string[]; dot: { x: number; y: number } | null } {
  if (!values.length) return { solid: '', dashed: [], dot: null };
  // A window of one week: a path of one point draws nothing, so the week is a dot.
  if (values.length === 1) {
    const y = Number(sparkPoints(values, w, h, pad)[0].split(',')[1]);
    return { solid: '', dashed: [], dot: { x: w / 2, y } };
  }
  const p = sparkPoints(values, w, h, pad);
  const n = p.length;
  const first = cut.first;
  const last = cut.last && !(first && n === 2);
  const solid = p.slice(first ? 1 : 0, last ? n - 1 : n);
  return {
    solid: solid.length > 1 ? pathOf(solid) : '',
    dashed: [...(first ? [pathOf(p.slice(0, 2))] : []), ...(last ? [pathOf(p.slice(n - 2))] : [])],
    dot: null,
  };
}
