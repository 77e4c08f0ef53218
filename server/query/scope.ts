/**
 * What one caller may see. Bureaus, researchers and merchants share one server; a scope comes
 * from the request context (accounts will set it) and the planner applies it to every fact,
 * to totals, to value lists and to row endpoints. Request parameters only ever narrow it:
 * a scope's row filters are ANDed with the request's, never replaced by them.
 */
export interface Scope {
  /** Row filters: only these belts, origin regions and merchants (absent = all). */
  rows: { belt?: string[]; region?: string[]; merchant?: string[] };
  /** Whether merchant names (and ids in row lists) are shown, or replaced by an anonymous label. */
  merchantNames: boolean;
  /** A figure over fewer merchants than this is suppressed (null, with a note); 0 = never. */
  minCohort: number;
}

/** Today's open mode: everything, named. */
export const OPEN_SCOPE: Scope = Object.freeze({ rows: {}, merchantNames: true, minCohort: 0 });

export const SCOPE_DIMENSIONS = ['belt', 'region', 'merchant'] as const;

/** A stable key: part of every cache key, so two scopes never share an answer. */
export function scopeKey(s: Scope): string {
  const rows = SCOPE_DIMENSIONS.filter((d) => s.rows[d]).map((d) => `${d}=${[...s.rows[d]!].sort().join(',')}`);
  return `${rows.join('&')}|names=${s.merchantNames}|min=${s.minCohort}`;
}
