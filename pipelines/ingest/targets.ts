import type { DuckDBConnection } from '@duckdb/node-api';
import { FACTS } from '../../catalog/facts.ts';
import { ENTITY_KEYS } from '../../catalog/entities.ts';
import type { SqlParams } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import { flag } from '../../lib/flags.ts';
import { isTotalsWord } from './transform.ts';
import { normHeader } from './detect.ts';
import type { TableColumn } from './mappings.ts';
import { assertKnown, resolveCategory, resolveMerchant, resolvePlatform, type CreatedMerchant, type LoadOptions } from './resolve.ts';

/**
 * Values a mapping may read that are no column of the table but inputs to the fill below: an
 * export without start times gives each stream's duration, from which `ended_at` is taken (the
 * Compass mapping). A user's mapping may name them (mappings.ts, assertMappingColumns).
 */
export const FILL_INPUTS: Readonly<Record<string, readonly string[]>> = { live_sessions: ['duration_s'] };
import { TARGETS, type Mapping, type StagedSheet, type Target } from './types.ts';

/** Natural keys: facts from the registry, entities here. */
export const KEYS: Record<Target, string[]> = {
  ...Object.fromEntries(FACTS.map((f) => [f.table, f.grain])) as Record<string, string[]>,
  ...Object.fromEntries(Object.entries(ENTITY_KEYS).map(([t, k]) => [t, [...k]])),
} as Record<Target, string[]>;

/** Columns whose known value a later unknown never replaces. */
export const STICKY: Partial<Record<Target, string[]>> = { orders: ['refund_amount'] };

export async function tableColumns(con: DuckDBConnection, table: string): Promise<TableColumn[]> {
  return (await targetColumns(con)).get(table) ?? [];
}

/** The columns of every target table, in one catalog query (each such query costs tens of ms). */
export async function targetColumns(con: DuckDBConnection): Promise<Map<string, TableColumn[]>> {
  const r = await con.runAndReadAll(`SELECT table_name AS t, column_name AS name, data_type AS type, NOT is_nullable AS not_null,
      column_default AS dflt
    FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN (${TARGETS.map((t) => `'${t}'`).join(', ')})
    ORDER BY table_name, column_index`);
  const out = new Map<string, TableColumn[]>(TARGETS.map((t) => [t, []]));
  for (const x of r.getRowObjectsJS()) {
    out.get(String(x.t))!.push({ name: String(x.name), type: String(x.type), notNull: x.not_null === true, default: (x.dflt as string | null) ?? null });
  }
  return out;
}

export interface Fill {
  fill: Record<string, string>;
  params: SqlParams;
  joins?: string;
  /**
   * False when filling writes (or, with `write` false, would write) something: a new merchant,
   * new accounts. A parse made before those writes (ingest.ts) cannot stand for the load then:
   * its joins and id checks may read them.
   */
  stable: boolean;
  /** Fill columns whose value only stands in (the belt's main category when --category is not given): an update keeps the stored one. */
  fallback?: string[];
  /** The merchant --merchant --belt created for this load (said in its message). */
  created?: CreatedMerchant | null;
}

/**
 * What a target's rows need beyond the file: platform, merchant and belt, category, venue and
 * base, and for live exports the session id (a stable hash of platform, account and start time,
 * so a re-export of the same session matches) and, without start times, the day (--date).
 * It refuses what the load must refuse either way; with `write` false it writes nothing (no new
 * merchant, no new account) and says whether what it gives still stands once those are written.
 */
