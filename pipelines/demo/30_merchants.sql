-- Merchants: about orders/250 (at least 40, at most 3000 per belt), ranked by a Zipf-like
-- weight so a few large merchants dominate; the rank sets the size class.
CREATE OR REPLACE TEMP TABLE demo_merchants AS
WITH c AS (
  SELECT b.*, s.base_ids, s.base_cum, s.visit_base, s.thriving_base, s.hub_ids, s.hub_cum,
         greatest(40, least(3000, round(getvariable('demo_n') / 250.0 * b.merchant_share)))::INTEGER AS m_count
  FROM demo_belts b JOIN demo_belt_sites s USING (belt_id)),
m AS (
  SELECT c.*, unnest(range(1, c.m_count + 1))::INTEGER AS rnk FROM c),
m1 AS (
  SELECT m.*, belt_ord * 100000 + rnk AS merchant_no,
         CASE WHEN rnk <= greatest(1, round(m_count * 0.02)) THEN 'large'
              WHEN rnk <= greatest(3, round(m_count * 0.12)) THEN 'medium'
              WHEN rnk <= greatest(10, round(m_count * 0.42)) THEN 'small'
              ELSE 'micro' END AS size_class
  FROM m),
m2 AS (
  SELECT m1.*,
         'M-' || code || '-' || lpad(((rnk * 7919 + belt_ord * 131) % 100000)::VARCHAR, 5, '0') AS merchant_id,
         pow(rnk, -0.8) * exp(0.25 * demo_g(hash(getvariable('demo_seed'), merchant_no, 'mw'))) AS pick_w,
         CASE size_class WHEN 'large' THEN 2.0 WHEN 'medium' THEN 1.5 WHEN 'small' THEN 1.0 ELSE 0.7 END AS size_f,
         demo_pick(kinds, CASE WHEN size_class IN ('large', 'medium') THEN cum_big ELSE cum_small END,
                   demo_u(hash(getvariable('demo_seed'), merchant_no, 'kind'))) AS kind
  FROM m1),
m3 AS (
  SELECT m2.*, k.fallback_venue, k.live_prop, k.shelf_prop,
         CASE WHEN thriving_base IS NOT NULL AND rnk <= 3 THEN 'base'
              WHEN demo_u(hash(getvariable('demo_seed'), merchant_no, 'boost')) < base_boost THEN 'base'
              ELSE demo_pick(k.venues, k.venue_cum, demo_u(hash(getvariable('demo_seed'), merchant_no, 'venue'))) END AS venue0,
         CASE WHEN thriving_base IS NOT NULL AND rnk <= 3 THEN thriving_base
              ELSE demo_pick(base_ids, base_cum, demo_u(hash(getvariable('demo_seed'), merchant_no, 'base'))) END AS home_base,
         demo_pick(hub_ids, hub_cum, demo_u(hash(getvariable('demo_seed'), merchant_no, 'hub'))) AS hub_id,
         CASE WHEN size_class = 'large' THEN 0.92 ELSE 0.55 + 0.4 * demo_u(hash(getvariable('demo_seed'), merchant_no, 'hubshare')) END AS hub_share,
         -- brands price higher, traders lower
         CASE kind WHEN 'brand' THEN 1.3 WHEN 'trader' THEN 0.85 WHEN 'craftsman' THEN 1.1 ELSE 1.0 END
           * exp(0.15 * demo_g(hash(getvariable('demo_seed'), merchant_no, 'mprice'))) AS price_f,
         (SELECT max(month_idx) FROM demo_days) AS max_month
  FROM m2 JOIN demo_kind k USING (kind)),
m4 AS (
  SELECT m3.*,
         -- merchants who tried the dying base now stream from their own workshops
         CASE WHEN venue0 = 'base' AND (SELECT role FROM demo_base_plan bp WHERE bp.base_id = m3.home_base) = 'dying'
              THEN fallback_venue ELSE venue0 END AS home_venue,
         CASE WHEN size_class IN ('large', 'medium') OR demo_u(hash(getvariable('demo_seed'), merchant_no, 'ms')) < 0.65 THEN 0
              ELSE floor(demo_u(hash(getvariable('demo_seed'), merchant_no, 'ms2')) * (max_month + 1))::INTEGER END AS m_start
  FROM m3),
