import type { Lang, MetaResponse } from '../api/types.ts';
import { valueLabel } from '../meta.ts';
import { FILTER_LISTS, type FilterList, type Filters } from './filters.ts';

/** One selected value, shown as a removable chip: 产业带：景德镇陶瓷 ×. */
export interface FilterChip {
  key: FilterList;
  id: string;
  /** The dimension's label from the catalog (产业带 / Belt). */
  dimension: string;
  /** The value's label from the catalog, or its id. */
  label: string;
}

export function dimensionLabel(meta: MetaResponse | undefined, id: string, lang: Lang): string {
  const d = meta?.dimensions?.find((x) => x.id === id);
  return d?.label?.[lang] || d?.label?.zh || id;
}

export function filterChips(f: Filters, meta: MetaResponse | undefined, lang: Lang): FilterChip[] {
  return FILTER_LISTS.flatMap((key) =>
    f[key].map((id) => ({ key, id, dimension: dimensionLabel(meta, key, lang), label: valueLabel(meta, key, id, lang) })));
}

/** Options of a multi-select: every listed value of the dimension, with its label. */
export function filterOptions(meta: MetaResponse | undefined, key: FilterList, lang: Lang): { id: string; label: string }[] {
  return (meta?.values?.[key] ?? []).map((v) => ({ id: v.id, label: v.label[lang] || v.label.zh || v.id }));
}
