-- One row per base: the window's figures (README "Live-base assessment"). After prelude.sql, with
-- $lo = $from, $hi = $to. More parameters: $from, $to (the window), $pfrom, $pto (the previous
-- period of the same length, for anchor churn).
, cap AS (
  SELECT base_id, count(*) AS days, sum(capacity_hours) AS capacity FROM open_days GROUP BY base_id),
rooms_now AS (  -- rooms on the window's last day
  SELECT b.base_id, coalesce(r.rooms, b.rooms) AS rooms
  FROM (SELECT base_id, rooms, CAST($to AS DATE) AS day FROM bases) b
  ASOF LEFT JOIN (SELECT base_id, month, rooms FROM rets WHERE rooms IS NOT NULL) r
    ON r.base_id = b.base_id AND b.day >= r.month),
w AS (
  SELECT * FROM at_base WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)),
agg AS (
  SELECT base_id, count(*) AS sessions, sum(secs) / 3600.0 AS room_hours, CASE WHEN count(evening_secs) = count(*) THEN sum(evening_secs) / 3600.0 END AS evening_hours,
         count(DISTINCT merchant_id) AS merchants, count(DISTINCT anchor) AS anchors,
         sum(gmv) AS live_gmv, sum(views) AS views, sum(viewers) AS viewers, sum(buyers) AS buyers
  FROM w GROUP BY base_id),
-- resident: at the base in at least 3 of the four 7-day blocks ending on $to (block 0 = the last 7 days)
resident AS (
  SELECT base_id, count(*) FILTER (WHERE blocks >= 3) AS resident_merchants
  FROM (SELECT base_id, merchant_id, count(DISTINCT (CAST($to AS DATE) - day) // 7) AS blocks
        FROM w WHERE day > CAST($to AS DATE) - 28 GROUP BY base_id, merchant_id)
  GROUP BY base_id),
newcomers AS (  -- merchants whose first session at the base (in the data) falls in the window
  SELECT base_id, count(*) AS new_merchants
  FROM (SELECT base_id, merchant_id, min(day) AS first_day FROM at_base GROUP BY base_id, merchant_id)
  WHERE first_day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) GROUP BY base_id),
churn AS (  -- anchors of the previous period absent from the window
  SELECT p.base_id, count(*) AS prev_anchors, count(*) FILTER (WHERE n.anchor IS NULL) AS gone_anchors
  FROM (SELECT DISTINCT base_id, anchor FROM at_base WHERE day BETWEEN CAST($pfrom AS DATE) AND CAST($pto AS DATE)) p
  LEFT JOIN (SELECT DISTINCT base_id, anchor FROM w) n ON n.base_id = p.base_id AND n.anchor = p.anchor
  GROUP BY p.base_id),
belt_live AS (
  SELECT belt_id, sum(gmv) AS belt_gmv FROM sess
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) GROUP BY belt_id),
top_merchant AS (
  SELECT base_id, arg_max(merchant_id, mg) AS merchant_id, max(mg) AS gmv
  FROM (SELECT base_id, merchant_id, sum(gmv) AS mg FROM w GROUP BY base_id, merchant_id) GROUP BY base_id),
-- the base's merchants who also streamed from their own workshop in the window: both sides
both_m AS (
  SELECT DISTINCT w.base_id, w.merchant_id FROM w
  WHERE w.merchant_id IN (SELECT merchant_id FROM sess WHERE venue = 'workshop'
                          AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE))),
workshop AS (
  SELECT m.base_id, count(DISTINCT m.merchant_id) AS merchants, count(*) AS sessions, sum(s.gmv) AS live_gmv,
         sum(s.views) AS views, sum(s.viewers) AS viewers, sum(s.buyers) AS buyers
  FROM both_m m JOIN sess s ON s.merchant_id = m.merchant_id AND s.venue = 'workshop'
   AND s.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
  GROUP BY m.base_id),
