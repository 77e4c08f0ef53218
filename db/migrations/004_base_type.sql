-- Beltscope canonical model, version 4: a live base's type, which standards tell apart.
-- vertical: serves one category (a ceramics base, a leather base); comprehensive: serves several,
-- with public rooms open to any merchant. Bases loaded before this version count as vertical,
-- the common kind; a live_bases file may name the type in a `base_type` column.
ALTER TABLE live_bases ADD COLUMN base_type VARCHAR DEFAULT 'vertical';
UPDATE live_bases SET base_type = 'vertical' WHERE base_type IS NULL;
