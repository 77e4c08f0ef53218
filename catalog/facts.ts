import { sql } from './dialect.ts';
import type { DimensionBinding, FactId, Label } from './types.ts';

/**
 * The facts registry: every fact table declared once, with what the planner, the rollup
 * builder, data info and demo deletion need to know of it. Adding a fact is one entry here plus
 * its measures in measures.ts; the planner joins any number of facts on the grouping keys.
 */
export interface Fact {
  id: FactId;
  label: Label;
  table: string;
  /** The instant that places a row in time: a row belongs to the local (Beijing) day of it. */
  time: string;
  /**
   * `date` when the time column is already a local DATE (a monthly return's first day), not an
   * instant: windows then compare it as a day, with no time-zone conversion.
   */
  timeType?: 'instant' | 'date';
  /**
   * For a fact that does not reach merchants: SQL over its rows (alias `f`) giving a lower bound
   * of the merchants behind a figure, for the scope's minimum cohort (null hides the figure).
   */
  cohort?: string;
  /** The natural key of a row. */
  grain: string[];
  /**
   * For rows that belong to a row of another fact (a session's minutes and flash listings): the
   * parent's time, through one of `joins`. A lake export's days take the children of exactly the
   * parents they take, so a stream crossing the slice's last midnight keeps its later minutes.
   */
  parentTime?: { join: string; time: string };
  /**
   * Joins a row (alias `f`) can take, in dependency order: `needs` names joins that must come
   * first (a listing reaches its belt through its session). Fixed SQL, never built from input.
   */
  joins: Record<string, { sql: string; needs?: string[] }>;
  /** The dimensions this fact reaches, and how. A dimension missing here cannot split it. */
  dimensions: Record<string, DimensionBinding>;
  /** Rollups, smallest first; the planner takes the first that answers exactly, else raw rows. */
  rollups: RollupDecl[];
  /** The relation rollups of raw rows read, when it is not the table (see db/derived/declarations.ts and its .sql files). */
  rollupInput?: string;
  /** What a reader of this fact's numbers should know about its data. */
  notes: Label[];
  /**
   * Columns some exports do not give (null, never a fake 0). Rollups count the rows lacking
   * each (`<col>_unknown`), and a measure over one is null, with a note, where any is unknown.
   */
  nullable?: string[];
}

/** A partial sum: its SQL over fact rows, its stored type, and how it re-aggregates. */
export interface Partial { col: string; sql: string; type: string; reagg: 'sum' | 'max' }

export interface RollupDecl {
  id: string;
  unit: 'day' | 'month';
  /** 'raw' (the fact's rollup input) or a finer rollup of the same fact to re-aggregate. */
  from: 'raw' | string;
  keys: string[];
  partials: Partial[];
  /** Physical order: zone maps then skip row groups outside a filter. */
  orderBy: string[];
  /**
   * A month rollup's partner: the day rollup of the same fact that answers the days before the
   * first and after the last whole month of a window that cuts a month. The planner then reads
   * the whole months here and the edge days there (see sources.ts, `COMPOSED`), when the window
   * holds at least `minMonths` whole months: reading two tables costs more to plan and run than
   * one, which pays only when it replaces many day rows (see bench/RESULTS.md).
   */
  edges?: { day: string; minMonths: number };
}

/** SQL: an order line (columns of `alias`) whose channel is unknown and that names no session: live or not, nobody can say. */
export const channelUnknown = (alias = '') => `${alias}session_id IS NULL AND coalesce(${alias}channel, 'unknown') = 'unknown'`;

const p = (col: string, expr: string, type: string, reagg: Partial['reagg'] = 'sum'): Partial => ({ col, sql: expr, type, reagg });

