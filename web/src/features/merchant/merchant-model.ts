import type { BenchmarkMeasure, BenchmarkResponse, Lang, MeasureFormatSpec, MetaResponse } from '../../lib/api/types.ts';
import { formulas } from '../../lib/formulas.ts';
import { decimalsFor, EMPTY_VALUE, formatMeasure, formatMeasureExact, formatPercent, formatRange } from '../../lib/format.ts';
import { findMeasure } from '../../lib/meta.ts';

/**
 * The merchant benchmark as pure view models: which state the page is in, and each measure's
 * row (texts and the positions of the range bar). No fetching, no DOM: unit-tested.
 */

export type PageState = 'pick' | 'loading' | 'notFound' | 'error' | 'noData' | 'ready';

/**
 * What the page shows: a prompt until a merchant is chosen; the API's 404 as "no such merchant"
 * (an unknown id and one outside the caller's scope are the same answer); "no data" when the
 * merchant has neither orders nor sessions in the window.
 */
export function pageState(merchant: string, status: 'idle' | 'loading' | 'ready' | 'error', errorCode: string | undefined, data: BenchmarkResponse | undefined): PageState {
  if (!merchant) return 'pick';
  if (status === 'error') return errorCode === 'not_found' ? 'notFound' : 'error';
  if (!data || data.merchant_id !== merchant || status === 'loading') return 'loading';
  return data.measures.some((m) => m.has_rows) ? 'ready' : 'noData';
}

/** Whether no measure has peer figures: the page says so once, above the table. */
export const tooFewPeers = (data: BenchmarkResponse | undefined) =>
  !!data && data.measures.length > 0 && data.measures.every((m) => m.p50 === null);

export interface RangeBar {
  /** Percent of the track: the p25–p75 band, the median tick and the merchant's marker (null when unknown). */
  band: { left: number; width: number } | null;
  median: number | null;
  own: number | null;
  /**
   * The shop's value lies far past every peer figure (over 3× the highest): the track is scaled
   * to the peers so their band stays readable, and the shop is drawn as an arrow at its right end.
   */
  beyond: boolean;
}

/** Past this multiple of the peers' highest figure, a shop is drawn beyond the track (RangeBar.beyond). */
const BEYOND = 3;

const pct = (v: number, lo: number, hi: number) => (hi > lo ? Math.round(((v - lo) / (hi - lo)) * 1000) / 10 : 50);

/**
 * The bar's scale: from 0 (or the lowest figure, if negative) to the highest of the merchant's
 * value and the peers' p75, with a little room on the right so the marker is not on the edge;
 * to the peers' figures alone when the shop is far beyond them (`beyond`).
 */
export function rangeBar(m: Pick<BenchmarkMeasure, 'value' | 'p25' | 'p50' | 'p75'>): RangeBar {
  const xs = [m.value, m.p25, m.p50, m.p75].filter((x): x is number => x !== null && Number.isFinite(x));
  // Without a peer figure the scale would be the shop's own value: its marker would always sit at
  // the same place near the right, reading as a high rank. No peers, no bar.
  if (!xs.length || (m.p25 === null && m.p50 === null && m.p75 === null)) return { band: null, median: null, own: null, beyond: false };
  const peers = [m.p25, m.p50, m.p75].filter((x): x is number => x !== null && Number.isFinite(x));
  const peerTop = Math.max(...peers);
  // A shop of ¥181万 among peers of ¥0.1–1.2万 left the band a one-pixel sliver at the left edge.
  const beyond = m.value !== null && peerTop > 0 && m.value > BEYOND * peerTop;
  const lo = Math.min(0, ...(beyond ? peers : xs));
  const top = beyond ? peerTop : Math.max(...xs);
  const hi = top > lo ? lo + (top - lo) * (beyond ? 1.25 : 1.1) : lo + 1;
  const band = m.p25 !== null && m.p75 !== null ? { left: pct(m.p25, lo, hi), width: pct(m.p75, lo, hi) - pct(m.p25, lo, hi) } : null;
  const own = m.value === null ? null : beyond ? 100 : pct(m.value, lo, hi);
  return { band, median: m.p50 === null ? null : pct(m.p50, lo, hi), own, beyond };
}

export interface BenchmarkRow {
  id: string;
  label: string;
  formula: string;
  fact: BenchmarkMeasure['fact'];
  value: string;
  /** Every digit, for the tooltip. */
  valueExact: string;
  band: string;
  median: string;
  /** "P58": the share of peers below, ties half; the dash when hidden or unknown. */
  rank: string;
  /** 0–100 for the rank's small bar; null when there is no rank. */
  rankPct: number | null;
  peers: string;
  bar: RangeBar;
  notes: string[];
  /** A lower value is the better one (refund rate): the row says so, since a high rank is then a bad place. */
  lowerIsBetter: boolean;
}

