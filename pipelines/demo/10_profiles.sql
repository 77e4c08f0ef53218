-- Demo calibration per belt, platform, merchant kind and destination province.
-- Estimates for demo data only (no published ranges): GPM 200–1500, conversion 0.5–3 %, AOV 60–300 for
-- ceramics and zisha, 300–3000 for leather. Belts missing from the reference tables are skipped.

-- Per belt: order_share and merchant_share of the demo; live_share of order lines bought live;
-- mix: platform shares at the start (douyin, kuaishou, taobao, wechat_channels); growth per year
-- (wechat_boost: extra WeChat Channels growth); price_median/sigma: log-normal product price;
-- ns_share: share of non-standard products; refund_full/part: chance a line is refunded fully /
-- partly; conv: buyers / viewers; vpv: views per viewer; watch_s: watch seconds per viewer;
-- base_boost: extra share of merchants at home in a base; home_bias: share of orders shipped
-- inside the belt's own province; ship_hours: median hours to ship; deliver_days: days in transit.
CREATE OR REPLACE TEMP TABLE demo_profile AS
SELECT * FROM (VALUES
  ('jingdezhen-ceramics', 1, 'JDZ', 0.22, 0.22, 0.68, [0.50, 0.18, 0.22, 0.10], 0.30, 0.00,  95.0, 0.75, 0.85, 0.03, 0.04, 0.0100, 1.80, 75.0, 0.30, 0.04, 20.0, 2.5, 'ceramics'),
  ('haining-leather',     2, 'HN',  0.17, 0.20, 0.60, [0.42, 0.25, 0.28, 0.05], 0.10, 0.00, 360.0, 0.70, 0.05, 0.13, 0.06, 0.0065, 3.20, 50.0, 0.00, 0.06, 22.0, 2.5, 'leather'),
  ('yixing-zisha',        3, 'YX',  0.13, 0.15, 0.66, [0.45, 0.12, 0.30, 0.13], 0.22, 0.00, 120.0, 0.75, 0.90, 0.03, 0.03, 0.0085, 1.80, 90.0, 0.00, 0.06, 20.0, 2.5, 'zisha'),
  ('suzhou-silk',         4, 'SZ',  0.10, 0.10, 0.55, [0.35, 0.08, 0.42, 0.15], 0.12, 0.00, 160.0, 0.70, 0.70, 0.06, 0.05, 0.0065, 1.80, 60.0, 0.00, 0.06, 22.0, 2.5, 'silk'),
  ('hangzhou-textiles',   5, 'HZ',  0.24, 0.20, 0.58, [0.38, 0.14, 0.30, 0.18], 0.20, 0.45, 120.0, 0.60, 0.10, 0.20, 0.07, 0.0100, 1.80, 45.0, 0.10, 0.08, 18.0, 2.0, 'apparel'),
  ('lianyungang-seafood', 6, 'LYG', 0.14, 0.13, 0.65, [0.33, 0.42, 0.15, 0.10], 0.30, 0.00,  85.0, 0.55, 0.80, 0.03, 0.06, 0.0110, 1.80, 55.0, 0.00, 0.15,  6.0, 1.0, 'seafood')
) v(belt_id, belt_ord, code, order_share, merchant_share, live_share, mix, growth, wechat_boost,
    price_median, price_sigma, ns_share, refund_full, refund_part, conv, vpv, watch_s, base_boost,
    home_bias, ship_hours, deliver_days, season);

-- Typical session AOV per belt: sessions selling dearer than this convert fewer viewers
-- (conversion ∝ (AOV / typical)^-0.5), which keeps GPM steadier than AOV.
ALTER TABLE demo_profile ADD COLUMN aov_ref DOUBLE;
UPDATE demo_profile SET aov_ref = price_median * 1.8;

