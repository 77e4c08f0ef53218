-- Flash listings of the kiln-opening sessions: the sold ones carry the session's order lines
-- (block by block, as in the orders step); a few more go up late and do not sell.
INSERT INTO listings (platform_id, session_id, listing_id, product_id, listed_at, first_sold_at, sold_out_at,
                      units_listed, units_sold, price, dataset_id)
WITH s AS (
  SELECT s.*, (s.n_lines + s.block - 1) // s.block AS n_sold_listings,
         demo_mod(hash(getvariable('demo_seed'), s.sk, 'unsold'), 3) AS n_unsold,
         m.price_f, pr.price_median, pr.price_sigma
  FROM demo_sessions s
  JOIN demo_merchants m USING (merchant_no)
  JOIN demo_profile pr ON pr.belt_id = s.belt_id
  WHERE s.kiln_opening),
l AS (
  SELECT s.*, unnest(range(s.n_sold_listings + s.n_unsold)) AS j FROM s),
l2 AS (
  SELECT l.*, merchant_id || '-K' || session_no::VARCHAR || '-' || (j + 1)::VARCHAR AS product_id FROM l),
agg AS (
  SELECT o.platform_id, o.session_id, o.product_id, sum(o.quantity)::INTEGER AS units_sold,
         min(o.paid_at) AS first_sold_at, max(o.paid_at) AS last_sold_at, min(o.amount / o.quantity)::DECIMAL(18,2) AS price
  FROM orders o
  WHERE o.dataset_id = getvariable('demo_ds')
    AND o.session_id IN (SELECT session_id FROM demo_sessions WHERE kiln_opening)
  GROUP BY ALL),
x AS (
  SELECT l2.*, a.units_sold, a.first_sold_at, a.last_sold_at, a.price,
         coalesce(a.units_sold, 0) > 0
           AND demo_u(hash(getvariable('demo_seed'), l2.sk, l2.j, 'soldout'))
               < CASE WHEN demo_slow(getvariable('demo_seed'), l2.sk, l2.j) THEN 0.4 ELSE 0.8 END AS sold_out
  FROM l2 LEFT JOIN agg a ON a.platform_id = l2.platform_id AND a.session_id = l2.session_id AND a.product_id = l2.product_id)
SELECT platform_id, session_id, session_id || '-' || lpad((j + 1)::VARCHAR, 3, '0') AS listing_id, product_id,
       to_timestamp(start_epoch + CASE
         WHEN j < n_sold_listings THEN demo_listed_off(getvariable('demo_seed'), sk, j, n_sold_listings, dur_min * 60)
         ELSE dur_min * 60 - 700 + demo_mod(hash(getvariable('demo_seed'), sk, j, 'late'), 300) END) AS listed_at,
       first_sold_at,
       CASE WHEN sold_out THEN last_sold_at END AS sold_out_at,
       coalesce(units_sold, 0) + CASE WHEN sold_out THEN 0 ELSE 1 + demo_mod(hash(getvariable('demo_seed'), sk, j, 'left'), 3) END AS units_listed,
       coalesce(units_sold, 0) AS units_sold,
       coalesce(price, round(1.25 * price_median * price_f * exp(price_sigma * demo_g(hash(getvariable('demo_seed'), sk, j, 'uprice')))))::DECIMAL(18,2) AS price,
       getvariable('demo_ds')
FROM x
ORDER BY session_no, j;

-- Firings. Each kiln opening shows a firing of the day before: pieces fired, 次品 (a hot kiln
-- ruins large pieces more often) and first-grade pieces; the listed pieces are the good ones.
-- Other Jingdezhen and Yixing workshops fire on their own rhythm.
CREATE OR REPLACE TEMP TABLE demo_month_days AS
SELECT month_idx, min(day_idx) AS first_day, max(day_idx) AS last_day FROM demo_days GROUP BY month_idx;

INSERT INTO production_batches (batch_id, merchant_id, belt_id, fired_at, pieces, first_grade, defective, dataset_id)
WITH k AS (
  SELECT s.session_no, s.sk, s.merchant_id, s.belt_id, s.start_epoch, sum(l.units_listed) AS listed
  FROM demo_sessions s
  JOIN listings l ON l.platform_id = s.platform_id AND l.session_id = s.session_id AND l.dataset_id = getvariable('demo_ds')
  WHERE s.kiln_opening
  GROUP BY ALL),
