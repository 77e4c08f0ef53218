-- Rooms per base, sized before booking: enough for the last year's base streams at the base's
-- target utilisation (a dying base: for its first 120 days, when it was busy), at least one.
-- The sessions and their hours scale with --orders, so utilisation does not shrink with it
-- (rounding to whole rooms moves it by at most a quarter either way once a base needs 2 rooms).
CREATE OR REPLACE TEMP TABLE demo_base_rooms AS
SELECT b.base_id,
       greatest(1, round(coalesce(sum(s.dur0) FILTER (
         WHERE CASE WHEN b.role = 'dying' THEN s.day_date < b.opened_on + 120
                    ELSE s.day_epoch >= getvariable('demo_end_epoch') - 365 * 86400 END), 0) / 60.0
         / (CASE WHEN b.role = 'dying' THEN 120 ELSE least(365, getvariable('demo_end') - b.opened_on + 1) END
            * b.operating_hours_per_day * b.util)))::INTEGER AS rooms
FROM demo_base_plan b LEFT JOIN demo_sess2 s USING (base_id)
GROUP BY b.base_id, b.role, b.opened_on, b.operating_hours_per_day, b.util;

-- The three-party park (role dying) empties month by month: its streamed minutes of a month are
-- held to a quota that falls 15 % a month from its opening month, from its target utilisation
-- (rooms × operating hours × 30 days × util) on. Its merchants' streams over the quota go out
-- from their own venues (booking below); under it, the park's operator fills its rooms with its
-- own showcase streams (demo_training). So its monthly room-hours fall, strictly, at every demo
-- size: each month streams its quota less under 30 minutes, and the quota of its last demo month
-- (~5 % of the first) still falls by more than that.
CREATE OR REPLACE TEMP TABLE demo_taper AS
SELECT b.base_id, d.month_idx,
       round(r.rooms * b.operating_hours_per_day * 60 * 30 * b.util
             * pow(0.85, datediff('month', date_trunc('month', b.opened_on), date_trunc('month', min(d.d)))))::INTEGER AS quota
FROM demo_base_plan b JOIN demo_base_rooms r USING (base_id) JOIN demo_days d ON d.d >= b.opened_on
WHERE b.role = 'dying'
GROUP BY b.base_id, d.month_idx, r.rooms, b.operating_hours_per_day, b.util, b.opened_on;

