-- Months of each base over [$lo, $hi] (after prelude.sql): open days and capacity, streamed
-- room-hours, sessions, merchants, merchants at the base for the first time, anchors, live GMV,
-- and the base's monthly return for the month, if one was filed. $lo may lie before the window's
-- first day $from (the declining flag and the returns' history read months before it): the w_
-- columns count only the window's days of a month, by which return_mismatch tells a month
-- wholly in the window.
, cap AS (
  SELECT base_id, CAST(date_trunc('month', day) AS DATE) AS month, count(*) AS days, sum(capacity_hours) AS capacity,
         count(*) FILTER (WHERE day >= CAST($from AS DATE)) AS w_days
  FROM open_days GROUP BY ALL),
firsts AS (
  SELECT base_id, merchant_id, CAST(date_trunc('month', min(day)) AS DATE) AS month FROM at_base GROUP BY ALL),
use AS (
  SELECT base_id, CAST(date_trunc('month', day) AS DATE) AS month, count(*) AS sessions, sum(secs) / 3600.0 AS room_hours,
         sum(gmv) AS live_gmv, count(DISTINCT merchant_id) AS merchants, count(DISTINCT anchor) AS anchors,
         sum(gmv) FILTER (WHERE day >= CAST($from AS DATE)) AS w_live_gmv
  FROM at_base WHERE day BETWEEN CAST($lo AS DATE) AND CAST($hi AS DATE) GROUP BY ALL),
newm AS (
  SELECT base_id, month, count(*) AS new_merchants FROM firsts GROUP BY ALL),
rm AS (
  SELECT * FROM rets WHERE month BETWEEN CAST(date_trunc('month', CAST($lo AS DATE)) AS DATE) AND CAST($hi AS DATE)),
keys AS (
  SELECT base_id, month FROM cap UNION SELECT base_id, month FROM use UNION SELECT base_id, month FROM rm)
SELECT k.base_id, k.month::VARCHAR AS month, coalesce(c.days, 0)::INTEGER AS days, c.capacity::DOUBLE AS capacity_hours,
       coalesce(u.sessions, 0)::INTEGER AS sessions, coalesce(u.room_hours, 0)::DOUBLE AS room_hours,
       coalesce(u.live_gmv, 0)::DOUBLE AS live_gmv, coalesce(u.merchants, 0)::INTEGER AS merchants,
       coalesce(n.new_merchants, 0)::INTEGER AS new_merchants, coalesce(u.anchors, 0)::INTEGER AS anchors,
       coalesce(c.w_days, 0)::INTEGER AS w_days, coalesce(u.w_live_gmv, 0)::DOUBLE AS w_live_gmv,
       r.month IS NOT NULL AS has_return, r.rooms::INTEGER AS r_rooms, r.sessions::INTEGER AS r_sessions,
       r.merchants_served::INTEGER AS r_merchants, r.gmv_cny::DOUBLE AS r_gmv,
       r.training_events::INTEGER AS r_training_events, r.jobs_created::INTEGER AS r_jobs
FROM keys k
LEFT JOIN cap c USING (base_id, month)
LEFT JOIN use u USING (base_id, month)
LEFT JOIN newm n USING (base_id, month)
LEFT JOIN rm r USING (base_id, month)
ORDER BY k.base_id, k.month
