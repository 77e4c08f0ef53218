-- Beltscope canonical model, version 1.
-- This is a public contract: researchers open the DuckDB file with their own tools.
-- Every table and column is documented in README.md; tests/schema-doc.test.ts keeps the two in step.
-- Money is DECIMAL(18,2) CNY; instants are TIMESTAMPTZ; local days are Asia/Shanghai.

-- ── bookkeeping ────────────────────────────────────────────────────────────
CREATE TABLE data_state (
  id            INTEGER PRIMARY KEY,        -- always 1: a single row
  data_version  BIGINT NOT NULL,            -- +1 on every committed load; caches key on it
  updated_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO data_state VALUES (1, 0, now());

CREATE TABLE datasets (
  dataset_id        INTEGER PRIMARY KEY,
  kind              VARCHAR NOT NULL,       -- 'demo' | 'real'
  source            VARCHAR NOT NULL,       -- e.g. 'demo-generator', 'douyin-orders-csv'
  file_name         VARCHAR,                -- the loaded file, when there is one
  file_sha256       VARCHAR,                -- content hash: the same file twice adds nothing
  params            VARCHAR,                -- JSON of the load's parameters (seed, orders …)
  rows_loaded       BIGINT NOT NULL DEFAULT 0,
  rows_quarantined  BIGINT NOT NULL DEFAULT 0,
  loaded_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE ingest_log (
  dataset_id  INTEGER,
  logged_at   TIMESTAMPTZ NOT NULL,
  level       VARCHAR NOT NULL,             -- 'info' | 'warn' | 'error'
  message     VARCHAR NOT NULL
);

CREATE TABLE quarantine (
  dataset_id   INTEGER,
  file_name    VARCHAR NOT NULL,
  line         BIGINT,                      -- 1-based line (CSV) or row (XLSX) in the source
  column_name  VARCHAR,                     -- the offending column, null when the row as a whole is bad
  reason       VARCHAR NOT NULL,
  raw          VARCHAR                      -- the source row as text, so nothing is lost
);

-- ── reference data (loaded from data/reference/*.csv) ─────────────────────
CREATE TABLE platforms (
  platform_id  VARCHAR PRIMARY KEY,
  name_zh      VARCHAR NOT NULL,
  name_en      VARCHAR NOT NULL
);

CREATE TABLE categories (
  category_id   VARCHAR PRIMARY KEY,
  name_zh       VARCHAR NOT NULL,
  name_en       VARCHAR NOT NULL,
  non_standard  BOOLEAN NOT NULL            -- typically 非标品: pieces differ one from another
);

CREATE TABLE belts (
  belt_id      VARCHAR PRIMARY KEY,
  name_zh      VARCHAR NOT NULL,
  name_en      VARCHAR NOT NULL,
  category_id  VARCHAR NOT NULL,
  region_code  VARCHAR NOT NULL,            -- GB/T 2260 division code of the origin
  city_zh      VARCHAR NOT NULL,
  city_en      VARCHAR NOT NULL,
  province_zh  VARCHAR NOT NULL,
  province_en  VARCHAR NOT NULL,
  lat          DOUBLE NOT NULL,
  lon          DOUBLE NOT NULL
);

CREATE TABLE provinces (                   -- destination provinces for ship_province labels
  province_code  VARCHAR PRIMARY KEY,       -- GB/T 2260
  name_zh        VARCHAR NOT NULL,          -- as exports write it (orders.ship_province)
  name_en        VARCHAR NOT NULL
);

CREATE TABLE merchant_kinds (kind VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE size_classes (size_class VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL, sort_order INTEGER NOT NULL);
CREATE TABLE venues (venue VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE operator_models (operator_model VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL);

-- ── entities ───────────────────────────────────────────────────────────────
CREATE TABLE merchants (
  merchant_id  VARCHAR NOT NULL,
  belt_id      VARCHAR NOT NULL,
  name         VARCHAR NOT NULL,
  kind         VARCHAR NOT NULL,            -- merchant_kinds.kind
  size_class   VARCHAR NOT NULL,            -- size_classes.size_class
  home_venue   VARCHAR NOT NULL,            -- venues.venue: where the merchant usually streams
  dataset_id   INTEGER
);

CREATE TABLE merchant_accounts (
  platform_id  VARCHAR NOT NULL,
  account      VARCHAR NOT NULL,            -- the shop/streamer account name as exports show it
  merchant_id  VARCHAR NOT NULL,
  dataset_id   INTEGER
);

CREATE TABLE live_bases (
  base_id                  VARCHAR NOT NULL,
  belt_id                  VARCHAR NOT NULL,
  name_zh                  VARCHAR NOT NULL,
  name_en                  VARCHAR NOT NULL,
  operator_model           VARCHAR NOT NULL, -- operator_models.operator_model
  rooms                    INTEGER NOT NULL, -- public live rooms
  area_m2                  INTEGER,
  opened_on                DATE NOT NULL,
  investment_cny           DECIMAL(18,2),
  operating_hours_per_day  DOUBLE NOT NULL,  -- room-hours available per room per day
  dataset_id               INTEGER
);

CREATE TABLE hubs (
  hub_id            VARCHAR NOT NULL,
  belt_id           VARCHAR NOT NULL,
  name_zh           VARCHAR NOT NULL,
  name_en           VARCHAR NOT NULL,
  origin_certified  BOOLEAN NOT NULL,       -- certified to protect the origin label
  dataset_id        INTEGER
);

-- ── facts ─────────────────────────────────────────────────────────────────
-- Natural keys are documented, not enforced with indexes: an ART index over tens of
-- millions of rows costs more memory and load time than the loaders' anti-joins.
CREATE TABLE orders (                       -- one row per order line; key (platform_id, order_id)
  platform_id      VARCHAR NOT NULL,
  order_id         VARCHAR NOT NULL,        -- the line's id (Douyin 子订单编号)
  parent_order_id  VARCHAR NOT NULL,        -- the order it belongs to (主订单编号); = order_id when not split
  merchant_id      VARCHAR NOT NULL,
  belt_id          VARCHAR NOT NULL,
  session_id       VARCHAR,                 -- live session it was bought in; null = shelf/short video
  product_id       VARCHAR,
  category_id      VARCHAR NOT NULL,
  non_standard     BOOLEAN NOT NULL,
  quantity         INTEGER NOT NULL,
  amount           DECIMAL(18,2) NOT NULL,  -- paid amount, CNY; refunds NOT subtracted
  buyer_id         VARCHAR,                 -- null when the export masks buyers
  paid_at          TIMESTAMPTZ NOT NULL,
  refund_amount    DECIMAL(18,2),           -- null when the source does not say
  ship_province    VARCHAR,                 -- destination province (zh)
  ship_city        VARCHAR,                 -- destination city (zh)
  hub_id           VARCHAR,
  qc_passed        BOOLEAN,
  shipped_at       TIMESTAMPTZ,
  delivered_at     TIMESTAMPTZ,
  dataset_id       INTEGER
);

CREATE TABLE live_sessions (                -- one row per live stream; key (platform_id, session_id)
  platform_id              VARCHAR NOT NULL,
  session_id               VARCHAR NOT NULL,
  merchant_id              VARCHAR NOT NULL,
  belt_id                  VARCHAR NOT NULL,
  base_id                  VARCHAR,         -- set when streamed from a base room
  venue                    VARCHAR NOT NULL,-- base | workshop | store | studio
  account                  VARCHAR NOT NULL,
  anchor_id                VARCHAR,
  kiln_opening             BOOLEAN NOT NULL DEFAULT false, -- a 开窑 stream with flash listings
  started_at               TIMESTAMPTZ NOT NULL,
  ended_at                 TIMESTAMPTZ NOT NULL,
  views                    BIGINT NOT NULL, -- 观看次数 (PV): entries into the room
  viewers                  BIGINT NOT NULL, -- 观看人数 (UV)
  peak_online              INTEGER NOT NULL,
  avg_online               DOUBLE NOT NULL,
  watch_seconds            BIGINT NOT NULL, -- total watch time of all viewers
  product_exposed_viewers  BIGINT NOT NULL,
  product_click_viewers    BIGINT NOT NULL,
  interacting_viewers      BIGINT NOT NULL,
  new_followers            BIGINT NOT NULL,
  orders                   BIGINT NOT NULL, -- paid orders bought in the session
  buyers                   BIGINT NOT NULL,
  gmv                      DECIMAL(18,2) NOT NULL,
  ad_spend                 DECIMAL(18,2) NOT NULL, -- 投放消耗: paid traffic
  dataset_id               INTEGER
);

CREATE TABLE session_minutes (              -- key (platform_id, session_id, minute_at)
  platform_id  VARCHAR NOT NULL,
  session_id   VARCHAR NOT NULL,
  minute_at    TIMESTAMPTZ NOT NULL,
  online       INTEGER NOT NULL,            -- concurrent viewers in that minute
  entries      INTEGER NOT NULL,            -- room entries in that minute (adds up to views)
  orders       INTEGER NOT NULL,
  gmv          DECIMAL(18,2) NOT NULL,
  dataset_id   INTEGER
);

CREATE TABLE listings (                     -- flash listings made during a stream; key (platform_id, listing_id)
  platform_id    VARCHAR NOT NULL,
  session_id     VARCHAR NOT NULL,
  listing_id     VARCHAR NOT NULL,
  product_id     VARCHAR NOT NULL,
  listed_at      TIMESTAMPTZ NOT NULL,
  first_sold_at  TIMESTAMPTZ,
  sold_out_at    TIMESTAMPTZ,               -- null when not sold out
  units_listed   INTEGER NOT NULL,
  units_sold     INTEGER NOT NULL,
  price          DECIMAL(18,2) NOT NULL,
  dataset_id     INTEGER
);

CREATE TABLE production_batches (           -- kiln firings and similar batches; key batch_id
  batch_id     VARCHAR NOT NULL,
  merchant_id  VARCHAR NOT NULL,
  belt_id      VARCHAR NOT NULL,
  fired_at     TIMESTAMPTZ NOT NULL,
  pieces       INTEGER NOT NULL,            -- pieces fired
  first_grade  INTEGER NOT NULL,            -- first-grade pieces
  defective    INTEGER NOT NULL,            -- 次品
  dataset_id   INTEGER
);
