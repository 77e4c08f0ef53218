-- Buyer pools per platform: buyers are drawn with a skew, so some buy again and again.
CREATE OR REPLACE TEMP TABLE demo_pool AS
SELECT platform_id, greatest(200, round(0.8 * sum(e)))::BIGINT AS pool FROM demo_cells GROUP BY platform_id;

-- Each belt's home province (a share of orders ship inside it): its first city and city count.
CREATE OR REPLACE TEMP TABLE demo_belt_home AS
SELECT b.belt_id, min(c.city_idx) AS home_first, count(*)::INTEGER AS home_n
FROM demo_belts b JOIN demo_city c ON c.province = b.province_zh
GROUP BY b.belt_id;

-- Order lines. Live lines are numbered session by session, shelf lines cell by cell; lines come
-- in triplets, each triplet split into parent orders by one of four patterns ([1,1,1] mostly,
-- [2,1], [1,2], [3]); every per-order value (time, buyer, address) hangs off the parent's
-- first line (the leader), so the lines of one parent share them.
-- Integer salts in this hot path: 1 split, 2–5 live timing, 6 kiln timing, 7 shelf merchant,
-- 8 product, 9 product price, 10–12 buyer, 14–16 address, 17–18 hub/QC, 19 refund,
-- 20–22 shipping, 23 quantity, 24 shelf time, 25 price ending.
INSERT INTO orders (platform_id, order_id, parent_order_id, merchant_id, belt_id, session_id, product_id,
                    category_id, non_standard, quantity, amount, buyer_id, paid_at, refund_amount,
                    ship_province, ship_city, hub_id, qc_passed, shipped_at, delivered_at, channel, dataset_id)
WITH live AS (
  SELECT s.sk AS src_key, s.session_no, s.session_id, s.kiln_opening, s.belt_id, s.platform_id, s.merchant_no,
         s.double11, s.sf_off, s.start_epoch, s.dur_min * 60 AS dur_s, s.n_lines, s.line_base, s.block,
         s.shape_w0, s.shape_w1, s.shape_k,
         unnest(range(s.n_lines)) AS k
  FROM demo_sessions s WHERE s.n_lines > 0),