k2 AS (
  SELECT k.*, demo_u(hash(getvariable('demo_seed'), sk, 'large')) < 0.3 AS large_pieces FROM k),
k3 AS (
  SELECT k2.*,
         CASE WHEN large_pieces THEN 0.25 + 0.2 * demo_u(hash(getvariable('demo_seed'), sk, 'dr'))
              ELSE 0.05 + 0.1 * demo_u(hash(getvariable('demo_seed'), sk, 'dr')) END AS dr
  FROM k2),
k4 AS (
  SELECT k3.*, ceil(listed / (1 - dr) * (1 + 0.15 * demo_u(hash(getvariable('demo_seed'), sk, 'extra'))))::INTEGER AS pieces
  FROM k3),
kiln AS (
  SELECT 'KB-' || lpad(session_no::VARCHAR, 7, '0') AS batch_id, merchant_id, belt_id,
         start_epoch - floor(3600 * (18 + 30 * demo_u(hash(getvariable('demo_seed'), sk, 'fired'))))::BIGINT AS fired_epoch,
         pieces, floor(pieces * dr)::INTEGER AS defective,
         demo_u(hash(getvariable('demo_seed'), sk, 'fg')) AS u_fg
  FROM k4),
r AS (
  SELECT m.*, md1.first_day, md2.last_day,
         greatest(1, round(CASE size_class WHEN 'large' THEN 24 WHEN 'medium' THEN 12 WHEN 'small' THEN 6 ELSE 3 END
                           * (m_end - m_start + 1) / ((SELECT max(month_idx) FROM demo_days) + 1)))::INTEGER AS n_batches
  FROM demo_merchants m
  JOIN demo_month_days md1 ON md1.month_idx = m.m_start
  JOIN demo_month_days md2 ON md2.month_idx = m.m_end
  WHERE m.belt_id IN ('jingdezhen-ceramics', 'yixing-zisha') AND m.kind IN ('craftsman', 'factory')),
r2 AS (
  SELECT r.*, unnest(range(r.n_batches)) AS b FROM r),
r3 AS (
  SELECT r2.*,
         first_day + floor(demo_u(hash(getvariable('demo_seed'), merchant_no, b, 'rday')) * (last_day - first_day + 1))::INTEGER AS day_idx,
         demo_u(hash(getvariable('demo_seed'), merchant_no, b, 'rlarge')) < CASE kind WHEN 'craftsman' THEN 0.25 ELSE 0.15 END AS large_pieces,
         CASE kind WHEN 'craftsman' THEN 20 + floor(130 * demo_u(hash(getvariable('demo_seed'), merchant_no, b, 'rpieces')))
                   ELSE 200 + floor(1800 * demo_u(hash(getvariable('demo_seed'), merchant_no, b, 'rpieces'))) END::INTEGER AS pieces,
         demo_u(hash(getvariable('demo_seed'), merchant_no, b, 'rdr')) AS u_dr
  FROM r2),
routine AS (
  SELECT 'RB-' || merchant_id || '-' || lpad((b + 1)::VARCHAR, 3, '0') AS batch_id, merchant_id, r3.belt_id,
         d.day_epoch + 3600 * (6 + demo_mod(hash(getvariable('demo_seed'), merchant_no, b, 'rhour'), 12)) AS fired_epoch,
         pieces,
         floor(pieces * CASE WHEN r3.belt_id = 'yixing-zisha'
                             THEN CASE WHEN large_pieces THEN 0.10 + 0.10 * u_dr ELSE 0.03 + 0.07 * u_dr END
                             ELSE CASE WHEN large_pieces THEN 0.25 + 0.20 * u_dr ELSE 0.05 + 0.10 * u_dr END END)::INTEGER AS defective,
         demo_u(hash(getvariable('demo_seed'), merchant_no, b, 'rfg')) AS u_fg
  FROM r3 JOIN demo_days d USING (day_idx))
SELECT batch_id, merchant_id, belt_id, to_timestamp(fired_epoch), pieces,
       round((pieces - defective) * (0.7 + 0.25 * u_fg))::INTEGER AS first_grade, defective, getvariable('demo_ds')
FROM (SELECT * FROM kiln UNION ALL SELECT * FROM routine)
ORDER BY batch_id;
