-- One parser per ParseKind (types.ts), shared by every export mapping: each macro takes a raw
-- staged cell (VARCHAR or NULL) and returns the canonical value, or NULL when the cell is empty
-- or not of that kind. Checks (required, pattern, min) are the mapping's business, not these.
--
-- TEMP macros: they live in the connection's temporary catalog, so only the connection that
-- installs them (the writer) sees them, nothing is written to the database file, and they can
-- be created inside the load's transaction (a ROLLBACK drops them with it; values.ts installs
-- them again for each load). Names starting `bs__` are helpers.
--
-- A macro is pasted into its caller, so naming a value twice computes it twice unless DuckDB's
-- common-subexpression pass merges the copies, which it does not do reliably through nested
-- CASEs and struct fields (measured: 9 copies of one regex cost 9 regex passes). A value used
-- more than once is therefore bound once as `list_transform([value], lambda bs_v: …)[1]`.
-- Lambda parameters are named bs_* so they cannot capture a caller's column.
--
-- Statements end with `;` at the end of a line (values.ts splits on that): keep comments free of it.

-- Spaces exports pad cells with: ASCII whitespace (\s: tab, CR, LF, space), the full-width space
-- U+3000, no-break space U+00A0, BOM U+FEFF and zero-width space U+200B. RE2's \s is ASCII only.
CREATE OR REPLACE TEMP MACRO bs__trim(x) AS
  regexp_replace(x, '^[\s\x{3000}\x{a0}\x{feff}\x{200b}]+|[\s\x{3000}\x{a0}\x{feff}\x{200b}]+$', '', 'g');

-- The placeholders exports write for "no value", after trimming: at most 6 bytes each, so a
-- longer cell (most of them) is told apart by its byte length alone. A function over a constant
-- list rather than IN: DuckDB plans an IN list of five or more constants as a hash join of its
-- own below the projection, one per cell parsed (13 in the Douyin plan).
CREATE OR REPLACE TEMP MACRO bs__placeholder(x) AS
  strlen(x) <= 6 AND list_contains(['', '-', '--', '—', '——', '－', '/', '无', '暂无', 'N/A', 'n/a'], x);

-- The trimmed text, placeholders made NULL. One copy of bs__trim, bound through a lambda:
-- DuckDB's common-subexpression pass would otherwise hoist a repeated regex out of its CASE
-- branch and run it on every cell, including the many that never reach it.
CREATE OR REPLACE TEMP MACRO bs__text_full(x) AS list_transform([bs__trim(x)], lambda bs_w:
  CASE WHEN bs__placeholder(bs_w) THEN NULL ELSE bs_w END)[1];

-- Most cells need no trimming: one pattern test says that neither the first nor the last
-- character is a space of any kind, so the trim would change nothing; such a cell is returned as
-- it is unless it is a placeholder (about 2.4× faster than the trim over a canonical file).
-- Next, Douyin's ids: a tab before digits, the tab alone trimmed (about half the full trim's cost
-- on those columns; the full rule reads such a cell the same way).
CREATE OR REPLACE TEMP MACRO bs_text(x) AS
  CASE WHEN x IS NULL THEN NULL
       WHEN bs__placeholder(x) THEN NULL
       WHEN regexp_full_match(x, '(?s)[^\s\x{3000}\x{a0}\x{feff}\x{200b}](?:.*[^\s\x{3000}\x{a0}\x{feff}\x{200b}])?') THEN x
       WHEN regexp_full_match(x, '\t\d+') THEN substr(x, 2)
       ELSE bs__text_full(x) END;

-- Wrappers that keep a long id from becoming a number in a spreadsheet: a tab (real, or the two
-- characters \t: Douyin writes "\t6917…"), a leading = or ' and Taobao's ="…", and quotes a CSV
-- reader left in place. Anything else is kept as written, so an id a spreadsheet already turned
-- into 6.917E+18 comes back unchanged and fails the mapping's pattern check instead of being
-- "repaired" into a wrong id.
-- Fast paths first (digits alone, or behind one of the usual wrappers: \t, =, =", ', " with at
-- most a closing quote), which the full rule reads the same way; the full rule bound through a
-- lambda so its regex runs only on the cells that reach it.
CREATE OR REPLACE TEMP MACRO bs_id(x) AS CASE
  WHEN regexp_full_match(x, '\d+') THEN x
  WHEN regexp_full_match(x, '(?:\\t|=?"|=|'')\d+"?|\d+"') THEN regexp_extract(x, '\d+')
  ELSE list_transform([regexp_replace(x,
    '^(?:[\s\x{3000}\x{a0}\x{feff}=''"]|\\t)+|(?:[\s\x{3000}\x{a0}\x{feff}''"]|\\t)+$', '', 'g')], lambda bs_v: bs_text(bs_v))[1]
  END;

