-- Sessions, with concurrency measures read back from their minutes so they agree exactly.
CREATE OR REPLACE TEMP TABLE demo_min_stats AS
SELECT platform_id, session_id, max(online) AS peak_online, avg(online)::DOUBLE AS avg_online, sum(online) AS sum_online
FROM session_minutes WHERE dataset_id = getvariable('demo_ds')
GROUP BY platform_id, session_id;

INSERT INTO live_sessions (platform_id, session_id, merchant_id, belt_id, base_id, venue, account, anchor_id,
                           kiln_opening, started_at, ended_at, views, viewers, peak_online, avg_online,
                           watch_seconds, product_exposed_viewers, product_click_viewers, interacting_viewers,
                           new_followers, orders, buyers, gmv, ad_spend, impressions, account_name, dataset_id)
WITH x AS (
  SELECT s.*, t.gmv, t.orders, t.buyers, t.viewers, t.views, ms.peak_online, ms.avg_online, ms.sum_online,
         ceil(t.viewers * (0.35 + 0.3 * demo_u(hash(getvariable('demo_seed'), s.sk, 'exposed'))))::BIGINT AS exposed
  FROM demo_sessions s
  JOIN demo_sess_stats t USING (session_no)
  JOIN demo_min_stats ms ON ms.platform_id = s.platform_id AND ms.session_id = s.session_id)
SELECT platform_id, session_id, merchant_id, belt_id, base_id, venue, account, anchor_id, kiln_opening,
       to_timestamp(start_epoch), to_timestamp(start_epoch + 60 * dur_min),
       views, viewers, peak_online, avg_online, sum_online * 60,
       exposed,
       least(exposed, greatest(2 * buyers,
             round(exposed * (0.06 + 0.12 * demo_u(hash(getvariable('demo_seed'), sk, 'click'))))))::BIGINT,
       round(viewers * (0.03 + 0.09 * demo_u(hash(getvariable('demo_seed'), sk, 'interact'))))::BIGINT,
       round(viewers * (0.004 + 0.02 * demo_u(hash(getvariable('demo_seed'), sk, 'follow'))))::BIGINT,
       orders, buyers, gmv,
       CASE WHEN NOT has_ads THEN 0
            WHEN gmv > 0 THEN round(gmv / roi, 2)
            ELSE round(50 + 250 * demo_u(hash(getvariable('demo_seed'), sk, 'adidle')), 2) END::DECIMAL(18,2),
       -- 曝光人数: viewers shown the room in feeds, a few times those who entered
       round(viewers * (2.5 + 3 * demo_u(hash(getvariable('demo_seed'), sk, 'impress'))))::BIGINT,
       account,
       getvariable('demo_ds')
FROM x
ORDER BY start_epoch, session_no;
