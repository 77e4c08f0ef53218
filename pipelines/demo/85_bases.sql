-- Bases, with rooms sized from what was streamed there: at least the most sessions ever live at
-- once, and enough for the last year's streamed hours at the base's target utilisation, unless
-- the venue was built with a fixed number of rooms (the three-party park). Rooms therefore
-- scale with the demo's size, as does the investment.
INSERT INTO live_bases (base_id, belt_id, name_zh, name_en, operator_model, rooms, area_m2, opened_on,
                        investment_cny, operating_hours_per_day, dataset_id)
WITH s AS (
  SELECT base_id, started_at, ended_at FROM live_sessions
  WHERE dataset_id = getvariable('demo_ds') AND base_id IS NOT NULL),
h AS (
  SELECT base_id, sum(epoch(ended_at) - epoch(started_at)) / 3600.0 AS hours
  FROM s WHERE started_at >= to_timestamp(getvariable('demo_end_epoch') - 365 * 86400)
  GROUP BY base_id),
ev AS (  -- +1 when a session starts, -1 when one ends (ends first at the same instant)
  SELECT base_id, started_at AS t, 1 AS d FROM s
  UNION ALL
  SELECT base_id, ended_at AS t, -1 AS d FROM s),
c AS (
  SELECT base_id, max(live) AS max_live
  FROM (SELECT base_id, sum(d) OVER (PARTITION BY base_id ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS live FROM ev)
  GROUP BY base_id)
SELECT b.base_id, b.belt_id, b.name_zh, b.name_en, b.operator_model,
       coalesce(b.fixed_rooms,
                greatest(2, coalesce(c.max_live, 0),
                         ceil(coalesce(h.hours, 0)
                              / (least(365, getvariable('demo_end') - b.opened_on + 1) * b.operating_hours_per_day * b.util))))::INTEGER,
       b.area_m2, b.opened_on,
       (greatest(10, round(b.invest_wan_per_m * getvariable('demo_n') / 1000000.0)) * 10000)::DECIMAL(18,2),
       b.operating_hours_per_day, getvariable('demo_ds')
FROM demo_base_plan b LEFT JOIN h USING (base_id) LEFT JOIN c USING (base_id)
ORDER BY b.base_id;
