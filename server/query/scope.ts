import { AppError } from '../../lib/errors.ts';

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

/**
 * Refuse what a scope cannot allow, before any query runs: without merchant names, merchants
 * cannot be listed one by one (their ids identify them), whatever else the request says.
 */
export function assertScopeAllows(scope: Scope, by: string[]): void {
  if (!scope.merchantNames && by.includes('merchant')) {
    throw new AppError('scope_forbidden', 'This account cannot list merchants one by one; group by belt, kind or size instead.',
      '此账户不能逐个查看商家；请改按产业带、商家类型或规模分组。', 403, { param: 'by' });
  }
}

/** The note a response carries when the scope hides small groups. */
export const cohortNote = (scope: Scope) => ({
  zh: `少于 ${scope.minCohort} 个商家的分组不显示数值，以免识别出单个商家`,
  en: `Figures over fewer than ${scope.minCohort} merchants are hidden, so no single merchant can be identified`,
});
