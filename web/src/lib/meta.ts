import type { Lang, MeasureMeta, MetaResponse } from './api/types.ts';

/** Label of one value of a dimension (a belt, a platform…) from the catalog; falls back to its id. */
export function valueLabel(meta: MetaResponse | undefined, dimension: string, id: string, lang: Lang): string {
  const hit = meta?.values?.[dimension]?.find((v) => v.id === id);
  return hit?.label?.[lang] || hit?.label?.zh || id;
}

export function findMeasure(meta: MetaResponse | undefined, id: string): MeasureMeta | undefined {
  return meta?.measures?.find((m) => m.id === id);
}
