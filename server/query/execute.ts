import { MEASURE_BY_ID, UNKNOWN_FOR } from '../../catalog/measures.ts';
import type { Label, Lang } from '../../catalog/types.ts';
import type { Database, Row } from '../../db/database.ts';
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

/** Small LRU keyed by data version and the normalised query: a new load makes old keys unreachable. */
class ResultCache {
  #map = new Map<string, MetricsResult>();
  constructor(private max = 500) {}
  get(k: string) {
    const v = this.#map.get(k);
    if (v) { this.#map.delete(k); this.#map.set(k, v); }
    return v;
  }
  set(k: string, v: MetricsResult) {
    this.#map.set(k, v);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value!);
  }
}

export class MetricsService {
  readonly cache = new ResultCache();
  constructor(private db: Database, private opts: ExecuteOptions) {}

  async run(query: MetricsQuery, lang: Lang, useCache = this.opts.cache !== false): Promise<MetricsResult> {
    const version = this.db.dataVersion;
    // Normalised: filter order does not change an answer, so it does not change the key.
    const filters = Object.fromEntries(Object.entries(query.filters).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
    const { scope, ...rest } = query;
    const key = `${version}|${lang}|${scopeKey(scope ?? OPEN_SCOPE)}|${JSON.stringify({ ...rest, filters })}`;
    const hit = useCache ? this.cache.get(key) : undefined;
    if (hit) return hit;

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
    for (const k of Object.keys(totals)) if (k.startsWith('__')) delete totals[k];
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
    // A load may have committed before the snapshot began: cache only under the version read.
    if (useCache && dataVersion === version) this.cache.set(key, result);
    return result;
  }
}