/** Sums are stored as DECIMAL(18,2): re-summing DECIMAL(38,2) is ~25× slower than DECIMAL(18,2). */
const ORDER_PARTIALS: Partial[] = [
  p('amount', 'sum(amount)', 'DECIMAL(18,2)'),
  p('refund_amount', 'coalesce(sum(refund_amount), 0)', 'DECIMAL(18,2)'),
  p('refund_unknown', 'count(*) - count(refund_amount)', 'INTEGER'),
  p('lines', 'count(*)', 'INTEGER'),
  // Each parent order counted once, on its first line: adds up over every parent-level key.
  p('parent_orders', sql.filtered('count(*)', 'is_first_line'), 'INTEGER'),
  p('quantity', 'sum(quantity)', 'BIGINT'),
  p('ns_amount', `coalesce(${sql.filtered('sum(amount)', 'non_standard')}, 0)`, 'DECIMAL(18,2)'),
  // Bought in a live session, or on the live channel when the export names no session.
  p('live_amount', `coalesce(${sql.filtered('sum(amount)', "session_id IS NOT NULL OR channel = 'live'")}, 0)`, 'DECIMAL(18,2)'),
  // Lines that may or may not have been bought live: no session, and a channel the export did not say.
  p('channel_unknown', sql.filtered('count(*)', channelUnknown()), 'INTEGER'),
  ...unknowns(['quantity']),
];

/** Live-session metrics that Compass, Kuaishou and WeChat Channels exports lack. */
const SESSION_NULLABLE = ['peak_online', 'watch_seconds', 'product_exposed_viewers', 'product_click_viewers',
  'interacting_viewers', 'new_followers', 'ad_spend'];

/** Per nullable column, the rows that lack it: re-summed, a ratio over the column knows to be null. */
function unknowns(cols: string[]): Partial[] {
  return cols.map((c) => p(`${c}_unknown`, `count(*) - count(${c})`, 'INTEGER'));
}

/** Session sums keep live_sessions' column names, so the catalog's session formulas read either. */
const SESSION_PARTIALS: Partial[] = [
  p('sessions', 'count(*)', 'INTEGER'),
  p('live_seconds', `sum(${sql.epoch('ended_at')} - ${sql.epoch('started_at')})`, 'DOUBLE'),
  p('gmv', 'sum(gmv)', 'DECIMAL(18,2)'),
  ...['views', 'viewers', 'buyers', 'product_exposed_viewers', 'product_click_viewers', 'interacting_viewers',
    'new_followers', 'watch_seconds'].map((c) => p(c, `sum(${c})`, 'BIGINT')),
  p('ad_spend', 'sum(ad_spend)', 'DECIMAL(18,2)'),
  p('peak_online', 'max(peak_online)', 'INTEGER', 'max'),
  ...unknowns(SESSION_NULLABLE),
];

const ORDER_KEYS = ['platform_id', 'belt_id', 'category_id', 'non_standard', 'venue', 'base_id'];
const SESSION_KEYS = ['platform_id', 'belt_id', 'venue', 'base_id'];
/**
 * Whole months a window must hold before a month rollup and its day rollup answer it together.
 * Measured at 10M and 20M order lines (bench/RESULTS.md, 2026-11-30): one scan of a day rollup
 * ordered by belt and day beats the two-table read for every window of the dashboard's mix, so
 * only windows longer than the data's two years would compose; lower it for larger datasets.
 */
const COMPOSE_MIN_MONTHS = 25;
const BELT_KEYS = ['platform_id', 'belt_id'];
const MERCHANT_KEYS = ['platform_id', 'belt_id', 'merchant_id'];
const SHIP_KEYS = ['platform_id', 'belt_id', 'ship_province'];

/** A fact that carries belt_id and merchant_id itself reaches the belt and merchant attributes directly. */
const beltJoin = (on: string) => ({ sql: `JOIN belts b ON b.belt_id = ${on}.belt_id` });
const merchantJoin = (on: string) => ({ sql: `JOIN merchants m ON m.merchant_id = ${on}.merchant_id` });
const sessionJoin = (kind: 'JOIN' | 'LEFT JOIN') =>
  ({ sql: `${kind} live_sessions s ON s.platform_id = f.platform_id AND s.session_id = f.session_id` });

/** Belt, origin and merchant attributes, reached from the row itself (`f`) or its session (`s`). */
function origin(on: 'f' | 's', rollupCols: { belt?: boolean; merchant?: boolean }): Record<string, DimensionBinding> {
  const via = on === 's' ? ['session'] : [];
  const province = `left(b.region_code, 2) || '0000'`;
  const beltCol = rollupCols.belt ? 'belt_id' : undefined;
  const merchantCol = rollupCols.merchant ? 'merchant_id' : undefined;
  return {
    belt: { raw: `${on}.belt_id`, joins: via, rollupCol: beltCol },
    region: { raw: 'b.region_code', joins: [...via, 'belt'], rollupCol: beltCol, rollupSql: beltCol && 'b.region_code' },
    province: { raw: province, joins: [...via, 'belt'], rollupCol: beltCol, rollupSql: beltCol && province },
    merchant: { raw: `${on}.merchant_id`, joins: via, rollupCol: merchantCol },
    merchant_kind: { raw: 'm.kind', joins: [...via, 'merchant'], rollupCol: merchantCol, rollupSql: merchantCol && 'm.kind' },
    size_class: { raw: 'm.size_class', joins: [...via, 'merchant'], rollupCol: merchantCol, rollupSql: merchantCol && 'm.size_class' },
  };
}

