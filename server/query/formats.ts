import type { Vector } from 'apache-arrow';
import { DIMENSION_BY_ID } from '../../catalog/dimensions.ts';
import { DECIMALS, MEASURE_BY_ID } from '../../catalog/measures.ts';
import { GRAINS, type Lang, type NumberFormat } from '../../catalog/types.ts';
import type { Row } from '../../db/database.ts';
import type { MetricsResult } from './execute.ts';
import { partialPeriods, type PeriodGrain } from '../../lib/partial-periods.ts';
import { COMPARE_LABELS } from './window.ts';

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

/** Labels of dimension values for a download: dimension → id → label in the chosen language. */
export type ValueLabels = ReadonlyMap<string, ReadonlyMap<string, string>>;

export type ExportCell = string | number | null;
export interface ExportColumn {
  header: string;
  /** Measures only: their format and the decimal places their values were rounded to. */
  format?: NumberFormat;
  decimals?: number;
}
/** A result as a download sees it: labelled columns, rounded values, and what JSON says beside the rows. */
export interface ExportTable {
  columns: ExportColumn[];
  rows: ExportCell[][];
  /** The data version and query, then truncation, notes and filters not applied. */
  comments: string[];
}

/**
 * Rounds half away from zero at `d` places, through the decimal string so 1.005 → 1.01
 * (multiplying by 100 first would give 100.49999… and round down).
 */
export function roundTo(v: number, d: number): number {
  const r = Math.round(Number(`${Math.abs(v)}e${d}`));
  return Math.sign(v) * Number(`${r}e-${d}`) || 0;
}

const isGrain = (k: string) => (GRAINS as readonly string[]).includes(k);

/**
 * The rows of a download: each dimension's id and, beside it, its label in the chosen language
 * (`belt_id` haining-leather, `belt` 海宁皮革); each measure rounded to its catalog precision
 * (changes to four places, as ratios). Headers in the chosen language.
 */
/**
 * The `#` line naming the time buckets the window (or the data's range) cuts: a week of 2 days
 * at the start of a download is a sum over those days, not a slump. Null without a grain or
 * without a cut bucket. The same rule as the pages' notes (lib/partial-periods.ts).
 */
export function partialPeriodsLine(r: MetricsResult, grain: string | null, window: { from: string; to: string },
  data: { from: string; to: string }, lang: Lang): string | null {
  if (!grain || !r.dimensions.includes(grain)) return null;
  const buckets = [...new Set(r.rows.map((row) => String(row[grain] ?? '').slice(0, 10)).filter(Boolean))].sort();
  const cut = partialPeriods(buckets, grain as PeriodGrain, window, data);
  if (!cut.size) return null;
  const list = [...cut].map(([p, c]) => (lang === 'zh' ? `${p}（${c.days}/${c.of} 天）` : `${p} (${c.days} of ${c.of} days)`));
  return lang === 'zh'
    ? `不完整的时段（只含所选时间内、数据覆盖的天数；总和偏低不代表下滑）：${list.join('、')}`
    : `partial periods (only their days inside the window and the data: a lower sum is not a decline): ${list.join('; ')}`;
}

export function exportTable(r: MetricsResult, labels: ValueLabels, lang: Lang, queryUrl: string, extra: (string | null)[] = []): ExportTable {
  const columns: ExportColumn[] = [];
  const cells: ((row: Row) => ExportCell)[] = [];
  for (const k of r.dimensions) {
    if (isGrain(k)) {
      columns.push({ header: columnLabel(k, lang) });
      cells.push((row) => (row[k] == null ? null : String(row[k])));
      continue;
    }
    const names = labels.get(k);
    columns.push({ header: `${columnLabel(k, lang)}${lang === 'zh' ? 'ID' : ' ID'}` }, { header: columnLabel(k, lang) });
    cells.push((row) => (row[k] == null ? null : String(row[k])));
    cells.push((row) => (row[k] == null ? null : names?.get(String(row[k])) ?? String(row[k])));
  }
  for (const c of resultColumns(r).slice(r.dimensions.length)) {
    const m = MEASURE_BY_ID.get(c.replace(/_(prev|change)$/, ''))!;
    const change = c.endsWith('_change');
    const format: NumberFormat = change ? 'percent' : m.format;
    const decimals = change ? DECIMALS.percent : m.decimals ?? DECIMALS[m.format];
    columns.push({ header: columnLabel(c, lang), format, decimals });
    cells.push((row) => (typeof row[c] === 'number' ? roundTo(row[c] as number, decimals) : row[c] == null ? null : Number(row[c])));
  }
  const comments = [
    `beltscope dataVersion=${r.dataVersion}${r.truncated ? ' truncated=true' : ''} query=${queryUrl}`,
    unitsLine(r.measures, r.comparison !== null, lang),
    ...(r.comparison ? [comparisonLine(r.comparison, lang)] : []),
    ...extra.filter((x): x is string => !!x),
    ...(r.truncated ? [lang === 'zh' ? `已截断：仅含前 ${r.rows.length} 行` : `truncated: only the first ${r.rows.length} rows`] : []),
    ...r.notes.map((n) => `${lang === 'zh' ? '说明' : 'note'} (${n.measure}): ${n.message}`),
    ...r.notApplied.map((n) => `${lang === 'zh' ? '未应用的筛选' : 'filter not applied'}: ${n.dimension} → ${n.measures.join(', ')}`),
  ];
  return { columns, rows: r.rows.map((row) => cells.map((f) => f(row))), comments };
}

