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

-- Rooms per base, sized before booking: enough for the last year's base streams at the base's
-- target utilisation (a dying base: for its first 120 days, when it was busy), at least one.
-- The sessions and their hours scale with --orders, so utilisation does not shrink with it
-- (rounding to whole rooms moves it by at most a quarter either way once a base needs 2 rooms).
CREATE OR REPLACE TEMP TABLE demo_base_rooms AS
SELECT b.base_id,
       greatest(1, round(coalesce(sum(s.dur0) FILTER (
         WHERE CASE WHEN b.role = 'dying' THEN s.day_date < b.opened_on + 120
                    ELSE s.day_epoch >= getvariable('demo_end_epoch') - 365 * 86400 END), 0) / 60.0
         / (CASE WHEN b.role = 'dying' THEN 120 ELSE least(365, getvariable('demo_end') - b.opened_on + 1) END
            * b.operating_hours_per_day * b.util)))::INTEGER AS rooms
FROM demo_base_plan b LEFT JOIN demo_sess2 s USING (base_id)
GROUP BY b.base_id, b.role, b.opened_on, b.operating_hours_per_day, b.util;

-- Booking: per base and day, in a hashed order, each room is filled backwards from closing time
-- (23:00: evenings are booked first, busy days reach back to the morning) with a 30–60 minute
-- change-over between streams, down to its opening hour (23:00 − operating hours). A session
-- that no longer fits streams from the merchant's own venue instead. Sessions in one room never
-- overlap, so a base always has a room for every session live there at once.
CREATE OR REPLACE TEMP TABLE demo_booked AS
WITH k AS (
  SELECT s.sk, s.base_id, s.day_idx, s.dur0, r.rooms, b.operating_hours_per_day AS oph,
         row_number() OVER (PARTITION BY s.base_id, s.day_idx ORDER BY hash(getvariable('demo_seed'), s.sk, 'book')) - 1 AS k,
         30 + demo_mod(hash(getvariable('demo_seed'), s.sk, 'gap'), 31) AS gap
  FROM demo_sess2 s JOIN demo_base_rooms r USING (base_id) JOIN demo_base_plan b USING (base_id)),
