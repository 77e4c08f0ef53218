import type { Lang } from '../../../catalog/types.ts';
import { DECIMALS } from '../../../catalog/measures.ts';
import { columnLabel, roundTo, type ExportCell, type ExportColumn, type ExportTable } from '../../query/formats.ts';
import type { CompareBelt, CompareResponse } from '../schemas/compare.ts';

/**
 * /api/compare as a table a researcher opens in a spreadsheet: one row per belt with its flat
 * figures (GMV, growth, seasonality, session quantiles, shares, venue and size-class mixes).
 * The order-value histograms stay in the JSON: their bins are a second table, not columns.
 * Headers in the chosen language; ratios rounded as the catalog's downloads round them (DECIMALS), money to the fen.
 */

type Labels = ReadonlyMap<string, ReadonlyMap<string, string>>;
const QUANTILES = ['p10', 'p25', 'p50', 'p75', 'p90'] as const;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const H = {
  belt_id: { zh: '产业带ID', en: 'Belt ID' },
  yoy: { zh: '同比', en: 'YoY growth' },
  mom: { zh: '环比', en: 'Period-on-period growth' },
  cagr: { zh: '年复合增长率', en: 'CAGR' },
  years: { zh: '完整年数', en: 'Whole years' },
  sessions: { zh: '有观看的场次数', en: 'Sessions with views' },
  gpm: { zh: '场次GPM', en: 'Session GPM' },
  // As the catalog's measure and the belt page name it (观看-成交率 / view-to-buy rate), per session.
  conversion: { zh: '场次观看-成交率', en: 'Session view-to-buy rate' },
  venue: { zh: '直播GMV场地占比', en: 'Live GMV share by venue' },
  size: { zh: 'GMV商家规模占比', en: 'GMV share by merchant size' },
} as const;

const ratio = (v: number | null): ExportCell => (v === null ? null : roundTo(v, DECIMALS.percent));
/** A share of a mix: 0 for a key the belt's mix lacks, empty when the belt has no mix at all (nothing sold live, say). */
const mixShare = (mix: Record<string, number>, key: string): ExportCell => (Object.keys(mix).length ? ratio(mix[key] ?? 0) : null);

