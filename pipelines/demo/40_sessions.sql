-- Live order lines per belt × platform, and sessions to carry them (~38 lines per selling
-- session), plus half as many again that sell nothing: in real exports about a third of sessions
-- have zero GMV (rehearsals, new anchors, slow days).
CREATE OR REPLACE TEMP TABLE demo_bp AS
SELECT belt_id, belt_ord, platform_id, platform_ord,
       round(sum(e * live_share))::BIGINT AS live_lines,
       greatest(3, round(sum(e * live_share) / 38.0 * 1.5))::BIGINT AS n_sessions
FROM demo_cells GROUP BY ALL;

-- Shelf / short-video lines: the rest of the orders, spread over the cells by weight.
-- Differences of rounded cumulative shares: the counts add up exactly.
CREATE OR REPLACE TEMP TABLE demo_shelf_cells AS
WITH c AS (
  SELECT c.*, e * (1 - live_share) AS ws,
         sum(e * (1 - live_share)) OVER (ORDER BY cell_id ROWS UNBOUNDED PRECEDING) AS cum,
         sum(e * (1 - live_share)) OVER () AS tot
  FROM demo_cells c),
c2 AS (
  SELECT c.*, coalesce(lag(cum) OVER (ORDER BY cell_id), 0) AS cum_lo,
         getvariable('demo_n') - (SELECT sum(live_lines) FROM demo_bp) AS shelf_total
  FROM c)
SELECT cell_id, day_idx, month_idx, day_epoch, double11, nov11, sf_off, belt_id, belt_ord, platform_id, platform_ord,
       (round(shelf_total * least(1.0, cum / tot)) - round(shelf_total * least(1.0, cum_lo / tot)))::BIGINT AS n_shelf,
       sum((round(shelf_total * least(1.0, cum / tot)) - round(shelf_total * least(1.0, cum_lo / tot)))::BIGINT)
         OVER (ORDER BY cell_id ROWS UNBOUNDED PRECEDING)
       - (round(shelf_total * least(1.0, cum / tot)) - round(shelf_total * least(1.0, cum_lo / tot)))::BIGINT AS shelf_base
FROM c2;

-- Session days: sessions follow the day weights, damped (more sessions and bigger ones on peak days).
CREATE OR REPLACE TEMP TABLE demo_daycum AS
SELECT belt_id, platform_id, day_idx, month_idx, day_epoch, double11, sf_off, w,
       coalesce(lag(cum) OVER (PARTITION BY belt_id, platform_id ORDER BY day_idx), 0) / tot AS lo
FROM (SELECT c.*,
             sum(pow(w, 0.6)) OVER (PARTITION BY belt_id, platform_id ORDER BY day_idx ROWS UNBOUNDED PRECEDING) AS cum,
             sum(pow(w, 0.6)) OVER (PARTITION BY belt_id, platform_id) AS tot
      FROM demo_cells c);

CREATE OR REPLACE TEMP TABLE demo_sess1 AS
WITH s1 AS (
  SELECT bp.belt_id, bp.belt_ord, bp.platform_id, bp.platform_ord, bp.live_lines, bp.n_sessions,
         unnest(range(bp.n_sessions)) AS j
  FROM demo_bp bp),
s2 AS (
  SELECT s1.*, (belt_ord * 10 + platform_ord) * 10000000 + j AS sk,
         (j + demo_u(hash(getvariable('demo_seed'), belt_ord, platform_ord, j, 'sday'))) / n_sessions AS q
  FROM s1),
s3 AS (
  SELECT s2.*, dc.day_idx, dc.month_idx, dc.day_epoch, dc.double11, dc.sf_off, dc.w,
         demo_u(hash(getvariable('demo_seed'), s2.sk, 'smer')) AS u_m
  FROM s2 ASOF JOIN demo_daycum dc
    ON s2.belt_id = dc.belt_id AND s2.platform_id = dc.platform_id AND s2.q >= dc.lo),
s4 AS (
  SELECT s3.*, pl.account_key
  FROM s3 ASOF JOIN demo_pick_live pl
    ON s3.belt_id = pl.belt_id AND s3.platform_id = pl.platform_id AND s3.month_idx = pl.month_idx AND s3.u_m >= pl.lo),
s5 AS (
  SELECT s4.*, ac.account, ac.merchant_no, m.merchant_id, m.code, m.kind, m.size_class, m.size_f, m.home_venue,
         m.fallback_venue, m.base_member, m.home_base, m.visit_base,
         hb.role AS home_role, hb.opened_on AS home_open, vb.opened_on AS visit_open,
         getvariable('demo_start') + s4.day_idx::INTEGER AS day_date,
         demo_u(hash(getvariable('demo_seed'), s4.sk, 'venue')) AS u_v
  FROM s4
  JOIN demo_accounts ac ON ac.account_key = s4.account_key
  JOIN demo_merchants m ON m.merchant_no = ac.merchant_no
  LEFT JOIN demo_base_plan hb ON hb.base_id = m.home_base
  LEFT JOIN demo_base_plan vb ON vb.base_id = m.visit_base),
