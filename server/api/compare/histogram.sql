-- Parent-order values of each belt in log10 bins 0.1 wide: bin k holds values in
-- [10^(k/10), 10^((k+1)/10)). {{orders}} is the catalog's inner grouping of parent orders (columns
-- "belt", "k0" platform, "k1" parent order, "v" Σ amount; filters and scope applied), the same
-- rows order_value_p10/p50/p90 are taken over. Every belt gets the same edges (the span of all
-- belts' bins) so they compare bin by bin. Orders of value 0 have no logarithm and are counted apart.
WITH o AS (
  {{orders}}
),
bins AS (
  -- The small epsilon keeps an exact power of ten (log10 of 1000 may round to 2.9999…) in its own bin.
  SELECT "belt" AS belt, CAST(floor(log10("v") * 10 + 1e-9) AS INTEGER) AS bin FROM o WHERE "v" > 0
),
span AS (SELECT min(bin) AS lo, max(bin) AS hi FROM bins),
grid AS (
  SELECT belt, unnest(range(lo, hi + 1)) AS k FROM (SELECT DISTINCT "belt" AS belt FROM o), span WHERE lo IS NOT NULL
),
counts AS (SELECT belt, bin, count(*) AS n FROM bins GROUP BY ALL)
SELECT g.belt AS belt_id,
  to_json(list(coalesce(c.n, 0) ORDER BY g.k)) AS counts,
  to_json(list(power(10, g.k / 10) ORDER BY g.k) || [power(10, (max(g.k) + 1) / 10)]) AS edges,
  (SELECT count(*) FROM o WHERE o."belt" = g.belt AND o."v" <= 0)::INTEGER AS nonpositive
FROM grid g LEFT JOIN counts c ON c.belt = g.belt AND c.bin = g.k
GROUP BY g.belt
ORDER BY g.belt
