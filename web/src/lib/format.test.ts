import { describe, expect, it } from 'vitest';
import { decimalsFor, formatAxisPercent, formatAxisValue, formatCompact, formatDate, formatDecimal, formatMeasure, formatMeasureExact, formatMonth, formatPercent } from './format.ts';
import type { MeasureFormatSpec } from './api/types.ts';

const cny: MeasureFormatSpec = { unit: 'CNY', format: 'currency' };
const count: MeasureFormatSpec = { unit: 'count', format: 'integer' };
const gpm: MeasureFormatSpec = { unit: 'CNY', format: 'currency' };
const ratio: MeasureFormatSpec = { unit: 'ratio', format: 'percent' };
const secs: MeasureFormatSpec = { unit: 'seconds', format: 'duration' };

describe('format', () => {
  it('writes 万 and 亿 in Chinese, K/M/B in English, three significant digits', () => {
    expect(formatMeasure(307_000_000, cny, 'zh')).toBe('¥3.07亿');
    expect(formatMeasure(307_000_000, cny, 'en')).toBe('¥307M');
    expect(formatMeasure(30_700_000, cny, 'zh')).toBe('¥3,070万');
    expect(formatMeasure(1_234_567_890, cny, 'en')).toBe('¥1.23B');
    expect(formatMeasure(12_345, count, 'zh')).toBe('1.23万');
    expect(formatMeasure(12_345, count, 'en')).toBe('12.3K');
    expect(formatMeasure(9_876, count, 'zh')).toBe('9,876');
    // Three digits always, trailing zeros kept: ¥44.0M beside ¥19.2M, not ¥44M (a column reads at one precision).
    expect(formatMeasure(120_000, count, 'zh')).toBe('12.0万');
    expect(formatMeasure(44_030_000, cny, 'en')).toBe('¥44.0M');
    expect(formatMeasure(2_000_000, cny, 'en')).toBe('¥2.00M');
  });

  it('carries rounding into the next unit', () => {
    expect(formatCompact(99_999_999, 'zh')).toBe('1.00亿');
    // Rounding up into the next decade keeps three digits, not four.
    expect(formatCompact(99_960, 'zh')).toBe('10.0万');
    expect(formatCompact(99_960, 'en')).toBe('100K');
    expect(formatCompact(9_996_000, 'en')).toBe('10.0M');
    expect(formatCompact(999_600, 'zh')).toBe('100万');
    // Axis ticks are round steps: no trailing zeros.
    expect(formatAxisValue(6_000_000, { unit: 'CNY', format: 'currency' }, 'en')).toBe('¥6M');
    expect(formatAxisValue(1_500_000, { unit: 'CNY', format: 'currency' }, 'en')).toBe('¥1.5M');
    expect(formatAxisValue(1_200_000, { unit: 'CNY', format: 'currency' }, 'zh')).toBe('¥120万');
    expect(formatCompact(999_999, 'en')).toBe('1.00M');
  });

  it('keeps two decimals for per-mille and small amounts', () => {
    expect(formatMeasure(523.4567, gpm, 'zh')).toBe('¥523.46');
    expect(formatMeasure(1_523.4, gpm, 'en')).toBe('¥1,523.40');
    expect(formatMeasure(156.3, cny, 'en')).toBe('¥156.30');
  });

  it('handles negatives, percentages, durations and missing values', () => {
    expect(formatMeasure(-25_000_000, cny, 'zh')).toBe('-¥2,500万');
    expect(formatMeasure(0.01374, ratio, 'en')).toBe('1.37%');
    expect(formatMeasure(192, secs, 'zh')).toBe('3分12秒');
    expect(formatMeasure(192, secs, 'en')).toBe('3m 12s');
    expect(formatMeasure(null, cny, 'zh')).toBe('—');
    expect(formatMeasure('123456', count, 'en')).toBe('123K');
  });

  it('gives exact values and short axis ticks', () => {
    expect(formatMeasureExact(307_123_456.789, cny, 'zh')).toBe('¥307,123,456.79');
    expect(formatMeasureExact(20_143, count, 'en')).toBe('20,143');
    expect(formatAxisValue(15_000_000, cny, 'zh')).toBe('¥1,500万');
    expect(formatAxisValue(0, cny, 'en')).toBe('¥0');
  });

  it('names months', () => {
    expect(formatMonth('2025-01', 'zh')).toBe('2025年1月');
    expect(formatMonth('2025-11', 'en')).toBe('Nov 2025');
  });
});

