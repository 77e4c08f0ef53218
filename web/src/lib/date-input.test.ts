import { describe, expect, it } from 'vitest';
import { parseDateInput } from './date-input.ts';

describe('typed dates', () => {
  it('reads ISO, slashes, dots, compact and Chinese dates as YYYY-MM-DD', () => {
    for (const raw of ['2026-03-21', '2026/3/21', '2026.03.21', '20260321', '2026年3月21日', ' 2026-3-21 ']) {
      expect(parseDateInput(raw)).toEqual({ ok: true, value: '2026-03-21' });
    }
  });

  it('refuses what is not a calendar day, and US order', () => {
    for (const raw of ['2026-02-30', '2026-13-01', '03/21/2026', '21.03.2026', '', 'yesterday']) {
      expect(parseDateInput(raw)).toEqual({ ok: false, reason: 'format' });
    }
    expect(parseDateInput('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('keeps to the data range', () => {
    expect(parseDateInput('2025-10-31', '2025-11-01', '2026-10-31')).toEqual({ ok: false, reason: 'range' });
    expect(parseDateInput('2026-11-01', '2025-11-01', '2026-10-31')).toEqual({ ok: false, reason: 'range' });
    expect(parseDateInput('2026-10-31', '2025-11-01', '2026-10-31')).toEqual({ ok: true, value: '2026-10-31' });
  });
});
