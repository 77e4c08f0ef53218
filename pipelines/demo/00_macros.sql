-- Hash-based randomness: every random number is a pure function of (seed, keys, salt),
-- so the same seed and size give the same rows whatever the thread count or row order.
-- Callers pass hash(seed, keys…, salt). DuckDB combines the hashes of several arguments
-- weakly: hash(x, 'a') and hash(x, 'b') are strongly correlated (0.99 in the low bits), so
-- every macro below hashes its argument once more, which mixes the bits properly.
-- demo_u: uniform in [0, 1).  demo_g: standard normal (Box-Muller).  demo_mod: integer in [0, m).
CREATE OR REPLACE TEMP MACRO demo_u(h) AS (hash(h) % 16777216)::DOUBLE / 16777216.0;
CREATE OR REPLACE TEMP MACRO demo_g(h) AS
  sqrt(-2.0 * ln(((hash(h) % 16777216) + 1)::DOUBLE / 16777217.0))
  * cos(2.0 * pi() * ((hash(h) >> 24) % 16777216)::DOUBLE / 16777216.0);
CREATE OR REPLACE TEMP MACRO demo_mod(h, m) AS (hash(h) % (m))::BIGINT;
-- Categorical pick: items[i] where cum holds the upper bounds of all but the last item.
CREATE OR REPLACE TEMP MACRO demo_pick(items, cum, u) AS items[1 + len(list_filter(cum, lambda x: x <= u))];
-- Ids that look like platform ids: leading digits, then an affine bijection modulo 10^15 of a
-- unique number x (982451653 is prime, so distinct x < 10^15 give distinct ids).
CREATE OR REPLACE TEMP MACRO demo_id(prefix, x, off) AS
  ((prefix) * 1000000000000000 + ((x) * 982451653 + (off)) % 1000000000000000)::VARCHAR;
-- Session shape on x in [0, 1]: a flat part, one hump and k push cycles; f has mean 1.
CREATE OR REPLACE TEMP MACRO demo_shape(x, w0, w1, k) AS
  w0 + w1 * 2 * pow(sin(pi() * x), 2) + (1 - w0 - w1) * 2 * pow(sin(k * pi() * x), 2);
-- Its integral from 0 to x (the cumulative share of entries by x).
CREATE OR REPLACE TEMP MACRO demo_shape_cdf(x, w0, w1, k) AS
  w0 * x + w1 * (x - sin(2 * pi() * x) / (2 * pi())) + (1 - w0 - w1) * (x - sin(2 * k * pi() * x) / (2 * k * pi()));
-- Kiln-opening flash listings: when listing j of nl is put up, in seconds from the session start.
CREATE OR REPLACE TEMP MACRO demo_listed_off(seed, sk, j, nl, dur_s) AS
  60 + (j * (dur_s - 900)) // nl + demo_mod(hash(seed, sk, j, 'lst'), 30);
-- Whether listing j sells slowly (minutes rather than seconds).
CREATE OR REPLACE TEMP MACRO demo_slow(seed, sk, j) AS demo_u(hash(seed, sk, j, 'slow')) < 0.15;
-- 1-based list index from a hash: list[demo_idx(hash(…), len(list))].
CREATE OR REPLACE TEMP MACRO demo_idx(h, n) AS 1 + (hash(h) % (n))::INTEGER;
