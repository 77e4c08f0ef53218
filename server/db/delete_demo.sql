-- Remove every row written by a demo dataset (dataset kind 'demo'), then the dataset rows.
DELETE FROM orders WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM session_minutes WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM live_sessions WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM listings WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM production_batches WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM merchant_accounts WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM merchants WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM live_bases WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM hubs WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM ingest_log WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM quarantine WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo');
DELETE FROM datasets WHERE kind = 'demo';
