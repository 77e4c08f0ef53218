import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Database } from '../../db/database.ts';
import { installValueParsers, PARSE_MACRO, VALUES_SQL } from '../../pipelines/ingest/values.ts';
import type { ParseKind } from '../../pipelines/ingest/types.ts';

// Expected values are written out by hand (instants checked against Excel's epoch and UTC+8 by
// hand), never computed by the macros. DOUBLE results are compared with toBe: exactly the double
// of the written literal. DECIMAL, BIGINT and DATE come back as text so no digit is lost.

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 1, skipReference: true });
});
afterAll(async () => {
  await db?.close();
});

const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);

/** Apply one macro to each input on the write connection, the way a load does (inside its transaction). */
async function parse(macro: string, inputs: (string | null)[], asText = false): Promise<{ values: unknown[]; type: string }> {
  return db.write(async (con) => {
    await installValueParsers(con);
    await con.run(`CREATE OR REPLACE TEMP TABLE cases AS SELECT * FROM (VALUES ${
      inputs.map((v, i) => `(${i}, ${lit(v)}::VARCHAR)`).join(', ')}) t(i, raw)`);
    const r = await con.runAndReadAll(`SELECT ${asText ? `CAST(${macro}(raw) AS VARCHAR)` : `${macro}(raw)`} AS v,
      typeof(${macro}(raw)) AS t FROM cases ORDER BY i`);
    const rows = r.getRowObjectsJS();
    const values = rows.map((row) => (row.v instanceof Date ? row.v.toISOString() : row.v));
    return { values, type: String(rows[0].t) };
  }, { derived: false });
}

/** Check a table of [input, expected] pairs; the failure message names the input. */
async function check(macro: string, cases: [string | null, unknown][], type: string, asText = false) {
  const { values, type: got } = await parse(macro, cases.map((c) => c[0]), asText);
  expect(got).toBe(type);
  const actual = cases.map((c, i) => [c[0], values[i]]);
  expect(actual).toEqual(cases);
}

/** The cells every parser reads as "no value". */
const EMPTY: [string | null, null][] = [null, '', '   ', '\t', '\u3000', '-', '--', '—', '/', '无', '暂无', 'N/A', ' - ']
  .map((v) => [v, null]);

