import { z } from 'zod';
import { metricsParams } from '../query/params.ts';
import { errorBody } from './schemas/common.ts';
import { healthResponse } from './schemas/health.ts';
import { metaResponse } from './schemas/meta.ts';
import { metricsResponse } from './schemas/metrics.ts';
import { sessionDetailResponse, sessionsResponse } from './schemas/sessions.ts';
import { valuesResponse } from './schemas/values.ts';
import { sessionDetailParams, sessionsParams } from './sessions/params.ts';
import { valuesParams } from './values/params.ts';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without its $schema line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Query parameters from a request schema: the same one that validates the request. */
function queryParameters(schema: z.ZodObject) {
  const json = jsonSchema(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest };
  });
}

/** Response bodies, by component name. */
const RESPONSES = {
  Error: errorBody,
  Health: healthResponse,
  Meta: metaResponse,
  Metrics: metricsResponse,
  Values: valuesResponse,
  Sessions: sessionsResponse,
  SessionDetail: sessionDetailResponse,
} as const;

const ref = (name: keyof typeof RESPONSES) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, name: keyof typeof RESPONSES, more: Record<string, object> = {}) =>
  ({ description, content: { 'application/json': { schema: ref(name) }, ...more } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const BAD = err('A parameter is invalid: the error names it and, where there is a list, the allowed values');
const SLOW = err('The query ran past its time budget');
const SCOPE_NOTE = 'Answers only inside the caller\'s scope: request filters narrow it, never widen it.';

let doc: object | null = null;

/** Generated from the zod schemas that validate requests and type responses, so none can drift. */
export function openapiDocument(): object {
  if (doc) return doc;
  doc = {
    openapi: '3.1.0',
    info: { title: 'Beltscope API', version: '1', description: 'Metrics of live-stream commerce in China\'s industry belts. Labels for every id come from /api/meta and /api/values.' },
    paths: {
      '/api/health': { get: { summary: 'Status, data version, demo flag, date range and row counts', responses: { 200: ok('OK', 'Health') } } },
      '/api/meta': {
        get: {
          summary: 'The metrics catalog (measures, dimensions, facts, grains) and filter values with zh/en labels',
          description: `Values of belt, region, province, base and hub are those of the caller's scope.`,
          responses: { 200: ok('OK', 'Meta') },
        },
      },
      '/api/metrics': {
        get: {
          summary: 'Any measure, for any slice, by up to three dimensions and a time grain',
          description: SCOPE_NOTE,
          parameters: queryParameters(metricsParams),
          responses: {
            200: ok('JSON by default; CSV (UTF-8 with BOM) or an Arrow IPC stream with format=csv|arrow', 'Metrics',
              { 'text/csv': {}, 'application/vnd.apache.arrow.stream': {} }),
            400: BAD,
            403: err('The caller\'s scope does not allow this grouping (e.g. merchants one by one without merchant names)'),
            503: SLOW,
          },
        },
      },
      '/api/values': {
        get: {
          summary: 'Find values of a dimension (e.g. merchants) by id or by any part of their zh/en name',
          description: `${SCOPE_NOTE} Ordered by an exact id match first, then by label. Without merchant names in scope, merchants are `
            + 'labelled 商家 #n / Merchant #n (numbered by id within the scope) and a search never matches their names.',
          parameters: queryParameters(valuesParams),
          responses: { 200: ok('OK', 'Values'), 400: BAD, 503: SLOW },
        },
      },
      '/api/sessions': {
        get: {
          summary: 'Live sessions one by one, filtered, sorted and paged',
          description: `${SCOPE_NOTE} Without merchant names in scope, merchant_id and account are null.`,
          parameters: queryParameters(sessionsParams),
          responses: { 200: ok('OK', 'Sessions'), 400: BAD, 503: SLOW },
        },
      },
      '/api/sessions/{platform}/{id}': {
        get: {
          summary: 'One live session with its minutes, flash listings and the merchant\'s production batches fired in the 3 days before it started',
          description: `${SCOPE_NOTE} batches: the session's merchant's production_batches with fired_at in [started_at − 72 h, started_at).`,
          parameters: [
            { name: 'platform', in: 'path', required: true, description: 'Platform id', schema: { type: 'string' } },
            { name: 'id', in: 'path', required: true, description: 'Session id', schema: { type: 'string' } },
            ...queryParameters(sessionDetailParams),
          ],
          responses: {
            200: ok('OK', 'SessionDetail'),
            400: BAD,
            404: err('No such session, or it is outside the caller\'s scope'),
            503: SLOW,
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(RESPONSES).map(([name, s]) => [name, jsonSchema(s, 'output')])),
    },
  };
  return doc;
}
