/**
 * The one rule for a missing month in the coverage of loads (merchant × platform × month with
 * orders or live sessions), which the upload page's grid and `beltscope datasets list` both
 * apply: a month without data from the row's first month up to the last month any row has. A
 * shop whose latest monthly export was not loaded yet shows those months missing, rather than
 * ending early (which a chart would read as a decline).
 */

/** Every month from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

/** The months a row lacks: from its first month with data to `lastMonth` (the last of all rows). */
export function missingMonths(withData: readonly string[], lastMonth: string): string[] {
  if (!withData.length) return [];
  const has = new Set(withData);
  const first = [...withData].sort()[0];
  return monthsBetween(first, lastMonth).filter((m) => !has.has(m));
}
