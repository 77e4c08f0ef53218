import { Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { DIMENSION_BY_ID } from '../../catalog/dimensions.ts';
import { MEASURE_BY_ID } from '../../catalog/measures.ts';
import type { Lang } from '../../catalog/types.ts';
import type { MetricsResult } from './execute.ts';

const GRAIN_LABELS: Record<string, { zh: string; en: string }> = {
  day: { zh: '日', en: 'Day' }, week: { zh: '周（周一起）', en: 'Week (from Monday)' },
  month: { zh: '月', en: 'Month' }, quarter: { zh: '季度', en: 'Quarter' }, year: { zh: '年', en: 'Year' },
};

/** Output columns of a result, in order: keys, then each measure (with its comparison pair). */
export function resultColumns(r: MetricsResult): string[] {
  const cmp = r.comparison !== null;
  return [...r.dimensions, ...r.measures.flatMap((m) => (cmp ? [m, `${m}_prev`, `${m}_change`] : [m]))];
}

/** Column header in the user's language, from the catalog. */
export function columnLabel(col: string, lang: Lang): string {
  const suffix = col.endsWith('_prev') ? '_prev' : col.endsWith('_change') ? '_change' : '';
  const base = suffix ? col.slice(0, -suffix.length) : col;
  const label = MEASURE_BY_ID.get(base)?.label[lang] ?? DIMENSION_BY_ID.get(base)?.label[lang] ?? GRAIN_LABELS[base]?.[lang] ?? base;
  if (suffix === '_prev') return lang === 'zh' ? `${label}（对比期）` : `${label} (previous)`;
  if (suffix === '_change') return lang === 'zh' ? `${label}变化率` : `${label} change`;
  return label;
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * UTF-8 with a BOM (Excel on Chinese Windows needs it), headers in the user's language, and a
 * first comment line with the data version and the query, so a cited number can be reproduced.
 */
export function toCsv(r: MetricsResult, lang: Lang, queryUrl: string): string {
  const cols = resultColumns(r);
  // Everything JSON would say beside the rows, as comment lines, so a CSV never reads as complete when it is not.
  const comments = [
    ...(r.truncated ? [lang === 'zh' ? `# 已截断：仅含前 ${r.rows.length} 行` : `# truncated: only the first ${r.rows.length} rows`] : []),
    ...r.notes.map((n) => `# ${lang === 'zh' ? '说明' : 'note'} (${n.measure}): ${n.message}`),
    ...r.notApplied.map((n) => `# ${lang === 'zh' ? '未应用的筛选' : 'filter not applied'}: ${n.dimension} → ${n.measures.join(', ')}`),
  ];
  const lines = [
    `# beltscope dataVersion=${r.dataVersion}${r.truncated ? ' truncated=true' : ''} query=${queryUrl}`,
    ...comments,
    cols.map((c) => csvCell(columnLabel(c, lang))).join(','),
    ...r.rows.map((row) => cols.map((c) => csvCell(row[c])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An Arrow IPC stream: dimension columns as utf8, measures as float64, nulls kept as nulls. */
export function toArrow(r: MetricsResult): Uint8Array {
  const keys = new Set(r.dimensions);
  const vectors: Record<string, Vector> = {};
  for (const c of resultColumns(r)) {
    vectors[c] = keys.has(c)
      ? vectorFromArray(r.rows.map((row) => (row[c] === null ? null : String(row[c]))), new Utf8())
      : vectorFromArray(r.rows.map((row) => (row[c] === null ? null : Number(row[c]))), new Float64());
  }
  return tableToIPC(new Table(vectors), 'stream');
}
