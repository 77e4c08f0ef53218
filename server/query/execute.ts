import { MEASURE_BY_ID, UNKNOWN_FOR } from '../../catalog/measures.ts';
import type { Label, Lang } from '../../catalog/types.ts';
import type { Database, Row } from '../../db/database.ts';
import { VersionedCache } from './cache.ts';
import { planMetrics, type MetricsQuery, type Plan } from './plan.ts';
import { OPEN_SCOPE, assertScopeAllows, cohortNote, scopeKey } from './scope.ts';

export interface MetricsResult {
  measures: string[];
  dimensions: string[];
  rows: Row[];
  totals: Row;
  comparison: Plan['comparison'];
  notApplied: Plan['notApplied'];
  notes: { measure: string; message: string }[];
  dataVersion: number;
  truncated: boolean;
  sources: Plan['sources'];
}

export interface ExecuteOptions {
  rowCap: number;
  budgetMs: number;
  cache?: boolean;
}

export class MetricsService {
  // Answers by data version and normalised query, held while in flight too: a request that
  // arrives while the same query runs (the server's warm-up, two panels at once) waits for it.
  readonly cache: VersionedCache<MetricsResult>;
  constructor(private db: Database, private opts: ExecuteOptions) {
    this.cache = new VersionedCache<MetricsResult>(opts.cache !== false, 500);
  }

  /** The cache key of a query in a language (and its scope); the data version is the cache's own. */
  keyOf(query: MetricsQuery, lang: Lang): string {
    // Normalised: filter order does not change an answer, so it does not change the key.
    const filters = Object.fromEntries(Object.entries(query.filters).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
    const { scope, ...rest } = query;
    return `${lang}|${scopeKey(scope ?? OPEN_SCOPE)}|${JSON.stringify({ ...rest, filters })}`;
  }

  /** Whether the answer to this query (finished or in flight) is in the cache at the current data version. */
  cached(query: MetricsQuery, lang: Lang): boolean {
    return this.cache.has(this.db.dataVersion, this.keyOf(query, lang));
  }

  async run(query: MetricsQuery, lang: Lang, useCache = this.opts.cache !== false): Promise<MetricsResult> {
    if (!useCache) return this.#execute(query, lang);
    const version = this.db.dataVersion;
    // A load may commit before the snapshot begins: an answer of a newer version than its key's
    // is not kept (it is cached under its own version when asked again).
    return this.cache.get(version, this.keyOf(query, lang), () => this.#execute(query, lang), (r) => r.dataVersion === version);
  }

  async #execute(query: MetricsQuery, lang: Lang): Promise<MetricsResult> {
    const { scope } = query;
    assertScopeAllows(scope ?? OPEN_SCOPE, query.by);
    const plan = planMetrics(query, this.opts.rowCap + 1);
    const { result: [rows, totalsRows], dataVersion } = await this.db.stableRead((q) => Promise.all([
      q(plan.sql, plan.params),
      plan.totalsSql ? q(plan.totalsSql, plan.totalsParams) : null,
    ]), this.opts.budgetMs);
    const truncated = rows.length > this.opts.rowCap;
    if (truncated) rows.length = this.opts.rowCap;
    const totals = totalsRows ? (totalsRows[0] ?? {}) : query.noTotals ? {} : { ...rows[0] };

    const notes: MetricsResult['notes'] = [];
    for (const id of query.measures) {
      const m = MEASURE_BY_ID.get(id)!;
      if (!m.nullWhen) continue;
      const unknown = totals[UNKNOWN_FOR[id]?.id ?? ''];
      if (typeof unknown === 'number' && unknown > 0) notes.push({ measure: id, message: (m.nullWhen as Label)[lang] });
    }
    if (scope && scope.minCohort > 0) notes.push({ measure: '*', message: cohortNote(scope)[lang] });
    // Hidden counts (`__…`) are read above and never sent: in the totals, and in the one row of
    // an ungrouped query, which carries them itself.
    for (const row of [totals, ...(totalsRows ? [] : rows.slice(0, 1))]) {
      for (const k of Object.keys(row)) if (k.startsWith('__')) delete row[k];
    }
    const result: MetricsResult = {
      measures: query.measures,
      dimensions: plan.dimensions,
      rows,
      totals,
      comparison: plan.comparison,
      notApplied: plan.notApplied,
      notes,
      dataVersion,
      truncated,
      sources: plan.sources,
    };
    return result;
  }
}
