/**
 * Response shapes of the Beltscope API: the server's own zod schemas (server/api/schemas/),
 * imported type-only, so a server change that breaks the web app fails `npm run check`, and
 * no server code (nor zod) reaches the bundle.
 */
export type {
  BaseDetailResponse,
  BaseFlag,
  BaseMonth,
  BaseProfileInfo,
  BaseReturnMonth,
  BaseRow,
  BasesResponse,
  BaseStandard,
  BaseWeek,
  CoverageItem,
  DatasetItem,
  DatasetRemovedResponse,
  DatasetsResponse,
  DataRange,
  DimensionMeta,
  ErrorBody as ApiErrorBody,
  FactMeta,
  HealthResponse,
  IngestResponse,
  Label,
  Lang,
  MeasureMeta,
  MetaResponse,
  MetricRow,
  MetricsResponse,
  MetricValue,
  SessionBatch,
  SessionDetailResponse,
  SessionListing,
  SessionMinute,
  SessionRow,
  SessionsResponse,
  ValueItem as ValueMeta,
  ValuesResponse,
  CompareBelt,
  CompareResponse,
  BenchmarkMeasure,
  BenchmarkResponse,
} from '../../../../server/api/schemas/index.ts';

import type { MeasureMeta, MetaResponse } from '../../../../server/api/schemas/index.ts';

/** As in catalog/types.ts. */
export type MeasureUnit = MeasureMeta['unit'];
export type MeasureFormat = MeasureMeta['format'];
export type Grain = MetaResponse['grains'][number];

/** What the formatter needs to know about a measure. */
export type MeasureFormatSpec = Pick<MeasureMeta, 'unit' | 'format'>;

/** A /api/metrics request as the web app builds it. */
export interface MetricsQuery {
  measures: string[];
  by?: string[];
  grain?: Grain;
  from?: string;
  to?: string;
  /** Filters, e.g. `{ belt: ['jingdezhen-ceramics'] }`. */
  filters?: Record<string, string[]>;
  compare?: 'previous_period' | 'previous_year' | 'previous_year_lunar';
  /** A measure or dimension; `-` in front for descending. */
  sort?: string;
  limit?: number;
}

/** A /api/values request. */
export interface ValuesQuery {
  dimension: string;
  q?: string;
  ids?: string[];
  limit?: number;
}

/** A /api/sessions request. */
export interface SessionsQuery {
  filters?: Partial<Record<'merchant' | 'belt' | 'region' | 'base' | 'platform' | 'venue', string[]>>;
  from?: string;
  to?: string;
  /** A sortable column, `-` in front for descending (default -started_at). */
  sort?: string;
  limit?: number;
  offset?: number;
}

/** A /api/compare request. */
export interface CompareQuery {
  from?: string;
  to?: string;
  filters?: Partial<Record<'belt' | 'platform' | 'category' | 'venue', string[]>>;
  compare?: 'previous_year' | 'previous_year_lunar';
}

/** A /api/benchmark request: the merchant and its window (default: the API's, the 365 days ending on the data's last day). */
export interface BenchmarkQuery {
  merchant: string;
  from?: string;
  to?: string;
}

/** A /api/bases request (the detail takes the same window). */
export interface BasesQuery {
  belt?: string[];
  from?: string;
  to?: string;
  /** An assessment profile's id (the response's profile.choices); the server's default when absent. */
  profile?: string;
}
