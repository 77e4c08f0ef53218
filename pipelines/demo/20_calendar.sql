-- Two years of days ending on the end date, with the festivals every belt shares.
CREATE OR REPLACE TEMP TABLE demo_days AS
WITH sf AS (  -- Spring Festival (春节) dates
  SELECT unnest(['2020-01-25', '2021-02-12', '2022-02-01', '2023-01-22', '2024-02-10', '2025-01-29',
                 '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03', '2031-01-23']::DATE[]) AS sf_date),
d AS (
  SELECT i::INTEGER AS day_idx, (getvariable('demo_start') + i::INTEGER) AS d
  FROM range(getvariable('demo_end') - getvariable('demo_start') + 1) r(i)),
d2 AS (
  SELECT d.*, month(d.d) AS mo, day(d.d) AS dy, dayofweek(d.d) AS dow, dayofyear(d.d) AS doy,
         (year(d.d) - year(getvariable('demo_start'))) * 12 + month(d.d) - month(getvariable('demo_start')) AS month_idx,
         epoch(d.d::TIMESTAMP)::BIGINT - 28800 AS day_epoch,
         (SELECT arg_min(d.d - sf.sf_date, abs(d.d - sf.sf_date)) FROM sf) AS sf_off
  FROM d)
SELECT d2.*,
  -- Double 11: presale interest from Oct 20, ramp Nov 1–10, peak on the 11th
  (CASE WHEN mo = 11 AND dy <= 10 THEN 1.25 + 0.075 * dy WHEN mo = 11 AND dy = 11 THEN 4.5
        WHEN mo = 11 AND dy = 12 THEN 1.5 WHEN mo = 10 AND dy >= 20 THEN 1.12 ELSE 1 END)
  -- 618
  * (CASE WHEN mo = 6 AND dy <= 17 THEN 1.15 + 0.03 * dy WHEN mo = 6 AND dy = 18 THEN 2.6
          WHEN mo = 6 AND dy IN (19, 20) THEN 1.2 ELSE 1 END)
  -- New Year
  * (CASE WHEN (mo = 12 AND dy >= 26) OR (mo = 1 AND dy <= 3) THEN 1.3 ELSE 1 END)
  -- Spring Festival: 年货节 before it, logistics stop and trough around it
  * (CASE WHEN sf_off BETWEEN -25 AND -8 THEN 1.3 WHEN sf_off BETWEEN -7 AND -4 THEN 0.7
          WHEN sf_off BETWEEN -3 AND 6 THEN 0.3 WHEN sf_off BETWEEN 7 AND 12 THEN 0.75 ELSE 1 END)
  -- weekends
  * (CASE WHEN dow IN (0, 6) THEN 1.08 ELSE 1 END) AS f_common,
  (mo = 11 AND dy <= 12) AS double11,
  (mo = 11 AND dy = 11) AS nov11
FROM d2;

-- Cells: day × belt × platform with a weight (growth, platform mix, festivals, the category's
-- own season), normalised so each belt keeps its order share; e = expected order lines.
CREATE OR REPLACE TEMP TABLE demo_cells AS
WITH raw AS (
  SELECT d.day_idx, d.month_idx, d.day_epoch, d.double11, d.nov11, d.sf_off, b.belt_id, b.belt_ord, b.order_share,
         p.platform_id, p.platform_ord,
         d.day_idx * 64 + b.belt_ord * 8 + p.platform_ord AS cell_id,
         least(0.9, greatest(0.2, b.live_share + p.live_adj)) AS live_share,
         b.mix[p.platform_ord]
         * exp(d.day_idx / 365.25 * (ln(1 + b.growth) + ln(1 + p.growth)
                                     + CASE WHEN p.platform_id = 'wechat_channels' THEN ln(1 + b.wechat_boost) ELSE 0 END))
         * d.f_common
         * CASE b.season
             WHEN 'ceramics' THEN CASE WHEN d.mo = 9 THEN 1.1 ELSE 1 END
             WHEN 'leather'  THEN 1 + 0.35 * cos(2 * pi() * (d.doy - 15) / 365.25)
             WHEN 'zisha'    THEN CASE WHEN d.mo IN (3, 4) THEN 1.15 ELSE 1 END
             WHEN 'silk'     THEN CASE WHEN d.mo IN (5, 6, 7) THEN 1.12 ELSE 1 END
             WHEN 'apparel'  THEN (1 + 0.12 * cos(2 * pi() * (d.doy - 300) / 365.25))
                                  * CASE WHEN d.mo = 3 AND d.dy IN (7, 8) THEN 1.6 ELSE 1 END
             -- seafood: summer fishing moratorium (伏季休渔) May–Aug, 开海 in September,
             -- autumn crab season, a strong 年货 peak before the Spring Festival
             WHEN 'seafood'  THEN CASE WHEN d.mo BETWEEN 5 AND 8 THEN 0.45
                                       WHEN d.mo = 9 AND d.dy <= 15 THEN 1.9
                                       WHEN d.mo BETWEEN 9 AND 11 THEN 1.5
                                       WHEN d.mo = 12 THEN 1.1 ELSE 1 END
                                  * CASE WHEN d.sf_off BETWEEN -25 AND -8 THEN 1.6 ELSE 1 END
             ELSE 1 END AS w_raw
  FROM demo_days d, demo_belts b, demo_platform p)
SELECT * EXCLUDE (w_raw, order_share),
       w_raw / sum(w_raw) OVER (PARTITION BY belt_id) * order_share / (SELECT sum(order_share) FROM demo_belts) AS w,
       getvariable('demo_n') * w_raw / sum(w_raw) OVER (PARTITION BY belt_id) * order_share / (SELECT sum(order_share) FROM demo_belts) AS e
FROM raw;
