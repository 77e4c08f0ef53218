import { z } from 'zod';
import { metricsParams } from '../query/params.ts';
import { XLSX_TYPE } from '../query/xlsx.ts';
import { errorBody } from './schemas/common.ts';
import { compareParams } from './compare/params.ts';
import { compareResponse } from './schemas/compare.ts';
import { benchmarkParams } from './benchmark/params.ts';
import { benchmarkResponse } from './schemas/benchmark.ts';
import { datasetRemovedResponse, datasetsResponse, quarantineResponse } from './schemas/datasets.ts';
import { QUARANTINE_LIMIT } from './datasets.ts';
import { healthResponse } from './schemas/health.ts';
import { ingestResponse } from './schemas/ingest.ts';
import { CLIENT_HEADER, ingestFields } from './ingest/form.ts';
import { metaResponse } from './schemas/meta.ts';
import { metricsResponse } from './schemas/metrics.ts';
import { baseDetailResponse, basesResponse } from './schemas/bases.ts';
import { sessionDetailResponse, sessionsResponse } from './schemas/sessions.ts';
import { hubsResponse } from './schemas/hubs.ts';
import { hubsParams } from './hubs/params.ts';
import { valuesResponse } from './schemas/values.ts';
import { baseDetailParams, basesParams } from './bases/params.ts';
import { sessionDetailParams, sessionsParams } from './sessions/params.ts';
import { valuesParams } from './values/params.ts';
import { exportParams } from './export/params.ts';
import { baseReportParams } from './bases/report.ts';

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
  Hubs: hubsResponse,
  Compare: compareResponse,
  Benchmark: benchmarkResponse,
  Bases: basesResponse,
  BaseDetail: baseDetailResponse,
  Ingest: ingestResponse,
  Datasets: datasetsResponse,
  DatasetRemoved: datasetRemovedResponse,
  Quarantine: quarantineResponse,
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
      '/api/hubs': {
        get: {
          summary: 'Logistics hubs per belt: share of the belt\'s orders, QC pass rate, median hours to ship and deliver, refund rate against the belt\'s other lines, origin-certified shares',
          description: `${SCOPE_NOTE} Computed with the catalog's measures (orders, gmv, net_gmv, refund_rate, qc_pass_rate, ship_hours_p50, `
            + 'deliver_hours_p50, certified_share, certified_order_share) by hub and belt and by belt, over orders paid in the window. '
            + 'Hubs on record without orders in the window have a row for their own belt with orders 0.',
          parameters: queryParameters(hubsParams),
          responses: { 200: ok('OK', 'Hubs'), 400: BAD, 503: SLOW },
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
      '/api/compare': {
        get: {
          summary: 'Belts side by side: growth (同比, 环比, CAGR), seasonality, order-value histograms, session box plots, live share and mixes',
          description: `${SCOPE_NOTE} Computed in SQL from the catalog's own rows (gmv by belt and day, parent orders, sessions), so every `
            + 'figure agrees with /api/metrics. Concentration, order-value quantiles and platform mix are measures of /api/metrics. '
            + 'Growth against a window the data (or the belt) does not cover is null (n/a), never 0. Belts under the scope\'s minimum cohort are listed in suppressed.',
          parameters: queryParameters(compareParams),
          responses: {
            200: ok('JSON by default; with format=csv, CSV (UTF-8 with BOM): one row per belt with its flat figures, headers in `lang`, '
              + 'the windows and notes in # comment lines above (the histograms stay in the JSON)', 'Compare', { 'text/csv': {} }),
            400: BAD, 503: SLOW,
          },
        },
      },
      '/api/benchmark': {
        get: {
          summary: 'A merchant against the anonymous other merchants of its belt: its value of each measure, the peers\' quartiles and its percentile rank',
          description: 'The merchant must be in the caller\'s scope; its peers (the belt\'s other merchants with orders, or sessions, in the window) '
            + 'are not listed: only their count, quantile_cont at 0.25, 0.5 and 0.75, and the merchant\'s rank (the share of peers with a lower value, ties half), '
            + 'each null with a note over fewer than max(5, the scope\'s minimum cohort) peers with a value. Every value is the catalog\'s measure by merchant. '
            + 'Default window: the 365 days ending on the data\'s last day.',
          parameters: queryParameters(benchmarkParams),
          responses: { 200: ok('JSON by default; with format=csv, CSV (UTF-8 with BOM): one row per measure with its unit, the shop\'s value, the peers\' quartiles, rank and notes, headers in `lang`, the window in # comment lines above', 'Benchmark', { 'text/csv': {} }), 400: BAD, 404: err('No such merchant, or it is outside the caller\'s scope'), 503: SLOW },
        },
      },
      '/api/bases': {
        get: {
          summary: 'Live-stream bases assessed over a window: rooms and utilization, merchants, anchors, live GMV, score against a profile, flags with their reasons',
          description: `${SCOPE_NOTE} Default window: the 365 days ending on the data's last day; sessions belong to the local day they start. `
            + 'profile: a file of data/reference/base-profiles/ (default demo for the demo database, shenzhen-2023 otherwise; the answer names it). '
            + 'Under a scope with a minimum cohort, a base with at least one but fewer merchants in the window is left out and named in suppressed. '
            + 'README "Live-base assessment" gives every formula.',
          parameters: queryParameters(basesParams),
          responses: { 200: ok('OK', 'Bases'), 400: BAD, 503: SLOW },
        },
      },
      '/api/bases/{id}': {
        get: {
          summary: 'One live base: its assessment, weekly utilization and GMV, merchants and anchors by month, base vs workshop, the standards checklist, monthly returns against the sessions, ROI by year',
          description: SCOPE_NOTE,
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'Base id (live_bases.base_id)', schema: { type: 'string' } },
            ...queryParameters(baseDetailParams),
          ],
          responses: { 200: ok('OK', 'BaseDetail'), 400: BAD, 403: err('scope_forbidden: the base had at least one but fewer merchants in the window than the caller\'s minimum cohort'),
            404: err('No such base, or it is outside the caller\'s scope'), 503: SLOW },
        },
      },
      '/api/ingest': {
        post: {
          summary: 'Load platform exports (CSV, XLSX) uploaded as multipart/form-data, as `beltscope ingest` does',
          description: 'Files stream to temporary files (removed afterwards) under the server\'s upload cap (--max-upload-mb, default 512). '
            + 'Any well-formed request is a 200 whose files[] says what happened to each file and sheet (loaded, already_loaded, refused, failed, dry_run). '
            + 'Refused (403) when a browser says the request comes from another origin (Origin, Sec-Fetch-Site: cross-site or same-site); '
            + 'requests without those headers (curl, the command line) are served.',
          parameters: [
            { name: 'lang', in: 'query', required: false, description: 'Language of error messages', schema: { type: 'string', enum: ['zh', 'en'] } },
            { name: CLIENT_HEADER, in: 'header', required: false,
              description: 'Who asks: `cli` (`beltscope ingest` handing its files over) or `web` (the dashboard\'s upload page). Messages then name options as flags (--merchant ID) or as the page\'s labels ("Merchant"); otherwise as fields (merchant=ID)',
              schema: { type: 'string', enum: ['cli', 'web'] } },
          ],
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
            + 'A dataset whose merchants, bases, hubs or sessions rows of other datasets use is refused (409). Rows earlier loads put there that the dataset '
            + 'changed (rows_updated > 0, a refund recorded later) are put back as they were (`restored`). A load made before data model version 7 kept no copy '
            + 'of them and is refused (409 dataset_updated_rows): removing it deletes those rows rather than restoring them, so only with force=true. '
            + 'Rows later loads hold too, with the same values (overlapping exports), stay as the newest such load\'s (`handedOver`). '
            + 'Same origin rule as POST /api/ingest.',
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'Dataset id (GET /api/datasets)', schema: { type: 'integer' } },
            { name: 'force', in: 'query', required: false, description: 'true: remove a load made before data model version 7 that changed earlier rows, and those rows with it', schema: { type: 'string', enum: ['true', 'false'] } },
          ],
          responses: {
            200: ok('Removed', 'DatasetRemoved'),
            400: BAD,
            403: err('A request from another web origin'),
            404: err('No such dataset'),
            409: err('The demo dataset, a dataset other datasets depend on, or one that changed earlier rows (without force=true)'),
          },
        },
      },
      '/api/datasets/{id}/quarantine': {
        get: {
          summary: 'The rows a load quarantined, in line order: line, column, value as written, reason, and the source row without personal data',
          description: `At most ${QUARANTINE_LIMIT.toLocaleString('en')} rows (truncated says so). Same access rule as GET /api/datasets.`,
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'Dataset id (GET /api/datasets)', schema: { type: 'integer' } },
            { name: 'format', in: 'query', required: false, description: 'json (default) or csv (UTF-8 with BOM, headers and reasons in `lang`)', schema: { type: 'string', enum: ['json', 'csv'] } },
            { name: 'lang', in: 'query', required: false, description: 'Language of the CSV headers and reasons, and of error messages', schema: { type: 'string', enum: ['zh', 'en'] } },
          ],
          responses: { 200: ok('JSON, or CSV with format=csv', 'Quarantine', { 'text/csv': {} }), 400: BAD, 404: err('No such dataset') },
        },
      },
      '/api/export': {
        get: {
          summary: 'The open-data lake export as a zip: Hive-partitioned Parquet (or CSV) tables, datapackage.json and README.md, as `beltscope export` writes them',
          description: `${SCOPE_NOTE} Fact tables are <table>/belt_id=<id>/month=<YYYY-MM>/part-N.parquet; buyer ids and quarantined rows are never exported; `
            + 'merchant ids, names, accounts, anchors and product ids are keyed pseudonyms unless names=true (only for a scope that shows merchant names). '
            + 'One export at a time per server (503 export_busy).',
          parameters: queryParameters(exportParams),
          responses: {
            200: { description: 'A zip of the export folder', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
            400: BAD,
            403: err('names=true for a scope without merchant names'),
            503: err('Another export is being written'),
          },
        },
      },
      '/api/bases/{id}/report.pdf': {
        get: {
          summary: 'The printable report of one live base as PDF (A4, Chinese by default), for filing',
          description: `${SCOPE_NOTE} Headless Chromium (Debian's, driven by playwright-core) prints the dashboard's own report page `
            + '(/bases/{id}/report): title, period, data source and data version, generation time, the scorecard, every chart, the standards, '
            + 'flags with their reasons, the returns against the sessions, page numbers. One report is rendered at a time.',
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'Base id (GET /api/bases)', schema: { type: 'string' } },
            ...queryParameters(baseReportParams),
          ],
          responses: {
            200: { description: 'The report', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
            400: BAD,
            404: err('No such base, or it is outside the caller\'s scope'),
            503: err('pdf_unavailable: playwright-core, Chromium (BELTSCOPE_CHROMIUM, default /usr/bin/chromium) or the built web app (dist/web) is missing, and the error names which; pdf_failed: Chromium could not print the page'),
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
