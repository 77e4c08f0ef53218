import type { ApiErrorBody, Lang } from './types.ts';

/**
 * An error a view can show: the API's own code and message (in the language asked for),
 * or a client-side code (`network`, `bad_response`, `http_<status>`) with no message,
 * for which the view uses its own translated text.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** The API's message, already in the requested language; null for client-side errors. */
  readonly apiMessage: string | null;
  readonly param?: string;
  readonly allowed?: string[];

  constructor(code: string, status: number, apiMessage: string | null, extra: { param?: string; allowed?: string[] } = {}) {
    super(apiMessage ?? code);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.apiMessage = apiMessage;
    this.param = extra.param;
    this.allowed = extra.allowed;
  }
}

export type QueryParams = Record<string, string | number | boolean | readonly string[] | null | undefined>;

export interface RequestOptions {
  lang: Lang;
  signal?: AbortSignal;
  /** Defaults to the page's origin; tests pass the server's URL. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Builds `/api/<path>?…` with list values joined by commas and empty values left out. */
export function apiUrl(path: string, params: QueryParams, lang: Lang, baseUrl = ''): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  search.set('lang', lang);
  return `${baseUrl}/api/${path.replace(/^\/+/, '')}?${search.toString()}`;
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  const err = (body as ApiErrorBody | null)?.error;
  return typeof err === 'object' && err !== null && typeof err.code === 'string' && typeof err.message === 'string';
}

export function apiGet<T>(path: string, params: QueryParams, opts: RequestOptions): Promise<T> {
  return apiRequest<T>('GET', path, params, opts);
}

/** GET, or DELETE of a resource; the answer is JSON, an error the API's own (see ApiError). */
export async function apiRequest<T>(method: 'GET' | 'DELETE', path: string, params: QueryParams, opts: RequestOptions): Promise<T> {
  const url = apiUrl(path, params, opts.lang, opts.baseUrl);
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { method, headers: { accept: 'application/json' }, signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError('network', 0, null);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    // A gateway's empty 502–504 (e.g. the dev proxy with no API behind it) means: no server.
    const code = res.ok ? 'bad_response' : res.status >= 502 && res.status <= 504 ? 'network' : `http_${res.status}`;
    throw new ApiError(code, res.status, null);
  }
  if (!res.ok) {
    if (isErrorBody(body)) {
      const { code, message, param, allowed } = body.error;
      throw new ApiError(code, res.status, message, { param, allowed });
    }
    throw new ApiError(`http_${res.status}`, res.status, null);
  }
  return body as T;
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('unexpected', 0, null);
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** The API's error from a failed answer's status and parsed body (or a client-side code without one). */
export function errorFrom(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const { code, message, param, allowed } = body.error;
    return new ApiError(code, status, message, { param, allowed });
  }
  return new ApiError(status === 0 ? 'network' : `http_${status}`, status, null);
}
