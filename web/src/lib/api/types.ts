/**
 * Response shapes of the Beltscope API (server/). Kept in step with the server by hand for
 * now; the e2e test checks the web app against the real server.
 */

export type Lang = 'zh' | 'en';
export type Label = { zh: string; en: string };

/** As in server/catalog/types.ts. */
export type MeasureUnit = 'CNY' | 'count' | 'ratio' | 'seconds' | 'hours';
export type MeasureFormat = 'currency' | 'integer' | 'percent' | 'decimal' | 'duration';
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface DataRange {
  from: string;
  to: string;
}

export interface HealthResponse {
  status: 'ok';
  dataVersion: number;
  demo: boolean;
  dataRange: DataRange | null;
  counts: { orders: number; live_sessions: number; merchants: number; live_bases: number };
}

/** What the formatter needs to know about a measure. */
export interface MeasureFormatSpec {
  unit: MeasureUnit;
  format: MeasureFormat;
}

export interface MeasureMeta extends MeasureFormatSpec {
  id: string;
  label: Label;
  description: Label;
  formula: string;
  fact: 'orders' | 'live_sessions';
  dimensions: string[];
}

export interface DimensionMeta {
  id: string;
  label: Label;
}

export interface ValueMeta {
  id: string;
  label: Label;
}

export interface MetaResponse {
  dataVersion: number;
  demo: boolean;
  dataRange: DataRange | null;
  measures: MeasureMeta[];
  dimensions: DimensionMeta[];
  grains: Grain[];
  values: Record<string, ValueMeta[]>;
}

export type MetricValue = number | string | null;
export type MetricRow = Record<string, MetricValue>;

export interface MetricsResponse {
  measures: string[];
  dimensions: string[];
  rows: MetricRow[];
  totals: Record<string, number | null> | null;
  notApplied: unknown[];
  notes: unknown[];
  dataVersion: number;
  truncated: boolean;
  comparison: unknown;
}

export interface MetricsQuery {
  measures: string[];
  by?: string[];
  grain?: Grain;
  from?: string;
  to?: string;
  /** Filters, e.g. `{ belt: ['jingdezhen-ceramics'] }`. */
  filters?: Record<string, string[]>;
}

export interface ApiErrorBody {
  error: { code: string; message: string; param?: string; allowed?: string[] };
}
