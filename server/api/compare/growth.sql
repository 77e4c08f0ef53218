-- Growth and seasonality of each belt, from the catalog's GMV by belt and local day:
-- {{daily}} is the metrics planner's SELECT (columns "day", "belt", "gmv"; the catalog picks the
-- rollup and applies the filters and the scope). The windows are bound parameters worked out by
-- server/api/compare/windows.ts; a comparison window the data does not cover is bound as NULL,
-- so its growth is NULL (n/a), never 0 or infinity.
--   $w_from/$w_to  the window          $y_from/$y_to  同比 (a year, or a lunar year, back)
--   $p_from/$p_to  环比 (the period just before)
--   $b_from        first day of the oldest whole year;  $n_months  12 × the number of whole years
WITH daily AS (
  {{daily}}
),
belts AS (
  SELECT "belt" AS belt, min("day") FILTER (WHERE "gmv" > 0) AS first_day
  FROM daily GROUP BY ALL
),
win AS (
  SELECT "belt" AS belt,
    -- money to the fen: the daily sums arrive as doubles, whose sum would carry float noise
    round(coalesce(sum("gmv") FILTER (WHERE "day" BETWEEN CAST($w_from AS DATE) AND CAST($w_to AS DATE)), 0), 2) AS gmv,
    sum("gmv") FILTER (WHERE "day" BETWEEN CAST($y_from AS DATE) AND CAST($y_to AS DATE)) AS yoy_prev,
    sum("gmv") FILTER (WHERE "day" BETWEEN CAST($p_from AS DATE) AND CAST($p_to AS DATE)) AS mom_prev
  FROM daily GROUP BY ALL
),
months AS (
  SELECT "belt" AS belt, CAST(date_trunc('month', "day") AS DATE) AS month, sum("gmv") AS gmv
  FROM daily GROUP BY ALL
),
-- Every month of the whole years for every belt (a month without sales is a 0, not a gap).
-- A belt's years begin at its first month of sales: months before it were not loaded, not empty.
grid AS (
  SELECT b.belt, b.first_day, CAST(r.i // 12 AS INTEGER) AS yr,
    CAST(CAST($b_from AS DATE) + to_months(CAST(r.i AS INTEGER)) AS DATE) AS month,
    CAST(CAST($b_from AS DATE) + to_months(CAST(r.i // 12 * 12 AS INTEGER)) AS DATE) AS year_from
  FROM belts b, range(0, CAST($n_months AS BIGINT)) r(i)
  WHERE b.first_day IS NOT NULL
),
blocks AS (
  SELECT g.belt, g.yr, g.year_from, month(g.month) AS moy, coalesce(m.gmv, 0) AS gmv
  FROM grid g LEFT JOIN months m ON m.belt = g.belt AND m.month = g.month
  WHERE g.year_from >= CAST(date_trunc('month', g.first_day) AS DATE)
),
years AS (
  SELECT belt, yr, year_from, sum(gmv) AS gmv, avg(gmv) AS mean FROM blocks GROUP BY ALL
),
-- Month-of-year index: a month's GMV over its year's monthly mean, averaged over the years.
season AS (
  SELECT b.belt, b.moy, avg(b.gmv / y.mean) AS idx
  FROM blocks b JOIN years y ON y.belt = b.belt AND y.yr = b.yr
  WHERE y.mean > 0 GROUP BY ALL
),
season_list AS (
  SELECT belt, to_json(list(idx ORDER BY moy)) AS seasonality FROM season GROUP BY belt HAVING count(*) = 12
),
annual AS (
  SELECT belt, count(*) AS years, arg_min(gmv, yr) AS first_gmv, arg_max(gmv, yr) AS last_gmv,
    to_json(list({'from': CAST(year_from AS VARCHAR), 'to': CAST(CAST(year_from + INTERVAL 1 YEAR AS DATE) - 1 AS VARCHAR), 'gmv': round(gmv, 2)} ORDER BY yr)) AS annual
  FROM years GROUP BY belt
)
SELECT b.belt AS belt_id, w.gmv,
  CASE WHEN w.yoy_prev > 0 AND CAST($y_from AS DATE) >= CAST(date_trunc('month', b.first_day) AS DATE)
    THEN w.gmv / w.yoy_prev - 1 END AS yoy,
  CASE WHEN w.mom_prev > 0 AND CAST($p_from AS DATE) >= CAST(date_trunc('month', b.first_day) AS DATE)
    THEN w.gmv / w.mom_prev - 1 END AS mom,
  -- Compound annual growth from the oldest whole year to the latest: (last / first)^(1 / (years − 1)) − 1.
  CASE WHEN a.years >= 2 AND a.first_gmv > 0 THEN power(a.last_gmv / a.first_gmv, 1.0 / (a.years - 1)) - 1 END AS cagr,
  coalesce(a.years, 0)::INTEGER AS years, coalesce(a.annual, '[]') AS annual, s.seasonality
FROM belts b
JOIN win w ON w.belt = b.belt
LEFT JOIN annual a ON a.belt = b.belt
LEFT JOIN season_list s ON s.belt = b.belt
ORDER BY b.belt
