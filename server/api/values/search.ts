import { DIMENSION_BY_ID } from '../../../catalog/dimensions.ts';
import type { SqlParams } from '../../../db/database.ts';
import type { Scope } from '../../query/scope.ts';
import { allowedValues, inList } from '../scopeSql.ts';
import type { ValuesQuery } from './params.ts';

/**
 * Dimensions whose labels name a person or a business: without merchant names in scope their
 * values are labelled by number (商家 #n, numbered by id within the scope), and a search never
 * looks at the real name, so a name cannot be probed either.
 */
export const ANONYMOUS: Record<string, { zh: string; en: string }> = { merchant: { zh: '商家 #', en: 'Merchant #' } };

/** A fixed string of this file (never input) as a SQL literal. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `%` and `_` match themselves: the pattern is a plain substring. */
export const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The search as one statement; the catalog's SQL is the source, every value a parameter. */
export function valuesSearchSql(query: ValuesQuery, scope: Scope): { sql: string; params: SqlParams } {
  const dim = DIMENSION_BY_ID.get(query.dimension)!;
  const params: SqlParams = {};
  const allowed = allowedValues(dim.id, scope, params);
  const anon = scope.merchantNames ? undefined : ANONYMOUS[dim.id];
  const src = `SELECT CAST(id AS VARCHAR) AS id, CAST(zh AS VARCHAR) AS zh, CAST(en AS VARCHAR) AS en FROM (${dim.searchSql ?? dim.valuesSql}) v`;
  const scoped = `SELECT * FROM (${src}) x${allowed ? ` WHERE id IN (${allowed})` : ''}`;
  const labelled = anon
    ? `SELECT id, ${lit(anon.zh)} || n AS zh, ${lit(anon.en)} || n AS en, n FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM (${scoped}) y) z`
    : `SELECT id, zh, en FROM (${scoped}) y`;

  const where: string[] = [];
  if (query.ids) where.push(inList('id', query.ids, 'id', params));
  if (query.q) {
    params.pat = likePattern(query.q);
    where.push(`(id ILIKE $pat ESCAPE '\\' OR zh ILIKE $pat ESCAPE '\\' OR en ILIKE $pat ESCAPE '\\')`);
  }
  const order = [
    ...(query.q ? ['lower(id) = lower($q) DESC'] : []),
    anon ? 'n' : query.lang, 'id',
  ];
  if (query.q) params.q = query.q;
  params.limit = query.limit;
  const sql = `SELECT id, zh, en FROM (${labelled}) l${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
ORDER BY ${order.join(', ')} LIMIT $limit`;
  return { sql, params };
}