s6 AS (
  SELECT s5.*,
         CASE WHEN base_member AND day_date >= home_open
                   AND u_v < CASE WHEN home_role = 'dying' THEN 0.9 * exp(-(day_date - home_open) / 180.0) ELSE 0.88 END
                THEN home_base
              WHEN NOT base_member AND visit_base IS NOT NULL AND day_date >= visit_open AND u_v < 0.06
                THEN visit_base
         END AS base_id
  FROM s5)
SELECT s6.*,
       j % 3 = 2 AS idle,  -- every third session of a belt × platform sells nothing (never its first)
       coalesce(base_id = home_base AND home_role = 'dying', false) AS at_dying_base,
       j % 3 <> 2 AND belt_id = 'jingdezhen-ceramics' AND kind IN ('craftsman', 'factory')
         AND demo_u(hash(getvariable('demo_seed'), sk, 'kiln')) < 0.22 AS kiln_opening,
       CASE WHEN j % 3 = 2 THEN 0.0 ELSE
         pow(w, 0.4) * size_f * exp(0.5 * demo_g(hash(getvariable('demo_seed'), sk, 'ssize')))
         * CASE WHEN coalesce(base_id = home_base AND home_role = 'dying', false) THEN 0.3 ELSE 1.0 END END AS sw
FROM s6;

-- Lines per session, start times (one account's sessions on a day take separate slots; base
-- sessions are booked into rooms below) and durations.
CREATE OR REPLACE TEMP TABLE demo_sess2 AS
WITH a AS (
  SELECT s.*, sw * CASE WHEN kiln_opening THEN 1.5 ELSE 1.0 END AS sw2 FROM demo_sess1 s),
b AS (
  SELECT a.*,
         sum(sw2) OVER (PARTITION BY belt_id, platform_id ORDER BY sk ROWS UNBOUNDED PRECEDING) AS cum,
         sum(sw2) OVER (PARTITION BY belt_id, platform_id) AS tot,
         row_number() OVER (PARTITION BY account_key, day_idx ORDER BY sk) - 1 AS slot,
         count(*) OVER (PARTITION BY account_key, day_idx) AS slots
  FROM a),
c AS (
  SELECT b.*, coalesce(lag(cum) OVER (PARTITION BY belt_id, platform_id ORDER BY sk), 0) AS cum_lo,
         demo_u(hash(getvariable('demo_seed'), sk, 'st0')) AS u0,
         demo_u(hash(getvariable('demo_seed'), sk, 'st1')) AS u1,
         demo_u(hash(getvariable('demo_seed'), sk, 'dur')) AS u2
  FROM b),
d AS (
  SELECT c.*,
         (round(live_lines * least(1.0, cum / tot)) - round(live_lines * least(1.0, cum_lo / tot)))::BIGINT AS n_lines,
         CASE
           WHEN slots > 1 AND slot = 0 THEN 1110 + floor(120 * u1)        -- 18:30–20:30
           WHEN slots > 1 AND slot = 1 THEN 780 + floor(60 * u1)          -- 13:00–14:00
           WHEN slots > 1 AND slot = 2 THEN 480 + floor(45 * u1)          -- 08:00–08:45
           WHEN slots > 1 AND slot = 3 THEN 120 + floor(60 * u1)          -- 02:00–03:00
           WHEN kiln_opening THEN CASE WHEN u0 < 0.5 THEN 840 + floor(90 * u1) ELSE 1140 + floor(60 * u1) END
           WHEN belt_id = 'lianyungang-seafood' AND u0 < 0.3 THEN 270 + floor(120 * u1)  -- dawn at the harbour
           WHEN u0 < 0.62 THEN 1110 + floor(120 * u1)                     -- evening
           WHEN u0 < 0.80 THEN 780 + floor(150 * u1)                      -- afternoon
           WHEN u0 < 0.92 THEN 510 + floor(120 * u1)                      -- morning
           ELSE 1290 + floor(60 * u1)                                     -- late
         END::INTEGER AS start_min
  FROM c),
e AS (
  SELECT d.*,
         least(CASE WHEN base_id IS NOT NULL THEN 300
                    WHEN slots > 1 AND slot BETWEEN 1 AND 3 THEN 240 WHEN start_min >= 1290 THEN 210 ELSE 300 END,
               CASE WHEN kiln_opening THEN 150 + floor(150 * u2) ELSE 120 + floor(180 * pow(u2, 1.3)) END)::INTEGER AS dur0
  FROM d)
SELECT e.* EXCLUDE (cum, tot, cum_lo, u0, u1, u2, sw, sw2, q, u_m, u_v) FROM e;