-- A number as canonical text that DuckDB casts exactly: [sign][digits][.digits]e[sign]digits.
-- Units become exponents (1.2万 → 1.2e4, 1.37% → 1.37e-2) rather than multiplications, so the
-- one cast that follows rounds once, from the exact decimal: to DOUBLE (the nearest double:
-- 12.30元 is exactly the double 12.3 and 0.285万 exactly 2850, where 0.285 * 10000 in binary
-- is 2849.9999999999995) or to DECIMAL (half away from zero on the decimal digits: 1,234.565 →
-- 1234.57, 1.005 → 1.01).
-- Grammar: one sign, before or after a currency prefix (-¥12, ¥-12); thousands separators
-- (, or ，) only in groups of three (1,23 is not a number); an exponent (JS writes 1e-7) or one
-- unit (万 w W 亿 % ％), not both; one trailing 元/RMB (12元元 is not a number); spaces between
-- the parts. At most 30 integer digits and a 2-digit exponent, so no text casts to infinity.
-- One regexp_extract does it all, because regex passes are the cost here (0.2–0.8 µs each, and
-- case-insensitive groups double it). The first branches are fast paths for the common plain
-- number, and for one with thousands separators (,) or a trailing 元 and nothing else: the text
-- without them is exactly what the full rule builds, minus its `e0`.
CREATE OR REPLACE TEMP MACRO bs__num_text(x) AS CASE
  WHEN regexp_full_match(x, '-?\d{1,20}(?:\.\d+)?') THEN x
  WHEN regexp_full_match(x, '-?(?:\d{1,20}|\d{1,3}(?:,\d{3}){1,6})(?:\.\d+)?元?') THEN replace(replace(x, ',', ''), '元', '')
  ELSE list_transform([regexp_extract(bs_text(x),
    '^([+-]?)[\s\x{3000}\x{a0}]*(?:¥|￥|RMB|rmb|CNY|cny)?[\s\x{3000}\x{a0}]*([+-]?)(\d{1,3}(?:[,，]\d{3}){1,9}|\d{0,30})(\.\d+)?(?:[eE]([+-]?\d{1,2}))?[\s\x{3000}\x{a0}]*(万|[wW]|亿|[%％])?[\s\x{3000}\x{a0}]*(?:元|RMB|rmb|CNY|cny)?$',
    ['s1', 's2', 'int', 'frac', 'exp', 'unit'])],
  -- No match gives every group ''; so does a bare sign or currency, hence the digit check.
  lambda bs_p: CASE WHEN bs_p.int || bs_p.frac <> '' AND length(bs_p.s1 || bs_p.s2) <= 1
      AND (bs_p.exp = '' OR bs_p.unit = '')
    THEN bs_p.s1 || bs_p.s2 || replace(replace(bs_p.int, ',', ''), '，', '') || bs_p.frac || 'e'
      || CASE bs_p.unit WHEN '' THEN coalesce(nullif(bs_p.exp, ''), '0')
           WHEN '亿' THEN '8' WHEN '%' THEN '-2' WHEN '％' THEN '-2' ELSE '4' END
    END)[1]
  END;

CREATE OR REPLACE TEMP MACRO bs_num(x) AS TRY_CAST(bs__num_text(x) AS DOUBLE);

-- Plain digits cast straight to BIGINT (exact to 2^63). Any other form is whole when its
-- nearest double is, which is exact only up to 2^53: beyond that, NULL. (DECIMAL(38,·) would be
-- exact throughout, but DuckDB parses text into a DECIMAL wider than 18 digits some hundred
-- times slower, about 20 µs a cell.)
CREATE OR REPLACE TEMP MACRO bs_int(x) AS CASE
  WHEN regexp_full_match(x, '-?\d+') THEN TRY_CAST(x AS BIGINT)
  ELSE list_transform([bs_num(x)], lambda bs_v:
    CASE WHEN abs(bs_v) <= 9007199254740992 AND bs_v = trunc(bs_v) THEN CAST(bs_v AS BIGINT) END)[1]
  END;

-- Straight from the exact text: rounded half away from zero to fen; past 16 integer digits, NULL.
CREATE OR REPLACE TEMP MACRO bs_money(x) AS TRY_CAST(bs__num_text(x) AS DECIMAL(18,2));

