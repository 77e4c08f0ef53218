/**
 * The API's response contract, one file per route. The web app imports these types
 * (type-only) through web/src/lib/api/types.ts.
 */
export * from './common.ts';
export * from './health.ts';
export * from './meta.ts';
export * from './metrics.ts';
export * from './values.ts';
export * from './sessions.ts';
export * from './hubs.ts';
export * from './ingest.ts';
export * from './datasets.ts';
export * from './compare.ts';
export * from './bases.ts';
export * from './benchmark.ts';
