-- Parent-order values of each belt in log10 bins 0.1 wide: bin k holds values in
-- [10^(k/10), 10^((k+1)/10)). {{orders}} is a row per parent order (columns "belt", "v" Σ amount;
-- filters and scope applied), the same rows order_value_p10/p50/p90 are taken over: the catalog's
-- inner grouping for split orders, the line itself for the others (see sql.ts). Every belt gets the same edges (the span of all
-- belts' bins) so they compare bin by bin. Orders of value 0 have no logarithm and are counted apart
-- (bin NULL). The orders are read once, straight into counts: at 10M lines, keeping a row per
-- order to read again costs more than the grouping.
WITH o AS (
  {{orders}}
),
counts AS (
  -- The small epsilon keeps an exact power of ten (log10 of 1000 may round to 2.9999…) in its own bin.
  SELECT "belt" AS belt, CASE WHEN "v" > 0 THEN CAST(floor(log10("v") * 10 + 1e-9) AS INTEGER) END AS bin, count(*) AS n
  FROM o GROUP BY ALL
),
span AS (SELECT min(bin) AS lo, max(bin) AS hi FROM counts),
grid AS (
  SELECT belt, unnest(range(lo, hi + 1)) AS k FROM (SELECT DISTINCT belt FROM counts), span WHERE lo IS NOT NULL
)
SELECT g.belt AS belt_id,
  to_json(list(coalesce(c.n, 0) ORDER BY g.k)) AS counts,
  to_json(list(power(10, g.k / 10) ORDER BY g.k) || [power(10, (max(g.k) + 1) / 10)]) AS edges,
  coalesce((SELECT sum(z.n) FROM counts z WHERE z.belt = g.belt AND z.bin IS NULL), 0)::INTEGER AS nonpositive
FROM grid g LEFT JOIN counts c ON c.belt = g.belt AND c.bin = g.k
GROUP BY g.belt
ORDER BY g.belt