-- Merchant kinds by belt: kinds, and the cumulative shares (all but the last) for small and big merchants.
CREATE OR REPLACE TEMP TABLE demo_kind_mix AS
SELECT * FROM (VALUES
  ('jingdezhen-ceramics', ['craftsman', 'trader', 'factory', 'brand'],    [0.50, 0.82, 0.95], [0.30, 0.45, 0.80]),
  ('haining-leather',     ['factory', 'trader', 'brand', 'craftsman'],    [0.35, 0.85, 0.95], [0.55, 0.70, 0.97]),
  ('yixing-zisha',        ['craftsman', 'trader', 'factory', 'brand'],    [0.62, 0.88, 0.96], [0.55, 0.65, 0.85]),
  ('suzhou-silk',         ['factory', 'trader', 'brand', 'craftsman'],    [0.30, 0.65, 0.80], [0.45, 0.55, 0.90]),
  ('hangzhou-textiles',   ['trader', 'factory', 'brand', 'craftsman'],    [0.45, 0.80, 0.97], [0.20, 0.55, 0.98]),
  ('lianyungang-seafood', ['cooperative', 'trader', 'factory', 'brand'],  [0.50, 0.85, 0.97], [0.35, 0.50, 0.85])
) v(belt_id, kinds, cum_small, cum_big);

-- Where each kind streams, the venue it falls back to when not at a base, and how much it
-- sells live and on the shelf (relative weights).
CREATE OR REPLACE TEMP TABLE demo_kind AS
SELECT * FROM (VALUES
  ('craftsman',   ['workshop', 'base', 'studio'], [0.50, 0.90], 'workshop', 1.2, 0.6),
  ('factory',     ['workshop', 'studio', 'base'], [0.35, 0.70], 'workshop', 0.9, 1.2),
  ('brand',       ['studio', 'base', 'store'],    [0.65, 0.90], 'studio',   0.8, 1.5),
  ('trader',      ['store', 'base'],              [0.55],       'store',    1.0, 1.0),
  ('cooperative', ['workshop', 'base'],           [0.65],       'workshop', 1.1, 0.8)
) v(kind, venues, venue_cum, fallback_venue, live_prop, shelf_prop);

-- Platforms: yearly growth, live-share adjustment, the leading digits of order and session ids,
-- and the short name used in account names.
CREATE OR REPLACE TEMP TABLE demo_platform AS
SELECT v.* FROM (VALUES
  ('douyin',          1, 'dy', '抖音',   0.20,  0.00, 6917, 73),
  ('kuaishou',        2, 'ks', '快手',   0.10,  0.05, 2,    52),
  ('taobao',          3, 'tb', '淘宝',  -0.05, -0.12, 31,   41),
  ('wechat_channels', 4, 'wx', '视频号', 0.60,  0.03, 3700, 60)
) v(platform_id, platform_ord, pcode, short_zh, growth, live_adj, oid_prefix, sid_prefix)
JOIN platforms p ON p.platform_id = v.platform_id;

-- Name parts per belt: places, cores and suffixes ("景德镇" + "青花" + "坊").
CREATE OR REPLACE TEMP TABLE demo_vocab AS
SELECT * FROM (VALUES
  ('jingdezhen-ceramics',
   ['景德镇', '昌南', '浮梁', '瓷都', '珠山', '昌江', '瑶里', '御窑'],
   ['青花', '粉彩', '玲珑', '颜色釉', '窑火', '白瓷', '釉里红', '影青', '素坯', '雅瓷', '柴窑', '手绘', '高温釉', '斗彩', '汝瓷', '陶韵'],
   ['坊', '斋', '窑', '工作室', '陶社', '瓷庄', '堂', '瓷号', '陶舍', '窑坊']),
  ('haining-leather',
   ['海宁', '硖石', '许村', '长安', '海洲', '盐官'],
   ['皮草', '真皮', '裘皮', '皮衣', '羊剪绒', '皮具', '貂绒', '雅皮', '尚皮', '金狐', '名皮', '皮尚'],
   ['皮业', '服饰', '皮草行', '工厂店', '皮具', '时装', '制衣', '皮革']),
  ('yixing-zisha',
   ['宜兴', '丁蜀', '蜀山', '阳羡', '荆溪', '西渚'],
   ['紫砂', '朱泥', '段泥', '壶艺', '砂壶', '茗壶', '紫玉', '陶艺', '泥绘', '匠心', '清泉', '石瓢'],
   ['坊', '壶舍', '工作室', '斋', '堂', '陶庄', '窑', '艺苑']),
  ('suzhou-silk',
   ['苏州', '姑苏', '吴江', '盛泽', '震泽', '吴中', '平望'],
   ['丝绸', '真丝', '桑蚕', '云锦', '绣坊', '宋锦', '丝韵', '蚕丝', '绫罗', '苏绣', '锦绣', '织锦'],
   ['丝绸', '纺织', '家纺', '工坊', '丝业', '服饰', '织造']),
  ('hangzhou-textiles',
   ['杭州', '四季青', '九堡', '余杭', '临平', '乔司', '钱塘'],
   ['女装', '衣品', '时尚', '衣橱', '潮衣', '优选', '尚品', '衣舍', '美衣', '小铺', '丽人', '衣恋'],
   ['服饰', '女装', '制衣', '工厂店', '时装', '买手店', '衣舍']),
  ('lianyungang-seafood',
   ['连云港', '赣榆', '海头', '海州', '青口', '柘汪', '连岛'],
   ['海鲜', '渔港', '海货', '渔家', '鲜活', '海味', '渔村', '海产', '鲜生', '海哥', '蟹宝', '渔歌'],
   ['水产', '海产', '渔业', '食品', '冷链', '鲜货', '商行'])
) v(belt_id, places, cores, suffixes);

