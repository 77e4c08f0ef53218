import type { Lang, MeasureFormatSpec } from './api/types.ts';

/**
 * Number formats for the dashboard. Chinese uses 万 (10⁴) and 亿 (10⁸); English uses
 * K / M / B. Headline numbers keep three significant digits (¥3.07亿, ¥307M); exact values
 * (tooltips) keep every digit. Pure functions: the e2e test formats the API's numbers with
 * these same functions and compares them with what the page shows.
 */

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };
const SCALES: Record<Lang, ReadonlyArray<{ div: number; suffix: string }>> = {
  zh: [
    { div: 1, suffix: '' },
    { div: 1e4, suffix: '万' },
    { div: 1e8, suffix: '亿' },
  ],
  en: [
    { div: 1, suffix: '' },
    { div: 1e3, suffix: 'K' },
    { div: 1e6, suffix: 'M' },
    { div: 1e9, suffix: 'B' },
  ],
};
/** Below this, numbers are written out in full (1,234 rather than 1.23K). */
const COMPACT_FROM = 1e4;

export const EMPTY_VALUE = '—';

const formatters = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, minFrac: number, maxFrac: number): Intl.NumberFormat {
  const key = `${lang}:${minFrac}:${maxFrac}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: minFrac, maximumFractionDigits: maxFrac });
    formatters.set(key, f);
  }
  return f;
}

/** A number with `minFrac`–`maxFrac` decimals, grouped as the language writes it (1,234.5). */
export function formatDecimal(value: number, lang: Lang, maxFrac: number, minFrac = 0): string {
  return nf(lang, minFrac, maxFrac).format(value);
}

/** Most decimals any format here writes: beyond it a value is noise, not a figure. */
const MAX_DECIMALS = 8;

/**
 * Decimals that keep `sig` significant digits of a small non-zero |value|, never fewer than
 * `min`: 0.0486 with min 1 → 2 (0.05), not 1 (0.0), which would pass a real value off as zero.
 */
export function decimalsFor(value: number, min: number, sig = 1): number {
  const abs = Math.abs(value);
  if (!(abs > 0) || !Number.isFinite(abs)) return min;
  return Math.min(MAX_DECIMALS, Math.max(min, sig - 1 - Math.floor(Math.log10(abs))));
}

/**
 * A fraction as a percentage: 0.1234 → 12.3% with `digits` decimals, kept (12.0%) unless `trim`
 * (12%). A small non-zero share keeps one significant digit (0.000486 → 0.05%), never 0.0%.
 */
export function formatPercent(fraction: number, lang: Lang, digits = 1, trim = false): string {
  const pct = fraction * 100;
  const d = decimalsFor(pct, digits);
  return `${nf(lang, trim ? 0 : d, d).format(pct)}%`;
}

/**
 * The decimals a tick value needs to be written exactly (0.015 → 3). ECharts puts ticks on
 * round multiples of the step, so writing each tick in full keeps neighbours apart
 * (0.01%, 0.02%… rather than 0%, 0%…) on any range, without knowing the step.
 */
function tickDecimals(value: number): number {
  const v = Number(value.toPrecision(12)); // drops float noise: 0.0007 × 100 = 0.06999999999999999
  for (let d = 0; d < MAX_DECIMALS; d++) {
    if (Math.abs(v - Number(v.toFixed(d))) <= 1e-9 * Math.max(1, Math.abs(v))) return d;
  }
  return MAX_DECIMALS;
}

function formatTick(value: number, lang: Lang): string {
  return nf(lang, 0, tickDecimals(value)).format(value);
}

/** A percentage axis tick (a fraction: 0.0002 → 0.02%), with the decimals the tick needs. */
export function formatAxisPercent(fraction: number, lang: Lang): string {
  return `${formatTick(fraction * 100, lang)}%`;
}

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * 3.07亿 / 307M / 44.0M / 1,234: three significant digits (trailing zeros kept) once the number is
 * ≥ 10,000; in 万 from 1,000万 up, the 万 in whole (8,156万), as Chinese writes amounts under 1亿.
 */
export function formatCompact(value: number, lang: Lang, trimZeros = false): string {
  const abs = Math.abs(value);
  if (abs < COMPACT_FROM) return nf(lang, 0, abs < 100 && !Number.isInteger(value) ? 2 : 0).format(value);
  const scales = SCALES[lang];
  let i = scales.length - 1;
  while (i > 0 && abs < scales[i].div) i--;
  // Rounding can carry into the next unit (9,999.6万 → 1亿).
  for (;;) {
    const scaled = abs / scales[i].div;
    // Three digits of the rounded figure: 9.996 rounds to 10.00, which is written 10.0.
    const digitsOf = (x: number) => (x >= 100 ? 0 : x >= 10 ? 1 : 2);
    let digits = digitsOf(scaled);
    let rounded = Number(scaled.toFixed(digits));
    if (digitsOf(rounded) < digits) {
      digits = digitsOf(rounded);
      rounded = Number(scaled.toFixed(digits));
    }
    const next = scales[i + 1];
    if (next && rounded * scales[i].div >= next.div) {
      i++;
      continue;
    }
    const sign = value < 0 ? '-' : '';
    // Axis ticks are round steps: ¥6M, ¥1.5M, not ¥6.00M (trimZeros).
    return `${sign}${nf(lang, trimZeros ? 0 : digits, digits).format(rounded)}${scales[i].suffix}`;
  }
}

function withYuan(text: string): string {
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

function formatDuration(value: number, unit: MeasureFormatSpec['unit'], lang: Lang): string {
  if (unit === 'hours') return lang === 'zh' ? `${nf(lang, 0, 1).format(value)}小时` : `${nf(lang, 0, 1).format(value)} h`;
  const total = Math.round(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (lang === 'zh') return h ? `${h}小时${m}分` : m ? `${m}分${s}秒` : `${s}秒`;
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

/**
 * The headline form of a measure's value: compact amounts and counts, ¥ with two decimals
 * below ¥10,000 (GPM ¥523.45, AOV ¥156.32), percentages with two decimals.
 */
export function formatMeasure(value: unknown, spec: MeasureFormatSpec, lang: Lang): string {
  const n = toNumber(value);
  if (n === null) return EMPTY_VALUE;
  switch (spec.format) {
    case 'currency':
      if (Math.abs(n) < COMPACT_FROM) return withYuan(nf(lang, 2, 2).format(n));
      return withYuan(formatCompact(n, lang));
    case 'integer':
      return formatCompact(Math.round(n), lang);
    case 'percent': {
      const d = decimalsFor(n * 100, 2);
      return `${nf(lang, d, d).format(n * 100)}%`;
    }
    case 'duration':
      return formatDuration(n, spec.unit, lang);
    case 'decimal':
    default:
      // An index (HHI 0–10,000) is read as a number on its own scale: 10,000, never 10K.
      if (spec.unit === 'index') return formatIndex(n, lang);
      return Math.abs(n) < COMPACT_FROM ? nf(lang, 2, 2).format(n) : formatCompact(n, lang);
  }
}

/**
 * Two ends of one range (a peer band) at one precision: when either end is written compact, both
 * are (¥4,749 – ¥30.1K, not ¥4,749.20 – ¥30.1K beside each other).
 */
export function formatRange(a: number, b: number, spec: MeasureFormatSpec, lang: Lang, one = (v: number) => formatMeasure(v, spec, lang)): string {
  const compact = Math.max(Math.abs(a), Math.abs(b)) >= COMPACT_FROM && (spec.format === 'currency' || (spec.format === 'decimal' && spec.unit !== 'index'));
  if (!compact) return `${one(a)} – ${one(b)}`;
  const c = (v: number) => (spec.format === 'currency' ? withYuan(formatCompact(v, lang)) : formatCompact(v, lang));
  return `${c(a)} – ${c(b)}`;
}

/** Every digit, for tooltips and screen readers: ¥307,123,456.78, 20,000, 1.37%. */
export function formatMeasureExact(value: unknown, spec: MeasureFormatSpec, lang: Lang): string {
  const n = toNumber(value);
  if (n === null) return EMPTY_VALUE;
  switch (spec.format) {
    case 'currency':
      return withYuan(nf(lang, 2, 2).format(n));
    case 'integer':
      return nf(lang, 0, 0).format(n);
    case 'percent':
      return `${nf(lang, 2, Math.max(4, decimalsFor(n * 100, 2, 3))).format(n * 100)}%`;
    case 'duration':
      return formatDuration(n, spec.unit, lang);
    case 'decimal':
    default:
      return nf(lang, 0, 4).format(n);
  }
}

/** An index in full, grouped, with two decimals unless whole: 10,000 / 1,234.57. */
function formatIndex(value: number, lang: Lang): string {
  const d = Number.isInteger(Number(value.toFixed(2))) ? 0 : 2;
  return nf(lang, d, d).format(value);
}

/**
 * Axis ticks: compact and short from 10,000 on (¥3亿, ¥250万, 12K); below, and for
 * percentages, each tick with the decimals it needs, so a small range does not read 0, 0, 0.
 */
export function formatAxisValue(value: number, spec: MeasureFormatSpec, lang: Lang): string {
  if (spec.format === 'percent') return formatAxisPercent(value, lang);
  const plain = spec.unit === 'index' || Math.abs(value) < COMPACT_FROM ? formatTick(value, lang) : formatCompact(value, lang, true);
  return spec.format === 'currency' ? withYuan(plain) : plain;
}

/** '2025-01-01' → '2025-01'; also accepts an ISO instant. */
export function monthKey(value: unknown): string {
  return String(value ?? '').slice(0, 7);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'YYYY-MM' → '2025年1月' / 'Jan 2025'. */
export function formatMonth(key: string, lang: Lang): string {
  const [y, m] = key.split('-');
  const month = Number(m);
  if (!y || !(month >= 1 && month <= 12)) return key;
  return lang === 'zh' ? `${y}年${month}月` : `${MONTHS_EN[month - 1]} ${y}`;
}

/** Beijing is UTC+8 all year (no summer time), so a fixed offset is exact. */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/**
 * An instant as Beijing time, YYYY-MM-DD HH:mm, the same in both languages (Intl wrote
 * 2026/12/01 in Chinese and 01/12/2026 in English). Unparseable input comes back as given.
 */
export function formatDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A day as YYYY-MM-DD in both languages (GB/T 7408, as Chinese reports write it, and as the
 * date fields show it: a note reading 2025年11月1日 beside a field reading 2025-11-01 looked
 * like two dates). `_lang` stays so callers need not know; months keep 2025年11月 (formatMonth).
 */
export function formatDate(iso: string, _lang?: Lang): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (!y || !m || !d) return iso;
  return `${y}-${m}-${d}`;
}
