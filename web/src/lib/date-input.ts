/**
 * Dates typed by hand: the field shows ISO dates (2026-03-21, as Chinese reports write them,
 * GB/T 7408) whatever the browser's own locale, and accepts the usual ways of writing one.
 */
export type DateInput = { ok: true; value: string } | { ok: false; reason: 'format' | 'range' };

const PATTERNS = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
];

/** `raw` as YYYY-MM-DD, if it is a real calendar day within [min, max] (ISO strings, either optional). */
export function parseDateInput(raw: string, min?: string, max?: string): DateInput {
  const s = raw.trim().replace(/\s+/g, '');
  const m = PATTERNS.map((p) => s.match(p)).find(Boolean);
  if (!m) return { ok: false, reason: 'format' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return { ok: false, reason: 'format' };
  const value = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if ((min && value < min) || (max && value > max)) return { ok: false, reason: 'range' };
  return { ok: true, value };
}
