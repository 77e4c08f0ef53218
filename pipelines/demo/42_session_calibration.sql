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
         true AS idle, false AS kiln_opening, 0::BIGINT AS n_lines, t.dur AS dur0, 1::BIGINT AS slots, 0::BIGINT AS slot,
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
