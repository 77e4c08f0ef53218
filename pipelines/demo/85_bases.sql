-- Bases, with the rooms their sessions were booked into (demo_base_rooms, 41_base_booking.sql:
-- sized from what is streamed there, so rooms scale with the demo's size, as does the
-- investment), unless the venue was built with a fixed number of rooms.
INSERT INTO live_bases (base_id, belt_id, name_zh, name_en, operator_model, rooms, area_m2, opened_on,
                        investment_cny, operating_hours_per_day, dataset_id, base_type)
SELECT b.base_id, b.belt_id, b.name_zh, b.name_en, b.operator_model, coalesce(b.fixed_rooms, r.rooms)::INTEGER,
       b.area_m2, b.opened_on,
       (greatest(10, round(b.invest_wan_per_m * getvariable('demo_n') / 1000000.0)) * 10000)::DECIMAL(18,2),
       b.operating_hours_per_day, getvariable('demo_ds'), b.base_type
FROM demo_base_plan b JOIN demo_base_rooms r USING (base_id)
ORDER BY b.base_id;
