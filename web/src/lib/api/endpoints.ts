import { apiGet, type RequestOptions } from './client.ts';
import type { HealthResponse, MetaResponse, MetricsQuery, MetricsResponse } from './types.ts';

export const getHealth = (opts: RequestOptions) => apiGet<HealthResponse>('health', {}, opts);

export const getMeta = (opts: RequestOptions) => apiGet<MetaResponse>('meta', {}, opts);

export function metricsParams(q: MetricsQuery): Record<string, string | readonly string[] | undefined> {
  return {
    measures: q.measures,
    by: q.by,
    grain: q.grain,
    from: q.from,
    to: q.to,
    ...(q.filters ?? {}),
  };
}

export const getMetrics = (q: MetricsQuery, opts: RequestOptions) =>
  apiGet<MetricsResponse>('metrics', metricsParams(q), opts);
