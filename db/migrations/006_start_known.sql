-- Beltscope canonical model, version 6: whether a live session's start time is known.
-- Some exports list sessions without start times (Douyin Compass's room list): the load is told
-- the day (--date) and the session starts at that day's local midnight, a placeholder. It says
-- start_known = false, so figures of the time of day (a base's evening share) are unknown for
-- it rather than read from midnight. Sessions loaded before this version count as known.
ALTER TABLE live_sessions ADD COLUMN start_known BOOLEAN DEFAULT true;
UPDATE live_sessions SET start_known = true WHERE start_known IS NULL;
