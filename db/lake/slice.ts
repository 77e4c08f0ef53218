import { sql } from '../../catalog/dialect.ts';
import { resolveJoins, type Fact } from '../../catalog/facts.ts';
import { AppError } from '../../lib/errors.ts';
import type { Database, SqlParams } from '../database.ts';
import type { LakeTable } from './tables.ts';

/**
 * The slice an export writes: belts and days asked for, ANDed with the caller's row scope
 * (belts, origin regions, merchants; server/query/scope.ts), which a request can narrow but
 * never widen. Every value is a bound parameter.
 */
export interface LakeSlice {
  /** Inclusive local (Asia/Shanghai) days of each fact's time column; absent = all. */
  from?: string;
  to?: string;
  /** Belts asked for (checked to exist before anything runs). */
  belts?: string[];
  /** The caller's row scope; absent lists = everything. */
  scope?: { belt?: string[]; region?: string[]; merchant?: string[] };
}

export class SliceSql {
  readonly params: SqlParams = {};
  #n = 0;
  constructor(readonly slice: LakeSlice) {}

  /** `col IN ($p0, …)`; an empty list matches nothing. */
  in(col: string, values: readonly string[]): string {
    if (!values.length) return 'false';
    return `${col} IN (${values.map((v) => { const p = `lake_${this.#n++}`; this.params[p] = v; return `$${p}`; }).join(', ')})`;
  }

  /** Conditions keeping rows whose belt (an SQL expression) and merchant (if any) are in the slice. */
  beltMerchant(belt: string, merchant?: string): string[] {
    const { belts, scope = {} } = this.slice;
    const where: string[] = [];
    if (belts) where.push(this.in(belt, belts));
    if (scope.belt) where.push(this.in(belt, scope.belt));
    if (scope.region) where.push(`${belt} IN (SELECT belt_id FROM belts WHERE ${this.in('region_code', scope.region)})`);
    if (scope.merchant) {
      where.push(merchant ? this.in(merchant, scope.merchant)
        : `${belt} IN (SELECT belt_id FROM merchants WHERE ${this.in('merchant_id', scope.merchant)})`);
    }
    return where;
  }

  /** A fact's rows in the slice: its belt and merchant as the registry says it reaches them, and its days. */
  fact(fact: Fact): { joins: string[]; where: string[] } {
    const belt = fact.dimensions.belt!;
    const merchant = fact.dimensions.merchant;
    const joinNames = new Set([...(belt.joins ?? []), ...(merchant?.joins ?? [])]);
    const where = this.beltMerchant(belt.raw, merchant?.raw);
    const { from, to } = this.slice;
    const time = fact.parentTime?.time ?? `f.${fact.time}`;
    if ((from || to) && fact.parentTime) joinNames.add(fact.parentTime.join);
    if (from) { this.params.lake_from = from; where.push(`${time} >= ${sql.dayStart('lake_from')}`); }
    if (to) { this.params.lake_to = to; where.push(`${time} < ${sql.dayAfter('lake_to')}`); }
    return { joins: resolveJoins(fact.id, joinNames), where };
  }

  /** Conditions on a non-fact table's rows (alias `f`). */
  table(t: LakeTable, datasetIds: number[]): string[] {
    const n = t.narrowing;
    if (n.kind === 'belt') return this.beltMerchant('f.belt_id', n.merchant ? 'f.merchant_id' : undefined);
    if (n.kind === 'reference') return t.table === 'belts' ? this.beltMerchant('f.belt_id') : [];
    if (n.kind === 'merchant') {
      const inner = this.beltMerchant('m.belt_id', 'm.merchant_id');
      return inner.length ? [`f.merchant_id IN (SELECT m.merchant_id FROM merchants m WHERE ${inner.join(' AND ')})`] : [];
    }
    if (n.kind === 'datasets') return [datasetIds.length ? `f.dataset_id IN (${datasetIds.map(Number).join(', ')})` : 'false'];
    return [];
  }
}

/** Refuse a slice that names an unknown belt, or whose first day is after its last, before anything is written. */
export async function assertSlice(db: Database, slice: LakeSlice): Promise<void> {
  if (slice.from && slice.to && slice.from > slice.to) {
    throw new AppError('invalid_param', `from (${slice.from}) is after to (${slice.to}).`, `起始日期 (${slice.from}) 晚于结束日期 (${slice.to})。`, 400, { param: 'from' });
  }
  if (!slice.belts) return;
  const known = (await db.query('SELECT belt_id FROM belts ORDER BY belt_id')).map((r) => String(r.belt_id));
  const unknown = slice.belts.filter((b) => !known.includes(b));
  if (unknown.length) {
    throw new AppError('invalid_param', `Unknown belt "${unknown.join('", "')}". Belts: ${known.join(', ')}.`,
      `未知产业带 "${unknown.join('"、"')}"。可选：${known.join('、')}。`, 400, { param: 'belt', allowed: known });
  }
}
