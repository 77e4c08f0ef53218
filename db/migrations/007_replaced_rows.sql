-- Beltscope canonical model, version 7: the rows a load replaced, so that removing it restores them.
-- A later export that changes a known row (a refund recorded after the sale) replaces it; the row
-- as it was is kept here, owned by the load it came from. Removing the replacing load puts it
-- back; removing the load it came from takes it with that load. Values are kept as JSON of their
-- text forms (a DOUBLE or DECIMAL as written by its cast to text, which reads back exactly), so
-- one table serves every canonical table and a column added later reads back as null.
CREATE TABLE replaced_rows (
  dataset_id   INTEGER,            -- the load the row belonged to
  replaced_by  INTEGER NOT NULL,   -- the load that replaced it
  target_table VARCHAR NOT NULL,   -- the canonical table it was in
  key_columns  VARCHAR[] NOT NULL, -- its natural key's columns, to find it again
  row_json     VARCHAR NOT NULL    -- the whole row as it was
);

-- Loads made before this version replaced rows without keeping them: they cannot be undone
-- exactly (db/removeDataset.ts refuses them unless forced). Loads from now on say they can.
ALTER TABLE datasets ADD COLUMN keeps_replaced BOOLEAN DEFAULT false;
UPDATE datasets SET keeps_replaced = false WHERE keeps_replaced IS NULL;
