import type { CompareResponse, Lang, MeasureFormatSpec, MeasureMeta, MetaResponse, MetricsResponse } from '../../lib/api/types.ts';
import { formatMeasure } from '../../lib/format.ts';
import { t } from '../../lib/i18n/messages.ts';
import { formulaText } from '../../lib/formulas.ts';
import { findMeasure } from '../../lib/meta.ts';
import { byBelt, growthText } from './belts-model.ts';

/** Rows of the comparison's tables, every cell formatted: pure, unit-tested with the model. */

export interface TableRow { id: string; name: string; cells: Record<string, string> }
export interface Column { id: string; label: string; title?: string }

const spec = (meta: MetaResponse | undefined, id: string): MeasureFormatSpec & Partial<MeasureMeta> =>
  findMeasure(meta, id) ?? { unit: 'count', format: 'decimal' };

/** GMV and growth: 同比, 环比 and CAGR as text, n/a where the API has none. */
export function growthRows(data: CompareResponse | undefined, ids: string[], names: Map<string, string>, meta: MetaResponse | undefined, lang: Lang, na: string): TableRow[] {
  const belts = new Map((data?.belts ?? []).map((b) => [b.belt_id, b]));
  return ids.flatMap((id) => {
    const b = belts.get(id);
    if (!b) return [];
    return [{
      id, name: names.get(id) ?? id,
      cells: {
        gmv: formatMeasure(b.gmv, spec(meta, 'gmv'), lang),
        yoy: growthText(b.growth.yoy, lang, na),
        mom: growthText(b.growth.mom, lang, na),
        cagr: growthText(b.growth.cagr, lang, na),
        years: String(b.growth.years),
      },
    }];
  });
}

/** Catalog measures by belt (one /api/metrics answer), formatted as the catalog says. */
export function measureRows(metrics: MetricsResponse | undefined, measures: readonly string[], ids: string[], names: Map<string, string>, meta: MetaResponse | undefined, lang: Lang): TableRow[] {
  const rows = byBelt(metrics);
  return ids.flatMap((id) => {
    const r = rows.get(id);
    if (!r) return [];
    return [{ id, name: names.get(id) ?? id, cells: Object.fromEntries(measures.map((m) => [m, formatMeasure(r[m], spec(meta, m), lang)])) }];
  });
}

/**
 * Why growth reads n/a, one sentence per comparison: its window lies before (or after) the data
 * (the API's `covered` false), or, the window covered, which belts sold nothing in it. Empty when
 * every figure is there.
 */
export function growthNotes(data: CompareResponse | undefined, ids: string[], names: Map<string, string>, dataRange: { from: string; to: string } | null,
  labels: { yoy: string; mom: string }, lang: Lang): string[] {
  if (!data) return [];
  const belts = data.belts.filter((b) => ids.includes(b.belt_id));
  return (['yoy', 'mom'] as const).flatMap((k) => {
    const w = data.comparison[k];
    const what = labels[k];
    if (!w.covered) {
      // The comparison in the data, the window not: part of the window against a whole period.
      const win = data.window;
      if (dataRange !== null && w.from >= dataRange.from && w.to <= dataRange.to && (win.from < dataRange.from || win.to > dataRange.to)) {
        return [t(lang, 'belts.na.window', { what, from: win.from, to: win.to, dataFrom: dataRange.from, dataTo: dataRange.to })];
      }
      const after = dataRange !== null && w.to > dataRange.to && !(w.from < dataRange.from);
      return [t(lang, after ? 'belts.na.after' : 'belts.na.before', { what, from: w.from, to: w.to, dataFrom: dataRange?.from ?? '—', dataTo: dataRange?.to ?? '—' })];
    }
    const missing = belts.filter((b) => b.growth[k] === null).map((b) => names.get(b.belt_id) ?? b.belt_id);
    return missing.length ? [t(lang, 'belts.na.belt', { what, list: missing.join(lang === 'zh' ? '、' : ', ') })] : [];
  });
}

/** Columns of catalog measures: their label, and their formula as the header's tooltip. */
export function measureColumns(meta: MetaResponse | undefined, measures: readonly string[], lang: Lang, first: string): Column[] {
  return [{ id: 'belt', label: first }, ...measures.map((m) => {
    const s = findMeasure(meta, m);
    return { id: m, label: s?.label[lang] || m, title: formulaText(meta, m, lang) };
  })];
}

