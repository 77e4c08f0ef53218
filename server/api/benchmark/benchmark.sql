-- A merchant against the other merchants of its belt, one row per measure. {{orders}} and
-- {{sessions}} are the metrics planner's SELECTs by merchant over the belt (columns "merchant"
-- and one per measure, with the catalog's hidden counts of unknowns); {{long}} turns them into
-- rows (merchant, measure, v, unknown); {{measures}} lists the measures in order. Only these
-- aggregates leave the database: no peer's id or value.
--   $merchant   the merchant benchmarked     $min_peers  fewer peers with a value hide the peer figures
WITH o AS (
  {{orders}}
),
s AS (
  {{sessions}}
),
v AS (
  {{long}}
),
own AS (
  SELECT measure, v AS value, unknown FROM v WHERE merchant = $merchant
),
peer AS (
  SELECT measure, v FROM v WHERE merchant <> $merchant
),
stats AS (
  SELECT m.measure, m.ord, w.measure IS NOT NULL AS has_rows, w.value, w.unknown,
    count(p.measure) AS peers,
    count(p.v) AS with_value,
    quantile_cont(p.v, [0.25, 0.5, 0.75]) AS q,
    -- percentile rank: the share of peers with a lower value, a tie counting half
    (count(*) FILTER (WHERE p.v < w.value) + 0.5 * count(*) FILTER (WHERE p.v = w.value)) / nullif(count(p.v), 0) AS rank
  FROM {{measures}}
  LEFT JOIN own w ON w.measure = m.measure
  LEFT JOIN peer p ON p.measure = m.measure
  GROUP BY m.measure, m.ord, w.measure, w.value, w.unknown
)
SELECT measure, has_rows, value, unknown, peers, with_value,
  CASE WHEN with_value >= $min_peers THEN q[1] END AS p25,
  CASE WHEN with_value >= $min_peers THEN q[2] END AS p50,
  CASE WHEN with_value >= $min_peers THEN q[3] END AS p75,
  CASE WHEN with_value >= $min_peers AND value IS NOT NULL THEN rank END AS rank
FROM stats
ORDER BY ord