describe('value parsers: installation', () => {
  it('defines one macro per parse kind', async () => {
    const kinds = Object.keys(PARSE_MACRO) as ParseKind[];
    expect(kinds.sort()).toEqual(['bool', 'date', 'duration_s', 'id', 'int', 'minutes_s', 'money', 'money_fen',
      'month', 'num', 'rate', 'text', 'time']);
    const names = await db.write(async (con) => {
      await installValueParsers(con);
      const r = await con.runAndReadAll(`SELECT DISTINCT function_name AS f FROM duckdb_functions()
        WHERE function_type = 'macro' AND function_name LIKE 'bs\\_%' ESCAPE '\\' AND NOT internal ORDER BY f`);
      return r.getRowObjectsJS().map((row) => String(row.f));
    }, { derived: false });
    for (const name of Object.values(PARSE_MACRO)) expect(names).toContain(name);
    expect(VALUES_SQL).toMatch(/CREATE OR REPLACE TEMP MACRO bs_money\(x\)/);
  });

  it('are temporary: only the installing connection sees them, and a rollback removes them', async () => {
    const defined = async (con: DuckDBConnection) => Number((await con.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM duckdb_functions() WHERE function_name = 'bs_num'`)).getRowObjectsJS()[0].n);
    await db.write(async (con) => { await installValueParsers(con); }, { derived: false });
    // Committed on the writer, yet a pooled read connection has no such function.
    await expect(db.query(`SELECT bs_num('1') AS v`)).rejects.toThrow(/bs_num/);
    await db.write(async (con) => { await con.run('DROP MACRO temp.bs_num'); }, { derived: false });
    // A load that fails takes the macros it installed with its transaction.
    await expect(db.write(async (con) => {
      await installValueParsers(con);
      expect(await defined(con)).toBe(1);
      throw new Error('load failed');
    }, { derived: false })).rejects.toThrow('load failed');
    const after = await db.write(async (con) => {
      const before = await defined(con);
      await installValueParsers(con);
      await installValueParsers(con); // CREATE OR REPLACE: installing twice is harmless
      const r = await con.runAndReadAll(`SELECT bs_num('1') AS v`);
      return { before, v: r.getRowObjectsJS()[0].v };
    }, { derived: false });
    expect(after).toEqual({ before: 0, v: 1 });
  });
});

describe('value parsers: text and ids', () => {
  it('bs_text trims every kind of space and reads placeholders as NULL', async () => {
    await check('bs_text', [
      ...EMPTY,
      ['  x  ', 'x'], ['\u3000x\u3000', 'x'], ['\u00a0x\t', 'x'], ['\ufeffx', 'x'], ['\r\nx\r\n', 'x'],
      ['a b', 'a b'], ['x-y', 'x-y'], ['无线', '无线'], ['-1', '-1'], ['N/A2', 'N/A2'],
      // clean edges are kept as they are, inner newlines included; a zero-width space is trimmed
      ['a\nb', 'a\nb'], ['x\u200b', 'x'], ['\u200b-', null], ['—— ', null],
      // a tab before digits (Douyin's ids) and what lies just beside that fast path
      ['\t6917123456789012345', '6917123456789012345'], ['\t\t12', '12'], ['\t12 ', '12'], ['\t12a', '12a'], ['\t-', null],
    ], 'VARCHAR');
  });

  it('bs_id removes spreadsheet wrappers and keeps scientific notation as written', async () => {
    await check('bs_id', [
      ...EMPTY,
      ['"\\t6917123456789012345"', '6917123456789012345'], // Douyin: quotes around the two characters \t
      ['\t6917123456789012345', '6917123456789012345'], // a real tab
      ['\\t6917123456789012345', '6917123456789012345'],
      ['="2024031212345678"', '2024031212345678'], // Taobao
      ["'1234567890123", '1234567890123'],
      ['=1234567890123', '1234567890123'],
      ['"123"', '123'],
      ['\u3000 123 ', '123'],
      ['="-"', null], ['=""', null],
      ['6.917E+18', '6.917E+18'], ['6.91712E+18', '6.91712E+18'],
      ['ABC-123_x', 'ABC-123_x'],
      // the fast paths' shapes, and their neighbours that take the full rule
      ['="123', '123'], ['123"', '123'], ['=123"', '123'], ['0012', '0012'], ['\\t\\t12', '12'], ['t12', 't12'], ['12t', '12t'],
    ], 'VARCHAR');
  });
});

describe('value parsers: numbers', () => {
  it('bs_num reads currency, separators, 万/亿/w and percent strings exactly', async () => {
    await check('bs_num', [
      ...EMPTY,
      ['42', 42], ['  42 ', 42], ['\u300042\u3000', 42], ['-12.5', -12.5], ['+5', 5], ['0', 0], ['.5', 0.5],
      ['12.30元', 12.3], ['¥1,234.50', 1234.5], ['￥1，234.5', 1234.5], ['1,234,567.89', 1234567.89],
      ['¥ 12.30 元', 12.3], ['RMB 100', 100], ['100RMB', 100], ['-¥12', -12], ['¥-12', -12],
      ['1.2万', 12000], ['0.285万', 2850], ['2.01万', 20100], ['5.23万', 52300], ['1.2万元', 12000], ['1.2w', 12000], ['2W', 20000], ['3.5亿', 350000000],
      ['1.37%', 0.0137], ['1.37％', 0.0137], ['-0.5%', -0.005], ['100%', 1],
      ['6.917E+18', 6.917e18], ['1e-7', 1e-7],
      // junk
      ['abc', null], ['1.2.3', null], ['12元元', null], ['1,23', null], ['1,2345', null], ['12,34.5', null],
      ['--12', null], ['-¥-12', null], ['1_000', null], ['inf', null], ['NaN', null], ['0x1F', null],
      ['10w+', null], ['1e3万', null], ['1.2万%', null], ['¥', null], ['%', null], ['万', null], ['1 2', null],
      ['1'.padEnd(400, '0'), null], ['1e400', null],
    ], 'DOUBLE');
  });

  it('bs_int keeps whole numbers only, exactly', async () => {
    await check('bs_int', [
      ...EMPTY,
      ['42', '42'], ['-7', '-7'], ['+5', '5'], ['12.0', '12'], ['12,345', '12345'], ['1.2万', '12000'],
      ['3亿', '300000000'], ['100%', '1'], ['1e3', '1000'],
      ['5.23万', '52300'], ['2.01万', '20100'], // 5.23 * 10000 in binary is 52300.00000000001: not whole
      ['9007199254740993', '9007199254740993'], // plain digits: exact past 2^53
      ['12.5', null], ['1.37%', null], ['abc', null],
      ['99999999999999999999', null], // past BIGINT
      ['6.917E+18', null], // past 2^53 in a non-plain form: not provably whole
    ], 'BIGINT', true);
  });

  it('bs_money rounds the exact decimal half away from zero, to fen', async () => {
    await check('bs_money', [
      ...EMPTY,
      ['12.30元', '12.30'], ['¥1,234.50', '1234.50'], ['1,234.565', '1234.57'], ['-1,234.565', '-1234.57'],
      ['0.285万', '2850.00'], ['1.2345678万', '12345.68'], ['0.123456万', '1234.56'], ['3.5亿', '350000000.00'],
      // binary doubles would give 1.00 and 2.67 here
      ['1.005', '1.01'], ['2.675', '2.68'], ['0.125', '0.13'], ['1.0049999', '1.00'],
      ['1.37%', '0.01'], ['9999999999999999.99', '9999999999999999.99'],
      ['12345678901234567', null], // past DECIMAL(18,2)
      ['abc', null], ['12元元', null],
      // thousands separators with 元 (a fast path), and their malformed neighbours
      ['1,234.50元', '1234.50'], ['-1,234.565元', '-1234.57'], ['1,2345元', null], ['1,234元元', null], ['1,234,', null],
    ], 'DECIMAL(18,2)', true);
  });

  it('bs_money_fen divides a whole number of fen by 100', async () => {
    await check('bs_money_fen', [
      ...EMPTY,
      ['12345', '123.45'], ['0', '0.00'], ['-100', '-1.00'], ['12345.0', '123.45'], ['1,000', '10.00'],
      ['123.4', null], ['abc', null],
    ], 'DECIMAL(18,2)', true);
  });

  it('bs_rate reads fractions and percent strings, and never divides a bare number', async () => {
    await check('bs_rate', [
      ...EMPTY,
      ['0.0008', 0.0008], ['1.37%', 0.0137], ['100%', 1], ['-3%', -0.03], ['1.2', 1.2], ['12', 12],
      ['abc', null],
    ], 'DOUBLE');
  });
});

describe('value parsers: times', () => {
  it('bs_time reads local wall times as Asia/Shanghai instants', async () => {
    await check('bs_time', [
      ...EMPTY,
      ['2026/03/21 19:15:15', '2026-03-21T11:15:15.000Z'],
      ['2026-03-21 19:15:15', '2026-03-21T11:15:15.000Z'],
      ['2016/5/23 22:02', '2016-05-23T14:02:00.000Z'], // single digits, no seconds
      ['2016/5/3 2:02:03', '2016-05-02T18:02:03.000Z'],
      ['2026-3-1 9:05', '2026-03-01T01:05:00.000Z'], ['2026/3/21 25:00', null], ['2026-3/1 9:05', null], ['2026/2/30 9:05', null],
      ['2026/03/21 00:15:15', '2026-03-20T16:15:15.000Z'], // local after midnight: the UTC day before
      ['2026/03/21', '2026-03-20T16:00:00.000Z'], ['2026-03-21', '2026-03-20T16:00:00.000Z'],
      ['20260321', '2026-03-20T16:00:00.000Z'],
      ['2026-03-21 19:15:15.250', '2026-03-21T11:15:15.250Z'],
      ['2026年3月21日 9:05', '2026-03-21T01:05:00.000Z'],
      // ISO: the zone when given, else local
      ['2026-03-21T11:15:15Z', '2026-03-21T11:15:15.000Z'],
      ['2026-03-21T19:15:15+08:00', '2026-03-21T11:15:15.000Z'],
      ['2026-03-21T12:15:15+09:00', '2026-03-21T03:15:15.000Z'],
      ['2026-03-21T19:15:15.123+0800', '2026-03-21T11:15:15.123Z'],
      ['2026-03-21T19:15:15', '2026-03-21T11:15:15.000Z'],
      // Excel serials: days since 1899-12-30, local
      ['45000.5', '2023-03-15T04:00:00.000Z'], ['45000', '2023-03-14T16:00:00.000Z'],
      ['46102.802256944444', '2026-03-21T11:15:15.000Z'], // a stored double lands on its second
      ['46102.8023', '2026-03-21T11:15:18.720Z'],
      ['20000', '1954-10-02T16:00:00.000Z'], ['80000', '2119-01-10T16:00:00.000Z'],
      ['19999', null], ['80001', null], ['12345', null], ['42', null],
      // invalid
      ['2026-02-30', null], ['2026-02-29 10:00:00', null], ['2026-03-21 25:00', null], ['2026-03-21 19:60:00', null],
      ['2026/13/01', null], ['26/3/21', null], ['2026321', null], ['2026-03-21 19:15:15 junk', null],
      ['infinity', null], ['epoch', null], ['now', null], ['abc', null],
    ], 'TIMESTAMP WITH TIME ZONE');
  });

  it('bs_date takes the local calendar day', async () => {
    await check('bs_date', [
      ...EMPTY,
      ['2026/03/21 19:15:15', '2026-03-21'], ['2026/03/21 00:15:15', '2026-03-21'],
      ['2026-03-20T20:00:00Z', '2026-03-21'], // 04:00 on the 21st in Beijing
      ['2026-03-21T16:30:00Z', '2026-03-22'],
      ['2026-03-21T23:30:00+08:00', '2026-03-21'],
      ['2016/5/3', '2016-05-03'], ['20260321', '2026-03-21'], ['2026-03-21', '2026-03-21'],
      ['45000.5', '2023-03-15'], ['45000', '2023-03-15'],
      ['2026-02-30', null], ['abc', null],
    ], 'DATE', true);
  });

  it('bs_month takes the first day of the month a return names, however it is written', async () => {
    await check('bs_month', [
      ...EMPTY,
      ['2026-03', '2026-03-01'], ['2026/3', '2026-03-01'], ['2026.03', '2026-03-01'], ['202603', '2026-03-01'],
      ['2026年3月', '2026-03-01'], ['2026 年 12 月', '2026-12-01'], ['2026-03-15', '2026-03-01'],
      ['2026/03/31 23:59:59', '2026-03-01'], ['45000', '2023-03-01'], // an Excel serial: 2023-03-15
      ['2026-13', null], ['2026-00', null], ['3月', null], ['abc', null],
    ], 'DATE', true);
  });
});

describe('value parsers: flags and durations', () => {
  it('bs_bool reads true/false, 1/0 and 是/否', async () => {
    await check('bs_bool', [
      ...EMPTY,
      ['true', true], ['TRUE', true], [' 1 ', true], ['是', true], ['false', false], ['False', false], ['0', false],
      ['否', false], ['yes', null], ['2', null],
    ], 'BOOLEAN');
  });

  it('bs_duration_s reads units, H:MM:SS and plain seconds', async () => {
    await check('bs_duration_s', [
      ...EMPTY,
      ['1分23秒', 83], ['2小时3分', 7380], ['83秒', 83], ['00:01:23', 83], ['1:02:03', 3723], ['83', 83],
      ['83.5', 83.5], ['1小时 2分钟 3秒', 3723], ['1天2小时', 93600], ['90s', 90], ['1h30m', 5400],
      ['1.5分', 90], ['25:00:00', 90000], ['0', 0],
      ['01:23', null], // m:ss or h:mm? ambiguous
      ['1:60:00', null], ['1分23', null], ['-5', null], ['分', null], ['abc', null],
      ['1'.padEnd(400, '0'), null], ['1'.padEnd(400, '0') + '秒', null], // would be infinite
    ], 'DOUBLE');
  });

  it('bs_minutes_s multiplies exact minutes by 60', async () => {
    await check('bs_minutes_s', [
      ...EMPTY,
      ['1.5', 90], ['2', 120], ['0.1', 6],
      ['0.03', 1.8], // 0.03 * 60 in binary is 1.7999999999999998
      ['0.13', 7.8], ['abc', null],
    ], 'DOUBLE');
  });
});