live2 AS (
  SELECT live.*, line_base + k AS line_no, k // 3 AS t,
         CASE WHEN kiln_opening THEN k % 3
              ELSE CASE WHEN demo_u(hash(getvariable('demo_seed'), src_key, k // 3, 1)) < 0.84 THEN k % 3
                        WHEN demo_u(hash(getvariable('demo_seed'), src_key, k // 3, 1)) < 0.90 THEN CASE WHEN k % 3 < 2 THEN 0 ELSE 2 END
                        WHEN demo_u(hash(getvariable('demo_seed'), src_key, k // 3, 1)) < 0.96 THEN CASE WHEN k % 3 = 0 THEN 0 ELSE 1 END
                        ELSE 0 END
         END AS leader_pos
  FROM live),
live3 AS (
  SELECT live2.*, t * 3 + leader_pos AS leader_k, line_base + t * 3 + leader_pos AS leader_line,
         k // block AS j
  FROM live2),
live4 AS (
  SELECT src_key, session_no, session_id, kiln_opening, belt_id, platform_id, merchant_no, double11, sf_off,
         line_no, leader_k, leader_line, j,
         start_epoch + CASE
           WHEN kiln_opening THEN  -- a flash listing: sold seconds after it goes up, later ones in a slow listing
             demo_listed_off(getvariable('demo_seed'), src_key, j, (n_lines + block - 1) // block, dur_s)
             + 2 + (k % block) * (2 + demo_mod(hash(getvariable('demo_seed'), line_no, 6), 15))
             + CASE WHEN demo_slow(getvariable('demo_seed'), src_key, j)
                    THEN demo_mod(hash(getvariable('demo_seed'), line_no, 6, 1), 240)
                    ELSE demo_mod(hash(getvariable('demo_seed'), line_no, 6, 1), 8) END
           ELSE least(dur_s - 1, floor(dur_s * CASE
             WHEN demo_u(hash(getvariable('demo_seed'), leader_line, 2)) < shape_w0
               THEN demo_u(hash(getvariable('demo_seed'), leader_line, 3))
             WHEN demo_u(hash(getvariable('demo_seed'), leader_line, 2)) < shape_w0 + shape_w1
               THEN (demo_u(hash(getvariable('demo_seed'), leader_line, 3)) + demo_u(hash(getvariable('demo_seed'), leader_line, 4))) / 2
             ELSE (floor(demo_u(hash(getvariable('demo_seed'), leader_line, 5)) * shape_k)
                   + (demo_u(hash(getvariable('demo_seed'), leader_line, 3)) + demo_u(hash(getvariable('demo_seed'), leader_line, 4))) / 2) / shape_k
           END))::BIGINT
         END AS paid_epoch
  FROM live3),
shelf AS (
  SELECT c.cell_id AS src_key, c.belt_id, c.platform_id, c.month_idx, c.day_epoch, c.double11, c.nov11, c.sf_off,
         (SELECT sum(n_lines) FROM demo_sessions) + c.shelf_base AS line_base,
         unnest(range(c.n_shelf)) AS k
  FROM demo_shelf_cells c WHERE c.n_shelf > 0),
shelf2 AS (
  SELECT shelf.*, line_base + k AS line_no,
         demo_u(hash(getvariable('demo_seed'), src_key, k // 3, 7)) AS u_m,
         k // 3 * 3 + CASE WHEN demo_u(hash(getvariable('demo_seed'), src_key, k // 3, 1)) < 0.86 THEN k % 3
                           WHEN demo_u(hash(getvariable('demo_seed'), src_key, k // 3, 1)) < 0.91 THEN CASE WHEN k % 3 < 2 THEN 0 ELSE 2 END
                           WHEN demo_u(hash(getvariable('demo_seed'), src_key, k // 3, 1)) < 0.97 THEN CASE WHEN k % 3 = 0 THEN 0 ELSE 1 END
                           ELSE 0 END AS leader_k
  FROM shelf),
shelf3 AS (
  SELECT s.src_key, NULL::BIGINT AS session_no, NULL::VARCHAR AS session_id, false AS kiln_opening,
         s.belt_id, s.platform_id, ps.merchant_no, s.double11, s.sf_off,
         s.line_no, s.leader_k, s.line_base + s.leader_k AS leader_line, NULL::BIGINT AS j,
         s.day_epoch
         + 3600 * CASE
             -- the Double 11 midnight rush
             WHEN s.nov11 AND demo_u(hash(getvariable('demo_seed'), s.line_base + s.leader_k, 24, 2)) < 0.25 THEN 0
             ELSE lut.hour_lut[1 + floor(demo_u(hash(getvariable('demo_seed'), s.line_base + s.leader_k, 24)) * len(lut.hour_lut))::INTEGER]
           END
         + demo_mod(hash(getvariable('demo_seed'), s.line_base + s.leader_k, 24, 3), 3600) AS paid_epoch
  FROM shelf2 s
  ASOF JOIN demo_pick_shelf ps
    ON s.belt_id = ps.belt_id AND s.platform_id = ps.platform_id AND s.month_idx = ps.month_idx AND s.u_m >= ps.lo
  CROSS JOIN demo_lut lut),
lines AS (
  SELECT * FROM live4
  UNION ALL
  SELECT * FROM shelf3),
x AS (
  SELECT l.*, m.merchant_id, m.price_f, m.size_f, m.hub_id AS m_hub, m.hub_share, hp.origin_certified AS hub_cert,
         pr.price_median, pr.price_sigma, pr.ns_share, pr.refund_full, pr.refund_part, pr.home_bias,
         pr.ship_hours, pr.deliver_days, pr.season, b.category_id AS belt_category, bh.home_first, bh.home_n,
         p.pcode, p.oid_prefix, p.platform_ord, pool.pool,
         demo_mod(hash(getvariable('demo_seed'), 'oid'), 1000000000000000) AS oid_off,
         floor(8 + 40 * m.size_f * demo_u(hash(getvariable('demo_seed'), l.merchant_no, 'catalogue')))::BIGINT AS n_prod
  FROM lines l
  JOIN demo_merchants m ON m.merchant_no = l.merchant_no
  JOIN demo_hub_plan hp ON hp.hub_id = m.hub_id
  JOIN demo_profile pr ON pr.belt_id = l.belt_id
  JOIN demo_belts b ON b.belt_id = l.belt_id
  LEFT JOIN demo_belt_home bh ON bh.belt_id = l.belt_id
  JOIN demo_platform p ON p.platform_id = l.platform_id
  JOIN demo_pool pool ON pool.platform_id = l.platform_id),
x2 AS (
  SELECT x.*,
         floor(n_prod * pow(demo_u(hash(getvariable('demo_seed'), line_no, 8)), 2))::BIGINT AS prod_idx,
         -- buyer: a fresh draw per parent, or (12 % in a session) the buyer of an earlier order in it
         floor(pool * pow(demo_u(
           CASE WHEN session_no IS NOT NULL AND leader_k > 0 AND demo_u(hash(getvariable('demo_seed'), leader_line, 10)) < 0.12
                THEN hash(getvariable('demo_seed'), src_key, floor(demo_u(hash(getvariable('demo_seed'), leader_line, 11)) * leader_k)::BIGINT, 12)
                ELSE hash(getvariable('demo_seed'), src_key, leader_k, 12) END), 1.25))::BIGINT AS bi,
         demo_u(hash(getvariable('demo_seed'), line_no, 19)) AS u_ref,
         demo_u(hash(getvariable('demo_seed'), line_no, 23)) AS u_qty
  FROM x),
x3 AS (
  SELECT x2.*,
         CASE WHEN kiln_opening THEN merchant_id || '-K' || session_no::VARCHAR || '-' || (j + 1)::VARCHAR
              ELSE merchant_id || '-P' || lpad(prod_idx::VARCHAR, 4, '0') END AS product_id,
         CASE WHEN kiln_opening THEN 1.25 * price_median * price_f
                                     * exp(price_sigma * demo_g(hash(getvariable('demo_seed'), src_key, j, 9)))
              ELSE price_median * price_f * exp(price_sigma * demo_g(hash(getvariable('demo_seed'), merchant_no, prod_idx, 9)))
                   * CASE WHEN double11 THEN 0.88 ELSE 1.0 END END AS raw_price,
         -- Yixing shops also sell tea
         CASE WHEN season = 'zisha' AND NOT kiln_opening
                   AND demo_u(hash(getvariable('demo_seed'), merchant_no, prod_idx, 8)) < 0.08 THEN 'tea'
              ELSE belt_category END AS category_id,
         kiln_opening OR demo_u(hash(getvariable('demo_seed'), merchant_no, prod_idx, 8, 1)) < ns_share AS non_standard,
         CASE WHEN kiln_opening THEN 1
              WHEN season = 'seafood' THEN 1 + floor(3 * u_qty * u_qty)::INTEGER
              WHEN season = 'apparel' THEN 1 + (u_qty < 0.15)::INTEGER + (u_qty < 0.04)::INTEGER
              ELSE 1 + (u_qty < 0.05)::INTEGER END AS quantity,
         -- the buyer's city, or (home_bias) a city of the belt's own province
         CASE WHEN home_n > 0 AND demo_u(hash(getvariable('demo_seed'), leader_line, 15)) < home_bias
              THEN home_first + demo_mod(hash(getvariable('demo_seed'), leader_line, 16), home_n)
              ELSE lut.city_lut[1 + floor(demo_u(hash(getvariable('demo_seed'), platform_ord, bi, 14)) * len(lut.city_lut))::INTEGER]
         END AS city_idx
  FROM x2 CROSS JOIN demo_lut lut),
x4 AS (
  SELECT x3.*,
         -- a flash listing has one price: its ending depends on the listing, not on the line
         (CASE WHEN raw_price >= 20 AND demo_mod(hash(getvariable('demo_seed'), src_key, j, CASE WHEN kiln_opening THEN -1 ELSE prod_idx END, 25), 2) = 0
               THEN round(raw_price) - 0.1 ELSE greatest(round(raw_price), 9.9) END)::DECIMAL(18,2) AS unit_price,
         CASE WHEN m_hub IS NOT NULL AND demo_u(hash(getvariable('demo_seed'), line_no, 17)) < hub_share THEN m_hub END AS hub_id,
         -- hours to ship: slower around Double 11 and the Spring Festival, seafood same day
         paid_epoch + greatest(1800, floor(3600 * ship_hours * exp(0.6 * demo_g(hash(getvariable('demo_seed'), line_no, 20)))
                                         * CASE WHEN double11 THEN 2.5 WHEN sf_off BETWEEN -5 AND 6 THEN 4.0 ELSE 1.0 END))::BIGINT AS ship_epoch
  FROM x3),
x5 AS (
  SELECT x4.*, c.province AS ship_province, c.city AS ship_city, (unit_price * quantity)::DECIMAL(18,2) AS amount,
         ship_epoch + floor(86400 * (deliver_days * exp(0.35 * demo_g(hash(getvariable('demo_seed'), line_no, 21)))
                                     + CASE WHEN c.remote THEN 2 ELSE 0 END))::BIGINT AS deliver_epoch,
         CASE WHEN hub_id IS NULL THEN NULL
              ELSE demo_u(hash(getvariable('demo_seed'), line_no, 18)) < CASE WHEN hub_cert THEN 0.965 ELSE 0.985 END END AS qc_passed
  FROM x4 JOIN demo_city c USING (city_idx)),
x6 AS (
  SELECT x5.*, demo_id(oid_prefix, line_no, oid_off) AS order_id FROM x5)
SELECT platform_id, order_id,
       CASE WHEN leader_line = line_no THEN order_id ELSE demo_id(oid_prefix, leader_line, oid_off) END AS parent_order_id,
       merchant_id, belt_id, session_id, product_id, category_id, non_standard, quantity, amount,
       pcode || '_' || lpad(bi::VARCHAR, 9, '0') AS buyer_id,
       to_timestamp(paid_epoch) AS paid_at,
       CASE WHEN u_ref < refund_full * CASE WHEN kiln_opening THEN 0.5 ELSE 1.0 END * CASE WHEN qc_passed = false THEN 3.0 ELSE 1.0 END
              THEN amount
            WHEN u_ref < (refund_full + refund_part) * CASE WHEN qc_passed = false THEN 3.0 ELSE 1.0 END
              THEN round(amount * (0.1 + 0.4 * demo_u(hash(getvariable('demo_seed'), line_no, 19, 1))), 2)::DECIMAL(18,2)
            ELSE 0::DECIMAL(18,2) END AS refund_amount,
       ship_province, ship_city, hub_id, qc_passed,
       -- a full refund before shipping cancels the parcel; nothing ships or arrives after the end date
       CASE WHEN ship_epoch < getvariable('demo_end_epoch')
                 AND NOT (u_ref < refund_full * 0.3 AND NOT kiln_opening) THEN to_timestamp(ship_epoch) END AS shipped_at,
       CASE WHEN deliver_epoch < getvariable('demo_end_epoch')
                 AND NOT (u_ref < refund_full * 0.3 AND NOT kiln_opening) THEN to_timestamp(deliver_epoch) END AS delivered_at,
       -- bought in a session: the live room; otherwise about a third came from short videos
       CASE WHEN session_id IS NOT NULL THEN 'live'
            WHEN demo_u(hash(getvariable('demo_seed'), leader_line, 26)) < 0.35 THEN 'short_video'
            ELSE 'shelf' END AS channel,
       getvariable('demo_ds')
FROM x6
-- stored in time order: zone maps then skip row groups outside a date filter
ORDER BY paid_epoch, line_no;
