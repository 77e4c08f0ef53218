import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createApp } from '../../server/api/app.ts';
import type { Database } from '../../db/database.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

// CSV and Excel downloads against the JSON answer of the same query: labels read here from the
// reference tables with plain SQL, values rounded here with toFixed at the catalog's places.
let db: Database;
let app: ReturnType<typeof createApp>['app'];
const get = requester(() => app);

beforeAll(async () => {
  db = await openFixedDatabase();
  app = createApp({ db }).app;
});
afterAll(async () => db.close());

const Q = '/api/metrics?measures=gmv,gpm,refund_rate,orders&by=belt,merchant&grain=month&compare=previous_period';
const PLACES: Record<string, number> = { gmv: 2, gpm: 2, refund_rate: 6, orders: 0 };
const round = (v: unknown, d: number) => (v === null ? null : Number((v as number).toFixed(d)));

/** What a download's rows must be: the JSON rows with labels beside ids and rounded values. */
async function expected(lang: 'zh' | 'en') {
  const json = (await get(Q)).body;
  const belts = new Map((await db.query('SELECT belt_id, name_zh, name_en FROM belts')).map((r) => [r.belt_id, r[`name_${lang}`]]));
  const merchants = new Map((await db.query('SELECT merchant_id, name FROM merchants')).map((r) => [r.merchant_id, r.name]));
  const rows = json.rows.map((r: any) => [
    r.month, r.belt, belts.get(r.belt), r.merchant, merchants.get(r.merchant),
    ...json.measures.flatMap((m: string) => [round(r[m], PLACES[m]), round(r[`${m}_prev`], PLACES[m]), round(r[`${m}_change`], 6)]),
  ]);
  return { json, rows };
}

const csvRows = (text: string) => text.replace(/^\uFEFF/, '').trim().split('\r\n').filter((l) => !l.startsWith('#')).map((l) => l.split(','));

describe('CSV download', () => {
  it('has each dimension\'s label in the chosen language beside its id, and values rounded to their measure', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const { json, rows } = await expected(lang);
      expect(json.rows.length).toBeGreaterThan(2);
      const r = await app.request(`${Q}&format=csv&lang=${lang}`);
      // Named after what it holds, so a page's downloads do not overwrite one another.
      expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="beltscope-gmv\+gpm\+refund_rate\+1more-by-belt\+merchant-month-v\d+\.csv"$/);
      const [header, ...body] = csvRows(await r.text());
      expect(header.slice(0, 6)).toEqual(lang === 'zh'
        ? ['月', '产业带ID', '产业带', '商家ID', '商家', '成交金额']
        : ['Month', 'Belt ID', 'Belt', 'Merchant ID', 'Merchant', 'GMV']);
      expect(body).toEqual(rows.map((row: unknown[]) => row.map((v) => (v === null || v === undefined ? '' : String(v)))));
    }
  });

  it('GPM has two decimals, not the full float; JSON keeps it whole', async () => {
    const q = '/api/metrics?measures=gpm&by=belt';
    const json = (await get(q)).body;
    const jd = json.rows.find((r: any) => r.belt === 'jingdezhen-ceramics');
    expect(jd.gpm).toBeCloseTo((950 / 15000) * 1000, 12);
    const body = csvRows(await (await app.request(`${q}&format=csv`)).text());
    expect(body.find((r) => r[0] === 'jingdezhen-ceramics')).toEqual(['jingdezhen-ceramics', '景德镇陶瓷', '63.33']);
  });

  it('quotes a label that would run as a formula in Excel', async () => {
    await db.write((con) => con.run(`UPDATE merchants SET name = '=1+1' WHERE merchant_id = 'm3'`), { derived: false });
    try {
      const text = await (await createApp({ db }).app.request('/api/metrics?measures=gmv&by=merchant&format=csv')).text();
      const [{ g }] = await db.query(`SELECT sum(amount)::DOUBLE AS g FROM orders WHERE merchant_id = 'm3'`);
      expect(csvRows(text).find((r) => r[0] === 'm3')).toEqual(['m3', "'=1+1", String(g)]);
    } finally {
      await db.write((con) => con.run(`UPDATE merchants SET name = '皮城品牌' WHERE merchant_id = 'm3'`), { derived: false });
    }
  });
});

describe('Excel download', () => {
  async function workbook(lang: 'zh' | 'en') {
    const r = await app.request(`${Q}&format=xlsx&lang=${lang}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers.get('content-disposition')).toMatch(/\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    return wb;
  }
  const values = (ws: ExcelJS.Worksheet) => {
    const out: unknown[][] = [];
    ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
    return out;
  };

  it('reads back with exceljs to the JSON answer, labelled and rounded, numbers as numbers', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const { rows } = await expected(lang);
      const wb = await workbook(lang);
      const data = wb.worksheets[0];
      expect(data.name).toBe(lang === 'zh' ? '数据' : 'Data');
      const [header, ...body] = values(data);
      expect(header.slice(0, 3)).toEqual(lang === 'zh' ? ['月', '产业带ID', '产业带'] : ['Month', 'Belt ID', 'Belt']);
      // exceljs leaves an empty cell out of row.values: compare with nulls as undefined.
      expect(body).toEqual(rows.map((row: unknown[]) => {
        const r = row.map((v) => (v === null ? undefined : v));
        while (r.length && r[r.length - 1] === undefined) r.pop();
        return r;
      }));
      expect(typeof body[0][5]).toBe('number');
    }
  });

  it('formats money with two decimals and ratios as percentages; a second sheet says what the data is', async () => {
    const wb = await workbook('zh');
    const data = wb.worksheets[0];
    const header = (data.getRow(1).values as string[]).slice(1);
    const col = (h: string) => header.indexOf(h) + 1;
    expect(data.getRow(2).getCell(col('成交金额')).numFmt).toBe('#,##0.00');
    expect(data.getRow(2).getCell(col('退款金额占比')).numFmt).toBe('0.0000%');
    expect(data.getRow(2).getCell(col('成交订单数')).numFmt).toBe('#,##0');
    const about = values(wb.worksheets[1]).map((r) => String(r[0]));
    expect(wb.worksheets[1].name).toBe('说明');
    expect(about[0]).toMatch(/^beltscope dataVersion=\d+ query=\/api\/metrics\?measures=gmv,gpm,refund_rate,orders&by=belt,merchant&grain=month/);
    expect(about.some((l) => l.startsWith('说明 (refund_rate): '))).toBe(true);
  });
});

describe('format is validated', () => {
  it('names the formats it knows', async () => {
    const { status, body } = await get('/api/metrics?measures=gmv&format=xls&lang=en');
    expect(status).toBe(400);
    expect(body.error.allowed).toEqual(['json', 'csv', 'xlsx', 'arrow']);
  });
});