-- Belts that the reference data and the demo profile both know.
CREATE OR REPLACE TEMP TABLE demo_belts AS
SELECT p.*, b.category_id, b.province_zh,
       k.kinds, k.cum_small, k.cum_big, v.places, v.cores, v.suffixes,
       [p.mix[1], p.mix[1] + p.mix[2], p.mix[1] + p.mix[2] + p.mix[3]] AS mix_cum
FROM demo_profile p
JOIN belts b USING (belt_id)
JOIN demo_kind_mix k USING (belt_id)
JOIN demo_vocab v USING (belt_id);

-- Logistics hubs: one or two per belt; origin-certified or not. weight: share of merchants using it.
CREATE OR REPLACE TEMP TABLE demo_hub_plan AS
SELECT * FROM (VALUES
  ('hub-jdz-1', 'jingdezhen-ceramics', '景德镇陶瓷原产地认证仓', 'Jingdezhen Ceramics Origin-Certified Warehouse', true,  0.70),
  ('hub-jdz-2', 'jingdezhen-ceramics', '景德镇城东第三方物流仓', 'Jingdezhen East Third-Party Warehouse',           false, 0.30),
  ('hub-hn-1',  'haining-leather',     '海宁皮革城物流中心',     'Haining Leather City Logistics Centre',            true,  1.00),
  ('hub-yx-1',  'yixing-zisha',        '宜兴紫砂产地仓',         'Yixing Zisha Origin Warehouse',                    true,  0.65),
  ('hub-yx-2',  'yixing-zisha',        '丁蜀镇快递集散点',       'Dingshu Parcel Consolidation Point',               false, 0.35),
  ('hub-sz-1',  'suzhou-silk',         '苏州丝绸质检物流中心',   'Suzhou Silk QC and Logistics Centre',              true,  1.00),
  ('hub-hz-1',  'hangzhou-textiles',   '杭州女装云仓',           'Hangzhou Womenswear Cloud Warehouse',              false, 0.55),
  ('hub-hz-2',  'hangzhou-textiles',   '余杭服装产地仓',         'Yuhang Apparel Origin Warehouse',                  true,  0.45),
  ('hub-lyg-1', 'lianyungang-seafood', '赣榆海鲜冷链产地仓',     'Ganyu Seafood Cold-Chain Origin Warehouse',        true,  0.60),
  ('hub-lyg-2', 'lianyungang-seafood', '海头镇冷链集散中心',     'Haitou Cold-Chain Consolidation Centre',           false, 0.40)
) v(hub_id, belt_id, name_zh, name_en, origin_certified, weight)
WHERE belt_id IN (SELECT belt_id FROM demo_belts);