-- Booking: per base and day, in a hashed order, each room is filled backwards from closing time
-- (23:00: evenings are booked first, busy days reach back to the morning) with a 30–60 minute
-- change-over between streams, down to its opening hour (23:00 − operating hours). A session
-- that no longer fits (or is over the dying base's quota) streams from the merchant's own venue instead. Sessions in one room never
-- overlap, so a base always has a room for every session live there at once.
CREATE OR REPLACE TEMP TABLE demo_booked AS
WITH k AS (
  SELECT s.sk, s.base_id, s.day_idx, s.month_idx, s.dur0, r.rooms, b.operating_hours_per_day AS oph,
         row_number() OVER (PARTITION BY s.base_id, s.day_idx ORDER BY hash(getvariable('demo_seed'), s.sk, 'book')) - 1 AS k,
         30 + demo_mod(hash(getvariable('demo_seed'), s.sk, 'gap'), 31) AS gap
  FROM demo_sess2 s JOIN demo_base_rooms r USING (base_id) JOIN demo_base_plan b USING (base_id)),
r AS (
  SELECT k.*, k % rooms AS room,
         1380 - coalesce(sum(dur0 + gap) OVER (PARTITION BY base_id, day_idx, k % rooms ORDER BY k
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS end_min
  FROM k),
f AS (
  SELECT r.*, end_min - dur0 >= 1380 - 60 * oph AS fits_day FROM r),
c AS (  -- the dying base's month, in a hashed order, against its quota (demo_taper)
  SELECT f.*, t.quota,
         sum(CASE WHEN fits_day THEN dur0 ELSE 0 END) OVER (PARTITION BY f.base_id, f.month_idx
           ORDER BY hash(getvariable('demo_seed'), f.sk, 'taper') ROWS UNBOUNDED PRECEDING) AS month_min
  FROM f LEFT JOIN demo_taper t USING (base_id, month_idx))
SELECT sk, base_id, day_idx, month_idx, room, dur0, (end_min - dur0)::INTEGER AS start_min,
       fits_day AND (quota IS NULL OR month_min <= quota) AS fits
FROM c;

-- The thriving base also runs an anchor academy: training streams and rehearsals of its own
-- merchants (closed: no viewers, no sales), two hours each from the room's opening time on,
-- before its first selling stream of the day, up to its target utilisation that day (±30 %).
-- At small demo sizes they fill most of its schedule; from 1M lines on its selling streams do
-- (rooms are sized to them), so it is busy at every size. The dying park's operator streams its
-- own showcase (招商) the same way, closed, in the free two-hour slots of the month in a hashed
-- order, until the month reaches its quota (the last one shorter, dropped under 30 minutes).
-- Other bases run none.
CREATE OR REPLACE TEMP TABLE demo_training AS
WITH members AS (  -- the sessions of each base's own merchants (else of its belt's), as templates for merchant and account
  SELECT b.base_id, coalesce(m.sks, bt.sks) AS sks
  FROM demo_base_plan b
  LEFT JOIN (SELECT home_base AS base_id, list(sk ORDER BY sk) AS sks FROM demo_sess2
             WHERE base_member AND home_base IS NOT NULL GROUP BY home_base) m USING (base_id)
  LEFT JOIN (SELECT belt_id, list(sk ORDER BY sk) AS sks FROM demo_sess2 GROUP BY belt_id) bt USING (belt_id)
  WHERE b.role IN ('thriving', 'dying')),
rd AS (
  SELECT b.base_id, b.role, b.util, b.operating_hours_per_day AS oph, unnest(range(br.rooms)) AS room,
         d.day_idx, d.day_epoch, d.month_idx
  FROM demo_base_plan b JOIN demo_base_rooms br USING (base_id)
  JOIN demo_days d ON d.d >= b.opened_on
  WHERE b.role IN ('thriving', 'dying')),
booked AS (
  SELECT base_id, day_idx, room, min(start_min) AS first_start, sum(dur0) AS booked_min
  FROM demo_booked WHERE fits GROUP BY ALL),
need AS (
  SELECT rd.*,
         floor((coalesce(bk.first_start - 30, 1380) - (1380 - 60 * rd.oph) + 30) / 150)::INTEGER AS free_slots,
         least(round(greatest(0, rd.util * rd.oph * 60 * (0.7 + 0.6 * demo_u(hash(getvariable('demo_seed'), rd.base_id, rd.day_idx, rd.room, 'train')))
                                 - coalesce(bk.booked_min, 0)) / 120),
               floor((coalesce(bk.first_start - 30, 1380) - (1380 - 60 * rd.oph) + 30) / 150))::INTEGER AS n
  FROM rd LEFT JOIN booked bk USING (base_id, day_idx, room)),
academy AS (
  SELECT base_id, day_idx, day_epoch, room, oph, unnest(range(n)) AS k, 120 AS dur
  FROM need WHERE role = 'thriving' AND n > 0),
short AS (  -- minutes the park's month lacks to its quota
  SELECT t.base_id, t.month_idx, t.quota - coalesce(sum(bk.dur0) FILTER (WHERE bk.fits), 0) AS short
  FROM demo_taper t LEFT JOIN demo_booked bk USING (base_id, month_idx) GROUP BY t.base_id, t.month_idx, t.quota),
slots AS (
  SELECT need.base_id, need.month_idx, day_idx, day_epoch, room, oph, unnest(range(free_slots)) AS k
  FROM need WHERE role = 'dying' AND free_slots > 0),
showcase AS (
  SELECT sl.*, least(120, sh.short - 120 * (row_number() OVER (PARTITION BY sl.base_id, sl.month_idx
           ORDER BY hash(getvariable('demo_seed'), sl.base_id, sl.day_idx, sl.room, sl.k, 'show')) - 1)) AS dur
  FROM slots sl JOIN short sh USING (base_id, month_idx)),
t AS (
  SELECT base_id, day_idx, day_epoch, room, oph, k, dur, false AS showcase FROM academy
  UNION ALL
  SELECT base_id, day_idx, day_epoch, room, oph, k, dur, true FROM showcase WHERE dur >= 30)
SELECT t.base_id, t.day_idx, t.day_epoch, (1380 - 60 * t.oph + t.k * 150)::INTEGER AS start_min,  -- from opening time on
       t.dur::INTEGER AS dur,
       -- the showcase goes out on one merchant's account (the park serves no more merchants for it)
       CASE WHEN t.showcase THEN m.sks[1]
            ELSE m.sks[demo_idx(hash(getvariable('demo_seed'), t.base_id, t.day_idx, t.room, t.k, 'tpl'), len(m.sks))] END AS template_sk,
       1000000000000 + row_number() OVER (ORDER BY t.base_id, t.day_idx, t.room, t.k) AS sk
FROM t JOIN members m USING (base_id);
