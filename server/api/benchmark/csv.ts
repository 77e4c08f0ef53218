import { MEASURE_BY_ID } from '../../../catalog/measures.ts';
import type { Lang } from '../../../catalog/types.ts';
import { roundTo, type ExportCell, type ExportColumn, type ExportTable } from '../../query/formats.ts';
import type { BenchmarkMeasure, BenchmarkResponse } from '../schemas/benchmark.ts';

/**
 * /api/benchmark as a table a merchant keeps: one row per measure with the shop's value, the
 * peers' quartiles, its percentile rank and the notes the page shows under the row. Only what
 * the JSON holds, so nothing of a peer leaves the server that the page does not show. Each row
 * is another measure, so each names its unit; values are rounded as the catalog's downloads
 * round the measure (money to the fen, ratios to six places), quartiles of counts to a tenth.
 */

const H = {
  measure: { zh: '指标', en: 'Measure' }, id: { zh: '指标ID', en: 'Measure ID' }, unit: { zh: '单位', en: 'Unit' },
  value: { zh: '本店', en: 'Your shop' }, p25: { zh: '同行 P25', en: 'Peers P25' }, p50: { zh: '同行中位数', en: 'Peer median' },
  p75: { zh: '同行 P75', en: 'Peers P75' }, rank: { zh: '百分位排名（0–100，高于同行的比例）', en: 'Percentile rank (0–100, share of peers below)' },
  withValue: { zh: '有数值的同行数', en: 'Peers with a value' }, peers: { zh: '同行数', en: 'Peers' },
  lower: { zh: '越低越好', en: 'Lower is better' }, note: { zh: '说明', en: 'Notes' },
} as const;

const UNITS: Record<string, { zh: string; en: string }> = {
  CNY: { zh: '元', en: 'CNY' }, count: { zh: '个', en: 'count' }, ratio: { zh: '小数（0.05 = 5%）', en: 'fraction (0.05 = 5%)' },
  hours: { zh: '小时', en: 'hours' }, seconds: { zh: '秒', en: 'seconds' },
};

export function benchmarkTable(body: BenchmarkResponse, lang: Lang, queryUrl: string): ExportTable {
  const yes = lang === 'zh' ? '是' : 'yes';
  const columns: [ExportColumn, (m: BenchmarkMeasure) => ExportCell][] = [
    [{ header: H.measure[lang] }, (m) => MEASURE_BY_ID.get(m.id)?.label[lang] ?? m.id],
    [{ header: H.id[lang] }, (m) => m.id],
    [{ header: H.unit[lang] }, (m) => { const u = MEASURE_BY_ID.get(m.id)?.unit ?? ''; return UNITS[u]?.[lang] ?? u; }],
    [{ header: H.value[lang] }, (m) => round(m.id, m.value, false)],
    [{ header: H.p25[lang] }, (m) => round(m.id, m.p25, true)],
    [{ header: H.p50[lang] }, (m) => round(m.id, m.p50, true)],
    [{ header: H.p75[lang] }, (m) => round(m.id, m.p75, true)],
    [{ header: H.rank[lang], format: 'decimal', decimals: 1 }, (m) => (m.rank === null ? null : roundTo(m.rank * 100, 1))],
    [{ header: H.withValue[lang], format: 'integer', decimals: 0 }, (m) => m.with_value],
    [{ header: H.peers[lang], format: 'integer', decimals: 0 }, (m) => m.peers],
    [{ header: H.lower[lang] }, (m) => (MEASURE_BY_ID.get(m.id)?.lowerIsBetter ? yes : null)],
    [{ header: H.note[lang] }, (m) => [m.value_note, m.peer_note].filter(Boolean).join('; ') || null],
  ];
  const { window: w } = body;
  const comments = [
    `beltscope dataVersion=${body.dataVersion} query=${queryUrl}`,
    lang === 'zh'
      ? `商家 ${body.merchant_id} · 产业带 ${body.belt_id} · 窗口 ${w.from} 至 ${w.to} · 同行分位数至少需 ${body.min_peers} 个有数值的同行`
      : `merchant ${body.merchant_id} · belt ${body.belt_id} · window ${w.from} to ${w.to} · peer quantiles need at least ${body.min_peers} peers with a value`,
    ...body.notes.map((n) => `${lang === 'zh' ? '说明' : 'note'}: ${n}`),
  ];
  return { columns: columns.map(([c]) => c), rows: body.measures.map((m) => columns.map(([, cell]) => cell(m))), comments };
}

/** A figure rounded as its measure's downloads are; a quartile of a count to a tenth (it may fall between two). */
function round(id: string, v: number | null, quartile: boolean): ExportCell {
  if (v === null) return null;
  const m = MEASURE_BY_ID.get(id);
  const d = quartile && m?.format === 'integer' ? 1 : (m?.decimals ?? 6);
  return roundTo(v, d);
}
