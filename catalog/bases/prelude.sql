-- The relations every base query starts from. Placeholders (filled by catalog/bases/queries.ts
-- with fixed fragments and bound parameters, never user text):
--   {{base_where}}     conditions on live_bases (alias b): the request's belt or base, the scope's belts
--   {{session_where}}  conditions on live_sessions (alias s): the caller's scope
--   {{returns}}        base_returns, or an empty relation of its shape when the table is absent
-- Parameters: $lo, $hi: the days whose capacity is counted; $dfrom, $dto: the data's first and last day.
WITH bases AS (
  SELECT b.* FROM live_bases b WHERE {{base_where}}),
rets AS (
  SELECT base_id, month, rooms, sessions, merchants_served, gmv_cny, training_events, jobs_created
  FROM {{returns}} WHERE base_id IN (SELECT base_id FROM bases)),
sess AS (  -- a session belongs to the local (Beijing) day it starts; the session time zone is Asia/Shanghai
  SELECT s.base_id, s.merchant_id, s.belt_id, s.venue, coalesce(s.anchor_id, s.account) AS anchor,
         s.started_at, s.ended_at, s.started_at::DATE AS day,
         (epoch(s.ended_at) - epoch(s.started_at)) AS secs,  -- summed, then made hours: sums of whole seconds are exact
         -- unknown when the export gave only the day (start_known false: midnight is a placeholder)
         CASE WHEN s.start_known IS NOT false THEN
           greatest(0, epoch(least(s.ended_at, s.started_at::DATE::TIMESTAMPTZ + INTERVAL 23 HOUR))
                     - epoch(greatest(s.started_at, s.started_at::DATE::TIMESTAMPTZ + INTERVAL 19 HOUR))) END AS evening_secs,
         -- gmv stays DECIMAL, so its sums are exact (as DOUBLE a base's sum read 10742485.299999993)
         s.gmv AS gmv, s.views, s.viewers, s.buyers
  FROM live_sessions s WHERE {{session_where}}),
at_base AS (
  SELECT * FROM sess WHERE base_id IN (SELECT base_id FROM bases)),
-- Open days: every day in [max($lo, opened_on, first data day), min($hi, last data day)], with the
-- rooms of the base's latest monthly return at or before the day's month (a return's room count
-- applies from its month on), else live_bases.rooms, and the room-hours the day offers.
open_days AS (
  SELECT d.base_id, d.day, coalesce(r.rooms, d.rooms0) AS rooms,
         coalesce(r.rooms, d.rooms0) * d.oph AS capacity_hours
  FROM (SELECT base_id, rooms AS rooms0, operating_hours_per_day AS oph,
               unnest(generate_series(greatest(CAST($lo AS DATE), opened_on, CAST($dfrom AS DATE))::TIMESTAMP,
                                      least(CAST($hi AS DATE), CAST($dto AS DATE))::TIMESTAMP, INTERVAL 1 DAY))::DATE AS day
        FROM bases) d
  ASOF LEFT JOIN (SELECT base_id, month, rooms FROM rets WHERE rooms IS NOT NULL) r
    ON r.base_id = d.base_id AND d.day >= r.month)