m5 AS (
  SELECT m4.*,
         CASE WHEN size_class = 'micro' AND demo_u(hash(getvariable('demo_seed'), merchant_no, 'me')) < 0.3
              THEN m_start + floor(demo_u(hash(getvariable('demo_seed'), merchant_no, 'me2')) * (max_month - m_start + 1))::INTEGER
              ELSE max_month END AS m_end,
         -- Chinese-looking names from syllable lists
         CASE
           WHEN kind = 'cooperative' THEN
             places[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n1'), len(places))]
             || cores[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n2'), len(cores))] || '专业合作社'
           WHEN demo_u(hash(getvariable('demo_seed'), merchant_no, 'nf')) < 0.4 THEN
             places[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n1'), len(places))]
             || cores[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n2'), len(cores))]
             || suffixes[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n3'), len(suffixes))]
           WHEN demo_u(hash(getvariable('demo_seed'), merchant_no, 'nf')) < 0.75 THEN
             ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '胡', '郭',
              '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭']
               [demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n4'), 30)] || '记'
             || cores[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n2'), len(cores))]
             || suffixes[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n3'), len(suffixes))]
           ELSE
             cores[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n2'), len(cores))]
             || ['东方', '御', '雅', '尚', '臻', '金', '福', '源', '和', '聚']
                  [demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n5'), 10)]
             || suffixes[demo_idx(hash(getvariable('demo_seed'), merchant_no, 'n3'), len(suffixes))]
         END AS name0
  FROM m4)
SELECT merchant_no, merchant_id, belt_id, belt_ord, code, mix_cum, size_class, size_f, kind, home_venue,
       fallback_venue, venue0 = 'base' AS base_member, home_base, visit_base, hub_id, hub_share, price_f, pick_w, live_prop, shelf_prop,
       m_start, m_end,
       -- names must be unique: account names are keys
       name0 || CASE WHEN row_number() OVER (PARTITION BY name0 ORDER BY merchant_no) > 1
                     THEN row_number() OVER (PARTITION BY name0 ORDER BY merchant_no)::VARCHAR || '号店' ELSE '' END AS name
FROM m5;

INSERT INTO merchants (merchant_id, belt_id, name, kind, size_class, home_venue, dataset_id)
SELECT merchant_id, belt_id, name, kind, size_class, home_venue, getvariable('demo_ds')
FROM demo_merchants ORDER BY merchant_no;

-- Platform accounts: the primary platform follows the belt's mix; larger merchants are on more
-- platforms (large ones on all four, with a second Douyin account).
CREATE OR REPLACE TEMP TABLE demo_accounts AS
WITH a AS (
  SELECT m.*, p.platform_id, p.platform_ord, p.short_zh,
         demo_pick(['douyin', 'kuaishou', 'taobao', 'wechat_channels'], m.mix_cum,
                   demo_u(hash(getvariable('demo_seed'), m.merchant_no, 'primary'))) = p.platform_id AS is_primary,
         demo_u(hash(getvariable('demo_seed'), m.merchant_no, p.platform_ord, 'acct')) AS ua
  FROM demo_merchants m, demo_platform p),
a2 AS (
  SELECT a.*, 1 AS acct_seq FROM a
  WHERE is_primary OR size_class = 'large' OR (size_class = 'medium' AND ua < 0.55) OR (size_class = 'small' AND ua < 0.2)
  UNION ALL
  SELECT a.*, 2 AS acct_seq FROM a WHERE size_class = 'large' AND platform_id = 'douyin')
SELECT merchant_no * 10 + platform_ord + (acct_seq - 1) * 5 AS account_key,
       merchant_no, merchant_id, belt_id, platform_id, platform_ord, acct_seq, m_start, m_end,
       name || '_' || short_zh || CASE WHEN acct_seq > 1 THEN acct_seq::VARCHAR || '号' ELSE '' END AS account,
       pick_w * live_prop * CASE WHEN is_primary THEN 1.0 ELSE 0.45 END * CASE WHEN acct_seq > 1 THEN 0.5 ELSE 1.0 END AS live_w,
       CASE WHEN acct_seq = 1 THEN pick_w * shelf_prop * CASE WHEN is_primary THEN 1.0 ELSE 0.45 END ELSE 0 END AS shelf_w
FROM a2;

INSERT INTO merchant_accounts (platform_id, account, merchant_id, dataset_id)
SELECT platform_id, account, merchant_id, getvariable('demo_ds') FROM demo_accounts ORDER BY account_key;

-- Weighted pick tables: for each belt × platform × month, the active accounts with the lower
-- bound of their cumulative weight share, for ASOF joins (u >= lo).
CREATE OR REPLACE TEMP TABLE demo_pick_live AS
SELECT a.belt_id, a.platform_id, mo.month_idx, a.account_key,
       (sum(a.live_w) OVER w - a.live_w) / sum(a.live_w) OVER (PARTITION BY a.belt_id, a.platform_id, mo.month_idx) AS lo
FROM demo_accounts a
JOIN (SELECT DISTINCT month_idx FROM demo_days) mo ON mo.month_idx BETWEEN a.m_start AND a.m_end
WINDOW w AS (PARTITION BY a.belt_id, a.platform_id, mo.month_idx ORDER BY a.account_key ROWS UNBOUNDED PRECEDING);

CREATE OR REPLACE TEMP TABLE demo_pick_shelf AS
SELECT a.belt_id, a.platform_id, mo.month_idx, a.merchant_no,
       (sum(a.shelf_w) OVER w - a.shelf_w) / sum(a.shelf_w) OVER (PARTITION BY a.belt_id, a.platform_id, mo.month_idx) AS lo
FROM demo_accounts a
JOIN (SELECT DISTINCT month_idx FROM demo_days) mo ON mo.month_idx BETWEEN a.m_start AND a.m_end
WHERE a.shelf_w > 0
WINDOW w AS (PARTITION BY a.belt_id, a.platform_id, mo.month_idx ORDER BY a.account_key ROWS UNBOUNDED PRECEDING);

INSERT INTO hubs (hub_id, belt_id, name_zh, name_en, origin_certified, dataset_id)
SELECT hub_id, belt_id, name_zh, name_en, origin_certified, getvariable('demo_ds') FROM demo_hub_plan ORDER BY hub_id;
