import { z } from 'zod';
import { metricsParams } from '../query/params.ts';

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' }, message: { type: 'string' },
        param: { type: 'string', description: 'The offending parameter' },
        allowed: { type: 'array', items: { type: 'string' }, description: 'Allowed values, where there is a list' },
      },
    },
  },
};

let doc: object | null = null;

/** Generated from the same zod schema that validates requests, so the two cannot drift. */
export function openapiDocument(): object {
  if (doc) return doc;
  const json = z.toJSONSchema(metricsParams, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, { description?: string; examples?: unknown[]; example?: unknown }>; required?: string[];
  };
  const parameters = Object.entries(json.properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest };
  });
  const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } });
  doc = {
    openapi: '3.1.0',
    info: { title: 'Beltscope API', version: '1', description: 'Metrics of live-stream commerce in China\'s industry belts. Labels for every id come from /api/meta.' },
    paths: {
      '/api/health': { get: { summary: 'Status, data version, demo flag, date range and row counts', responses: { 200: { description: 'OK' } } } },
      '/api/meta': { get: { summary: 'The metrics catalog (measures, dimensions, grains) and filter values with zh/en labels', responses: { 200: { description: 'OK' } } } },
      '/api/metrics': {
        get: {
          summary: 'Any measure, for any slice, by up to three dimensions and a time grain',
          parameters,
          responses: {
            200: {
              description: 'JSON {measures, dimensions, rows, totals, comparison, notApplied, notes, dataVersion, truncated}; CSV (UTF-8 with BOM) or an Arrow IPC stream with format=csv|arrow',
              content: { 'application/json': {}, 'text/csv': {}, 'application/vnd.apache.arrow.stream': {} },
            },
            400: err('A parameter is invalid: the error names it and, where there is a list, the allowed values'),
            503: err('The query ran past its time budget'),
          },
        },
      },
    },
  };
  return doc;
}
