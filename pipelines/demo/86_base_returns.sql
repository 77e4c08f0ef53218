-- Monthly returns (月报) each base files with its bureau, for every whole month it was open in
-- the demo's two years, computed from its own sessions: sessions, merchants served and GMV as
-- the sessions show them with a small reporting noise (within ±5 %, so an honest base never
-- differs by the 20 % a bureau questions), rooms as on record, training events and jobs in
-- proportion to the merchants served. The three-party base pads its GMV by 60 %, the one return
-- a bureau comparing returns with session data should question. Sums never change the sessions.
INSERT INTO base_returns (base_id, month, rooms, sessions, merchants_served, gmv_cny, training_events, jobs_created, dataset_id)
WITH months AS (
  SELECT b.base_id, b.operator_model, b.rooms, b.opened_on,
         CAST(date_trunc('month', greatest(b.opened_on, getvariable('demo_start'))) + to_months(CAST(i AS INTEGER)) AS DATE) AS month
  FROM live_bases b,
       range(0, 25) r(i)
  WHERE b.dataset_id = getvariable('demo_ds')),
whole AS (  -- months inside the data: the last ends by the demo's last day, the first starts on or
            -- after its first (unless the base opened that month: its first return covers part of it)
  SELECT base_id, operator_model, rooms, month FROM months
  WHERE CAST(month + INTERVAL 1 MONTH AS DATE) - 1 <= getvariable('demo_end')
    AND (month >= getvariable('demo_start') OR month = CAST(date_trunc('month', opened_on) AS DATE))),
actual AS (
  SELECT base_id, CAST(date_trunc('month', started_at AT TIME ZONE 'Asia/Shanghai') AS DATE) AS month,
         count(*) AS sessions, count(DISTINCT merchant_id) AS merchants, sum(gmv) AS gmv
  FROM live_sessions
  WHERE dataset_id = getvariable('demo_ds') AND base_id IS NOT NULL
  GROUP BY ALL),
noisy AS (
  SELECT w.*, coalesce(a.sessions, 0) AS s, coalesce(a.merchants, 0) AS m, coalesce(a.gmv, 0) AS g,
         -- three draws in [-1, 1], hashed again so they do not correlate (see the stack's notes)
         list_transform([0, 1, 2], lambda k: (hash(hash(getvariable('demo_seed'), w.base_id, w.month::VARCHAR, k)) % 20001)::DOUBLE / 10000.0 - 1.0) AS u
  FROM whole w LEFT JOIN actual a USING (base_id, month))
SELECT base_id, month, rooms,
       round(s * (1 + 0.03 * u[1]))::INTEGER,
       round(m * (1 + 0.03 * u[2]))::INTEGER,
       round(g * (CASE WHEN operator_model = 'three_party' THEN 1.6 ELSE 1.0 END) * (1 + 0.04 * u[3]), 2)::DECIMAL(18,2),
       CASE WHEN s = 0 THEN 0 ELSE 1 + (hash(base_id, month::VARCHAR, 'training') % 3)::INTEGER + (m // 20)::INTEGER END,
       round(m * 0.6 + rooms * 0.2)::INTEGER,
       getvariable('demo_ds')
FROM noisy
ORDER BY base_id, month;