export function compareTable(body: CompareResponse, labels: Labels, lang: Lang, queryUrl: string): ExportTable {
  // 'unknown' (a merchant file that does not give the size) is no value of the list.
  const name = (dim: string, id: string) => labels.get(dim)?.get(id) ?? (id === 'unknown' ? { zh: '未知', en: 'unknown' }[lang] : id);
  // Mix columns in the order the dimension lists its values (sizes large to micro, as the page's
  // legend), then any key it does not list ('unknown').
  const keysOf = (dim: string, pick: (b: CompareBelt) => Record<string, number>) => {
    const present = new Set(body.belts.flatMap((b) => Object.keys(pick(b))));
    const listed = [...(labels.get(dim)?.keys() ?? [])].filter((k) => present.has(k));
    return [...listed, ...[...present].filter((k) => !listed.includes(k)).sort()];
  };
  const venues = keysOf('venue', (b) => b.venue_mix);
  const sizes = keysOf('size_class', (b) => b.size_class_mix);
  const kind = { previous_year: { zh: '公历', en: 'calendar' }, previous_year_lunar: { zh: '农历', en: 'lunar calendar' } }[body.comparison.yoy.kind]?.[lang]
    ?? body.comparison.yoy.kind;
  const sep = lang === 'zh' ? '：' : ': ';

  const columns: [ExportColumn, (b: CompareBelt) => ExportCell][] = [
    [{ header: H.belt_id[lang] }, (b) => b.belt_id],
    [{ header: columnLabel('belt', lang) }, (b) => name('belt', b.belt_id)],
    [{ header: columnLabel('gmv', lang), format: 'currency', decimals: 2 }, (b) => roundTo(b.gmv, 2)],
    // The lunar comparison says so in its header too: a reader skipping the # lines took it for the calendar one.
    [{ header: body.comparison.yoy.kind === 'previous_year_lunar' ? (lang === 'zh' ? '同比（农历）' : 'YoY growth (lunar calendar)') : H.yoy[lang],
      format: 'percent', decimals: DECIMALS.percent }, (b) => ratio(b.growth.yoy)],
    [{ header: H.mom[lang], format: 'percent', decimals: DECIMALS.percent }, (b) => ratio(b.growth.mom)],
    [{ header: H.cagr[lang], format: 'percent', decimals: DECIMALS.percent }, (b) => ratio(b.growth.cagr)],
    [{ header: H.years[lang] }, (b) => b.growth.years],
    ...Array.from({ length: 12 }, (_, m): [ExportColumn, (b: CompareBelt) => ExportCell] => [
      { header: lang === 'zh' ? `季节指数 ${m + 1}月` : `Seasonality ${MONTHS_EN[m]}`, format: 'decimal', decimals: 4 },
      (b) => (b.seasonality ? roundTo(b.seasonality[m], 4) : null)]),
    [{ header: H.sessions[lang] }, (b) => b.sessions.count],
    ...QUANTILES.map((q): [ExportColumn, (b: CompareBelt) => ExportCell] => [
      { header: `${H.gpm[lang]} ${q.toUpperCase()}`, format: 'currency', decimals: 2 },
      (b) => (b.sessions.gpm[q] === null ? null : roundTo(b.sessions.gpm[q]!, 2))]),
    ...QUANTILES.map((q): [ExportColumn, (b: CompareBelt) => ExportCell] => [
      { header: `${H.conversion[lang]} ${q.toUpperCase()}`, format: 'percent', decimals: DECIMALS.percent }, (b) => ratio(b.sessions.conversion[q])]),
    [{ header: columnLabel('live_share', lang), format: 'percent', decimals: DECIMALS.percent }, (b) => ratio(b.live_share)],
    [{ header: columnLabel('non_standard_share', lang), format: 'percent', decimals: DECIMALS.percent }, (b) => ratio(b.non_standard_share)],
    ...venues.map((v): [ExportColumn, (b: CompareBelt) => ExportCell] => [
      { header: `${H.venue[lang]}${sep}${name('venue', v)}`, format: 'percent', decimals: DECIMALS.percent }, (b) => mixShare(b.venue_mix, v)]),
    ...sizes.map((s): [ExportColumn, (b: CompareBelt) => ExportCell] => [
      { header: `${H.size[lang]}${sep}${name('size_class', s)}`, format: 'percent', decimals: DECIMALS.percent }, (b) => mixShare(b.size_class_mix, s)]),
  ];

  const { window: w, comparison: c } = body;
  const comments = [
    `beltscope dataVersion=${body.dataVersion} query=${queryUrl}`,
    lang === 'zh'
      ? `窗口 ${w.from} 至 ${w.to}；同比对照 ${c.yoy.from} 至 ${c.yoy.to}（${kind}${c.yoy.covered ? '' : '，数据未覆盖：同比为空'}）；环比对照 ${c.mom.from} 至 ${c.mom.to}${c.mom.covered ? '' : '（数据未覆盖：环比为空）'}`
      : `window ${w.from} to ${w.to}; year-on-year against ${c.yoy.from} to ${c.yoy.to} (${kind}${c.yoy.covered ? '' : ', not in the data: year-on-year growth is empty'}); period-on-period against ${c.mom.from} to ${c.mom.to}${c.mom.covered ? '' : ' (not in the data: period-on-period growth is empty)'}`,
    wholeYears(body.years, lang),
    lang === 'zh'
      ? '单位：成交金额为元；场次GPM为每千次观看的成交额（元）；增长率、年复合增长率、比率与占比为小数（0.05 = 5%）；季节指数 1 = 平均月份；有观看的场次指观看次数与观看人数均大于 0 的场次；场地占比为已知场地的直播成交额中的占比'
      : 'units: GMV in CNY; session GPM in CNY per 1000 views; growth and CAGR as well as rates and shares as fractions (0.05 = 5%); seasonality as an index (1 = an average month); sessions with views: views and viewers both above 0; venue shares of the live GMV whose venue is known',
    lang === 'zh' ? '订单金额分布直方图见 JSON（format=json）' : 'order-value histograms: see the JSON (format=json)',
    ...(body.suppressed.length ? [`${lang === 'zh' ? '因商家数不足而未列出' : 'left out, too few merchants'}: ${body.suppressed.join(', ')}`] : []),
    ...body.notApplied.map((n) => `${lang === 'zh' ? '未应用的筛选' : 'filter not applied'}: ${n.dimension} (${n.fields.join(', ')})`),
    ...body.notes.map((n) => `${lang === 'zh' ? '说明' : 'note'}: ${n}`),
  ];
  return { columns: columns.map(([col]) => col), rows: body.belts.map((b) => columns.map(([, cell]) => cell(b))), comments };
}

/** Which whole years CAGR and seasonality stand on (the page's subtitle says the same), or why they are empty. */
function wholeYears(years: CompareResponse['years'], lang: Lang): string {
  if (!years.length) {
    return lang === 'zh' ? '数据中没有完整的一年：年复合增长率与季节指数为空'
      : 'no whole year in the data: CAGR and seasonality are empty';
  }
  const [from, to, n] = [years[0].from, years[years.length - 1].to, years.length];
  return lang === 'zh'
    ? `年复合增长率与季节指数按 ${n} 个完整年份计算：${from} 至 ${to}（各产业带自其首个有成交的月份起；年复合增长率至少需要 2 年）`
    : `CAGR and seasonality use ${n} whole ${n === 1 ? 'year' : 'years'}: ${from} to ${to} (each belt from its first month of sales; CAGR needs at least 2)`;
}
