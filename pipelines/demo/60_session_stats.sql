-- What the orders say about each session: GMV, parent orders and distinct buyers, and the
-- same per minute (a parent order counts in the minute it was paid; its lines share paid_at).
CREATE OR REPLACE TEMP TABLE demo_sess_agg AS
SELECT platform_id, session_id,
       sum(amount)::DECIMAL(18,2) AS gmv,
       count(*) FILTER (WHERE order_id = parent_order_id) AS orders,
       count(DISTINCT buyer_id) AS buyers
FROM orders
WHERE dataset_id = getvariable('demo_ds') AND session_id IS NOT NULL
GROUP BY platform_id, session_id;

CREATE OR REPLACE TEMP TABLE demo_min_agg AS
WITH m AS (
  SELECT platform_id, session_id, epoch(paid_at)::BIGINT // 60 AS minute_epoch,
         count(*) FILTER (WHERE order_id = parent_order_id) AS orders,
         sum(amount)::DECIMAL(18,2) AS gmv
  FROM orders
  WHERE dataset_id = getvariable('demo_ds') AND session_id IS NOT NULL
  GROUP BY ALL)
SELECT s.session_no, (m.minute_epoch - s.start_epoch // 60)::INTEGER AS minute_idx, m.orders, m.gmv
FROM m JOIN demo_sessions s ON s.platform_id = m.platform_id AND s.session_id = m.session_id;

-- Traffic derived from sales: viewers from the session's conversion (lower when it sells dearer
-- than the belt's typical AOV), views from views per viewer, mean concurrency from watch time.
CREATE OR REPLACE TEMP TABLE demo_sess_stats AS
SELECT s.session_no,
       coalesce(a.gmv, 0)::DECIMAL(18,2) AS gmv,
       coalesce(a.orders, 0)::BIGINT AS orders,
       coalesce(a.buyers, 0)::BIGINT AS buyers,
       CASE WHEN s.training THEN 0  -- closed training streams: nobody watches
            WHEN coalesce(a.buyers, 0) > 0
              THEN greatest(3 * a.buyers,
                            round(a.buyers / (s.conv_s * least(2.5, greatest(0.4, pow(a.gmv / a.buyers / pr.aov_ref, -0.5))))))
            ELSE round(s.dur_min * (0.5 + 3 * demo_u(hash(getvariable('demo_seed'), s.sk, 'idle')))) END::BIGINT AS viewers
FROM demo_sessions s
JOIN demo_profile pr ON pr.belt_id = s.belt_id
LEFT JOIN demo_sess_agg a ON a.platform_id = s.platform_id AND a.session_id = s.session_id;

ALTER TABLE demo_sess_stats ADD COLUMN views BIGINT;
UPDATE demo_sess_stats t SET views = greatest(t.viewers, round(t.viewers * s.vpv_s))
FROM demo_sessions s WHERE s.session_no = t.session_no;
