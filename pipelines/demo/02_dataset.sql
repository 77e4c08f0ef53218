-- The demo's datasets row (a previous demo was removed by deleteDemo() just before this step).
INSERT INTO datasets (dataset_id, kind, source, file_name, file_sha256, params, rows_loaded, rows_quarantined, loaded_at, status)
VALUES (getvariable('demo_ds'), 'demo', 'demo-generator', NULL, NULL, $params, 0, 0, now(), 'loaded');
