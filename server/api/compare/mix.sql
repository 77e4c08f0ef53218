-- Shares of each belt's GMV by one key ({{key}}: venue or size class, from an allow-list):
-- {{rows}} is the catalog's GMV by belt and that key (columns "belt", {{key}}, "gmv").
-- {{label}} names a row's key (size classes the merchant file does not give are 'unknown');
-- {{keep}} says which rows the shares are of (venue: lines bought in a session with a known venue).
WITH g AS (
  {{rows}}
),
t AS (
  SELECT "belt" AS belt, {{label}} AS k, "gmv" AS gmv FROM g WHERE {{keep}} AND "gmv" > 0
)
SELECT belt AS belt_id, CAST(json_group_object(k, share) AS VARCHAR) AS mix
FROM (SELECT belt, k, sum(gmv) / sum(sum(gmv)) OVER (PARTITION BY belt) AS share FROM t GROUP BY belt, k)
GROUP BY belt
ORDER BY belt