base_side AS (
  SELECT w.base_id, count(*) AS sessions, sum(w.gmv) AS live_gmv, sum(w.views) AS views, sum(w.viewers) AS viewers, sum(w.buyers) AS buyers
  FROM w JOIN both_m m ON m.base_id = w.base_id AND m.merchant_id = w.merchant_id GROUP BY w.base_id)
SELECT b.base_id, b.name_zh, b.name_en, b.belt_id, b.operator_model, b.base_type, b.opened_on::VARCHAR AS opened_on,
       b.area_m2, b.operating_hours_per_day::DOUBLE AS operating_hours_per_day, b.investment_cny::DOUBLE AS investment_cny,
       rn.rooms::INTEGER AS rooms, coalesce(c.days, 0)::INTEGER AS days, c.capacity::DOUBLE AS capacity_hours,
       coalesce(a.sessions, 0)::INTEGER AS sessions, coalesce(a.room_hours, 0)::DOUBLE AS room_hours,
       a.evening_hours::DOUBLE AS evening_hours,
       coalesce(a.merchants, 0)::INTEGER AS merchants, coalesce(r.resident_merchants, 0)::INTEGER AS resident_merchants,
       -- Unknown when the data begin with the window at a base open before them: every merchant's
       -- first session in the data would read as new. Likewise churn against a previous period
       -- the data do not reach (prior_in_data false).
       CASE WHEN CAST($from AS DATE) <= CAST($dfrom AS DATE) AND b.opened_on < CAST($dfrom AS DATE) THEN NULL
            ELSE coalesce(nc.new_merchants, 0) END::INTEGER AS new_merchants,
       NOT (CAST($pfrom AS DATE) < CAST($dfrom AS DATE) AND b.opened_on < CAST($dfrom AS DATE)) AS prior_in_data,
       coalesce(a.anchors, 0)::INTEGER AS anchors,
       coalesce(ch.prev_anchors, 0)::INTEGER AS prev_anchors, coalesce(ch.gone_anchors, 0)::INTEGER AS gone_anchors,
       coalesce(a.live_gmv, 0)::DOUBLE AS live_gmv, bl.belt_gmv::DOUBLE AS belt_gmv,
       coalesce(a.views, 0)::BIGINT AS views, coalesce(a.viewers, 0)::BIGINT AS viewers, coalesce(a.buyers, 0)::BIGINT AS buyers,
       tm.merchant_id AS top_merchant, tm.gmv::DOUBLE AS top_merchant_gmv,
       coalesce(ws.merchants, 0)::INTEGER AS both_merchants,
       coalesce(bs.sessions, 0)::INTEGER AS b_sessions, coalesce(bs.live_gmv, 0)::DOUBLE AS b_gmv,
       coalesce(bs.views, 0)::BIGINT AS b_views, coalesce(bs.viewers, 0)::BIGINT AS b_viewers, coalesce(bs.buyers, 0)::BIGINT AS b_buyers,
       coalesce(ws.sessions, 0)::INTEGER AS w_sessions, coalesce(ws.live_gmv, 0)::DOUBLE AS w_gmv,
       coalesce(ws.views, 0)::BIGINT AS w_views, coalesce(ws.viewers, 0)::BIGINT AS w_viewers, coalesce(ws.buyers, 0)::BIGINT AS w_buyers
FROM bases b
JOIN rooms_now rn USING (base_id)
LEFT JOIN cap c USING (base_id)
LEFT JOIN agg a USING (base_id)
LEFT JOIN resident r USING (base_id)
LEFT JOIN newcomers nc USING (base_id)
LEFT JOIN churn ch USING (base_id)
LEFT JOIN belt_live bl ON bl.belt_id = b.belt_id
LEFT JOIN top_merchant tm USING (base_id)
LEFT JOIN workshop ws USING (base_id)
LEFT JOIN base_side bs USING (base_id)
ORDER BY b.base_id
