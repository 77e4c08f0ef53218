-- One row per minute of each session. Entries follow the session's shape through its exact
-- cumulative curve (rounded differences add up to views); concurrency follows the shape with
-- noise; orders and GMV are the orders paid in that minute.
INSERT INTO session_minutes (platform_id, session_id, minute_at, online, entries, orders, gmv, dataset_id)
WITH s AS (
  SELECT s.session_no, s.sk, s.platform_id, s.session_id, s.start_epoch, s.dur_min,
         s.shape_w0, s.shape_w1, s.shape_k, t.views,
         t.viewers * s.watch_s / (60.0 * s.dur_min) AS online_mean
  FROM demo_sessions s JOIN demo_sess_stats t USING (session_no)),
m AS (
  SELECT s.*, unnest(range(s.dur_min)) AS i FROM s),
m2 AS (
  SELECT m.*,
         (round(views * demo_shape_cdf((i + 1) / dur_min, shape_w0, shape_w1, shape_k))
          - round(views * demo_shape_cdf(i / dur_min, shape_w0, shape_w1, shape_k)))::INTEGER AS entries,
         round(online_mean * demo_shape((i + 0.5) / dur_min, shape_w0, shape_w1, shape_k)
               * (0.85 + 0.3 * demo_u(hash(getvariable('demo_seed'), sk, i, 26))))::INTEGER AS online0
  FROM m)
SELECT m2.platform_id, m2.session_id, to_timestamp(m2.start_epoch + 60 * m2.i) AS minute_at,
       CASE WHEN coalesce(a.orders, 0) > 0 THEN greatest(1, online0) ELSE online0 END AS online,
       m2.entries,
       coalesce(a.orders, 0)::INTEGER AS orders,
       coalesce(a.gmv, 0)::DECIMAL(18,2) AS gmv,
       getvariable('demo_ds')
FROM m2
LEFT JOIN demo_min_agg a ON a.session_no = m2.session_no AND a.minute_idx = m2.i
ORDER BY m2.start_epoch, m2.session_no, m2.i;
