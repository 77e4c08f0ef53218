import type { Lang, MeasureFormatSpec } from '../../lib/api/types.ts';
import { EMPTY_VALUE, formatDecimal, formatMeasure, formatMeasureExact, formatPercent } from '../../lib/format.ts';

/**
 * The formats of a base's figures. The bases' figures are not catalog measures (they come
 * from the assessment, not /api/metrics), so their formats are declared here, once.
 */
export const SPEC = {
  cny: { unit: 'CNY', format: 'currency' },
  count: { unit: 'count', format: 'integer' },
  ratio: { unit: 'ratio', format: 'percent' },
  hours: { unit: 'hours', format: 'duration' },
  decimal: { unit: 'index', format: 'decimal' },
} as const satisfies Record<string, MeasureFormatSpec>;
export type SpecId = keyof typeof SPEC;

export const fmt = (v: number | null | undefined, spec: SpecId, lang: Lang): string => formatMeasure(v ?? null, SPEC[spec], lang);
export const fmtExact = (v: number | null | undefined, spec: SpecId, lang: Lang): string => formatMeasureExact(v ?? null, SPEC[spec], lang);

/** A percentage with one decimal (bars, flags): 12.3%. */
export function pct1(v: number | null | undefined, lang: Lang): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY_VALUE;
  return formatPercent(v, lang);
}

/** A signed relative difference: +23.0% / −5.0%. */
export function signedPct(v: number | null | undefined, lang: Lang): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY_VALUE;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${pct1(Math.abs(v), lang)}`;
}

/** The score, 0–100, with at most one decimal. */
export function formatScore(v: number | null, lang: Lang): string {
  if (v === null) return EMPTY_VALUE;
  return formatDecimal(v, lang, 1);
}
