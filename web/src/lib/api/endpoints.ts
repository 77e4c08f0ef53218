import { apiGet, apiUrl, type RequestOptions } from './client.ts';
import type {
  BaseDetailResponse, BasesQuery, BasesResponse, CompareQuery, CompareResponse, HealthResponse, MetaResponse, MetricsQuery, MetricsResponse,
  SessionDetailResponse, SessionsQuery, SessionsResponse,
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

/** The link that downloads a query's rows as CSV (same query, `format=csv`). */
export const metricsCsvUrl = (q: MetricsQuery, lang: RequestOptions['lang']) =>
  apiUrl('metrics', { ...metricsParams(q), format: 'csv' }, lang);

export const getCompare = (q: CompareQuery, opts: RequestOptions) =>
  apiGet<CompareResponse>('compare', { ...(q.filters ?? {}), from: q.from, to: q.to, compare: q.compare }, opts);
/** Live bases assessed over a window (GET /api/bases). */
export const getBases = (q: BasesQuery, opts: RequestOptions) =>
  apiGet<BasesResponse>('bases', { belt: q.belt, from: q.from, to: q.to }, opts);

/** One base with its series, standards and returns (GET /api/bases/{id}). */
export const getBase = (id: string, q: { from?: string; to?: string }, opts: RequestOptions) =>
  apiGet<BaseDetailResponse>(`bases/${encodeURIComponent(id)}`, { from: q.from, to: q.to }, opts);

/** The base's report as PDF, rendered by the server's headless Chromium. */
export const baseReportPdfUrl = (id: string, q: { from?: string; to?: string }, lang: RequestOptions['lang']) =>
  apiUrl(`bases/${encodeURIComponent(id)}/report.pdf`, { from: q.from, to: q.to }, lang);
