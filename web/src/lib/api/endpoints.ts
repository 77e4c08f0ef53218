import { apiGet, apiRequest, apiUrl, type RequestOptions } from './client.ts';
import type {
  BaseDetailResponse, BasesQuery, BenchmarkQuery, BenchmarkResponse, BasesResponse, CompareQuery, CompareResponse, DatasetRemovedResponse, DatasetsResponse,
  HealthResponse, MetaResponse, MetricsQuery, MetricsResponse, SessionDetailResponse, SessionsQuery, SessionsResponse,
  ValuesQuery, ValuesResponse,
} from './types.ts';

export const getHealth = (opts: RequestOptions) => apiGet<HealthResponse>('health', {}, opts);

export const getMeta = (opts: RequestOptions) => apiGet<MetaResponse>('meta', {}, opts);

export function metricsParams(q: MetricsQuery): Record<string, string | number | readonly string[] | undefined> {
  return {
    measures: q.measures,
    by: q.by,
    grain: q.grain,
    from: q.from,
    to: q.to,
    compare: q.compare,
    sort: q.sort,
    limit: q.limit,
    ...(q.filters ?? {}),
  };
}

export const getMetrics = (q: MetricsQuery, opts: RequestOptions) =>
  apiGet<MetricsResponse>('metrics', metricsParams(q), opts);

/** Values of a dimension by id or label; `ids` labels known ids (e.g. leaderboard rows). */
export const getValues = (q: ValuesQuery, opts: RequestOptions) =>
  apiGet<ValuesResponse>('values', { dimension: q.dimension, q: q.q, ids: q.ids, limit: q.limit }, opts);

export const getSessions = (q: SessionsQuery, opts: RequestOptions) =>
  apiGet<SessionsResponse>('sessions', { ...(q.filters ?? {}), from: q.from, to: q.to, sort: q.sort, limit: q.limit, offset: q.offset }, opts);

export const getSession = (platform: string, id: string, opts: RequestOptions) =>
  apiGet<SessionDetailResponse>(`sessions/${encodeURIComponent(platform)}/${encodeURIComponent(id)}`, {}, opts);

/** The link that downloads a query's rows as CSV or Excel (same query, `format=csv|xlsx`), labelled in `lang`. */
export const metricsDownloadUrl = (q: MetricsQuery, format: 'csv' | 'xlsx', lang: RequestOptions['lang']) =>
  apiUrl('metrics', { ...metricsParams(q), format }, lang);

/** Every load with its counts, and merchant × platform × month coverage. */
export const getDatasets = (opts: RequestOptions) => apiGet<DatasetsResponse>('datasets', {}, opts);

/** Undoes a load: its rows everywhere, in one transaction. */
export const deleteDataset = (id: number, opts: RequestOptions) =>
  apiRequest<DatasetRemovedResponse>('DELETE', `datasets/${id}`, {}, opts);

const compareParams = (q: CompareQuery) => ({ ...(q.filters ?? {}), from: q.from, to: q.to, compare: q.compare });

export const getCompare = (q: CompareQuery, opts: RequestOptions) => apiGet<CompareResponse>('compare', compareParams(q), opts);

/** Every row a load quarantined, as CSV with headers and reasons in `lang`. */
export const quarantineCsvUrl = (datasetId: number, lang: RequestOptions['lang']) => apiUrl(`datasets/${datasetId}/quarantine`, { format: 'csv' }, lang);
/** The link that downloads the comparison as CSV, a row per belt, headers in `lang`. */
export const compareDownloadUrl = (q: CompareQuery, lang: RequestOptions['lang']) => apiUrl('compare', { ...compareParams(q), format: 'csv' }, lang);

const benchmarkParams = (q: BenchmarkQuery) => ({ merchant: q.merchant, from: q.from, to: q.to });
/** A merchant against the anonymous other merchants of its belt (GET /api/benchmark). */
export const getBenchmark = (q: BenchmarkQuery, opts: RequestOptions) => apiGet<BenchmarkResponse>('benchmark', benchmarkParams(q), opts);
/** The link that downloads the benchmark as CSV, a row per measure, headers in `lang`. */
export const benchmarkDownloadUrl = (q: BenchmarkQuery, lang: RequestOptions['lang']) => apiUrl('benchmark', { ...benchmarkParams(q), format: 'csv' }, lang);

/** Live bases assessed over a window (GET /api/bases). */
export const getBases = (q: BasesQuery, opts: RequestOptions) =>
  apiGet<BasesResponse>('bases', { belt: q.belt, from: q.from, to: q.to, profile: q.profile }, opts);

/** One base with its series, standards and returns (GET /api/bases/{id}). */
export const getBase = (id: string, q: Omit<BasesQuery, 'belt'>, opts: RequestOptions) =>
  apiGet<BaseDetailResponse>(`bases/${encodeURIComponent(id)}`, { from: q.from, to: q.to, profile: q.profile }, opts);

/** The base's report as PDF, rendered by the server's headless Chromium. */
export const baseReportPdfUrl = (id: string, q: Omit<BasesQuery, 'belt'>, lang: RequestOptions['lang']) =>
  apiUrl(`bases/${encodeURIComponent(id)}/report.pdf`, { from: q.from, to: q.to, profile: q.profile }, lang);
