-- Parameters of the run, as session variables read with getvariable() by every later step.
-- Instants are computed as epoch seconds: Beijing has no daylight saving, so local midnight
-- of a day is its UTC midnight minus 8 hours, whatever the session's TimeZone.
SET VARIABLE demo_seed = $seed::BIGINT;
SET VARIABLE demo_n = $orders::BIGINT;
SET VARIABLE demo_end = $end_date::DATE;
SET VARIABLE demo_start = ($end_date::DATE - INTERVAL 2 YEAR + INTERVAL 1 DAY)::DATE;
SET VARIABLE demo_end_epoch = epoch(($end_date::DATE + 1)::TIMESTAMP)::BIGINT - 28800;
SET VARIABLE demo_ds = (SELECT nextval('dataset_ids')::INTEGER);
