import { Hono } from 'hono';
import { DIMENSION_BY_ID, DIMENSIONS } from '../../catalog/dimensions.ts';
import { DECIMALS, MEASURES } from '../../catalog/measures.ts';
import { FACTS, binding, factsOf } from '../../catalog/facts.ts';
import { GRAINS } from '../../catalog/types.ts';
import type { SqlParams } from '../../db/database.ts';
import { scopeKey, type Scope } from '../query/scope.ts';
import type { AppContext } from './app.ts';
import { VersionedCache } from '../query/cache.ts';
import type { MetaResponse } from './schemas/meta.ts';
import { allowedValues, isOpen } from './scopeSql.ts';
import { invalid } from './params.ts';

type Values = MetaResponse['values'];

/** The catalog as the UI and users' scripts see it: no SQL, just ids, labels and formulas. */
export const catalogJson = () => ({
  measures: MEASURES.map(({ raw: _r, rollup: _u, nullWhen: _n, parentLevel: _p, inner: _i, joins: _j, quantile: _q, notBy, ...m }) => ({
    ...m,
    decimals: m.decimals ?? DECIMALS[m.format],
    dimensions: DIMENSIONS.filter((d) => binding(m.fact, d.id) && !notBy?.dims.includes(d.id)).map((d) => d.id),
  })),
  dimensions: DIMENSIONS.map((d) => ({
    id: d.id, label: d.label, description: d.description, facts: factsOf(d.id), listed: !!d.valuesSql, searchable: !!(d.searchSql ?? d.valuesSql),
  })),
  facts: FACTS.map((f) => ({ id: f.id, label: f.label, notes: f.notes })),
  grains: [...GRAINS],
});

/** The catalog answer for a scope, its dimension values read once per data version (and scope). */
export type MetaOf = (scope: Scope) => Promise<MetaResponse>;

/** The listed dimensions' values a scope may ask for, read once per data version (and scope). */
export type ValuesOf = (scope: Scope) => Promise<Values>;

export function metaOf(ctx: Pick<AppContext, 'info' | 'values'>): MetaOf {
  return async (scope) => {
    const [info, v] = await Promise.all([ctx.info.get(), ctx.values(scope)]);
    return { dataVersion: info.dataVersion, demo: info.demo, dataRange: info.dataRange, ...catalogJson(), values: v } satisfies MetaResponse;
  };
}

export function valuesOf(ctx: Pick<AppContext, 'db'>): ValuesOf {
  let cached: { version: number; values: Promise<Values> } | null = null;
  const values = (): Promise<Values> => {
    if (cached?.version === ctx.db.dataVersion) return cached.values;
    const p = (async () => {
      const out: Values = {};
      for (const d of DIMENSIONS) {
        if (!d.valuesSql) continue;
        const rows = await ctx.db.query(d.valuesSql);
        out[d.id] = rows.map((r) => ({
          id: String(r.id), label: { zh: String(r.zh), en: String(r.en) },
          ...(typeof r.lat === 'number' && typeof r.lon === 'number' ? { place: { lat: r.lat, lon: r.lon, province: String(r.province) } } : {}),
        }));
      }
      return out;
    })();
    cached = { version: ctx.db.dataVersion, values: p };
    p.catch(() => { cached = null; });
    return p;
  };

  // A narrowed scope lists only its own belts, regions, merchants … (see scopeSql.ts), in catalog order.
  const scopedCache = new VersionedCache<Values>(true, 100);
  const scopedValues = (scope: Scope): Promise<Values> => {
    if (isOpen(scope)) return values();
    return scopedCache.get(ctx.db.dataVersion, scopeKey(scope), async () => {
      const all = await values();
      const out: Values = {};
      for (const [dim, list] of Object.entries(all)) {
        const params: SqlParams = {};
        const allowed = allowedValues(dim, scope, params);
        if (!allowed) { out[dim] = list; continue; }
        const ids = new Set((await ctx.db.query(`SELECT CAST(id AS VARCHAR) AS id FROM (${allowed}) a(id)`, params)).map((r) => String(r.id)));
        out[dim] = list.filter((v) => ids.has(v.id));
      }
      return out;
    });
  };

  return scopedValues;
}

/**
 * Filter ids of a listed dimension (belts, platforms, categories …) must be ones the caller's
 * /api/meta lists: a mistyped id would otherwise answer 200 with nothing in it, which reads as
 * zero. An id outside a narrowed scope gets the same answer as a typo, so the answer tells a
 * caller nothing /api/meta does not. Merchants are searched, not listed: whether a shop id exists
 * is not every caller's to know. Bases, hubs and destination provinces: see Dimension.unlistedIds.
 */
export async function assertListedValues(ctx: Pick<AppContext, 'values'>, scope: Scope, filters: Record<string, string[] | undefined>): Promise<void> {
  const asked = Object.entries(filters).filter(([dim, ids]) => ids?.length && !DIMENSION_BY_ID.get(dim)?.unlistedIds);
  if (!asked.length) return;
  const listed = await ctx.values(scope);
  for (const [dim, ids] of asked) {
    const known = listed[dim];
    if (!known) continue;
    const have = new Set(known.map((v) => v.id));
    const unknown = ids!.filter((id) => !have.has(id));
    if (!unknown.length) continue;
    // Echo a few, each cut short: a filter may be 10,000 characters.
    const cut = (id: string) => `"${id.length > 40 ? `${id.slice(0, 40)}…` : id}"`;
    const shown = unknown.slice(0, 5).map(cut).join(', ') + (unknown.length > 5 ? ` (+${unknown.length - 5})` : '');
    throw invalid(dim, `Unknown ${dim} ${shown}: GET /api/meta lists the ${dim} ids you can ask for (values.${dim}).`,
      `未知的 ${dim}：${shown}。可用的 ID 见 GET /api/meta 的 values.${dim}。`, known.length <= 50 ? known.map((v) => v.id) : undefined);
  }
}

export function metaRoute(ctx: AppContext, meta: MetaOf = metaOf(ctx)) {
  return new Hono().get('/meta', async (c) => c.json(await meta(ctx.scopeOf(c.req.raw))));
}
