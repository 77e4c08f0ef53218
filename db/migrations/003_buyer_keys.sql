-- Beltscope canonical model, version 3: what rollups need to be refreshed a load at a time.
-- Both tables are maintained by every load's rollup refresh (db/derived.ts); do not edit them.
-- They start empty: the fingerprints of the rollups changed with this version, so the first open
-- rebuilds every rollup in full, which fills them.

-- An integer per (platform, buyer id), so exact distinct-buyer counts hash integers, not strings.
-- A key is never renumbered: a new pair gets the next key above the largest, so the buyer rollup
-- can be refreshed day by day and its keys still agree with the days left alone.
CREATE TABLE buyer_keys (
  platform_id VARCHAR NOT NULL,
  buyer_id    VARCHAR NOT NULL,
  buyer_key   INTEGER NOT NULL
);

-- Parent orders of two lines or more, with their first line (lowest line id): rollups count a
-- parent order once, on that line, and a refresh of some days must know it for a parent whose
-- other lines fall on days it does not read.
CREATE TABLE split_orders (
  platform_id     VARCHAR NOT NULL,
  parent_order_id VARCHAR NOT NULL,
  first_order_id  VARCHAR NOT NULL
);
