-- Orders with their session's venue and base, whether a line is its parent order's first
-- (lowest line id: rollups count each parent order once, on that line), and an integer key per
-- (platform, buyer) so exact distinct-buyer counts hash integers, not strings.
-- drop: view:orders_enriched table:buyer_keys
CREATE OR REPLACE TEMP TABLE buyer_keys AS
SELECT platform_id, buyer_id, (row_number() OVER (ORDER BY platform_id, buyer_id))::INTEGER AS buyer_key
FROM (SELECT DISTINCT platform_id, buyer_id FROM orders WHERE buyer_id IS NOT NULL);

CREATE OR REPLACE TEMP VIEW orders_enriched AS
WITH split_parents AS (
  SELECT DISTINCT platform_id, parent_order_id FROM orders WHERE order_id <> parent_order_id
), split_first AS (
  SELECT o.platform_id, min(o.order_id) AS first_id
  FROM orders o SEMI JOIN split_parents p
    ON p.platform_id = o.platform_id AND p.parent_order_id = o.parent_order_id
  GROUP BY o.platform_id, o.parent_order_id
)
SELECT o.*, s.venue, s.base_id, bk.buyer_key,
       CASE WHEN sp.parent_order_id IS NULL THEN true ELSE sf.first_id IS NOT NULL END AS is_first_line
FROM orders o
LEFT JOIN split_parents sp ON sp.platform_id = o.platform_id AND sp.parent_order_id = o.parent_order_id
LEFT JOIN split_first sf ON sf.platform_id = o.platform_id AND sf.first_id = o.order_id
LEFT JOIN live_sessions s ON s.platform_id = o.platform_id AND s.session_id = o.session_id
LEFT JOIN buyer_keys bk ON bk.platform_id = o.platform_id AND bk.buyer_id = o.buyer_id