const UNIT_WORDS: Record<string, { zh: string; en: string }> = {
  CNY: { zh: '元', en: 'CNY' }, count: { zh: '个数', en: 'count' }, ratio: { zh: '比率（0.25 即 25%）', en: 'ratio (0.25 = 25 %)' },
  seconds: { zh: '秒', en: 'seconds' }, hours: { zh: '小时', en: 'hours' }, index: { zh: '（0–10000 的指数）', en: '(an index from 0 to 10000)' },
};

/** What each measure's numbers are in (a cell holds 0.0123, not 1.23 %), from the catalog. */
function unitsLine(measures: readonly string[], compared: boolean, lang: Lang): string {
  const parts = measures.map((id) => {
    const m = MEASURE_BY_ID.get(id);
    const unit = m ? UNIT_WORDS[m.unit]?.[lang] ?? m.unit : '';
    return `${m?.label[lang] ?? id} ${unit}`.trim();
  });
  if (compared) parts.push(lang === 'zh' ? '变化率为比率（0.1 即 +10%）' : 'changes are ratios (0.1 = +10 %)');
  return `${lang === 'zh' ? '单位' : 'units'}: ${parts.join('; ')}`;
}

/**
 * The comparison the _prev and _change columns hold: which period, and how a change is computed.
 * Whether the data cover it is the coverage note's to say (coverage.ts), not repeated here.
 */
function comparisonLine(c: NonNullable<MetricsResult['comparison']>, lang: Lang): string {
  const kind = COMPARE_LABELS[c.kind];
  return lang === 'zh'
    ? `对比期: ${kind.zh} ${c.from} 至 ${c.to}; 变化率 = (本期 − 对比期) / 对比期`
    : `comparison: ${kind.en} ${c.from} to ${c.to}; change = (value − previous) / previous`;
}

const csvCell = (v: ExportCell): string => {
  if (v === null || v === undefined) return '';
  // A text starting like a formula (a merchant named "=HYPERLINK(…)") is quoted for Excel, not run.
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A `#` line. A spreadsheet opening the file splits a comment line at its commas too, one cell
 * per piece: the query's commas are written %2C (the same URL to the API), so the line that
 * reproduces the numbers stays whole, and a note's are written "; " (a list of belts, "calendar,
 * not in the data"). A Chinese comma (，) splits nothing and stays. Quoting the line instead
 * would keep it whole in a spreadsheet but make it a data row to readers that skip `#` lines
 * (pandas' and DuckDB's comment option).
 */
const commentLine = (c: string) => {
  const query = /query=\S+/.exec(c);
  const note = (x: string) => x.replace(/\s*,\s*/g, '; ');
  if (!query) return `# ${note(c)}`;
  return `# ${note(c.slice(0, query.index))}${query[0].replace(/,/g, '%2C')}${note(c.slice(query.index + query[0].length))}`;
};

/**
 * UTF-8 with a BOM (Excel on Chinese Windows needs it); first the comment lines (data version
 * and query, so a cited number can be reproduced, then everything JSON would say beside the
 * rows, so a CSV never reads as complete when it is not), then the header row.
 */
export function toCsv(t: ExportTable): string {
  const lines = [
    ...t.comments.map(commentLine),
    t.columns.map((c) => csvCell(c.header)).join(','),
    ...t.rows.map((row) => row.map(csvCell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * An Arrow IPC stream: dimension columns as utf8, measures as float64, nulls kept as nulls.
 * The library is loaded on the first Arrow answer, not with the server (as exceljs, see xlsx.ts).
 */
export async function toArrow(r: MetricsResult): Promise<Uint8Array> {
  const { Float64, Table, Utf8, tableToIPC, vectorFromArray } = await import('apache-arrow');
  const keys = new Set(r.dimensions);
  const vectors: Record<string, Vector> = {};
  for (const c of resultColumns(r)) {
    vectors[c] = keys.has(c)
      ? vectorFromArray(r.rows.map((row) => (row[c] === null ? null : String(row[c]))), new Utf8())
      : vectorFromArray(r.rows.map((row) => (row[c] === null ? null : Number(row[c]))), new Float64());
  }
  return tableToIPC(new Table(vectors), 'stream');
}
