-- Rollups of orders, rebuilt inside each load's transaction (server/db/derived.ts).
-- Sums are cast back to DECIMAL(18,2): re-summing DECIMAL(38,2) is ~25x slower (STACK-NOTES).
-- `parent_orders` counts each parent order once, on its first line (lowest line id), so the
-- count adds up across rollup rows for every dimension that is constant within a parent order.
CREATE OR REPLACE TEMP VIEW _orders_enriched AS
WITH split_parents AS (
  SELECT DISTINCT platform_id, parent_order_id FROM orders WHERE order_id <> parent_order_id
), split_first AS (
  SELECT o.platform_id, min(o.order_id) AS first_id
  FROM orders o SEMI JOIN split_parents p
    ON p.platform_id = o.platform_id AND p.parent_order_id = o.parent_order_id
  GROUP BY o.platform_id, o.parent_order_id
)
SELECT o.*, s.venue, s.base_id,
       CASE WHEN sp.parent_order_id IS NULL THEN true ELSE sf.first_id IS NOT NULL END AS is_first_line
FROM orders o
LEFT JOIN split_parents sp ON sp.platform_id = o.platform_id AND sp.parent_order_id = o.parent_order_id
LEFT JOIN split_first sf ON sf.platform_id = o.platform_id AND sf.first_id = o.order_id
LEFT JOIN live_sessions s ON s.platform_id = o.platform_id AND s.session_id = o.session_id;

CREATE OR REPLACE TABLE ro_orders_day AS
SELECT paid_at::DATE AS day, platform_id, belt_id, category_id, non_standard, venue, base_id,
  sum(amount)::DECIMAL(18,2) AS amount,
  coalesce(sum(refund_amount), 0)::DECIMAL(18,2) AS refund_amount,
  (count(*) - count(refund_amount))::INTEGER AS refund_unknown,
  count(*)::INTEGER AS lines,
  (count(*) FILTER (WHERE is_first_line))::INTEGER AS parent_orders,
  sum(quantity)::BIGINT AS quantity,
  coalesce(sum(amount) FILTER (WHERE non_standard), 0)::DECIMAL(18,2) AS ns_amount
FROM _orders_enriched
GROUP BY ALL
ORDER BY day;

-- Months from days: the smallest rollup, for trends and KPIs over whole months.
CREATE OR REPLACE TABLE ro_orders_month AS
SELECT CAST(date_trunc('month', day) AS DATE) AS month, platform_id, belt_id, category_id, non_standard, venue, base_id,
  sum(amount)::DECIMAL(18,2) AS amount,
  sum(refund_amount)::DECIMAL(18,2) AS refund_amount,
  sum(refund_unknown)::INTEGER AS refund_unknown,
  sum(lines)::INTEGER AS lines,
  sum(parent_orders)::INTEGER AS parent_orders,
  sum(quantity)::BIGINT AS quantity,
  sum(ns_amount)::DECIMAL(18,2) AS ns_amount
FROM ro_orders_day
GROUP BY ALL
ORDER BY month;

CREATE OR REPLACE TABLE ro_orders_merchant_month AS
SELECT CAST(date_trunc('month', paid_at::DATE) AS DATE) AS month,
  platform_id, belt_id, merchant_id, category_id, non_standard, venue, base_id,
  sum(amount)::DECIMAL(18,2) AS amount,
  coalesce(sum(refund_amount), 0)::DECIMAL(18,2) AS refund_amount,
  (count(*) - count(refund_amount))::INTEGER AS refund_unknown,
  count(*)::INTEGER AS lines,
  (count(*) FILTER (WHERE is_first_line))::INTEGER AS parent_orders,
  sum(quantity)::BIGINT AS quantity,
  coalesce(sum(amount) FILTER (WHERE non_standard), 0)::DECIMAL(18,2) AS ns_amount
FROM _orders_enriched
GROUP BY ALL
ORDER BY belt_id, month; -- most queries name a belt: zone maps then skip the others

CREATE OR REPLACE TABLE ro_orders_ship_month AS
SELECT CAST(date_trunc('month', paid_at::DATE) AS DATE) AS month,
  platform_id, belt_id, category_id, non_standard, ship_province, hub_id,
  sum(amount)::DECIMAL(18,2) AS amount,
  coalesce(sum(refund_amount), 0)::DECIMAL(18,2) AS refund_amount,
  (count(*) - count(refund_amount))::INTEGER AS refund_unknown,
  count(*)::INTEGER AS lines,
  (count(*) FILTER (WHERE is_first_line))::INTEGER AS parent_orders,
  sum(quantity)::BIGINT AS quantity,
  coalesce(sum(amount) FILTER (WHERE non_standard), 0)::DECIMAL(18,2) AS ns_amount
FROM _orders_enriched
GROUP BY ALL
ORDER BY month;

DROP VIEW _orders_enriched;

-- Sessions by local day: ~3× fewer rows than live_sessions. Sums keep live_sessions' column
-- names so the catalog's session formulas read either table.
CREATE OR REPLACE TABLE ro_sessions_day AS
SELECT started_at::DATE AS day, platform_id, belt_id, venue, base_id,
  count(*)::INTEGER AS sessions,
  sum(epoch(ended_at) - epoch(started_at))::DOUBLE AS live_seconds,
  sum(gmv)::DECIMAL(18,2) AS gmv,
  sum(views)::BIGINT AS views,
  sum(viewers)::BIGINT AS viewers,
  sum(buyers)::BIGINT AS buyers,
  sum(product_exposed_viewers)::BIGINT AS product_exposed_viewers,
  sum(product_click_viewers)::BIGINT AS product_click_viewers,
  sum(interacting_viewers)::BIGINT AS interacting_viewers,
  sum(new_followers)::BIGINT AS new_followers,
  sum(watch_seconds)::BIGINT AS watch_seconds,
  sum(ad_spend)::DECIMAL(18,2) AS ad_spend,
  max(peak_online)::INTEGER AS peak_online
FROM live_sessions
GROUP BY ALL
ORDER BY day;

CREATE OR REPLACE TABLE ro_sessions_month AS
SELECT CAST(date_trunc('month', day) AS DATE) AS month, platform_id, belt_id, venue, base_id,
  sum(sessions)::INTEGER AS sessions,
  sum(live_seconds)::DOUBLE AS live_seconds,
  sum(gmv)::DECIMAL(18,2) AS gmv,
  sum(views)::BIGINT AS views,
  sum(viewers)::BIGINT AS viewers,
  sum(buyers)::BIGINT AS buyers,
  sum(product_exposed_viewers)::BIGINT AS product_exposed_viewers,
  sum(product_click_viewers)::BIGINT AS product_click_viewers,
  sum(interacting_viewers)::BIGINT AS interacting_viewers,
  sum(new_followers)::BIGINT AS new_followers,
  sum(watch_seconds)::BIGINT AS watch_seconds,
  sum(ad_spend)::DECIMAL(18,2) AS ad_spend,
  max(peak_online)::INTEGER AS peak_online
FROM ro_sessions_day
GROUP BY ALL
ORDER BY month;
