import { z } from 'zod';
import { metricsParams } from '../query/params.ts';
import { XLSX_TYPE } from '../query/xlsx.ts';
import { errorBody } from './schemas/common.ts';
import { datasetRemovedResponse, datasetsResponse } from './schemas/datasets.ts';
import { healthResponse } from './schemas/health.ts';
import { ingestResponse } from './schemas/ingest.ts';
import { ingestFields } from './ingest.ts';
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
  Ingest: ingestResponse,
  Datasets: datasetsResponse,
  DatasetRemoved: datasetRemovedResponse,
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
      '/api/health': { get: { summary: 'Status, data version and last load time, database file, demo flag, date range and row counts', responses: { 200: ok('OK', 'Health') } } },
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
            200: ok('JSON by default; CSV (UTF-8 with BOM), an Excel workbook or an Arrow IPC stream with format=csv|xlsx|arrow. '
              + 'CSV and XLSX carry each dimension\'s id and its label in `lang` (two columns), headers in `lang`, values rounded to the measure\'s `decimals`; '
              + 'the XLSX has a second sheet with the data version, query, notes and filters not applied', 'Metrics',
              { 'text/csv': {}, [XLSX_TYPE]: {}, 'application/vnd.apache.arrow.stream': {} }),
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
      '/api/ingest': {
        post: {
          summary: 'Load platform exports (CSV, XLSX) uploaded as multipart/form-data, as `beltscope ingest` does',
          description: 'Files stream to temporary files (removed afterwards) under the server\'s upload cap (--max-upload-mb, default 512). '
            + 'Any well-formed request is a 200 whose files[] says what happened to each file and sheet (loaded, already_loaded, refused, failed, dry_run). '
            + 'Refused (403) when a browser says the request comes from another origin (Origin, Sec-Fetch-Site: cross-site or same-site); '
            + 'requests without those headers (curl, the command line) are served.',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: {
                    file: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or more export files (repeat the part)' },
                    ...(jsonSchema(ingestFields, 'input') as { properties: Record<string, JsonSchema> }).properties,
                    mapping: { description: 'Your own export mapping: a JSON file part or its text', oneOf: [{ type: 'string', format: 'binary' }, { type: 'string' }] },
                  },
                },
              },
            },
          },
          responses: {
            200: ok('One entry per file and sheet', 'Ingest'),
            400: err('A field is unknown or invalid, no file was sent, or the body is not multipart/form-data'),
            403: err('A request from another web origin'),
            413: err('The upload is larger than the server\'s cap'),
          },
        },
      },
      '/api/datasets': {
        get: {
          summary: 'Loaded datasets (one per file and sheet) and data coverage by merchant, platform and month',
          description: 'coverage lists each merchant × platform × local month with orders or live sessions: a month without a file is a gap, not a decline.',
          parameters: [{ name: 'lang', in: 'query', required: false, description: 'Language of error messages', schema: { type: 'string', enum: ['zh', 'en'] } }],
          responses: { 200: ok('OK', 'Datasets') },
        },
      },
      '/api/datasets/{id}': {
        delete: {
          summary: 'Remove a loaded dataset: its rows in every table, its quarantine rows and its datasets row, in one transaction',
          description: 'Afterwards the same file can be loaded again. The demo dataset is removed by `beltscope demo` or --replace-demo instead (409). '
            + 'A dataset whose merchants, bases, hubs or sessions rows of other datasets use is refused (409). Same origin rule as POST /api/ingest.',
          parameters: [{ name: 'id', in: 'path', required: true, description: 'Dataset id (GET /api/datasets)', schema: { type: 'integer' } }],
          responses: {
            200: ok('Removed', 'DatasetRemoved'),
            400: BAD,
            403: err('A request from another web origin'),
            404: err('No such dataset'),
            409: err('The demo dataset, or a dataset other datasets depend on'),
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