describe('formatDecimal and formatPercent', () => {
  it('group and round as the language writes numbers', () => {
    expect(formatDecimal(1234.56, 'zh', 1)).toBe('1,234.6');
    expect(formatDecimal(1234.56, 'en', 0)).toBe('1,235');
    expect(formatDecimal(7.5, 'en', 2, 2)).toBe('7.50');
    expect(formatDecimal(3, 'zh', 1)).toBe('3');
  });

  it('write a fraction as a percentage, with its decimals kept unless trimmed', () => {
    expect(formatPercent(0.1234, 'zh')).toBe('12.3%');
    expect(formatPercent(0.12, 'en')).toBe('12.0%');
    expect(formatPercent(0.12, 'en', 1, true)).toBe('12%');
    expect(formatPercent(0.12345, 'zh', 2)).toBe('12.35%');
    expect(formatPercent(12.5, 'en')).toBe('1,250.0%');
    expect(formatPercent(-0.041, 'zh')).toBe('-4.1%');
  });
});

describe('small values keep their digits', () => {
  it('never writes a small non-zero percentage as 0', () => {
    // A base used 0.0486% of its hours: the bases table showed "0.0%".
    expect(formatPercent(0.000486, 'zh')).toBe('0.05%');
    expect(formatPercent(0.000486, 'en', 1, true)).toBe('0.05%');
    expect(formatPercent(0.0006, 'en')).toBe('0.06%');
    expect(formatPercent(0, 'en')).toBe('0.0%');
    expect(formatPercent(0.004, 'en', 0, true)).toBe('0.4%');
    expect(formatMeasure(0.0000123, ratio, 'en')).toBe('0.001%');
    expect(formatMeasureExact(0.0000123, ratio, 'en')).toBe('0.00123%');
    expect(decimalsFor(0.0486, 1)).toBe(2);
    expect(decimalsFor(12.3, 1)).toBe(1);
    expect(decimalsFor(0, 1)).toBe(1);
  });

  it('writes percentage axis ticks so neighbouring ticks differ', () => {
    // ECharts' ticks for conversion rates around 0.02% and utilization up to 0.0486%.
    const ticks = [0, 0.0001, 0.0002, 0.0003, 0.0004, 0.0005].map((v) => formatAxisValue(v, ratio, 'en'));
    expect(ticks).toEqual(['0%', '0.01%', '0.02%', '0.03%', '0.04%', '0.05%']);
    expect(new Set([0, 0.0002, 0.0004, 0.0006, 0.0008, 0.001].map((v) => formatAxisPercent(v, 'zh'))).size).toBe(6);
    expect(formatAxisPercent(0.00015, 'en')).toBe('0.015%');
    expect(formatAxisPercent(0.0007, 'en')).toBe('0.07%');
    expect(formatAxisPercent(0.25, 'zh')).toBe('25%');
    expect(formatAxisPercent(0.1005, 'en')).toBe('10.05%');
  });

  it('writes small axis ticks of amounts and counts with their decimals', () => {
    expect([0, 0.5, 1, 1.5].map((v) => formatAxisValue(v, cny, 'en'))).toEqual(['¥0', '¥0.5', '¥1', '¥1.5']);
    expect(formatAxisValue(0.002, { unit: 'index', format: 'decimal' }, 'zh')).toBe('0.002');
    expect(formatAxisValue(-2_500, cny, 'zh')).toBe('-¥2,500');
  });
});

describe('index values', () => {
  const index: MeasureFormatSpec = { unit: 'index', format: 'decimal' };
  it('are never abbreviated (HHI 10,000, not 10K)', () => {
    expect(formatMeasure(10_000, index, 'en')).toBe('10,000');
    expect(formatMeasure(10_000, index, 'zh')).toBe('10,000');
    expect(formatMeasure(1_234.567, index, 'en')).toBe('1,234.57');
    expect(formatMeasure(100, index, 'en')).toBe('100');
    expect(formatAxisValue(12_000, index, 'en')).toBe('12,000');
    // Other decimals still shorten.
    expect(formatMeasure(12_345, { unit: 'count', format: 'decimal' }, 'en')).toBe('12.3K');
  });
});

describe('days', () => {
  it('are YYYY-MM-DD in both languages, as the date fields show them', () => {
    expect(formatDate('2025-11-01', 'zh')).toBe('2025-11-01');
    expect(formatDate('2025-11-01T00:00:00Z', 'en')).toBe('2025-11-01');
    expect(formatMonth('2025-11', 'zh')).toBe('2025年11月');
  });
});