export interface RowText {
  /** "{n} of {peers}" with a value. */
  peers: (withValue: number, peers: number) => string;
}

const spec = (meta: MetaResponse | undefined, id: string): MeasureFormatSpec => findMeasure(meta, id) ?? { unit: 'count', format: 'decimal' };

/**
 * Decimals of a row's percentages: the headline's two (or one significant digit of a small
 * share), and up to two more where figures that differ would otherwise read the same. A shop's
 * 0.1734 % beside the peers' P75 0.1729 % read "0.17%" twice, its dot past a band it seemed to sit on.
 */
export function percentDecimals(figures: readonly (number | null)[]): number {
  const pcts = figures.filter((x): x is number => x !== null && Number.isFinite(x)).map((x) => x * 100);
  const base = Math.max(2, ...pcts.map((p) => decimalsFor(p, 2)));
  // Figures equal but for float noise (0.05 and 0.0500000000001) need no more decimals.
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  const apart = (d: number) => pcts.every((a, i) => pcts.every((b, j) => j <= i || same(a, b) || a.toFixed(d) !== b.toFixed(d)));
  for (let d = base; d < base + 2; d++) if (apart(d)) return d;
  return base + 2;
}

/** One row per measure, in the API's order, labelled and formatted from the catalog (/api/meta). */
export function benchmarkRows(data: BenchmarkResponse | undefined, meta: MetaResponse | undefined, lang: Lang, text: RowText): BenchmarkRow[] {
  // When no measure has peers the page says why once, above the table (tooFewPeers), not in every row.
  const peersSaidOnce = tooFewPeers(data);
  return (data?.measures ?? []).map((m) => {
    const s = spec(meta, m.id);
    const measure = findMeasure(meta, m.id);
    const digits = s.format === 'percent' ? percentDecimals([m.value, m.p25, m.p50, m.p75]) : 0;
    const f = (v: number | null) => (v === null ? EMPTY_VALUE : s.format === 'percent' ? formatPercent(v, lang, digits) : formatMeasure(v, s, lang));
    // A quartile of whole counts can fall between two (6.5 orders): kept to a tenth, not rounded
    // to 7, which would put the shop's own 7 inside a band it is above.
    const q = (v: number | null) => (v !== null && s.format === 'integer' && !Number.isInteger(v) && Math.abs(v) < 10_000
      ? formatMeasure(Math.round(v * 10) / 10, { ...s, format: 'decimal' }, lang).replace(/(\.\d)0$/, '$1') : f(v));
    return {
      id: m.id,
      label: measure?.label[lang] ?? m.id,
      // The catalog's formula and its description in the page's language (the belts page's rule).
      formula: measure ? formulas(meta, [m.id], lang)[0].formula : '',
      fact: m.fact,
      value: f(m.value),
      valueExact: m.value === null ? EMPTY_VALUE : formatMeasureExact(m.value, s, lang),
      band: m.p25 === null || m.p75 === null ? EMPTY_VALUE : formatRange(m.p25, m.p75, s, lang, q),
      median: q(m.p50),
      rank: m.rank === null ? EMPTY_VALUE : `P${rankPercent(m.rank)}`,
      rankPct: m.rank === null ? null : Math.round(m.rank * 1000) / 10,
      peers: m.with_value === null || m.peers === null ? '—' : text.peers(m.with_value, m.peers),
      bar: rangeBar(m),
      notes: [m.value_note, peersSaidOnce ? null : m.peer_note].filter((x): x is string => !!x),
      lowerIsBetter: measure?.lowerIsBetter === true,
    };
  });
}

/**
 * The rank in words for screen readers and the tooltip: "above 58 % of peers", and for a measure
 * where lower is better, "below 42 % of peers" said as the good side (`lower`): the same rank,
 * read the way the shop should read it.
 */
export const rankWords = (rank: number | null, lang: Lang, words: { higher: (pct: string) => string; lower: (pct: string) => string }, lowerIsBetter = false) =>
  (rank === null ? EMPTY_VALUE : lowerIsBetter ? words.lower(`${rankPercent(1 - rank)}%`) : words.higher(`${rankPercent(rank)}%`));

/**
 * A rank as a whole percent that never claims the ends it has not reached: 773 of 774 peers
 * below (0.9987) is 99, not 100 (which reads as the very top); 0.004 is 1, not 0.
 */
export function rankPercent(rank: number): number {
  const p = Math.round(rank * 100);
  return rank > 0 && rank < 1 ? Math.min(99, Math.max(1, p)) : p;
}
