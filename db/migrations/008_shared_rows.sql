-- Beltscope canonical model, version 8: the rows a load found already there, unchanged.
-- Overlapping exports (March 1–15, then March 1–31) hold the same rows twice: the later load
-- counts them as duplicates and writes nothing, and each row stays the earlier load's. Removing
-- the earlier load would then take rows the later one also holds, and the later file cannot be
-- loaded again ("already loaded"). Each such row is recorded here as held by the later load too,
-- by two 64-bit hashes (an overlap of a million lines costs two integers a line), so removing the
-- earlier load hands the row to it when the row is still as the later load found it (db/shared.ts).
CREATE TABLE shared_rows (
  dataset_id   INTEGER NOT NULL,   -- the load that found the row already there
  target_table VARCHAR NOT NULL,   -- the canonical table it is in
  key_hash     UBIGINT NOT NULL,   -- hash of its natural key's values as text
  row_hash     UBIGINT NOT NULL    -- hash of every value but dataset_id, as the load found them
);
