-- Orders with their session's venue and base, whether a line is its parent order's first
-- (lowest line id: rollups count each parent order once, on that line; split_orders names the
-- first line of every parent order of two lines or more, any other line is its order's only one),
-- and the integer key of the line's (platform, buyer) from buyer_keys, so exact distinct-buyer
-- counts hash integers, not strings. db/derived.ts keeps split_orders and buyer_keys up to date
-- before it reads this relation, and fills in the relations it reads:
--   orders          the lines to enrich: orders itself for a full build; for a refresh, the
--                   lines of the days (months) and platform × belt slices a load touched
--   split_orders, live_sessions
--                   the tables, or for a refresh only their rows those lines name
--   buyer_keys      buyer_keys, or for a refresh the keys of the buyers it re-aggregates
--                   (the other lines then have no key, and no rollup that reads keys reads them)
-- drop: view:orders_enriched
CREATE OR REPLACE TEMP VIEW orders_enriched AS
SELECT o.*, s.venue, s.base_id, bk.buyer_key,
       sp.first_order_id IS NULL OR sp.first_order_id = o.order_id AS is_first_line
FROM {{orders}} o
LEFT JOIN {{split_orders}} sp ON sp.platform_id = o.platform_id AND sp.parent_order_id = o.parent_order_id
LEFT JOIN {{live_sessions}} s ON s.platform_id = o.platform_id AND s.session_id = o.session_id
LEFT JOIN {{buyer_keys}} bk ON bk.platform_id = o.platform_id AND bk.buyer_id = o.buyer_id