r AS (
  SELECT k.*, k % rooms AS room,
         1380 - coalesce(sum(dur0 + gap) OVER (PARTITION BY base_id, day_idx, k % rooms ORDER BY k
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS end_min
  FROM k)
SELECT sk, base_id, day_idx, room, dur0, (end_min - dur0)::INTEGER AS start_min, end_min - dur0 >= 1380 - 60 * oph AS fits FROM r;

-- The thriving base also runs an anchor academy: training streams and rehearsals of its own
-- merchants (closed: no viewers, no sales), two hours each from the room's opening time on,
-- before its first selling stream of the day, up to its target utilisation that day (±30 %).
-- At small demo sizes they fill most of its schedule; from 1M lines on its selling streams do
-- (rooms are sized to them), so it is busy at every size. Other bases run none.
CREATE OR REPLACE TEMP TABLE demo_training AS
WITH members AS (  -- the sessions of each base's own merchants, as templates for merchant and account
  SELECT home_base AS base_id, list(sk ORDER BY sk) AS sks FROM demo_sess2
  WHERE base_member AND home_base IS NOT NULL GROUP BY home_base),
rd AS (
  SELECT b.base_id, b.util, b.operating_hours_per_day AS oph, unnest(range(br.rooms)) AS room, d.day_idx, d.day_epoch
  FROM demo_base_plan b JOIN demo_base_rooms br USING (base_id)
  JOIN demo_days d ON d.d >= b.opened_on
  WHERE b.role = 'thriving'),
booked AS (
  SELECT base_id, day_idx, room, min(start_min) AS first_start, sum(dur0) AS booked_min
  FROM demo_booked WHERE fits GROUP BY ALL),
need AS (
  SELECT rd.*, coalesce(bk.first_start - 30, 1380) AS free_end,
         least(round(greatest(0, rd.util * rd.oph * 60 * (0.7 + 0.6 * demo_u(hash(getvariable('demo_seed'), rd.base_id, rd.day_idx, rd.room, 'train')))
                                 - coalesce(bk.booked_min, 0)) / 120),
               floor((coalesce(bk.first_start - 30, 1380) - (1380 - 60 * rd.oph) + 30) / 150))::INTEGER AS n
  FROM rd LEFT JOIN booked bk USING (base_id, day_idx, room)),
t AS (
  SELECT need.*, unnest(range(n)) AS k FROM need WHERE n > 0)
SELECT t.base_id, t.day_idx, t.day_epoch, (1380 - 60 * t.oph + t.k * 150)::INTEGER AS start_min,  -- from opening time on
       m.sks[demo_idx(hash(getvariable('demo_seed'), t.base_id, t.day_idx, t.room, t.k, 'tpl'), len(m.sks))] AS template_sk,
       1000000000000 + row_number() OVER (ORDER BY t.base_id, t.day_idx, t.room, t.k) AS sk
FROM t JOIN members m USING (base_id);

-- The sessions, booked, with the per-session calibration (conversion, views per viewer, watch
-- time, minute shape).
CREATE OR REPLACE TEMP TABLE demo_sessions AS
WITH e AS (
  SELECT s.* EXCLUDE (base_id, start_min, at_dying_base),
         CASE WHEN bk.fits THEN s.base_id END AS base_id,
         CASE WHEN bk.fits THEN 'base' WHEN s.base_member THEN s.fallback_venue ELSE s.home_venue END AS venue,
         s.at_dying_base AND coalesce(bk.fits, false) AS at_dying_base,
         CASE WHEN bk.fits THEN bk.start_min ELSE s.start_min END AS start_min
  FROM demo_sess2 s LEFT JOIN demo_booked bk USING (sk)),
tr AS (
  SELECT s.* EXCLUDE (sk, day_idx, month_idx, day_epoch, day_date, double11, sf_off, w, base_id, start_min, at_dying_base,
                      idle, kiln_opening, n_lines, dur0, slots, slot),
         t.sk, t.day_idx, d.month_idx, t.day_epoch, d.d AS day_date, d.double11, d.sf_off, 1.0 AS w,
         true AS idle, false AS kiln_opening, 0::BIGINT AS n_lines, 120 AS dur0, 1::BIGINT AS slots, 0::BIGINT AS slot,
         t.base_id, 'base' AS venue, false AS at_dying_base, t.start_min, true AS training
  FROM demo_training t JOIN demo_sess2 s ON s.sk = t.template_sk JOIN demo_days d ON d.day_idx = t.day_idx),
e1 AS (
  SELECT *, false AS training FROM e
  UNION ALL BY NAME
  SELECT * FROM tr),
e2 AS (SELECT e1.*, day_epoch + start_min * 60 AS start_epoch FROM e1)
SELECT e.* EXCLUDE (j, dur0),
       row_number() OVER (ORDER BY sk) - 1 AS session_no,
       -- the last day's sessions end by 23:59
       least(dur0, (getvariable('demo_end_epoch') - 60 - start_epoch) // 60)::INTEGER AS dur_min,
       demo_id(p.sid_prefix, row_number() OVER (ORDER BY sk) - 1,
               demo_mod(hash(getvariable('demo_seed'), 'sid'), 1000000000000000)) AS session_id,
       sum(n_lines) OVER (ORDER BY sk ROWS UNBOUNDED PRECEDING) - n_lines AS line_base,
       -- calibration: buyers / viewers, views per viewer, watch seconds per viewer
       pr.conv * exp(0.35 * demo_g(hash(getvariable('demo_seed'), sk, 'conv')))
         * CASE WHEN kiln_opening THEN 1.3 ELSE 1.0 END AS conv_s,
       pr.vpv * exp(0.08 * demo_g(hash(getvariable('demo_seed'), sk, 'vpv'))) AS vpv_s,
       pr.watch_s * exp(0.3 * demo_g(hash(getvariable('demo_seed'), sk, 'watch')))
         * CASE WHEN kiln_opening THEN 2.0 ELSE 1.0 END AS watch_s,
       0.25 + 0.25 * demo_u(hash(getvariable('demo_seed'), sk, 'w0')) AS shape_w0,
       0.25 + 0.25 * demo_u(hash(getvariable('demo_seed'), sk, 'w1')) AS shape_w1,
       3 + demo_mod(hash(getvariable('demo_seed'), sk, 'k'), 6) AS shape_k,
       -- kiln openings list pieces in blocks of 1–4 identical pieces
       demo_idx(hash(getvariable('demo_seed'), sk, 'blk'), 4) AS block,
       NOT training AND demo_u(hash(getvariable('demo_seed'), sk, 'ads'))
         < CASE size_class WHEN 'large' THEN 0.9 WHEN 'medium' THEN 0.8 WHEN 'small' THEN 0.6 ELSE 0.35 END AS has_ads,
       exp(ln(4.0) + 0.4 * demo_g(hash(getvariable('demo_seed'), sk, 'roi'))) AS roi,
       CASE
         WHEN at_dying_base THEN  -- imported anchors, replaced every ~45 days, then gone
           'A-' || base_id || '-' || (day_idx // 45 * 3 + demo_mod(hash(getvariable('demo_seed'), sk, 'anc'), 3) + 1)::VARCHAR
         WHEN venue = 'base' AND demo_u(hash(getvariable('demo_seed'), sk, 'resident')) < 0.8 THEN
           -- the base's resident anchors, for hire: a pool sized to the base's streams (about one
           -- anchor per 40,000 order lines of the demo), each streaming there all year
           'A-' || base_id || '-R' || demo_idx(hash(getvariable('demo_seed'), sk, 'anc'),
                                               greatest(3, round(getvariable('demo_n') / 40000))::BIGINT)::VARCHAR
         WHEN venue = 'base' THEN 'A-' || merchant_id || '-0'  -- the owner streams at the base himself
         ELSE  -- the merchant's own anchors, each staying 2–10 months
           'A-' || merchant_id || '-' || (
             (day_idx + floor(demo_u(hash(getvariable('demo_seed'), merchant_no, 'phase')) * 300))
               // (60 + floor(240 * demo_u(hash(getvariable('demo_seed'), merchant_no, 'tenure')))) * 4
             + demo_mod(hash(getvariable('demo_seed'), sk, 'anc'), CASE size_class WHEN 'large' THEN 4 WHEN 'medium' THEN 3 WHEN 'small' THEN 2 ELSE 1 END)
             + 1)::BIGINT::VARCHAR
       END AS anchor_id
FROM e2 e
JOIN demo_profile pr USING (belt_id)
JOIN demo_platform p USING (platform_id);