-- WeChat Channels' API amounts: a whole number of fen. BIGINT × DECIMAL(3,2) is exact (DECIMAL(22,2)).
CREATE OR REPLACE TEMP MACRO bs_money_fen(x) AS TRY_CAST(bs_int(x) * 0.01 AS DECIMAL(18,2));

-- A fraction, or a percent string made a fraction. A bare number is never divided, not even one
-- above 1: it may be a real ratio (a return rate above 1 after re-shipments), and reading "12"
-- as 12 % would silently make it 0.12. Out-of-range values are for the mapping's checks.
CREATE OR REPLACE TEMP MACRO bs_rate(x) AS bs_num(x);

-- Local wall times (the session TimeZone, Asia/Shanghai) in the forms exports write, an ISO
-- instant with a zone, or an Excel serial day number; the first form that parses wins.
--  * strptime: %m %d %H %M %S also read one digit (2016/5/23 9:02). The text must start with a
--    4-digit year, because %Y alone would read 26/3/21 as the year 26. Impossible dates and
--    times (2026-02-30, 25:00) do not parse. The naive TIMESTAMP cast to TIMESTAMPTZ is read in
--    the session time zone.
--  * ISO with T and/or a zone (Z, +08:00, +0800): the cast honours the zone and reads a
--    zoneless value in the session time zone. Gated by a pattern, because the cast alone also
--    accepts 'infinity' and 'epoch'.
--  * Excel serials: days since 1899-12-30 (right for every date after February 1900), the
--    fraction the time of day, rounded to the millisecond. A serial is a binary double in the
--    workbook anyway, so DOUBLE arithmetic loses nothing, and the rounding puts a full-precision
--    serial on its exact second. Only 20000–80000 (1954-10-03 to 2119-01-11), so that a small
--    number in a date column is not taken for a date.
CREATE OR REPLACE TEMP MACRO bs__time_full(x) AS list_transform([bs_text(x)], lambda bs_t: coalesce(
  try_strptime(CASE WHEN regexp_full_match(bs_t, '\d{4}\D.*|\d{8}') THEN bs_t END, [
    '%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M',
    '%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y-%m-%d %H:%M:%S.%f', '%Y/%m/%d %H:%M:%S.%f',
    '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日'])::TIMESTAMPTZ,
  TRY_CAST(CASE WHEN regexp_full_match(bs_t,
    '\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?') THEN bs_t END AS TIMESTAMPTZ),
  CASE WHEN regexp_full_match(bs_t, '[2-7]\d{4}(?:\.\d+)?|80000(?:\.0+)?') THEN
    (TIMESTAMP '1899-12-30 00:00:00'
      + to_milliseconds(CAST(round(CAST(bs_t AS DOUBLE) * 86400000) AS BIGINT)))::TIMESTAMPTZ END))[1];

