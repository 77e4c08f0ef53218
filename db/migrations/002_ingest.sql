-- Beltscope canonical model, version 2: real exports come in.
-- Every input row ends in a canonical table or in quarantine; every load is a dataset.

-- ── bookkeeping ────────────────────────────────────────────────────────────
-- Dataset ids come from a sequence, not max+1: an id is never reused after a dataset is removed.
-- Before this migration ids were max+1 and a database held one dataset (the demo) or a test's
-- few, all below 100.
CREATE SEQUENCE dataset_ids START 100;

ALTER TABLE datasets ADD COLUMN target_table VARCHAR;   -- the canonical table a file loads into
ALTER TABLE datasets ADD COLUMN platform VARCHAR;
ALTER TABLE datasets ADD COLUMN sheet VARCHAR;          -- the XLSX sheet, one dataset per sheet
ALTER TABLE datasets ADD COLUMN mapping VARCHAR;        -- which export mapping read it
ALTER TABLE datasets ADD COLUMN rows_read BIGINT DEFAULT 0;
ALTER TABLE datasets ADD COLUMN rows_updated BIGINT DEFAULT 0;
ALTER TABLE datasets ADD COLUMN rows_skipped BIGINT DEFAULT 0;
ALTER TABLE datasets ADD COLUMN rows_duplicate BIGINT DEFAULT 0;
ALTER TABLE datasets ADD COLUMN status VARCHAR DEFAULT 'loaded';
ALTER TABLE datasets ADD COLUMN elapsed_ms BIGINT;

ALTER TABLE quarantine ADD COLUMN sheet VARCHAR;
ALTER TABLE quarantine ADD COLUMN record BIGINT;        -- 1 = the first data row
ALTER TABLE quarantine ADD COLUMN raw_value VARCHAR;    -- the offending cell as written

-- ── reference data ─────────────────────────────────────────────────────────
CREATE TABLE channels (channel VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL);

-- ── entities: exports do not say these ─────────────────────────────────────
ALTER TABLE merchants ALTER COLUMN kind DROP NOT NULL;
ALTER TABLE merchants ALTER COLUMN size_class DROP NOT NULL;
ALTER TABLE merchants ALTER COLUMN home_venue DROP NOT NULL;

-- ── facts ─────────────────────────────────────────────────────────────────
ALTER TABLE orders ALTER COLUMN quantity DROP NOT NULL;
ALTER TABLE orders ADD COLUMN channel VARCHAR;          -- channels.channel: where the buyer came from

-- Compass, Kuaishou and WeChat Channels exports lack some session metrics: null, never a fake 0.
ALTER TABLE live_sessions ALTER COLUMN venue DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN peak_online DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN avg_online DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN watch_seconds DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN product_exposed_viewers DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN product_click_viewers DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN interacting_viewers DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN new_followers DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN orders DROP NOT NULL;
ALTER TABLE live_sessions ALTER COLUMN ad_spend DROP NOT NULL;
ALTER TABLE live_sessions ADD COLUMN impressions BIGINT;   -- 曝光人数: viewers shown the room
ALTER TABLE live_sessions ADD COLUMN account_name VARCHAR; -- the account's display name (主播昵称)
