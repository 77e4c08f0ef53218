/** The metrics catalog's vocabulary. Every identifier that reaches SQL comes from values of these types. */

export type Lang = 'zh' | 'en';
export type Label = { zh: string; en: string };

/** The fact tables a measure can come from. */
export type FactId = 'orders' | 'live_sessions';

export type Unit = 'CNY' | 'count' | 'ratio' | 'seconds' | 'hours';
export type NumberFormat = 'currency' | 'integer' | 'percent' | 'decimal' | 'duration';

/** Joins a fact row (alias `f`) can take to reach a dimension. Fixed SQL, never built from input. */
export type JoinId = 'belt' | 'merchant' | 'session';

export interface Measure {
  id: string;
  label: Label;
  description: Label;
  /** The published definition, shown in the UI next to the number. */
  formula: string;
  unit: Unit;
  format: NumberFormat;
  fact: FactId;
  /** SQL aggregate over the raw fact table (alias `f`). */
  raw: string;
  /**
   * SQL aggregate over a rollup row (alias `f`), re-aggregating stored partial sums; the
   * rollup columns it reads are listed in `needs`. Absent: the measure is exact only on raw rows.
   */
  rollup?: { sql: string; needs: string[] };
  /** Exact only when no line-level dimension (category, hub) groups or filters it. */
  parentLevel?: boolean;
  /** Why the value can be null, for the response's `notes`. */
  nullWhen?: Label;
}

export interface DimensionBinding {
  /** SQL over the raw fact row `f` (and the joins named). */
  raw: string;
  joins?: JoinId[];
  /** Column a rollup stores this dimension under; the same joins then apply to the rollup row. */
  rollupCol?: string;
  /** Expression over the rollup row when it differs from `f.<rollupCol>`. */
  rollupSql?: string;
}

export interface Dimension {
  id: string;
  label: Label;
  description: Label;
  /** How each fact reaches the dimension; a fact missing here cannot be split by it. */
  facts: Partial<Record<FactId, DimensionBinding>>;
  /** Varies between the lines of one parent order (so parent-order counts need raw rows). */
  lineLevel?: boolean;
  /** SQL listing the dimension's values with labels: columns id, zh, en. */
  valuesSql?: string;
}

export const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];
