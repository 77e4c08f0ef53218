import { z } from 'zod';
import { FACT_IDS, GRAINS, type NumberFormat, type Unit } from '../../../catalog/types.ts';
import { dataRange, dataVersion, label, valueItem } from './common.ts';

const UNITS = ['CNY', 'count', 'ratio', 'seconds', 'hours', 'index'] as const;
const FORMATS = ['currency', 'integer', 'percent', 'decimal', 'duration'] as const;
// The lists above must be the catalog's types exactly: a unit added there fails type-checking here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameUnits: Same<(typeof UNITS)[number], Unit> = true;
const _sameFormats: Same<(typeof FORMATS)[number], NumberFormat> = true;
void _sameUnits; void _sameFormats;

/** A listed value; belts also say where they are (the overview's map). */
export const metaValueItem = valueItem.extend({
  place: z.strictObject({
    lat: z.number(), lon: z.number(),
    province: z.string().regex(/^\d{6}$/).meta({ description: 'GB/T 2260 code of the province (e.g. 330000)' }),
  }).optional().meta({ description: 'Belts: the origin city\'s coordinates (WGS-84) and its province' }),
});

export const measureMeta = z.strictObject({
  id: z.string(),
  label,
  description: label,
  formula: z.string().meta({ description: 'The published definition, e.g. Σ gmv / Σ views × 1000' }),
  unit: z.enum(UNITS),
  format: z.enum(FORMATS),
  decimals: z.number().int().nonnegative().meta({ description: 'Decimal places of the value in CSV and Excel downloads (JSON keeps full precision)' }),
  fact: z.enum(FACT_IDS).meta({ description: 'The fact table the measure is computed from' }),
  dimensions: z.array(z.string()).meta({ description: 'Dimensions that can split (by=) this measure' }),
  lowerIsBetter: z.literal(true).optional().meta({ description: 'Present where a lower value is the better one (refund rate, defect rate, hours to ship): ranks and bands read the other way round' }),
});
export type MeasureMeta = z.infer<typeof measureMeta>;

export const dimensionMeta = z.strictObject({
  id: z.string(),
  label,
  description: label,
  facts: z.array(z.enum(FACT_IDS)).meta({ description: 'Facts this dimension reaches (filters on others are listed in notApplied)' }),
  listed: z.boolean().meta({ description: 'Its values are listed in `values`' }),
  searchable: z.boolean().meta({ description: 'Its values can be searched with /api/values' }),
});
export type DimensionMeta = z.infer<typeof dimensionMeta>;

export const factMeta = z.strictObject({
  id: z.enum(FACT_IDS),
  label,
  notes: z.array(label).meta({ description: 'What a reader of this fact\'s numbers should know about its data' }),
});
export type FactMeta = z.infer<typeof factMeta>;

/** GET /api/meta */
export const metaResponse = z.strictObject({
  dataVersion,
  demo: z.boolean(),
  dataRange,
  measures: z.array(measureMeta),
  dimensions: z.array(dimensionMeta),
  facts: z.array(factMeta),
  grains: z.array(z.enum(GRAINS)),
  values: z.record(z.string(), z.array(metaValueItem))
    .meta({ description: 'Values of each listed dimension with zh/en labels, restricted to the caller\'s scope' }),
});
export type MetaResponse = z.infer<typeof metaResponse>;
