import { sql } from '../../../catalog/dialect.ts';
import type { SqlParams } from '../../../db/database.ts';
import type { Scope } from '../../query/scope.ts';
import { inList, sessionScope } from '../scopeSql.ts';
import type { SessionFilter, SessionSort, SessionsQuery } from './params.ts';

/**
 * The statements of the session routes. Identifiers come only from the fixed lists below;
 * every value is a bound parameter.
 */

const GPM = 's.gmv::DOUBLE / nullif(s.views, 0) * 1000';
const CONVERSION = 's.buyers::DOUBLE / nullif(s.viewers, 0)';

/** A row's columns; without merchant names in scope the merchant and its account are null. */
const rowCols = (scope: Scope) => [
  's.platform_id', 's.session_id',
  scope.merchantNames ? 's.merchant_id' : 'NULL::VARCHAR AS merchant_id',
  scope.merchantNames ? 's.account' : 'NULL::VARCHAR AS account',
  's.belt_id', 's.base_id', 's.venue', 's.kiln_opening', 's.started_at', 's.ended_at',
  's.gmv', 's.views', 's.viewers', 's.buyers', 's.orders',
  `${GPM} AS gpm`, `${CONVERSION} AS conversion`, 's.peak_online', 's.ad_spend',
];
const DETAIL_COLS = ['s.avg_online', 's.watch_seconds', 's.product_exposed_viewers', 's.product_click_viewers', 's.interacting_viewers', 's.new_followers'];

const SORT_SQL: Record<SessionSort, string> = {
  started_at: 's.started_at', ended_at: 's.ended_at', gmv: 's.gmv', gpm: GPM, conversion: CONVERSION,
  views: 's.views', viewers: 's.viewers', buyers: 's.buyers', orders: 's.orders', peak_online: 's.peak_online',
};

const FILTER_SQL: Record<SessionFilter, (values: string[], params: SqlParams) => string> = {
  merchant: (v, p) => inList('s.merchant_id', v, 'f_merchant', p),
  belt: (v, p) => inList('s.belt_id', v, 'f_belt', p),
  region: (v, p) => `s.belt_id IN (SELECT belt_id FROM belts WHERE ${inList('region_code', v, 'f_region', p)})`,
  base: (v, p) => inList('s.base_id', v, 'f_base', p),
  platform: (v, p) => inList('s.platform_id', v, 'f_platform', p),
  venue: (v, p) => inList('s.venue', v, 'f_venue', p),
};

/** The page of rows and the count of every match: the same WHERE, each with its own parameters. */
export function sessionsListSql(query: SessionsQuery, scope: Scope) {
  const params: SqlParams = { from: query.window.from, to: query.window.to };
  const where = [
    `s.started_at >= ${sql.dayStart('from')}`, `s.started_at < ${sql.dayAfter('to')}`,
    ...Object.entries(query.filters).map(([f, v]) => FILTER_SQL[f as SessionFilter](v, params)),
    ...sessionScope(scope, params),
  ].join('\n    AND ');
  const dir = query.sort.desc ? 'DESC' : 'ASC';
  const rows = `SELECT ${rowCols(scope).join(', ')}
  FROM live_sessions s
  WHERE ${where}
  ORDER BY ${SORT_SQL[query.sort.key]} ${dir} NULLS LAST, s.platform_id, s.session_id
  LIMIT $limit OFFSET $offset`;
  const count = `SELECT count(*)::BIGINT AS n FROM live_sessions s WHERE ${where}`;
  return { rows, count, params: { ...params, limit: query.limit, offset: query.offset }, countParams: params };
}

/** One session (inside the scope) and what belongs to it. */
export function sessionDetailSql(platform: string, id: string, scope: Scope) {
  const params: SqlParams = { platform, id };
  const session = `SELECT ${[...rowCols(scope), ...DETAIL_COLS].join(', ')}
  FROM live_sessions s
  WHERE ${['s.platform_id = $platform', 's.session_id = $id', ...sessionScope(scope, params)].join(' AND ')}`;
  const key = { platform, id };
  const minutes = `SELECT minute_at, online, entries, orders, gmv FROM session_minutes
  WHERE platform_id = $platform AND session_id = $id ORDER BY minute_at`;
  const listings = `SELECT listing_id, product_id, listed_at, first_sold_at, sold_out_at,
    ${sql.epoch('sold_out_at')} - ${sql.epoch('listed_at')} AS sell_out_seconds, units_listed, units_sold, price
  FROM listings WHERE platform_id = $platform AND session_id = $id ORDER BY listed_at, listing_id`;
  // The merchant's firings in the 72 hours before the stream: what a kiln opening sells.
  const batches = `SELECT b.batch_id, b.fired_at, b.pieces, b.first_grade, b.defective
  FROM production_batches b JOIN live_sessions s ON s.merchant_id = b.merchant_id
  WHERE s.platform_id = $platform AND s.session_id = $id
    AND b.fired_at >= s.started_at - INTERVAL 72 HOUR AND b.fired_at < s.started_at
  ORDER BY b.fired_at, b.batch_id`;
  return { session, params, minutes, listings, batches, key };
}