-- Live-stream bases. role: thriving | normal | dying. weight: share of the belt's base merchants
-- who make it their home. util: target room utilisation over the last year (rooms are sized
-- from the sessions streamed there; a dying base's from its first busy months, 41_base_booking.sql);
-- fixed_rooms: rooms built regardless of use (none today).
-- invest_wan_per_m: investment in 万 CNY per 1M demo orders (magnitudes scale with the demo).
-- base_type: vertical (one category) or comprehensive (a park of public rooms for any trade).
CREATE OR REPLACE TEMP TABLE demo_base_plan AS
SELECT * FROM (VALUES
  ('base-jdz-1', 'jingdezhen-ceramics', '景德镇国营老瓷厂直播基地', 'Jingdezhen Former State Porcelain Factory Live Base', 'state_owned', 26000, DATE '2020-05-18', 3000.0, 16.0, 'thriving', 0.80, 0.55, NULL, 'vertical'),
  ('base-jdz-2', 'jingdezhen-ceramics', '景德镇陶瓷创意园直播中心', 'Jingdezhen Ceramic Creative Park Live Centre',        'private',     3500,  DATE '2023-03-01',  600.0, 12.0, 'normal',   0.20, 0.30, NULL, 'vertical'),
  ('base-hn-1',  'haining-leather',     '海宁皮革城直播基地',       'Haining Leather City Live Base',                      'private',     8000,  DATE '2020-09-01', 1500.0, 14.0, 'normal',   1.00, 0.30, NULL, 'vertical'),
  ('base-yx-1',  'yixing-zisha',        '丁蜀紫砂直播基地',         'Dingshu Zisha Live Base',                             'association', 4000,  DATE '2021-04-01',  800.0, 12.0, 'normal',   0.80, 0.30, NULL, 'vertical'),
  ('base-yx-2',  'yixing-zisha',        '宜兴紫砂电商直播产业园',   'Yixing Zisha E-commerce Live Park',                   'three_party', 6000,  DATE '2025-03-18', 2000.0, 12.0, 'dying',    0.20, 0.25, NULL, 'comprehensive'),
  ('base-sz-1',  'suzhou-silk',         '苏州丝绸直播中心',         'Suzhou Silk Live Centre',                             'private',     2500,  DATE '2022-06-01',  500.0, 12.0, 'normal',   1.00, 0.30, NULL, 'vertical'),
  ('base-hz-1',  'hangzhou-textiles',   '杭州女装直播基地',         'Hangzhou Womenswear Live Base',                       'private',     12000, DATE '2019-10-01', 2000.0, 16.0, 'normal',   0.70, 0.30, NULL, 'comprehensive'),
  ('base-hz-2',  'hangzhou-textiles',   '杭州视频号直播基地',       'Hangzhou WeChat Channels Live Base',                  'state_owned', 5000,  DATE '2023-08-01', 1200.0, 12.0, 'normal',   0.60, 0.30, NULL, 'vertical'),
  ('base-lyg-1', 'lianyungang-seafood', '赣榆海头海鲜直播基地',     'Ganyu Haitou Seafood Live Base',                      'association', 3000,  DATE '2021-05-01',  600.0, 14.0, 'normal',   1.00, 0.30, NULL, 'vertical')
) v(base_id, belt_id, name_zh, name_en, operator_model, area_m2, opened_on, invest_wan_per_m,
    operating_hours_per_day, role, weight, util, fixed_rooms, base_type)
WHERE belt_id IN (SELECT belt_id FROM demo_belts);

-- Per belt: its bases and hubs as lists for categorical picks.
CREATE OR REPLACE TEMP TABLE demo_belt_sites AS
WITH b AS (
  SELECT belt_id,
         list(base_id ORDER BY base_id) AS base_ids,
         list(weight ORDER BY base_id) AS base_w,
         -- merchants who stream elsewhere visit the belt's first non-dying base
         min(base_id) FILTER (WHERE role <> 'dying') AS visit_base,
         -- a thriving base is home to its belt's three biggest merchants
         min(base_id) FILTER (WHERE role = 'thriving') AS thriving_base
  FROM demo_base_plan GROUP BY belt_id),
h AS (
  SELECT belt_id, list(hub_id ORDER BY hub_id) AS hub_ids, list(weight ORDER BY hub_id) AS hub_w
  FROM demo_hub_plan GROUP BY belt_id)
SELECT belt_id, base_ids, visit_base, thriving_base,
       list_transform(range(1, len(base_ids)), lambda i: list_sum(base_w[1:i]) / list_sum(base_w)) AS base_cum,
       hub_ids,
       list_transform(range(1, len(hub_ids)), lambda i: list_sum(hub_w[1:i]) / list_sum(hub_w)) AS hub_cum
FROM b JOIN h USING (belt_id);

-- Destination provinces: weight (online spending, coastal heavier), a few cities, remote flag.
CREATE OR REPLACE TEMP TABLE demo_prov AS
SELECT p.province_code, p.name_zh, v.weight, v.cities, v.remote
FROM provinces p JOIN (VALUES
  ('110000', 5.0,  ['北京市'], false),
  ('120000', 1.6,  ['天津市'], false),
  ('130000', 3.5,  ['石家庄市', '保定市', '唐山市', '廊坊市'], false),
  ('140000', 1.5,  ['太原市', '大同市', '运城市'], false),
  ('150000', 1.0,  ['呼和浩特市', '包头市', '鄂尔多斯市'], true),
  ('210000', 2.5,  ['沈阳市', '大连市', '鞍山市'], false),
  ('220000', 1.0,  ['长春市', '吉林市'], false),
  ('230000', 1.4,  ['哈尔滨市', '大庆市', '齐齐哈尔市'], false),
  ('310000', 6.0,  ['上海市'], false),
  ('320000', 10.0, ['南京市', '苏州市', '无锡市', '常州市', '南通市', '徐州市'], false),
  ('330000', 10.0, ['杭州市', '宁波市', '温州市', '嘉兴市', '金华市', '绍兴市'], false),
  ('340000', 3.2,  ['合肥市', '芜湖市', '阜阳市'], false),
  ('350000', 4.5,  ['福州市', '厦门市', '泉州市'], false),
  ('360000', 2.0,  ['南昌市', '赣州市', '九江市', '景德镇市'], false),
  ('370000', 7.0,  ['济南市', '青岛市', '烟台市', '临沂市', '潍坊市'], false),
  ('410000', 4.5,  ['郑州市', '洛阳市', '南阳市'], false),
  ('420000', 3.5,  ['武汉市', '宜昌市', '襄阳市'], false),
  ('430000', 3.2,  ['长沙市', '株洲市', '衡阳市'], false),
  ('440000', 14.0, ['广州市', '深圳市', '东莞市', '佛山市', '珠海市'], false),
  ('450000', 2.0,  ['南宁市', '柳州市', '桂林市'], false),
  ('460000', 0.6,  ['海口市', '三亚市'], true),
  ('500000', 2.2,  ['重庆市'], false),
  ('510000', 4.5,  ['成都市', '绵阳市', '宜宾市'], false),
  ('520000', 1.3,  ['贵阳市', '遵义市'], false),
  ('530000', 1.8,  ['昆明市', '曲靖市', '大理白族自治州'], false),
  ('540000', 0.1,  ['拉萨市'], true),
  ('610000', 2.2,  ['西安市', '宝鸡市', '咸阳市'], false),
  ('620000', 0.8,  ['兰州市', '天水市'], true),
  ('630000', 0.25, ['西宁市'], true),
  ('640000', 0.3,  ['银川市'], true),
  ('650000', 0.8,  ['乌鲁木齐市', '克拉玛依市'], true),
  ('810000', 0.15, ['九龙', '香港岛', '新界'], true),
  ('820000', 0.05, ['澳门半岛'], true)
) v(province_code, weight, cities, remote) ON p.province_code = v.province_code;

-- Destination cities, numbered; a province's weight is shared by its cities.
CREATE OR REPLACE TEMP TABLE demo_city AS
WITH c AS (
  SELECT province_code, name_zh AS province, weight / len(cities) AS weight, remote,
         unnest(cities) AS city, generate_subscripts(cities, 1) AS city_ord
  FROM demo_prov)
SELECT (row_number() OVER (ORDER BY province_code, city_ord))::INTEGER AS city_idx, province_code, province, city, remote, weight
FROM c;

-- Lookup arrays for fast weighted picks: lut[1 + floor(u * len(lut))].
CREATE OR REPLACE TEMP TABLE demo_lut AS
WITH city AS (
  SELECT list(city_idx ORDER BY city_idx, r) AS city_lut
  FROM demo_city, range(greatest(1, round(weight * 60))::BIGINT) t(r)),
shelf_hours AS (  -- hour of day for shelf and short-video orders
  SELECT list(h ORDER BY h, r) AS hour_lut
  FROM (VALUES (0, 4), (1, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (7, 3), (8, 4), (9, 5), (10, 6), (11, 6),
               (12, 7), (13, 6), (14, 6), (15, 6), (16, 6), (17, 6), (18, 7), (19, 9), (20, 11), (21, 12), (22, 11), (23, 8)) v(h, w),
       range(w) t(r))
SELECT city_lut, hour_lut FROM city, shelf_hours;
