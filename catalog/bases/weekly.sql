-- Monday-started weeks of each base over [$lo, $hi] (after prelude.sql): open days, rooms (the
-- most in use on a day of the week), capacity, streamed room-hours, sessions and live GMV.
, cap AS (
  SELECT base_id, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS days, max(rooms) AS rooms,
         sum(capacity_hours) AS capacity
  FROM open_days GROUP BY ALL),
use AS (
  SELECT base_id, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS sessions, sum(secs) / 3600.0 AS room_hours, sum(gmv) AS live_gmv
  FROM at_base WHERE day BETWEEN CAST($lo AS DATE) AND CAST($hi AS DATE) GROUP BY ALL)
SELECT base_id, week::VARCHAR AS week, coalesce(c.days, 0)::INTEGER AS days, coalesce(c.rooms, 0)::INTEGER AS rooms,
       c.capacity::DOUBLE AS capacity_hours, coalesce(u.sessions, 0)::INTEGER AS sessions,
       coalesce(u.room_hours, 0)::DOUBLE AS room_hours, coalesce(u.live_gmv, 0)::DOUBLE AS live_gmv
FROM cap c FULL JOIN use u USING (base_id, week)
ORDER BY base_id, week
