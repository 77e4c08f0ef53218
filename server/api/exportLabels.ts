import { DIMENSION_BY_ID } from '../../catalog/dimensions.ts';
import type { Lang } from '../../catalog/types.ts';
import type { MetricsResult } from '../query/execute.ts';
import type { ValueLabels } from '../query/formats.ts';
import type { Scope } from '../query/scope.ts';
import type { AppContext } from './app.ts';
import { MAX_VALUES } from './values/params.ts';
import { valuesSearchSql } from './values/search.ts';

/**
 * Labels, in `lang`, of the dimension values a result's rows name, for a CSV or Excel download:
 * read as /api/values reads them, so a scope without merchant names gets 商家 #n there too.
 * A few ids are asked for by id; past /api/values' cap the dimension's whole list is read once.
 */
export async function exportLabels(ctx: AppContext, r: MetricsResult, scope: Scope, lang: Lang): Promise<ValueLabels> {
  const out = new Map<string, Map<string, string>>();
  for (const dim of r.dimensions) {
    if (!DIMENSION_BY_ID.has(dim)) continue; // the time column
    const ids = [...new Set(r.rows.map((row) => row[dim]).filter((v) => v != null).map(String))];
    if (!ids.length) continue;
    const few = ids.length <= MAX_VALUES;
    const { sql, params } = valuesSearchSql(
      { dimension: dim, q: null, ids: few ? ids : null, limit: few ? ids.length : Number.MAX_SAFE_INTEGER, lang }, scope);
    const rows = await ctx.db.query(sql, params, ctx.budgetMs);
    out.set(dim, new Map(rows.map((v) => [String(v.id), String(v[lang] ?? v.zh ?? v.id)])));
  }
  return out;
}
