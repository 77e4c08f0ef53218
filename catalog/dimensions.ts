import type { Dimension } from './types.ts';

/**
 * Every dimension, defined once. Each is also a filter (`belt=a,b`). Region and province
 * mean the belt's origin; `ship_province` is where the goods went. Which facts reach a
 * dimension, and how, is declared with each fact (facts.ts).
 */
export const DIMENSIONS: Dimension[] = [
  {
    id: 'belt',
    label: { zh: '产业带', en: 'Belt' },
    description: { zh: '产地 + 品类，如景德镇陶瓷', en: 'A kind of goods from a place, e.g. Jingdezhen ceramics' },
    // lat, lon and province place each belt on the overview's map (/api/meta `place`).
    valuesSql: `SELECT belt_id AS id, name_zh AS zh, name_en AS en, lat::DOUBLE AS lat, lon::DOUBLE AS lon,
      left(region_code, 2) || '0000' AS province FROM belts ORDER BY belt_id`,
  },
  {
    id: 'region',
    label: { zh: '产地（市县）', en: 'Origin region' },
    description: { zh: '产业带所在地的 GB/T 2260 行政区划', en: "The belt's origin, a GB/T 2260 division" },
    valuesSql: `SELECT DISTINCT region_code AS id, city_zh AS zh, city_en AS en FROM belts ORDER BY region_code`,
  },
  {
    id: 'province',
    label: { zh: '产地省份', en: 'Origin province' },
    description: { zh: '产业带所在省份', en: "The belt's province of origin" },
    valuesSql: `SELECT DISTINCT p.province_code AS id, p.name_zh AS zh, p.name_en AS en
      FROM belts b JOIN provinces p ON p.province_code = left(b.region_code, 2) || '0000' ORDER BY id`,
  },
  {
    id: 'category',
    label: { zh: '品类', en: 'Category' },
    description: { zh: '商品品类（订单行）', en: 'Product category of the order line' },
    lineLevel: true,
    valuesSql: `SELECT category_id AS id, name_zh AS zh, name_en AS en FROM categories ORDER BY category_id`,
  },
  {
    id: 'platform',
    label: { zh: '平台', en: 'Platform' },
    description: { zh: '直播电商平台', en: 'Live-commerce platform' },
    valuesSql: `SELECT platform_id AS id, name_zh AS zh, name_en AS en FROM platforms ORDER BY platform_id`,
  },
  {
    id: 'merchant',
    label: { zh: '商家', en: 'Merchant' },
    description: { zh: '店铺/商家', en: 'Shop or merchant' },
    // Thousands of values: not listed in /api/meta, searched through /api/values.
    searchSql: `SELECT merchant_id AS id, name AS zh, name AS en FROM merchants`,
  },
  {
    id: 'merchant_kind',
    label: { zh: '商家类型', en: 'Merchant kind' },
    description: { zh: '工厂、品牌、手艺人工作室、档口、合作社', en: 'Factory, brand, craft studio, trader, cooperative' },
    valuesSql: `SELECT kind AS id, name_zh AS zh, name_en AS en FROM merchant_kinds ORDER BY kind`,
  },
  {
    id: 'size_class',
    label: { zh: '商家规模', en: 'Merchant size' },
    description: { zh: '微型、小型、中型、大型', en: 'Micro, small, medium, large' },
    valuesSql: `SELECT size_class AS id, name_zh AS zh, name_en AS en FROM size_classes ORDER BY sort_order`,
  },
  {
    id: 'base',
    label: { zh: '直播基地', en: 'Live-stream base' },
    description: { zh: '开播所在的直播基地（订单经由其直播场次）', en: 'The base the stream ran from (orders reach it through their session)' },
    valuesSql: `SELECT base_id AS id, name_zh AS zh, name_en AS en FROM live_bases ORDER BY base_id`,
    searchSql: `SELECT base_id AS id, name_zh AS zh, name_en AS en FROM live_bases`,
    unlistedIds: true,
  },
  {
    id: 'venue',
    label: { zh: '开播场地', en: 'Venue' },
    description: { zh: '基地、车间、门店或自建直播间；非直播订单为空', en: 'Base, workshop, store or own studio; empty for orders not bought live' },
    valuesSql: `SELECT venue AS id, name_zh AS zh, name_en AS en FROM venues ORDER BY venue`,
  },
  {
    id: 'channel',
    label: { zh: '成交渠道', en: 'Channel' },
    description: { zh: '买家从哪里来：直播间、短视频、货架/商城或未知', en: 'Where the buyer came from: live room, short video, shelf (search and store) or unknown' },
    valuesSql: `SELECT channel AS id, name_zh AS zh, name_en AS en FROM channels ORDER BY channel`,
  },
  {
    id: 'hub',
    label: { zh: '物流仓储枢纽', en: 'Logistics hub' },
    description: { zh: '发货的仓储质检枢纽', en: 'The warehouse/QC hub that shipped the order' },
    // Lines of one order can ship from different warehouses (Douyin names a 仓库 per sub-order).
    lineLevel: true,
    valuesSql: `SELECT hub_id AS id, name_zh AS zh, name_en AS en FROM hubs ORDER BY hub_id`,
    searchSql: `SELECT hub_id AS id, name_zh AS zh, name_en AS en FROM hubs`,
    unlistedIds: true,
  },
  {
    id: 'ship_province',
    label: { zh: '收货省份', en: 'Destination province' },
    description: { zh: '订单发往的省份', en: 'Where the goods were shipped' },
    valuesSql: `SELECT name_zh AS id, name_zh AS zh, name_en AS en FROM provinces ORDER BY province_code`,
    // Exports write the destination as they please (内蒙古, 内蒙古自治区): the list is not all of them.
    unlistedIds: true,
  },
];

export const DIMENSION_BY_ID: ReadonlyMap<string, Dimension> = new Map(DIMENSIONS.map((d) => [d.id, d]));
export const DIMENSION_IDS = DIMENSIONS.map((d) => d.id);