const viaSessionJoins = {
  session: sessionJoin('JOIN'),
  belt: { ...beltJoin('s'), needs: ['session'] },
  merchant: { ...merchantJoin('s'), needs: ['session'] },
};

/** A fact whose rows belong to a live session: everything but its platform is the session's. */
function viaSession(id: FactId, label: Label, time: string, grain: string[], note: Label): Fact {
  return {
    id, label, table: id, time, grain,
    joins: viaSessionJoins,
    parentTime: { join: 'session', time: 's.started_at' },
    dimensions: {
      ...origin('s', {}),
      platform: { raw: 'f.platform_id' },
      base: { raw: 's.base_id', joins: ['session'] },
      venue: { raw: 's.venue', joins: ['session'] },
    },
    rollups: [],
    notes: [note],
  };
}

export const FACTS: Fact[] = [
  {
    id: 'orders',
    label: { zh: '订单行', en: 'Order lines' },
    table: 'orders', time: 'paid_at', grain: ['platform_id', 'order_id'],
    joins: {
      session: sessionJoin('LEFT JOIN'), belt: beltJoin('f'), merchant: merchantJoin('f'), hub: { sql: 'LEFT JOIN hubs h ON h.hub_id = f.hub_id' },
      // Parent orders of two lines or more (sp.first_order_id is null for a line that is its order).
      split: { sql: 'LEFT JOIN split_orders sp ON sp.platform_id = f.platform_id AND sp.parent_order_id = f.parent_order_id' },
    },
    dimensions: {
      ...origin('f', { belt: true, merchant: true }),
      platform: { raw: 'f.platform_id', rollupCol: 'platform_id' },
      category: { raw: 'f.category_id', rollupCol: 'category_id' },
      base: { raw: 's.base_id', joins: ['session'], rollupCol: 'base_id' },
      venue: { raw: 's.venue', joins: ['session'], rollupCol: 'venue' },
      hub: { raw: 'f.hub_id', rollupCol: 'hub_id' },
      // Raw rows only: channel splits are researchers' questions, not the dashboard's hot path.
      channel: { raw: 'f.channel' },
      ship_province: { raw: 'f.ship_province', rollupCol: 'ship_province' },
    },
    // Orders with the session's venue and base, first-line flags and integer buyer keys.
    rollupInput: 'orders_enriched',
    // Sizes at 10M order lines (20M). A month rollup with `edges` answers any window: its whole
    // months, and the days around them from its day rollup.
    rollups: [
      // ~580 rows: a platform's month in a belt (KPIs, trends and platform mix by belt, origin, platform)
      { id: 'ro_orders_belt_month', unit: 'month', from: 'ro_orders_belt_day', keys: BELT_KEYS, partials: ORDER_PARTIALS, orderBy: ['month'], edges: { day: 'ro_orders_belt_day', minMonths: COMPOSE_MIN_MONTHS } },
      // ~7k rows
      { id: 'ro_orders_month', unit: 'month', from: 'ro_orders_day', keys: ORDER_KEYS, partials: ORDER_PARTIALS, orderBy: ['month'], edges: { day: 'ro_orders_day', minMonths: COMPOSE_MIN_MONTHS } },
      // ~17k rows: at most 24 a day, whatever the number of orders
      { id: 'ro_orders_belt_day', unit: 'day', from: 'ro_orders_day', keys: BELT_KEYS, partials: ORDER_PARTIALS, orderBy: ['day'] },
      // ~19k rows: where goods went, for the map of destination provinces
      { id: 'ro_orders_ship_month', unit: 'month', from: 'ro_orders_ship_day', keys: SHIP_KEYS, partials: ORDER_PARTIALS, orderBy: ['belt_id', 'month'], edges: { day: 'ro_orders_ship_day', minMonths: COMPOSE_MIN_MONTHS } },
      // ~110k rows: hubs and line-level detail of destinations, whole months only
      {
        id: 'ro_orders_hub_month', unit: 'month', from: 'raw',
        keys: ['platform_id', 'belt_id', 'category_id', 'non_standard', 'ship_province', 'hub_id'], partials: ORDER_PARTIALS, orderBy: ['month'],
      },
      // ~165k rows
      { id: 'ro_orders_day', unit: 'day', from: 'raw', keys: ORDER_KEYS, partials: ORDER_PARTIALS, orderBy: ['day'] },
      // ~310k rows: a merchant's month on a platform (leaderboards, active merchants, concentration)
      {
        id: 'ro_orders_merchant_month', unit: 'month', from: 'ro_orders_merchant_day',
        keys: MERCHANT_KEYS, partials: ORDER_PARTIALS, orderBy: ['belt_id', 'month'], edges: { day: 'ro_orders_merchant_day', minMonths: COMPOSE_MIN_MONTHS },
      },
      // ~510k rows: the edge days of ro_orders_ship_month
      { id: 'ro_orders_ship_day', unit: 'day', from: 'raw', keys: SHIP_KEYS, partials: ORDER_PARTIALS, orderBy: ['belt_id', 'day'] },
      // ~640k rows: merchants by category, venue and base, whole months only
      {
        id: 'ro_orders_merchant_detail_month', unit: 'month', from: 'raw',
        keys: [...MERCHANT_KEYS, 'category_id', 'non_standard', 'venue', 'base_id'], partials: ORDER_PARTIALS, orderBy: ['belt_id', 'month'],
      },
      // ~1.1M rows: a merchant's day on a platform; most queries of it name a belt
      { id: 'ro_orders_merchant_day', unit: 'day', from: 'raw', keys: MERCHANT_KEYS, partials: ORDER_PARTIALS, orderBy: ['belt_id', 'day'] },
      // ~9M rows, a row per buyer per day and key: exact distinct buyers must read every buyer-day
      // of the window, but over integer keys instead of (platform, buyer id) strings, and only
      // the named belt's (about twice as fast as raw rows, more with a belt filter).
      {
        id: 'ro_order_buyers_day', unit: 'day', from: 'raw', keys: [...ORDER_KEYS, 'buyer_key'],
        partials: [p('amount', 'sum(amount)', 'DECIMAL(18,2)'), p('buyer_unknown', 'count(*) - count(buyer_id)', 'INTEGER')],
        orderBy: ['belt_id', 'day'],
      },
    ],
    nullable: ['quantity'],
    notes: [
      { zh: '部分平台导出的买家ID已脱敏：涉及的成交人数与客单价为空', en: 'Some exports mask buyer ids: buyers and AOV are then null' },
      { zh: '部分导出不含退款金额：涉及的退款后成交金额与退款率为空', en: 'Some exports do not give refunds: net GMV and refund rate are then null' },
    ],
  },
  {
    id: 'live_sessions',
    label: { zh: '直播场次', en: 'Live sessions' },
    table: 'live_sessions', time: 'started_at', grain: ['platform_id', 'session_id'],
    joins: { belt: beltJoin('f'), merchant: merchantJoin('f') },
    dimensions: {
      ...origin('f', { belt: true }),
      platform: { raw: 'f.platform_id', rollupCol: 'platform_id' },
      base: { raw: 'f.base_id', rollupCol: 'base_id' },
      venue: { raw: 'f.venue', rollupCol: 'venue' },
    },
    rollups: [
      // ~580 rows: a platform's month in a belt
      { id: 'ro_sessions_belt_month', unit: 'month', from: 'ro_sessions_belt_day', keys: BELT_KEYS, partials: SESSION_PARTIALS, orderBy: ['month'], edges: { day: 'ro_sessions_belt_day', minMonths: COMPOSE_MIN_MONTHS } },
      // ~2.5k rows
      { id: 'ro_sessions_month', unit: 'month', from: 'ro_sessions_day', keys: SESSION_KEYS, partials: SESSION_PARTIALS, orderBy: ['month'], edges: { day: 'ro_sessions_day', minMonths: COMPOSE_MIN_MONTHS } },
      // ~17k rows: at most 24 a day
      { id: 'ro_sessions_belt_day', unit: 'day', from: 'ro_sessions_day', keys: BELT_KEYS, partials: SESSION_PARTIALS, orderBy: ['day'] },
      // ~60k rows, against 160k sessions
      { id: 'ro_sessions_day', unit: 'day', from: 'raw', keys: SESSION_KEYS, partials: SESSION_PARTIALS, orderBy: ['day'] },
    ],
    nullable: SESSION_NULLABLE,
    notes: [
      { zh: '观看人数为各场次去重人数之和（导出不含观众ID）', en: 'Viewers are per-session distinct viewers summed over sessions (exports carry no viewer ids)' },
      { zh: '场次按开播的北京时间日期计入', en: 'A session counts on the Beijing day it started' },
    ],
  },
  viaSession('session_minutes', { zh: '直播分钟', en: 'Session minutes' }, 'minute_at', ['platform_id', 'session_id', 'minute_at'],
    { zh: '仅部分导出含分钟级数据', en: 'Only some exports have per-minute data' }),
  viaSession('listings', { zh: '闪购上架', en: 'Flash listings' }, 'listed_at', ['platform_id', 'listing_id'],
    { zh: '闪购上架仅记录开窑等直播中临时上架的商品', en: 'Listings cover pieces listed during a stream (kiln openings), not the shop catalogue' }),
  {
    // Monthly returns a bureau collects from each base: what the base says, beside what its
    // sessions show. A return belongs to its month's first day, so a window includes it when it
    // includes that day. Few rows (a base a month): raw rows only.
    id: 'base_returns',
    label: { zh: '基地月报', en: 'Base returns' },
    table: 'base_returns', time: 'month', timeType: 'date', grain: ['base_id', 'month'],
    joins: {
      base: { sql: 'JOIN live_bases lb ON lb.base_id = f.base_id' },
      belt: { sql: 'JOIN belts b ON b.belt_id = lb.belt_id', needs: ['base'] },
    },
    dimensions: {
      base: { raw: 'f.base_id' },
      belt: { raw: 'lb.belt_id', joins: ['base'] },
      region: { raw: 'b.region_code', joins: ['belt'] },
      province: { raw: `left(b.region_code, 2) || '0000'`, joins: ['belt'] },
    },
    rollups: [],
    // Merchants are not named in a return: the most any one return of the group says it served
    // is a lower bound of the merchants behind the group's figures.
    cohort: 'max(f.merchants_served)',
    nullable: ['rooms', 'sessions', 'merchants_served', 'gmv_cny', 'training_events', 'jobs_created'],
    notes: [
      { zh: '基地月报为基地自行填报的数字，未经核实；按所报月份的第一天计入', en: 'Returns are what bases report, unverified; a return counts on the first day of its month' },
    ],
  },
  {
    id: 'production_batches',
    label: { zh: '烧制批次', en: 'Production batches' },
    table: 'production_batches', time: 'fired_at', grain: ['batch_id'],
    joins: { belt: beltJoin('f'), merchant: merchantJoin('f') },
    dimensions: origin('f', {}),
    rollups: [],
    notes: [{ zh: '批次由商家自行记录，可能不完整', en: 'Batches are recorded by merchants and may be incomplete' }],
  },
];

export const FACT_BY_ID: ReadonlyMap<FactId, Fact> = new Map(FACTS.map((f) => [f.id, f]));

/** The binding of a dimension on a fact, or undefined when the fact does not reach it. */
export const binding = (fact: FactId, dim: string): DimensionBinding | undefined => FACT_BY_ID.get(fact)!.dimensions[dim];

/** The facts a dimension reaches. */
export const factsOf = (dim: string): FactId[] => FACTS.filter((f) => f.dimensions[dim]).map((f) => f.id);

/** Joins in declaration order, with those they need, for a set of requested join names. */
export function resolveJoins(fact: FactId, names: Iterable<string>): string[] {
  const joins = FACT_BY_ID.get(fact)!.joins;
  const want = new Set<string>();
  const add = (n: string) => { if (want.has(n)) return; joins[n].needs?.forEach(add); want.add(n); };
  for (const n of names) add(n);
  return Object.keys(joins).filter((n) => want.has(n)).map((n) => joins[n].sql);
}
