import type { SqlParams } from '../../db/database.ts';
import type { Scope } from '../query/scope.ts';

/**
 * The scope (server/query/scope.ts) as SQL for the value and row routes. Every value is a bound
 * parameter (`$s_<dim>_<i>`); an empty list in a scope matches nothing.
 */

export const inList = (col: string, values: readonly string[], name: string, params: SqlParams): string => {
  if (!values.length) return 'false';
  return `${col} IN (${values.map((v, i) => { params[`${name}_${i}`] = v; return `$${name}_${i}`; }).join(', ')})`;
};

export const isOpen = (scope: Scope) => !scope.rows.belt && !scope.rows.region && !scope.rows.merchant;

/**
 * Conditions on a live_sessions row (alias `s`) that keep it inside the scope: its belt, its
 * belt's origin region (`belts.region_code`) and its merchant. Empty for the open scope.
 */
export function sessionScope(scope: Scope, params: SqlParams, alias = 's'): string[] {
  const where: string[] = [];
  const { belt, region, merchant } = scope.rows;
  if (belt) where.push(inList(`${alias}.belt_id`, belt, 's_belt', params));
  if (region) where.push(`${alias}.belt_id IN (SELECT belt_id FROM belts WHERE ${inList('region_code', region, 's_region', params)})`);
  if (merchant) where.push(inList(`${alias}.merchant_id`, merchant, 's_merchant', params));
  return where;
}

/** The belts a scope reaches: its belts, in its regions, of its merchants. */
function scopedBelts(scope: Scope, params: SqlParams): string {
  const { belt, region, merchant } = scope.rows;
  const where: string[] = [];
  if (belt) where.push(inList('belt_id', belt, 's_belt', params));
  if (region) where.push(inList('region_code', region, 's_region', params));
  if (merchant) where.push(`belt_id IN (SELECT belt_id FROM merchants WHERE ${inList('merchant_id', merchant, 's_merchant', params)})`);
  return `SELECT belt_id FROM belts WHERE ${where.join(' AND ') || 'true'}`;
}

/**
 * Which values of a dimension a narrowed scope may list, as SQL selecting their ids. The places
 * and entities of a belt (the belt, its origin region and province, its merchants, bases and
 * hubs) are narrowed to the scope's belts (and merchants); the shared vocabularies (platforms,
 * categories, merchant kinds and sizes, venues, destination provinces) identify no one and are
 * listed whole. A dimension in neither list lists nothing under a narrowed scope, so a new one
 * is hidden until someone decides (tests/api/values.test.ts checks every dimension is classified).
 */
export const SCOPED_VALUES: Record<string, (belts: string, scope: Scope, params: SqlParams) => string> = {
  belt: (belts) => belts,
  region: (belts) => `SELECT region_code FROM belts WHERE belt_id IN (${belts})`,
  province: (belts) => `SELECT left(region_code, 2) || '0000' FROM belts WHERE belt_id IN (${belts})`,
  merchant: (belts, scope, params) => `SELECT merchant_id FROM merchants WHERE belt_id IN (${belts})${
    scope.rows.merchant ? ` AND ${inList('merchant_id', scope.rows.merchant, 's_merchant', params)}` : ''}`,
  base: (belts) => `SELECT base_id FROM live_bases WHERE belt_id IN (${belts})`,
  hub: (belts) => `SELECT hub_id FROM hubs WHERE belt_id IN (${belts})`,
};
export const VOCABULARIES: readonly string[] = ['category', 'platform', 'merchant_kind', 'size_class', 'venue', 'ship_province', 'channel'];

/** SQL selecting the ids of a dimension the scope allows, or null when it allows them all. */
export function allowedValues(dim: string, scope: Scope, params: SqlParams): string | null {
  if (isOpen(scope) || VOCABULARIES.includes(dim)) return null;
  const rule = SCOPED_VALUES[dim];
  return rule ? rule(scopedBelts(scope, params), scope, params) : 'SELECT NULL::VARCHAR WHERE false';
}
