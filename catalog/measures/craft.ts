import { sql } from '../dialect.ts';
import type { Measure } from '../types.ts';

/**
 * Measures of the finer facts: per-minute stream data, flash listings made live (闪购上架:
 * pieces listed as they come out of the kiln) and production batches (firings). All read raw
 * rows: these tables are small beside orders.
 */
type Def = Pick<Measure, 'id' | 'formula' | 'unit' | 'format' | 'fact' | 'raw' | 'lowerIsBetter'> & { zh: string; en: string; dzh: string; den: string; nullWhen?: Measure['nullWhen'] };
const m = ({ zh, en, dzh, den, ...rest }: Def): Measure => ({ ...rest, label: { zh, en }, description: { zh: dzh, en: den } });

const seconds = (to: string) => `${sql.epoch(`f.${to}`)} - ${sql.epoch('f.listed_at')}`;

export const CRAFT_MEASURES: Measure[] = [
  m({
    id: 'avg_online', zh: '平均在线', en: 'Avg. online', dzh: '每分钟同时在线人数的平均值', den: 'Mean of per-minute concurrent viewers',
    formula: 'Σ online / minutes', unit: 'count', format: 'decimal', fact: 'session_minutes', raw: 'avg(f.online)',
  }),
  m({
    id: 'live_minutes', zh: '直播分钟数', en: 'Live minutes', dzh: '有分钟级数据的直播分钟数', den: 'Stream minutes with per-minute data',
    formula: 'count(minutes)', unit: 'count', format: 'integer', fact: 'session_minutes', raw: 'count(*)',
  }),
  m({
    id: 'listings', zh: '闪购上架数', en: 'Flash listings', dzh: '直播中临时上架的商品数', den: 'Pieces listed during a stream',
    formula: 'count(listings)', unit: 'count', format: 'integer', fact: 'listings', raw: 'count(*)',
  }),
  m({
    id: 'listing_units_sold', zh: '闪购售出件数', en: 'Flash units sold', dzh: '闪购上架商品的售出件数', den: 'Units sold of flash listings',
    formula: 'Σ units_sold', unit: 'count', format: 'integer', fact: 'listings', raw: 'sum(f.units_sold)',
  }),
  m({
    id: 'listing_sell_through', zh: '闪购售出率', en: 'Flash sell-through', dzh: '售出件数 / 上架件数', den: 'Units sold / units listed',
    formula: 'Σ units_sold / Σ units_listed', unit: 'ratio', format: 'percent', fact: 'listings', raw: 'sum(f.units_sold) / nullif(sum(f.units_listed), 0)',
  }),
  m({
    id: 'sold_out_share', zh: '售罄占比', en: 'Sold-out share', dzh: '售罄的上架数 / 上架数', den: 'Listings sold out / listings',
    formula: 'count(sold_out_at) / count(listings)', unit: 'ratio', format: 'percent', fact: 'listings', raw: 'count(f.sold_out_at) / nullif(count(*), 0)',
  }),
  m({
    id: 'first_sale_seconds_p50', zh: '首单用时中位数', en: 'Median time to first sale',
    dzh: '从上架到第一笔成交的秒数中位数（未成交的不计）', den: 'Median seconds from listing to first sale (listings never sold excluded)',
    formula: 'median(first_sold_at − listed_at)', unit: 'seconds', format: 'duration', fact: 'listings', lowerIsBetter: true,
    raw: sql.quantile(seconds('first_sold_at'), 0.5),
  }),
  m({
    id: 'sell_out_seconds_p50', zh: '售罄用时中位数', en: 'Median time to sell out',
    dzh: '从上架到售罄的秒数中位数（未售罄的不计）', den: 'Median seconds from listing to sell-out (listings not sold out excluded)',
    formula: 'median(sold_out_at − listed_at)', unit: 'seconds', format: 'duration', fact: 'listings', lowerIsBetter: true,
    raw: sql.quantile(seconds('sold_out_at'), 0.5),
  }),
  m({
    id: 'batches', zh: '烧制批次', en: 'Firings', dzh: '烧制（生产）批次数', den: 'Kiln firings (production batches)',
    formula: 'count(batches)', unit: 'count', format: 'integer', fact: 'production_batches', raw: 'count(*)',
  }),
  m({
    id: 'pieces_fired', zh: '烧制件数', en: 'Pieces fired', dzh: '入窑烧制的件数', den: 'Pieces fired',
    formula: 'Σ pieces', unit: 'count', format: 'integer', fact: 'production_batches', raw: 'sum(f.pieces)',
  }),
  m({
    id: 'first_grade_rate', zh: '一等品率', en: 'First-grade rate', dzh: '一等品件数 / 烧制件数', den: 'First-grade pieces / pieces fired',
    formula: 'Σ first_grade / Σ pieces', unit: 'ratio', format: 'percent', fact: 'production_batches', raw: 'sum(f.first_grade) / nullif(sum(f.pieces), 0)',
  }),
  m({
    id: 'defect_rate', zh: '次品率', en: 'Defect rate', dzh: '次品件数 / 烧制件数', den: 'Defective pieces / pieces fired',
    formula: 'Σ defective / Σ pieces', unit: 'ratio', format: 'percent', fact: 'production_batches', raw: 'sum(f.defective) / nullif(sum(f.pieces), 0)',
    lowerIsBetter: true,
  }),
];