export async function fillFor(con: DuckDBConnection, m: Mapping, sheet: StagedSheet, o: LoadOptions, file: string, write = true,
  datasetId: number | null = null): Promise<Fill> {
  const platform = resolvePlatform(m, o, file);
  const given = new Set(Object.keys(m.columns));
  const fill: Record<string, string> = {};
  const params: SqlParams = {};
  let stable = true;
  if (platform) { await assertKnown(con, 'platforms', 'platform_id', platform, 'platform', o.via); fill.platform_id = '$platform'; params.platform = platform; }
  else if (!given.has('platform_id') && ['orders', 'live_sessions', 'merchant_accounts', 'session_minutes', 'listings'].includes(m.target)) {
    throw new AppError('platform_needed', `${file}: the file does not say its platform. Pass ${flag(o.via, 'platform', 'douyin|kuaishou|taobao|wechat_channels')}.`,
      `${file}：文件未说明平台。请用${flag(o.via, 'platform', 'douyin|kuaishou|taobao|wechat_channels', 'zh')}指定。`);
  }

  if (m.target === 'orders' && !given.has('merchant_id')) {
    const { merchant, belt, created } = await resolveMerchant(con, o, file, write, datasetId);
    stable = !created;
    const category = await resolveCategory(con, o, belt);
    // Looked up once here: as a scalar subquery it cost a cross product over every row.
    const [{ ns }] = (await con.runAndReadAll('SELECT non_standard AS ns FROM categories WHERE category_id = $c', { c: category })).getRowObjectsJS();
    Object.assign(params, { merchant, belt, category, non_standard: ns === true });
    Object.assign(fill, { merchant_id: '$merchant', belt_id: '$belt', category_id: '$category', non_standard: '$non_standard' });
    if (!given.has('parent_order_id')) fill.parent_order_id = 'p.p_order_id';
    if (!o.category) return { fill, params, stable, fallback: ['category_id', 'non_standard'], created };
    return { fill, params, stable, created };
  }

  if (m.target === 'live_sessions' && !given.has('merchant_id')) {
    const { added, created } = await resolveAccounts(con, m, sheet, o, platform!, file, write, datasetId);
    const joins = `LEFT JOIN (SELECT platform_id, account, any_value(merchant_id) AS merchant_id FROM merchant_accounts GROUP BY ALL) ma
        ON ma.platform_id = $platform AND ma.account = p.p_account
      LEFT JOIN merchants mm ON mm.merchant_id = ma.merchant_id`;
    Object.assign(fill, { merchant_id: 'ma.merchant_id', belt_id: 'mm.belt_id' });
    if (o.base) {
      await assertKnown(con, 'live_bases', 'base_id', o.base, 'base', o.via);
      Object.assign(fill, { base_id: '$base', venue: `'base'` });
      params.base = o.base;
    } else if (o.venue) {
      await assertKnown(con, 'venues', 'venue', o.venue, 'venue', o.via);
      // Streamed elsewhere: at no base (a re-load with --venue corrects an earlier --base).
      Object.assign(fill, { venue: '$venue', base_id: 'NULL' });
      params.venue = o.venue;
    }
    if (m.needsDate || !given.has('started_at')) {
      if (!o.date) {
        throw new AppError('date_needed', `${file}: this export (${m.id}) has no start times. Pass ${flag(o.via, 'date', 'YYYY-MM-DD')}, the day it covers.`,
          `${file}：此导出（${m.id}）没有开播时间。请用${flag(o.via, 'date', 'YYYY-MM-DD', 'zh')}指定其日期。`);
      }
      params.date = o.date;
      fill.started_at = 'CAST($date AS DATE)::TIMESTAMPTZ';
      fill.start_known = 'false'; // midnight is a placeholder (migration 006)
      fill.ended_at = 'CAST($date AS DATE)::TIMESTAMPTZ + to_seconds(CAST(round(coalesce(p.p_duration_s, 0)) AS BIGINT))';
      // The account's n-th session of the day, by length (then file order), not the row's place in
      // the file: Compass sorts its rows by GMV, so a second download of the same day lists them in
      // another order, and ids by row number loaded every session again beside the first.
      // Ties on length break on the session's own figures before file order (two 2-hour streams).
      const ties = ['gmv', 'views', 'viewers'].filter((c) => given.has(c)).map((c) => `p.p_${c} NULLS LAST`);
      const nth = `row_number() OVER (PARTITION BY p.p_account ORDER BY p.p_duration_s NULLS LAST, ${[...ties, 'p.record'].join(', ')})`;
      fill.session_id = `'s' || substr(sha256($platform || '|' || p.p_account || '|' || $date || '|' || CAST(${nth} AS VARCHAR)), 1, 24)`;
    } else {
      fill.session_id = `'s' || substr(sha256($platform || '|' || p.p_account || '|' || CAST(epoch(p.p_started_at) AS BIGINT)::VARCHAR), 1, 24)`;
    }
    return { fill, params, joins, stable: !added, created };
  }
  return { fill, params, stable };
}

/**
 * Live exports name an account: it must map to a merchant, or --merchant adds it, as part of
 * this load (`datasetId`: undoing the load takes the accounts it added). A totals row's 合计 is
 * no account. Says whether it adds (or would add) any.
 */
async function resolveAccounts(con: DuckDBConnection, m: Mapping, sheet: StagedSheet, o: LoadOptions, platform: string, file: string,
  write: boolean, datasetId: number | null): Promise<{ added: boolean; created: CreatedMerchant | null }> {
  const rule = m.columns.account;
  if (!rule || !('from' in rule)) throw new AppError('bad_mapping', `Mapping ${m.id} reads no account.`, `映射 ${m.id} 未读取账号列。`);
  const i = sheet.headers.findIndex((h) => normHeader(h) === normHeader(rule.from));
  const accounts = `SELECT DISTINCT account FROM (SELECT bs_id(c${i}) AS account FROM ${sheet.table}) WHERE account IS NOT NULL AND NOT ${isTotalsWord('account')}`;
  const unknown = async () => (await con.runAndReadAll(`${accounts} EXCEPT SELECT account FROM merchant_accounts WHERE platform_id = $p ORDER BY 1`, { p: platform }))
    .getRowObjectsJS().map((r) => String(r.account));
  let missing = await unknown();
  const adds = missing.length > 0 && !!o.merchant;
  let created: CreatedMerchant | null = null;
  if (adds) {
    const r = await resolveMerchant(con, o, file, write, datasetId);
    const merchant = r.merchant;
    created = r.created;
    if (!write) return { added: true, created };
    await con.run(`INSERT INTO merchant_accounts (platform_id, account, merchant_id, dataset_id)
      SELECT $p, account, $m, $ds FROM (${accounts} EXCEPT SELECT account FROM merchant_accounts WHERE platform_id = $p)`, { p: platform, m: merchant, ds: datasetId });
    missing = await unknown();
  }
  if (missing.length) {
    const list = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    throw new AppError('unknown_account', `${file}: the account(s) ${list} do not belong to a known merchant. Pass ${flag(o.via, 'merchant', 'ID')} to add them to that merchant.`,
      `${file}：账号 ${list} 不属于任何已知商家。请用${flag(o.via, 'merchant', 'ID', 'zh')}指定商家，以把这些账号加到该商家名下。`);
  }
  return { added: adds, created };
}