-- Most cells are the exports' own 19-character form (2026/03/21 19:15:15): tried first, alone,
-- which is about five times faster over a million rows; every other form falls through to the
-- full parser above. The length and separator guard keeps a two-digit year out of %Y.
-- Next, the same with one-digit parts or without seconds (Taobao's 2016/5/23 22:02), by shape:
-- no earlier format of the full parser's list reads such text, so the value is the same.
CREATE OR REPLACE TEMP MACRO bs_time(x) AS coalesce(
  CASE WHEN length(x) = 19 AND substr(x, 5, 1) = '/' THEN try_strptime(x, '%Y/%m/%d %H:%M:%S')::TIMESTAMPTZ
       WHEN length(x) = 19 AND substr(x, 5, 1) = '-' THEN try_strptime(x, '%Y-%m-%d %H:%M:%S')::TIMESTAMPTZ
       WHEN regexp_full_match(x, '\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{1,2}') THEN try_strptime(x, '%Y/%m/%d %H:%M')::TIMESTAMPTZ
       WHEN regexp_full_match(x, '\d{4}[-/]\d{1,2}[-/]\d{1,2} \d{1,2}:\d{1,2}(?::\d{1,2})?') THEN
         try_strptime(x, ['%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M'])::TIMESTAMPTZ END,
  bs__time_full(x));

-- The local calendar day: TIMESTAMPTZ → DATE is taken in the session time zone.
CREATE OR REPLACE TEMP MACRO bs_date(x) AS bs_time(x)::DATE;

-- A month, as returns write it: 2026-03, 2026/3, 2026.03, 202603, 2026年3月 (spaces allowed), or
-- any date or date-time bs_time reads (an Excel date cell, 2026-03-15), each giving the first
-- day of its month. A month outside 1–12 is NULL.
CREATE OR REPLACE TEMP MACRO bs_month(x) AS list_transform([bs_text(x)], lambda bs_t: coalesce(
  list_transform([regexp_extract(bs_t, '^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?$', ['y', 'm'])], lambda bs_p:
    CASE WHEN bs_p.y <> '' AND CAST(bs_p.y AS INTEGER) BETWEEN 1990 AND 2100 AND TRY_CAST(bs_p.m AS INTEGER) BETWEEN 1 AND 12
      THEN make_date(CAST(bs_p.y AS INTEGER), CAST(bs_p.m AS INTEGER), 1) END)[1],
  CAST(date_trunc('month', bs_date(bs_t)) AS DATE)))[1];

-- Flags in canonical files: true/false (any case), 1/0, 是/否. Anything else is NULL.
CREATE OR REPLACE TEMP MACRO bs_bool(x) AS
  -- One lookup (a CASE over the macro would expand bs_text once per branch): 1–3 true, 4–6 false.
  [true, false][(list_position(['true', '1', '是', 'false', '0', '否'], lower(bs_text(x))) + 2) // 3];

-- Durations: units (1分23秒, 2小时3分, 83秒, 1天2小时, 1h30m, 90s; spaces allowed), H:MM:SS
-- (00:01:23, 1:02:03; hours may pass 24), or a plain number of seconds. A two-part 01:23 is
-- NULL: it is m:ss in a watch-time column but h:mm in a session-length one, and a wrong guess
-- is off ×60. At most 15 digits a number, so none casts to infinity. The helpers take text
-- already through bs_text.
CREATE OR REPLACE TEMP MACRO bs__dur_clock(t) AS list_transform(
  [regexp_extract(t, '^(\d{1,15}):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$', ['h', 'm', 's'])],
  lambda bs_c: CASE WHEN bs_c.h <> '' THEN
    TRY_CAST(bs_c.h AS DOUBLE) * 3600 + TRY_CAST(bs_c.m AS DOUBLE) * 60 + TRY_CAST(bs_c.s AS DOUBLE) END)[1];
CREATE OR REPLACE TEMP MACRO bs__dur_units(t) AS list_transform([regexp_extract(regexp_replace(t, '\s', '', 'g'),
  '^(?:(\d{1,15}(?:\.\d+)?)(?:天|d))?(?:(\d{1,15}(?:\.\d+)?)(?:小时|时|h))?(?:(\d{1,15}(?:\.\d+)?)(?:分钟|分|min|m))?(?:(\d{1,15}(?:\.\d+)?)(?:秒钟|秒|s))?$',
  ['d', 'h', 'm', 's'])],
  -- Every group is '' on a non-match and also on an empty match: require one number.
  lambda bs_u: CASE WHEN bs_u.d || bs_u.h || bs_u.m || bs_u.s <> '' THEN
    coalesce(TRY_CAST(nullif(bs_u.d, '') AS DOUBLE) * 86400, 0) + coalesce(TRY_CAST(nullif(bs_u.h, '') AS DOUBLE) * 3600, 0)
    + coalesce(TRY_CAST(nullif(bs_u.m, '') AS DOUBLE) * 60, 0) + coalesce(TRY_CAST(nullif(bs_u.s, '') AS DOUBLE), 0) END)[1];
CREATE OR REPLACE TEMP MACRO bs_duration_s(x) AS list_transform([bs_text(x)], lambda bs_t: CASE
  WHEN regexp_full_match(bs_t, '\d{1,15}(?:\.\d+)?') THEN TRY_CAST(bs_t AS DOUBLE)
  ELSE coalesce(bs__dur_clock(bs_t), bs__dur_units(bs_t)) END)[1];

-- Minutes × 60 on the exact DECIMAL, then one rounding to DOUBLE: in DOUBLE, 0.03 × 60 would
-- be 1.7999999999999998. Parsed as DECIMAL(18,6) (fast: 64-bit) and widened before the product,
-- which DuckDB would otherwise keep in 18 digits and raise an overflow error on, aborting the load.
CREATE OR REPLACE TEMP MACRO bs_minutes_s(x) AS
  CAST(CAST(TRY_CAST(bs__num_text(x) AS DECIMAL(18,6)) AS DECIMAL(38,6)) * 60 AS DOUBLE);
