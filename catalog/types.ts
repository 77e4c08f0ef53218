/** The metrics catalog's vocabulary. Every identifier that reaches SQL comes from values of these types. */

export type Lang = 'zh' | 'en';
export type Label = { zh: string; en: string };

/** The fact tables a measure can come from; each is declared once in facts.ts. */
export const FACT_IDS = ['orders', 'live_sessions', 'session_minutes', 'listings', 'production_batches', 'base_returns'] as const;
export type FactId = (typeof FACT_IDS)[number];

export type Unit = 'CNY' | 'count' | 'ratio' | 'seconds' | 'hours' | 'index';
export type NumberFormat = 'currency' | 'integer' | 'percent' | 'decimal' | 'duration';

/**
 * Rows of an inner grouping that a two-level measure aggregates over: e.g. each merchant's GMV
 * inside the outer group (concentration), or each parent order's value (order-value quantiles).
 * Measures sharing an `id` are computed from one inner query.
 */
export interface InnerGrouping {
  id: string;
  /** Fact columns (raw and rollup rows name them alike) that key an inner row. */
  keys: string[];
  /** The inner row's value, `v`: SQL over the fact row `f` (and, from a rollup, its partials). */
  value: { raw: string; rollup?: { sql: string; needs: string[] } };
  /**
   * Adds per inner row, within its outer group: `share` (v / Σv, null when Σv = 0), `rk` (1 for
   * the largest v), `cum` (Σv of rows ranked up to this one) and `total` (Σv).
   */
  ranked?: boolean;
  /**
   * Raw rows that are an inner row on their own (their key names no other row), taken as they
   * are rather than grouped: `when` says which (over `f` and `joins`), `value` is `v` for one
   * row. Only the other rows are grouped, which is most of the cost when few rows share a key
   * (a parent order of one line is that line).
   */
  ownRows?: { when: string; joins: string[]; value: string };
}

export interface Measure {
  id: string;
  label: Label;
  description: Label;
  /** The published definition, shown in the UI next to the number. */
  formula: string;
  unit: Unit;
  format: NumberFormat;
  fact: FactId;
  /**
   * SQL aggregate over the raw fact table (alias `f`); for a two-level measure, over the inner
   * rows (alias `i`: columns `v`, and with `ranked` also `share`, `rk`, `cum`, `total`).
   */
  raw: string;
  /**
   * SQL aggregate over a rollup row (alias `f`), re-aggregating stored partial sums; the
   * rollup columns it reads are listed in `needs`. Absent: the measure is exact only on raw rows.
   * Two-level measures take this from their inner grouping's value instead.
   */
  rollup?: { sql: string; needs: string[] };
  /** Joins of the fact (facts.ts) the raw SQL needs. */
  joins?: string[];
  /** Computed over an inner grouping (see InnerGrouping). */
  inner?: InnerGrouping;
  /** Dimensions that cannot split this measure (`by` with them is a 400), with the reason. */
  notBy?: { dims: string[]; why: Label };
  /** Exact only when no line-level dimension (category, hub) groups or filters it. */
  parentLevel?: boolean;
  /** A quantile of an inner grouping's value: `raw` is sql.quantile(of, p), computed with the part's others (sql.quantileOf). */
  quantile?: { of: string; p: number };
  /** Why the value can be null, for the response's `notes`. */
  nullWhen?: Label;
  /**
   * Set where a lower value is the better one for the shop or base it describes (a refund rate,
   * a defect rate, hours to ship): a percentile rank or a band reads the other way round, and a
   * merchant who sees "P90" for refunds must not take it for a good place. Absent: higher is
   * better, or the measure does not judge (a count, a share, a concentration).
   */
  lowerIsBetter?: true;
  /**
   * Decimal places of the value in CSV and Excel downloads (JSON and Arrow keep full
   * precision). Absent: the default of its format (DECIMALS in measures.ts).
   */
  decimals?: number;
}

/** How one fact reaches one dimension. */
export interface DimensionBinding {
  /** SQL over the raw fact row `f` (and the fact's joins named). */
  raw: string;
  /** The fact's joins this binding needs (names declared in the fact's `joins`). */
  joins?: string[];
  /** Column a rollup stores this dimension under; the same joins then apply to the rollup row. */
  rollupCol?: string;
  /** Expression over the rollup row when it differs from `f.<rollupCol>`. */
  rollupSql?: string;
}

export interface Dimension {
  id: string;
  label: Label;
  description: Label;
  /** Varies between the lines of one parent order (so parent-order counts need raw rows). */
  lineLevel?: boolean;
  /** SQL listing the dimension's values with labels: columns id, zh, en. Small dimensions only. */
  valuesSql?: string;
  /**
   * For dimensions too large to list in /api/meta: SQL of (id, zh, en) rows that /api/values
   * searches by id or by any part of a label.
   */
  searchSql?: string;
  /**
   * Facts may hold ids valuesSql does not list (an order's hub, a session's base, loaded before
   * or without a row naming it; a destination province as an export wrote it): a filter id is
   * then not refused as unknown.
   */
  unlistedIds?: true;
}

export const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];
