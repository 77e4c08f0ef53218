import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '../../db/database.ts';
import { readDatasets } from '../../server/api/datasets.ts';
import { removeDataset } from '../../db/removeDataset.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { ingestFiles, type IngestOptions } from '../../pipelines/ingest/ingest.ts';
import { BUILT_IN, assertMappingColumns, parseMapping } from '../../pipelines/ingest/mappings.ts';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DOUYIN_HEAD, csvText, douyinLine, sample, tempDir, writeCsv, writeXlsx } from './ingest-fixtures.ts';

// Files as they go wrong in real life: each failure mode gives the right quarantine rows or a
// clear error, and nothing half-loaded; overlapping and corrected exports never double-count.
let db: Database;
let dir: string;
const ingest = async (paths: string[], o: Partial<IngestOptions> = {}) =>
  (await ingestFiles(db, paths, { hashKey: 'k', merchant: 'M1', belt: 'jingdezhen-ceramics', ...o })).files;
const orders = async () => (await db.query(`SELECT count(*)::INT AS n, coalesce(sum(amount), 0)::DOUBLE AS g FROM orders`))[0];
const quarantine = (file: string) => db.query(`SELECT line, record, column_name, raw_value, reason FROM quarantine WHERE file_name = $f ORDER BY record`, { f: file });

beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 1 });
  dir = tempDir();
});
afterAll(async () => db.close());

const id = (n: number) => `69170000000000${String(n).padStart(5, '0')}`;

/** Run `fn` against a database of its own (with a demo of `demoOrders` lines, if given), closed afterwards. */
async function withOwnDatabase(fn: (other: Database) => Promise<void>, demoOrders?: number): Promise<void> {
  const other = await Database.open(':memory:', { readers: 1 });
  try {
    if (demoOrders) await other.write((con) => generateDemo(con, { orders: demoOrders, seed: 3 }));
    await fn(other);
  } finally {
    await other.close();
  }
}

/** The rows of a workbook's first sheet, to write into another workbook. */
async function sheetRows(path: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('malformed files', () => {
  it('bad dates, negative amounts, spreadsheet-mangled ids and a totals row are quarantined with line, column and reason', async () => {
    const path = writeCsv(dir, 'bad-rows.csv', [
      DOUYIN_HEAD,
      douyinLine({ parent: id(1), amount: '10.00', paid: '2026/03/01 10:00:00' }),
      douyinLine({ parent: id(2), amount: '10.00', paid: '2026/02/30 10:00:00' }),
      douyinLine({ parent: id(3), amount: '-5.00', paid: '2026/03/01 11:00:00' }),
      douyinLine({ parent: '6.917E+18', amount: '12.00', paid: '2026/03/01 12:00:00' }),
      douyinLine({ parent: '691700000000', amount: '12.00', paid: '2026/03/01 12:00:00' }), // cut short
      ['合计', '', '', '', 4, '', '', '', '29.00', ...Array(DOUYIN_HEAD.length - 9).fill('')],
    ]);
    const [f] = await ingest([path]);
    // The totals row at the bottom is skipped as one, not quarantined as an order without an id.
    expect(f).toMatchObject({ status: 'loaded', rowsRead: 6, loaded: 1, quarantined: 4, skipped: 1 });
    expect(f.message).toMatch(/a totals row, not a record/);
    const q = await quarantine('bad-rows.csv');
    expect(q.map((r) => [r.line, r.record, r.column_name, r.raw_value])).toEqual([
      [3, 2, '支付完成时间', '2026/02/30 10:00:00'],
      [4, 3, '订单应付金额', '-5.00'],
      [5, 4, '子订单编号', '6.917E+18'],
      [6, 5, '子订单编号', '691700000000'],
    ]);
    expect(q[1].reason).toMatch(/below the smallest allowed value 0/);
    expect(q[2].reason).toMatch(/6\.9E\+18/);
    const [raw] = await db.query(`SELECT raw FROM quarantine WHERE file_name = 'bad-rows.csv' AND record = 4`);
    const kept = JSON.parse(raw.raw as string);
    expect(kept).toMatchObject({ 子订单编号: '\t6.917E+18', 订单应付金额: '12.00' }); // the cell as written
    // Only the cells the mapping reads: a column it does not name may be personal (an allow-list).
    expect(Object.keys(kept).sort()).toEqual(['主订单编号', '子订单编号', '商品ID', '商品数量', '订单应付金额', '支付完成时间', '发货时间',
      '省', '市', '售后状态', '流量来源', '订单状态'].sort());
  });

  it('a file cut off mid-row quarantines its last record (fewer cells, or a quote left open); a complete last line without a line end loads', async () => {
    const full = csvText([DOUYIN_HEAD,
      douyinLine({ parent: id(61), amount: '10.00', paid: '2025/09/01 10:00:00' }),
      douyinLine({ parent: id(62), amount: '2,360.50', paid: '2025/09/01 11:00:00' })]).trimEnd();
    // Cut after the payment time (the cells after it missing), and inside the quoted "2,360.50".
    const afterPaid = full.slice(0, full.lastIndexOf('2025/09/01 11:00:00') + '2025/09/01 11:00:00'.length);
    const inQuote = full.slice(0, full.lastIndexOf('2,360.') + '2,360.'.length);
    for (const [name, text] of [['cut-cells.csv', afterPaid], ['cut-quote.csv', inQuote]] as const) {
      writeFileSync(join(dir, name), `\uFEFF${text}`);
      const before = await orders();
      const [f] = await ingest([join(dir, name)]);
      expect(f, name).toMatchObject({ status: 'loaded', rowsRead: 2, loaded: 1, quarantined: 1 });
      expect(await orders()).toEqual({ n: Number(before.n) + 1, g: Number(before.g) + 10 });
      const q = await quarantine(name);
      expect(q.map((r) => [r.line, r.record, r.column_name])).toEqual([[3, 2, '（整行）/ (whole row)']]);
      expect(q[0].reason).toMatch(/the file ends in the middle of this row .*download or export the file again/);
      await db.write((con) => con.run(`DELETE FROM orders WHERE order_id = '${id(61)}'`));
    }
    // The whole file without its last line end: nothing is cut.
    writeFileSync(join(dir, 'no-final-newline.csv'), `\uFEFF${full}`);
    const [g] = await ingest([join(dir, 'no-final-newline.csv')]);
    expect(g).toMatchObject({ status: 'loaded', rowsRead: 2, loaded: 2, quarantined: 0 });
  });

  it('a row with more or fewer cells than the header is quarantined whole, not loaded shifted; empty cells and a trailing comma are not', async () => {
    const row = (n: number, after = '退款成功') => douyinLine({ parent: id(760 + n), amount: `${n}00.00`, paid: '2026/03/21 19:20:15', after });
    const wide = row(2); wide[20] = '青花,直播间'; // an unquoted comma in 流量渠道
    const text = csvText([DOUYIN_HEAD, row(1, '-'), wide, row(3).slice(0, 25), row(4, '-')]).replace('"青花,直播间"', '青花,直播间')
      + `${row(5, '-').map((c, i) => (i >= 20 ? '' : c)).join(',')}\r\n${row(6, '-').join(',')},\r\n`;
    const path = join(dir, 'shifted.csv');
    writeFileSync(path, text);
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ rowsRead: 6, loaded: 4, quarantined: 2 });
    const q = await quarantine('shifted.csv');
    expect(q.map((r) => [r.line, r.column_name])).toEqual([[3, '（整行）/ (whole row)'], [4, '（整行）/ (whole row)']]);
    expect(q[0].reason).toMatch(/this row has more cells than the header's 28 \(a cell may hold a comma without quotes\)/);
    expect(q[1].reason).toMatch(/^此行只有 25 个单元格，表头有 28 个.* \/ this row has 25 cells where the header has 28 /);
    // A header ending in commas (every line does): a filled cell under no name is still one too many.
    const padded = join(dir, 'shifted-padded.csv');
    writeFileSync(padded, 'merchant_id,belt_id,name,,\r\nS-P-1,jingdezhen-ceramics,示例,,\r\nS-P-2,jingdezhen-ceramics,示例,x,\r\n');
    const [p] = await ingest([padded], { merchant: undefined, belt: undefined });
    expect(p).toMatchObject({ rowsRead: 2, loaded: 1, quarantined: 1 });
    // Loaded rows kept their refunds where they are: none was read from a shifted column.
    const rows = await db.query(`SELECT order_id, refund_amount::DOUBLE AS r FROM orders WHERE order_id IN (${[1, 4, 5, 6].map((n) => `'${id(760 + n)}'`).join(', ')}) ORDER BY order_id`);
    expect(rows.map((x) => x.r)).toEqual([0, 0, 0, 0]);
  });

  it('the header line again further down (exports joined into one file) is skipped as such', async () => {
    // The second file's BOM comes along, as `cat a.csv b.csv` leaves it.
    const path = writeCsv(dir, 'joined.csv', [DOUYIN_HEAD, douyinLine({ parent: id(780), amount: '1.00', paid: '2026/03/22 10:00:00' }),
      ['\uFEFF' + DOUYIN_HEAD[0], ...DOUYIN_HEAD.slice(1)], douyinLine({ parent: id(781), amount: '2.00', paid: '2026/03/22 11:00:00' })]);
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ rowsRead: 3, loaded: 2, skipped: 1, quarantined: 0 });
    expect(f.message).toMatch(/the header line again \(exports joined into one file\) × 1/);
  });

  it('a file of a header alone says it has no rows, loads nothing, and is not taken for a success', async () => {
    const before = await orders();
    const [f] = await ingest([writeCsv(dir, 'header-only.csv', [DOUYIN_HEAD])]);
    expect(f).toMatchObject({ status: 'loaded', rowsRead: 0, loaded: 0, skipped: 0, quarantined: 0,
      message: expect.stringMatching(/^The file has a header but no data rows: nothing to load/), messageZh: expect.stringMatching(/^文件只有表头，没有数据行/) });
    expect(await orders()).toEqual(before);
  });

  it('lines of one file sharing an id with different values are all quarantined (ids a spreadsheet rounded); identical repeats stay duplicates', async () => {
    // 6925903269621787361 and …7399 rounded to 15 significant digits: both 6925903269621780000.
    const rounded = '6925903269621780000';
    const path = writeCsv(dir, 'rounded-ids.csv', [DOUYIN_HEAD,
      douyinLine({ parent: rounded, amount: '116.00', paid: '2025/08/01 10:00:00' }),
      douyinLine({ parent: rounded, amount: '88.00', paid: '2025/08/01 11:00:00' }),
      douyinLine({ parent: id(41), amount: '20.00', paid: '2025/08/01 12:00:00' }),
      douyinLine({ parent: id(41), amount: '20.00', paid: '2025/08/01 12:00:00' })]);
    const before = await orders();
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ status: 'loaded', rowsRead: 4, loaded: 1, duplicates: 1, quarantined: 2 });
    expect(await orders()).toEqual({ n: Number(before.n) + 1, g: Number(before.g) + 20 });
    const q = await quarantine('rounded-ids.csv');
    expect(q.map((r) => [r.line, r.column_name, r.raw_value])).toEqual([[2, '子订单编号', rounded], [3, '子订单编号', rounded]]);
    expect(q[0].reason).toMatch(/several lines of this file share this id with different values \(a spreadsheet may have rounded long ids/);
    expect(q[0].reason).toMatch(/^同一文件中有多行编号相同但内容不同/);
  });

  it('an id a spreadsheet rounded and wrote out in full (15 digits, then zeros) is quarantined, not loaded beside the real one', async () => {
    const real = '6925903269621787361';
    const [first] = await ingest([writeCsv(dir, 'real-id.csv', [DOUYIN_HEAD, douyinLine({ parent: real, amount: '116.00', paid: '2025/08/03 10:00:00' })])]);
    expect(first).toMatchObject({ status: 'loaded', loaded: 1 });
    // The same line after a spreadsheet: 6925903269621780000 passes the 19-digit pattern, and alone in its file repeats no key.
    const before = await orders();
    const [f] = await ingest([writeCsv(dir, 'rounded-one.csv', [DOUYIN_HEAD, douyinLine({ parent: '6925903269621780000', amount: '116.00', paid: '2025/08/03 10:00:00' })])]);
    expect(f).toMatchObject({ status: 'loaded', rowsRead: 1, loaded: 0, quarantined: 1 });
    expect(await orders()).toEqual(before);
    const [q] = await quarantine('rounded-one.csv');
    expect(q).toMatchObject({ line: 2, column_name: '子订单编号', raw_value: '6925903269621780000' });
    expect(q.reason).toMatch(/the id looks rounded by a spreadsheet \(15 digits, then only zeros\), as most ids of this column in the file do/);
    expect(q.reason).toMatch(/^编号像被表格软件四舍五入过/);
    // Among real ids, one that happens to end in zeros loads (a real id does so once in 10,000).
    const [g] = await ingest([writeCsv(dir, 'real-zeros.csv', [DOUYIN_HEAD,
      douyinLine({ parent: '6925903269621790000', amount: '5.00', paid: '2025/08/03 11:00:00' }),
      ...[71, 72, 73].map((n) => douyinLine({ parent: id(n), amount: '5.00', paid: '2025/08/03 11:00:00' }))])]);
    expect(g).toMatchObject({ status: 'loaded', rowsRead: 4, loaded: 4, quarantined: 0 });
  });

  it('a file of lines already loaded and bad lines says nothing new was loaded, not nothing', async () => {
    const good = douyinLine({ parent: id(91), amount: '8.00', paid: '2025/08/05 10:00:00' });
    await ingest([writeCsv(dir, 'first-91.csv', [DOUYIN_HEAD, good])]);
    const [f] = await ingest([writeCsv(dir, 'again-91.csv', [DOUYIN_HEAD, good, douyinLine({ parent: id(92), amount: '-1.00', paid: '2025/08/05 11:00:00' })])]);
    expect(f).toMatchObject({ status: 'loaded', loaded: 0, duplicates: 1, quarantined: 1 });
    expect(f.message).toMatch(/^Nothing new was loaded: 1 row already loaded, 1 row quarantined \(reasons below\): correct it as the reasons say/);
    expect(f.messageZh).toMatch(/^没有导入的新行：1 行已导入过，1 行被隔离/);
  });

  it('a line loaded for one merchant is never moved to another by a later load: quarantined, naming whose it is and how to move it', async () => {
    const lines = [douyinLine({ parent: id(51), amount: '30.00', paid: '2025/08/02 10:00:00' }), douyinLine({ parent: id(52), amount: '40.00', paid: '2025/08/02 11:00:00' })];
    const [first] = await ingest([writeCsv(dir, 'shop-a.csv', [DOUYIN_HEAD, ...lines])], { merchant: 'M1' });
    expect(first).toMatchObject({ status: 'loaded', loaded: 2 });
    // The same export with one more line, loaded naming another shop (a slip of --merchant).
    const [again] = await ingest([writeCsv(dir, 'shop-b.csv', [DOUYIN_HEAD, ...lines,
      douyinLine({ parent: id(53), amount: '50.00', paid: '2025/08/02 12:00:00' })])], { merchant: 'M2' });
    expect(again).toMatchObject({ status: 'loaded', rowsRead: 3, loaded: 1, updated: 0, quarantined: 2 });
    const owners = await db.query(`SELECT order_id, merchant_id FROM orders WHERE order_id IN ('${id(51)}', '${id(52)}', '${id(53)}') ORDER BY 1`);
    expect(owners).toEqual([{ order_id: id(51), merchant_id: 'M1' }, { order_id: id(52), merchant_id: 'M1' }, { order_id: id(53), merchant_id: 'M2' }]);
    const q = await quarantine('shop-b.csv');
    expect(q.map((r) => [r.line, r.column_name, r.raw_value])).toEqual([[2, 'merchant_id', 'M2'], [3, 'merchant_id', 'M2']]);
    expect(q[0].reason).toContain(`this line was loaded for merchant M1 (dataset ${first.datasetId}) and this load names another merchant`);
    expect(q[0].reason).toContain(`请先撤销数据集 ${first.datasetId}`);
    // The file is loaded now: loading it again with the right merchant needs this load undone, and the advice says how.
    expect(q[0].reason).toContain(`if the merchant is wrong, undo this load (beltscope datasets remove ${again.datasetId}, or Undo beside it on the upload page) and load the file again with the right one`);
  });

  it('a line another load updated since (a refund recorded later) names both loads to undo, newest first', async () => {
    const line = (refund: string) => douyinLine({ parent: id(76), amount: '30.00', paid: '2025/08/03 10:00:00', after: refund });
    const [first] = await ingest([writeCsv(dir, 'm1-76.csv', [DOUYIN_HEAD, line('-')])], { merchant: 'M1' });
    const [later] = await ingest([writeCsv(dir, 'm1-76-refund.csv', [DOUYIN_HEAD, line('退款成功')])], { merchant: 'M1' });
    expect(later).toMatchObject({ status: 'loaded', updated: 1 });
    const [slip] = await ingest([writeCsv(dir, 'm2-76.csv', [DOUYIN_HEAD, line('退款成功'), douyinLine({ parent: id(77), amount: '5.00', paid: '2025/08/03 11:00:00' })])], { merchant: 'M2' });
    expect(slip).toMatchObject({ loaded: 1, quarantined: 1 });
    const [q] = await quarantine('m2-76.csv');
    expect(q.reason).toContain(`(dataset ${later.datasetId})`);
    expect(q.reason).toContain(`undo datasets ${later.datasetId}, ${first.datasetId} first`);
    expect(q.reason).toContain(`请先撤销数据集 ${later.datasetId}、${first.datasetId}`);
  });

  it.each([
    ['empty.csv', '', /empty/i],
    ['junk.csv', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8, 9, 0, 200, 201]), /read|binary|not a/i],
    ['utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('主订单编号,子订单编号\r\n1,2\r\n', 'utf16le')]), /UTF-16/],
  ])('%s fails with a message and loads nothing', async (name, bytes, message) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const before = await orders();
    const [f] = await ingest([path]);
    expect(f.status).toBe('failed');
    expect(f.message).toMatch(message);
    expect(await orders()).toEqual(before);
  });

  it('a user\'s mapping with a misspelt column or parse kind is refused, naming the key and what it may be', async () => {
    const builtIn = JSON.parse(readFileSync(new URL('../../pipelines/ingest/mappings/douyin-orders-csv.json', import.meta.url), 'utf8'));
    const kind = structuredClone(builtIn);
    kind.columns.amount.parse = 'monee';
    expect(() => parseMapping(JSON.stringify(kind), 'mine.json')).toThrow(/^Mapping mine\.json: columns\.amount\.parse: "monee" is not a kind of value; use one of text, id, num, int, money,/);
    // Broken JSON is placed by line and column, as an editor shows them.
    const broken = JSON.stringify(builtIn, null, 2).replace('"target": "orders",', '"target": "orders"');
    expect(() => parseMapping(broken, 'mine.json')).toThrow(/^Mapping mine\.json is not valid JSON \(line 13, column 3\): .*A comma missing or left over/);
    const column = structuredClone(builtIn);
    column.columns.amont = column.columns.amount;
    delete column.columns.amount;
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify(column));
    const before = await orders();
    const [f] = await ingest([writeCsv(dir, 'for-mine.csv', [DOUYIN_HEAD, douyinLine({ parent: id(81), amount: '5.00', paid: '2025/08/04 10:00:00' })])], { mappingFile: file });
    expect(f.status).toBe('failed');
    expect(f.message).toMatch(/mine\.json: columns\.amont: orders has no such column; its columns are platform_id, order_id, .*amount/);
    expect(f.messageZh).toMatch(/columns\.amont：orders 表没有这一列/);
    expect(await orders()).toEqual(before);
    // Every built-in mapping, copied as a user's own (as the README suggests), passes the check
    // (the Compass one reads duration_s, an input to the fill, not a column).
    const cols = await db.query(`SELECT table_name AS t, column_name AS name FROM information_schema.columns`);
    for (const m of BUILT_IN) {
      expect(() => assertMappingColumns(m, cols.filter((c) => c.t === m.target).map((c) => ({ name: String(c.name), type: '', notNull: false })), m.id), m.id).not.toThrow();
    }
  });

  it('a CSV that stops being UTF-8 names the line, and one cut inside a character says it was cut short', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => douyinLine({ parent: id(1000 + i), amount: '1.00', paid: '2025/08/06 10:00:00' }));
    const text = Buffer.from(`\uFEFF${csvText([DOUYIN_HEAD, ...lines])}`, 'utf8');
    expect(text.length).toBeGreaterThan(70_000); // past what sniffing reads
    // A Latin-1 byte (é as 0xE9) in the 501st data line, physical line 502.
    const at = text.indexOf(Buffer.from(`\t${id(1500)}`));
    writeFileSync(join(dir, 'latin1-late.csv'), Buffer.concat([text.subarray(0, at), Buffer.from([0xe9]), text.subarray(at)]));
    const before = await orders();
    const [f] = await ingest([join(dir, 'latin1-late.csv')]);
    expect(f.status).toBe('failed');
    expect(f.message).toBe('latin1-late.csv is not UTF-8 text from line 502: that part is in another encoding, or the file is damaged there. Save it again as CSV UTF-8 (or export it again) and import that file.');
    expect(f.messageZh).toMatch(/^文件 latin1-late\.csv 第 502 行起不是 UTF-8 文本/);
    // An overlong form (E0 80 80, as GBK byte pairs can look) on the same line is found there too, not on a later line.
    writeFileSync(join(dir, 'overlong-late.csv'), Buffer.concat([text.subarray(0, at), Buffer.from([0xe0, 0x80, 0x80]), text.subarray(at)]));
    const [o] = await ingest([join(dir, 'overlong-late.csv')]);
    expect(o.message).toMatch(/^overlong-late\.csv is not UTF-8 text from line 502:/);
    // Cut inside 杭州市 on the last line: a download that stopped mid-character.
    const cut = text.subarray(0, text.lastIndexOf(Buffer.from('杭州市')) + 4);
    writeFileSync(join(dir, 'cut-char.csv'), cut);
    const [g] = await ingest([join(dir, 'cut-char.csv')]);
    expect(g.status).toBe('failed');
    expect(g.message).toBe('cut-char.csv ends in the middle of a character (line 601): the download or copy was cut short. Download or export the file again and import the new file.');
    expect(await orders()).toEqual(before);
  });

  it('a file no mapping recognises names what it saw and which flag to pass', async () => {
    const path = writeCsv(dir, 'unknown.csv', [['日期', '销量', '备注'], ['2026-03-01', '3', 'x']]);
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ status: 'failed' });
    expect(f.message).toMatch(/unknown\.csv: no export mapping recognises these headers: 日期, 销量, 备注\. If it is a platform export, pass --platform and --kind/);
    expect(f.message).toMatch(/if it is not, load the export file itself/);
    expect(f.messageZh).toMatch(/没有映射能识别这些表头.*若不是，请导入平台后台下载的导出文件本身/);
    // With both flags given, it does not ask for them again: it asks to check them.
    const [g] = await ingest([path], { platform: 'kuaishou', kind: 'orders' });
    expect(g.message).toMatch(/If it is a platform export, check that it is kuaishou orders \(the flags given\)/);
    expect(g.message).not.toMatch(/pass --platform and --kind/);
    // A file separated by semicolons reads as one column: said so, with how to save it.
    const semi = join(dir, 'semicolons.csv');
    writeFileSync(semi, `${DOUYIN_HEAD.join(';')}\r\n${douyinLine({ parent: id(790), amount: '1.00', paid: '2026/03/22 10:00:00' }).join(';')}\r\n`);
    const [h] = await ingest([semi]);
    expect(h.message).toMatch(/^semicolons\.csv: its columns are separated by semicolons \(;\), not commas: .*Save it again as CSV with commas/);
    expect(h.messageZh).toMatch(/各列以分号（;）而非逗号分隔/);
  });

  it('a canonical file short of a required column names the column, not only that nothing fits', async () => {
    const path = writeCsv(dir, 'bases-short.csv', [['base_id', 'belt_id', 'name_zh', 'name_en', 'operator_model', 'rooms', 'opened_on'],
      ['T-S1', 'suzhou-silk', '缺列基地', 'Short base', 'private', 4, '2024-05-01']], false);
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ status: 'failed' });
    expect(f.message).toMatch(/The nearest is Canonical live_bases \(canonical-live-bases\), which also needs the column\(s\) operating_hours_per_day\./);
    expect(f.messageZh).toMatch(/最接近的是「规范格式：live_bases」（canonical-live-bases），它还需要列：operating_hours_per_day。/);
  });

  it('a truncated CSV keeps its complete rows and quarantines the cut one; a truncated XLSX fails whole', async () => {
    const full = [DOUYIN_HEAD, douyinLine({ parent: id(20), amount: '30.00', paid: '2026/03/02 10:00:00' }), douyinLine({ parent: id(21), amount: '31.00', paid: '2026/03/02 10:05:00' })];
    const text = `\uFEFF${full.map((r) => r.map((c) => (String(c).includes('\t') ? `"${c}"` : c)).join(',')).join('\r\n')}`;
    const path = join(dir, 'cut.csv');
    writeFileSync(path, text.slice(0, text.lastIndexOf('2026/03/02 10:05') + 4));
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ rowsRead: 2, loaded: 1, quarantined: 1 });
    const xlsx = await writeXlsx(dir, 'cut.xlsx', [{ name: 'Sheet1', rows: full }]);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(xlsx);
    writeFileSync(xlsx, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const [g] = await ingest([xlsx]);
    expect(g.status).toBe('failed');
  });

  it('an XLSX with a formula cell reads its value', async () => {
    const row = douyinLine({ parent: id(30), amount: '0', paid: '2026/03/03 10:00:00' });
    const amountAt = DOUYIN_HEAD.indexOf('订单应付金额');
    const withFormula: unknown[] = [...row];
    withFormula[amountAt] = { formula: '20+22.5', result: 42.5 };
    const path = await writeXlsx(dir, 'formula.xlsx', [{ name: 'Sheet1', rows: [DOUYIN_HEAD, withFormula] }]);
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ status: 'loaded', loaded: 1 });
    const [r] = await db.query(`SELECT amount::DOUBLE AS a FROM orders WHERE order_id = $o`, { o: id(30) });
    expect(r.a).toBe(42.5);
  });

  it('a password-protected export is refused with the way out', async () => {
    // The start of an OLE2 container holding an EncryptedPackage stream, as Excel writes one.
    const cfb = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb, 0);
    Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 1024);
    const path = join(dir, 'locked.xlsx');
    writeFileSync(path, cfb);
    const [f] = await ingest([path]);
    expect(f.status).toBe('failed');
    expect(f.message).toMatch(/password/i);
    expect(f.messageZh).toMatch(/密码/);
  });
});

describe('overlaps, corrections and dry runs', () => {
  const line = (n: number, after = '-') => douyinLine({ parent: id(100 + n), amount: `${n}.00`, paid: `2026/04/0${n} 10:00:00`, after });

  it('two overlapping exports never double-count; a later refund updates; a known refund never reverts to unknown', async () => {
    const a = writeCsv(dir, 'april-a.csv', [DOUYIN_HEAD, line(1), line(2), line(3)]);
    const b = writeCsv(dir, 'april-b.csv', [DOUYIN_HEAD, line(2), line(3), line(4)]);
    const c = writeCsv(dir, 'april-c.csv', [DOUYIN_HEAD, line(3, '退款成功')]);
    const d = writeCsv(dir, 'april-d.csv', [DOUYIN_HEAD, line(3, '售后处理中'), line(3, '售后处理中')]);
    const [fa, fb, fc, fd] = await ingest([a, b, c, d]);
    expect(fa).toMatchObject({ loaded: 3, duplicates: 0, updated: 0 });
    expect(fb).toMatchObject({ loaded: 1, duplicates: 2, updated: 0 });
    expect(fc).toMatchObject({ loaded: 0, duplicates: 0, updated: 1 });
    expect(fd).toMatchObject({ rowsRead: 2, loaded: 0, duplicates: 2, updated: 0 });
    const rows = await db.query(`SELECT order_id, amount::DOUBLE AS a, refund_amount::DOUBLE AS r FROM orders WHERE paid_at >= '2026-04-01' ORDER BY order_id`);
    expect(rows).toEqual([
      { order_id: id(101), a: 1, r: 0 }, { order_id: id(102), a: 2, r: 0 }, { order_id: id(103), a: 3, r: 3 }, { order_id: id(104), a: 4, r: 0 },
    ]);
  });

  it('an after-sale closed without a refund is a refund of 0; one still open is unknown', async () => {
    const states = ['售后关闭', '退款关闭', '无售后', '退款中', '退款成功'];
    const path = writeCsv(dir, 'may-after-sale.csv', [DOUYIN_HEAD,
      ...states.map((after, i) => douyinLine({ parent: id(400 + i), amount: `${(i + 1) * 100}.00`, paid: '2026/05/02 10:00:00', after }))]);
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ loaded: 5, quarantined: 0 });
    const rows = await db.query(`SELECT order_id, refund_amount::DOUBLE AS r FROM orders WHERE order_id LIKE '691700000000000040%' ORDER BY order_id`);
    expect(rows.map((x) => x.r)).toEqual([0, 0, 0, null, 500]);
  });

  it('the same file loaded twice at once lands once: the second finds the first inside its transaction', async () => {
    const path = writeCsv(dir, 'june-twice-at-once.csv', [DOUYIN_HEAD, douyinLine({ parent: id(520), amount: '5.00', paid: '2026/06/01 10:00:00' })]);
    const results = (await Promise.all([ingest([path]), ingest([path])])).flat();
    expect(results.map((f) => f.status).sort()).toEqual(['already_loaded', 'loaded']);
    const [ds] = await db.query(`SELECT count(*)::INT AS n FROM datasets WHERE file_name = 'june-twice-at-once.csv'`);
    expect(ds.n).toBe(1);
    // The second's "started" line has its outcome in the log, not the look of a killed load.
    const log = await db.query(`SELECT message FROM ingest_log WHERE message LIKE '%june-twice-at-once.csv%' ORDER BY logged_at, message`);
    expect(log.map((x) => String(x.message).replace(/sha256=\w+/, 'sha256=…').replace(/dataset \d+/, 'dataset N'))).toEqual(expect.arrayContaining([
      'june-twice-at-once.csv: already loaded as dataset N by a load that finished first; nothing changed']));
  });

  it('a new key twice in one file loads once, the later line winning', async () => {
    const twice = (amount: string) => douyinLine({ parent: id(300), amount, paid: '2026/04/09 10:00:00' });
    const path = writeCsv(dir, 'april-twice.csv', [DOUYIN_HEAD, twice('7.00'), douyinLine({ parent: id(301), amount: '8.00', paid: '2026/04/09 11:00:00' }), twice('9.00')]);
    const [f] = await ingest([path]);
    expect(f).toMatchObject({ rowsRead: 3, loaded: 2, duplicates: 1, updated: 0 });
    expect(await db.query(`SELECT order_id, amount::DOUBLE AS a FROM orders WHERE order_id IN ('${id(300)}', '${id(301)}') ORDER BY order_id`))
      .toEqual([{ order_id: id(300), a: 9 }, { order_id: id(301), a: 8 }]);
  });

  it('a later file keeps what it says nothing of: a column it lacks, a value no mapping of it reads', () => withOwnDatabase(async (other) => {
    const o = { hashKey: 'k' };
    const head = ['base_id', 'belt_id', 'name_zh', 'name_en', 'operator_model', 'rooms', 'opened_on', 'operating_hours_per_day'];
    const first = writeCsv(dir, 'bases-1.csv', [[...head, 'base_type'],
      ['T-K1', 'suzhou-silk', '测试集群基地', 'Cluster base', 'private', 4, '2024-05-01', 10, 'cluster']], false);
    // The second file has no base_type column: T-K1 changes its rooms and stays a cluster base;
    // a base new in this file takes the schema's default.
    const second = writeCsv(dir, 'bases-2.csv', [head,
      ['T-K1', 'suzhou-silk', '测试集群基地', 'Cluster base', 'private', 6, '2024-05-01', 10],
      ['T-K2', 'suzhou-silk', '测试新基地', 'New base', 'private', 2, '2025-01-01', 8]], false);
    const [f1, f2] = (await ingestFiles(other, [first, second], o)).files;
    expect([f1.loaded, f2.loaded, f2.updated]).toEqual([1, 1, 1]);
    expect(await other.query(`SELECT base_id, rooms, base_type FROM live_bases ORDER BY base_id`))
      .toEqual([{ base_id: 'T-K1', rooms: 6, base_type: 'cluster' }, { base_id: 'T-K2', rooms: 2, base_type: 'vertical' }]);

    // An order line a canonical file gave a hub; the platform's export of it (no hub column)
    // records a refund later: the refund updates, the hub stays.
    await other.write(async (con) => {
      await con.run(`INSERT INTO merchants (merchant_id, belt_id, name) VALUES ('M9', 'jingdezhen-ceramics', 'm9')`);
    });
    // Nor do the values the export only stands in with: Douyin's "no buyer" (a const null) and,
    // without --category, the belt's main category.
    const canonical = writeCsv(dir, 'orders-hub.csv', [
      ['platform_id', 'order_id', 'parent_order_id', 'merchant_id', 'belt_id', 'category_id', 'non_standard', 'quantity', 'amount', 'paid_at', 'hub_id', 'buyer_id'],
      ['douyin', id(900), id(900), 'M9', 'jingdezhen-ceramics', 'zisha', 'true', 1, '50.00', '2026-04-09 10:00:00', 'jdz-hub', 'b1'],
    ], false);
    const refund = writeCsv(dir, 'orders-hub-refund.csv', [DOUYIN_HEAD, douyinLine({ parent: id(900), amount: '50.00', paid: '2026/04/09 10:00:00', after: '退款成功' })]);
    const [c, r] = (await ingestFiles(other, [canonical, refund], { ...o, merchant: 'M9' })).files;
    expect([c.loaded, r.updated]).toEqual([1, 1]);
    expect(await other.query(`SELECT hub_id, buyer_id, category_id, refund_amount::DOUBLE AS r FROM orders WHERE order_id = '${id(900)}'`))
      // A canonical file's buyer is kept as the same keyed hash an export's is, never in clear.
      .toEqual([{ hub_id: 'jdz-hub', buyer_id: createHash('sha256').update('kb1').digest('hex'), category_id: 'zisha', r: 50 }]);
    // A category given on the command line is a statement: it replaces the stored one (the empty
    // line only makes it another file).
    const again = writeCsv(dir, 'orders-hub-category.csv', [DOUYIN_HEAD, douyinLine({ parent: id(900), amount: '50.00', paid: '2026/04/09 10:00:00', after: '退款成功' }), DOUYIN_HEAD.map(() => '')]);
    expect((await ingestFiles(other, [again], { ...o, merchant: 'M9', category: 'ceramics' })).files[0]).toMatchObject({ updated: 1 });
    expect((await other.query(`SELECT category_id FROM orders WHERE order_id = '${id(900)}'`))[0].category_id).toBe('ceramics');

    // Streams loaded at a base, then again with --venue studio: at no base any more.
    await ingestFiles(other, [sample('merchants.csv'), sample('merchant_accounts.csv'), sample('live_bases.csv')], o);
    const detail = sample('直播明细_抖音号_20260321_20260323.xlsx');
    expect((await ingestFiles(other, [detail], { ...o, base: 'S-BASE-JDZ' })).files[0]).toMatchObject({ loaded: 3 });
    const copy = await writeXlsx(dir, 'live-detail-again.xlsx', [{ name: '直播间明细', rows: await sheetRows(detail) }]);
    expect((await ingestFiles(other, [copy], { ...o, venue: 'studio' })).files[0]).toMatchObject({ updated: 3 });
    expect(await other.query(`SELECT DISTINCT venue, base_id FROM live_sessions`)).toEqual([{ venue: 'studio', base_id: null }]);
  }));

  it('a dry run reports without writing', async () => {
    const path = writeCsv(dir, 'may.csv', [DOUYIN_HEAD, douyinLine({ parent: id(500), amount: '9.00', paid: '2026/05/01 10:00:00' })]);
    const before = await orders();
    const version = db.dataVersion;
    const [f] = await ingest([path], { dryRun: true });
    expect(f).toMatchObject({ status: 'dry_run', loaded: 1, datasetId: null });
    expect(await orders()).toEqual(before);
    expect(db.dataVersion).toBe(version);
    // The dry run took no dataset id: the load that follows has the next one after the last load's.
    const [{ last }] = await db.query(`SELECT max(dataset_id)::INTEGER AS last FROM datasets`);
    const [again] = await ingest([path]);
    expect(again).toMatchObject({ status: 'loaded', loaded: 1, datasetId: Number(last) + 1 });
  });

  it('the merchant must be named, and a new one needs its belt', async () => {
    const path = writeCsv(dir, 'june.csv', [DOUYIN_HEAD, douyinLine({ parent: id(600), amount: '9.00', paid: '2026/06/01 10:00:00' })]);
    const [a] = (await ingestFiles(db, [path], { hashKey: 'k' })).files;
    // What the file was found to be is reported with the failure.
    expect(a).toMatchObject({ status: 'failed', platform: 'douyin', kind: 'orders', mapping: 'douyin-orders-csv', rowsRead: 0,
      message: expect.stringMatching(/does not name its shop\. Pass --merchant ID/) });
    const [b] = (await ingestFiles(db, [path], { hashKey: 'k', merchant: 'NEW-1' })).files;
    expect(b.message).toMatch(/Merchant "NEW-1" is not known\. If the shop is already loaded, give its merchant id, not its name; to create it, give its belt \(--belt B\)\./);
    const [c] = (await ingestFiles(db, [path], { hashKey: 'k', merchant: 'NEW-1', belt: 'no-such-belt' })).files;
    expect(c.message).toMatch(/--belt no-such-belt is not known/);
    // Close to a known shop (another case, a slip, its name): those are named.
    const known = { id: 'S-NEAR-001', name: '相近瓷坊' };
    await db.write((con) => con.run(`INSERT INTO merchants (merchant_id, belt_id, name) VALUES ('S-NEAR-001', 'jingdezhen-ceramics', '相近瓷坊')`));
    for (const typed of [known.id.toLowerCase(), known.id.slice(0, -1), known.name]) {
      const [d] = (await ingestFiles(db, [path], { hashKey: 'k', merchant: typed })).files;
      expect(d.message, typed).toContain(`is not known. Known merchants close to it: ${known.id} (${known.name})`);
      expect(d.messageZh, typed).toContain(`相近的已有商家：${known.id}（${known.name}）`);
    }
  });
});

describe('real data and the demo', () => {
  it('is refused over the demo unless --replace-demo, which removes the demo in the same transaction', () => withOwnDatabase(async (other) => {
    const o = { hashKey: 'k', merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics' };
    const [refused] = (await ingestFiles(other, [sample('douyin-orders.csv')], o)).files;
    expect(refused).toMatchObject({ status: 'refused', message: expect.stringMatching(/--replace-demo/) });
    expect((await other.query(`SELECT count(*)::INT AS n FROM orders`))[0].n).toBe(2000);
    // Coverage looks for missing exports: the demo has none to find, so it lists no demo merchant.
    expect((await readDatasets(other)).coverage).toEqual([]);
    const [loaded] = (await ingestFiles(other, [sample('douyin-orders.csv')], { ...o, replaceDemo: true })).files;
    expect(loaded).toMatchObject({ status: 'loaded', loaded: 5 });
    expect((await readDatasets(other)).coverage).toEqual([{ merchantId: 'S-JDZ-001', platformId: 'douyin', month: '2026-03', orders: 4, sessions: 0 }]);
    expect(await other.query(`SELECT kind, count(*)::INT AS n FROM datasets GROUP BY kind`)).toEqual([{ kind: 'real', n: 1 }]);
    expect((await other.query(`SELECT count(*)::INT AS n FROM orders`))[0].n).toBe(5);
  }, 2000));

  // A load parses its file before its transaction (ingest.ts); what the transaction removes or
  // adds first must still decide each row, as if all of it ran inside.
  it('checks ids against the database without the demo it replaces: a demo base is unknown', () => withOwnDatabase(async (other) => {
    const [{ base }] = await other.query(`SELECT min(base_id) AS base FROM live_bases`);
    const path = writeCsv(dir, 'returns-demo-base.csv', [['base_id', 'month', 'rooms'], [String(base), '2026-10-01', 8]], false);
    const bases = (await other.query(`SELECT count(*)::INT AS n FROM live_bases`))[0].n;
    const [f] = (await ingestFiles(other, [path], { hashKey: 'k', replaceDemo: true })).files;
    // Its one row names a base only the demo has: quarantined, so nothing lands and the demo stays.
    expect(f).toMatchObject({ status: 'refused', kind: 'base_returns', loaded: 0, quarantined: 1, datasetId: null });
    expect(f.quarantineSample).toEqual([expect.objectContaining({ column: 'base_id', value: base, reason: expect.stringMatching(/unknown id: live_bases/) })]);
    expect((await other.query(`SELECT count(*)::INT AS n FROM live_bases`))[0].n).toBe(bases);
  }, 2000));

  it('keeps the demo when the file that would replace it lands no row, and says why', () => withOwnDatabase(async (other) => {
    const path = writeCsv(dir, 'douyin-resaved.csv', [DOUYIN_HEAD,
      douyinLine({ parent: '6.917E+18', amount: '12.00', paid: '2026/03/01 12:00:00' }),
      douyinLine({ parent: '6.917E+18', amount: '30.00', paid: '2026/03/01 13:00:00' }),
      douyinLine({ parent: id(1), amount: '9.00', paid: '2026/03/01 14:00:00', status: '已取消' })]);
    const o = { hashKey: 'k', merchant: 'S-JDZ-001', belt: 'jingdezhen-ceramics', replaceDemo: true };
    const [f] = (await ingestFiles(other, [path], o)).files;
    expect(f).toMatchObject({ status: 'refused', loaded: 0, updated: 0, quarantined: 2, skipped: 1, rowsRead: 3, datasetId: null,
      message: expect.stringMatching(/^Nothing in douyin-resaved\.csv could be loaded .*so the demo was kept/), messageZh: expect.stringMatching(/保留了示例数据/) });
    expect(f.quarantineSample).toHaveLength(2);
    expect((await other.query(`SELECT count(*)::INT AS n FROM orders`))[0].n).toBe(2000);
    expect(await other.query(`SELECT kind, count(*)::INT AS n FROM datasets GROUP BY kind`)).toEqual([{ kind: 'demo', n: 1 }]);
    expect((await other.query(`SELECT count(*)::INT AS n FROM quarantine`))[0].n).toBe(0);
    // A file that loads replaces the demo as before.
    const [g] = (await ingestFiles(other, [sample('douyin-orders.csv')], o)).files;
    expect(g).toMatchObject({ status: 'loaded', loaded: 5 });
    expect((await other.query(`SELECT count(*)::INT AS n FROM orders`))[0].n).toBe(5);
  }, 2000));

  it('removes the demo before it resolves --merchant: a demo merchant\'s id names a new merchant in the belt given', () => withOwnDatabase(async (other) => {
    const [m] = await other.query(`SELECT merchant_id, belt_id FROM merchants ORDER BY 1 LIMIT 1`);
    const [b] = await other.query(`SELECT min(belt_id) AS belt FROM belts WHERE belt_id <> $b`, { b: m.belt_id });
    const [f] = (await ingestFiles(other, [sample('douyin-orders.csv')],
      { hashKey: 'k', replaceDemo: true, merchant: String(m.merchant_id), belt: String(b.belt) })).files;
    expect(f).toMatchObject({ status: 'loaded', loaded: 5 });
    expect(await other.query(`SELECT DISTINCT belt_id FROM orders`)).toEqual([{ belt_id: b.belt }]);
  }, 500));

  it('reads, in each sheet of a workbook, what its earlier sheets loaded: a new base, accounts moved to another merchant', () => withOwnDatabase(async (other) => {
    await ingestFiles(other, [sample('merchants.csv'), sample('merchant_accounts.csv')], { hashKey: 'k' });
    const bases = await writeXlsx(dir, 'base-and-returns.xlsx', [
      { name: 'bases', rows: [['base_id', 'belt_id', 'name_zh', 'name_en', 'operator_model', 'rooms', 'area_m2', 'opened_on', 'investment_cny', 'operating_hours_per_day'],
        ['T-NEW', 'jingdezhen-ceramics', '新基地', 'New base', 'state_owned', 5, 100, '2024-01-01', 1000, 10]] },
      { name: 'returns', rows: [['base_id', 'month', 'rooms'], ['T-NEW', '2026-10-01', 8]] },
    ]);
    // A dry run of the workbook first: each sheet reported, nothing written, no dataset id taken.
    const [{ n: before }] = await other.query(`SELECT count(*)::INT AS n FROM datasets`);
    expect((await ingestFiles(other, [bases], { hashKey: 'k', dryRun: true })).files.map((f) => [f.sheet, f.status, f.loaded, f.datasetId]))
      .toEqual([['bases', 'dry_run', 1, null], ['returns', 'dry_run', 1, null]]);
    expect((await other.query(`SELECT count(*)::INT AS n FROM datasets`))[0].n).toBe(before);
    expect((await ingestFiles(other, [bases], { hashKey: 'k' })).files.map((f) => [f.sheet, f.loaded, f.quarantined]))
      .toEqual([['bases', 1, 0], ['returns', 1, 0]]);

    const live = await sheetRows(sample('直播明细_抖音号_20260321_20260323.xlsx'));
    const moved = await writeXlsx(dir, 'accounts-and-live.xlsx', [
      { name: 'accounts', rows: [['platform_id', 'account', 'merchant_id'], ['douyin', 'demo_qinghua', 'S-YX-001'], ['douyin', 'demo_yaokou', 'S-YX-001']] },
      { name: 'live', rows: live },
    ]);
    const files = (await ingestFiles(other, [moved], { hashKey: 'k' })).files;
    expect(files.map((f) => [f.sheet, f.status, f.updated, f.loaded])).toEqual([['accounts', 'loaded', 2, 0], ['live', 'loaded', 0, 3]]);
    expect(await other.query(`SELECT merchant_id, belt_id, count(*)::INT AS n FROM live_sessions GROUP BY ALL`))
      .toEqual([{ merchant_id: 'S-YX-001', belt_id: 'yixing-zisha', n: 3 }]);
  }));

  it('gives a live export the merchant its new accounts are added to in the same load', () => withOwnDatabase(async (other) => {
    const [f] = (await ingestFiles(other, [sample('直播明细_抖音号_20260321_20260323.xlsx')],
      { hashKey: 'k', merchant: 'NEW-SHOP', belt: 'jingdezhen-ceramics' })).files;
    expect(f).toMatchObject({ status: 'loaded', kind: 'live_sessions', loaded: 3, quarantined: 0 });
    expect(await other.query(`SELECT merchant_id, belt_id, count(*)::INT AS n FROM live_sessions GROUP BY ALL`))
      .toEqual([{ merchant_id: 'NEW-SHOP', belt_id: 'jingdezhen-ceramics', n: 3 }]);
    expect((await other.query(`SELECT count(*)::INT AS n FROM merchant_accounts WHERE merchant_id = 'NEW-SHOP'`))[0].n).toBeGreaterThan(0);
  }));

  it('a merchants file naming a belt, kind or venue the reference data lacks is quarantined, not loaded to break later loads', () => withOwnDatabase(async (other) => {
    const path = writeCsv(dir, 'merchants-unknown-refs.csv', [
      ['merchant_id', 'belt_id', 'name', 'kind', 'size_class', 'home_venue', 'contact_phone'],
      ['S-X-001', 'jingdezhen-ceramics', '示例甲', 'craftsman', 'small', 'workshop', '13600001111'],
      ['S-X-002', 'jingdezhen-ceramics', '示例乙', 'artisan', 'small', 'workshop', '13600002222'],
      ['S-X-003', 'no-such-belt', '示例丙', 'factory', 'small', 'base', '13600003333'],
    ], false);
    const [f] = (await ingestFiles(other, [path], { hashKey: 'k' })).files;
    expect(f).toMatchObject({ loaded: 1, quarantined: 2 });
    const q = await other.query(`SELECT line, column_name AS c, raw_value AS v, reason, raw FROM quarantine ORDER BY line`);
    expect(q.map((r) => [r.line, r.c, r.v])).toEqual([[3, 'kind', 'artisan'], [4, 'belt_id', 'no-such-belt']]);
    expect(q[1].reason).toMatch(/not a known value of belts \(data\/reference\/belts\.csv lists them/);
    expect(String(q[1].raw)).not.toContain('13600003333'); // a column no mapping reads is not kept
  }));

  it('a live-detail session that sold nothing, written with - in its sales cells, loads with GMV 0 (not quarantined)', () => withOwnDatabase(async (other) => {
    const rows = await sheetRows(sample('直播明细_抖音号_20260321_20260323.xlsx'));
    const head = rows[0] as string[];
    const quiet = [...rows[2]];
    for (const h of ['直播间成交金额', '直播间成交人数', '直播间成交订单数']) quiet[head.indexOf(h)] = '-';
    quiet[head.indexOf('投放消耗(店铺绑定)')] = '-';
    const path = await writeXlsx(dir, '直播明细_quiet.xlsx', [{ name: '直播间明细', rows: [head, quiet] }]);
    const [f] = (await ingestFiles(other, [path], { hashKey: 'k', merchant: 'NEW-SHOP', belt: 'jingdezhen-ceramics' })).files;
    expect(f).toMatchObject({ status: 'loaded', loaded: 1, quarantined: 0 });
    expect(await other.query(`SELECT gmv::DOUBLE AS gmv, buyers, orders, ad_spend, viewers > 0 AS watched FROM live_sessions`))
      .toEqual([{ gmv: 0, buyers: 0, orders: 0, ad_spend: null, watched: true }]); // ad spend '-' stays unknown
  }));

  it('the same Compass day downloaded again with its rows in another order matches the sessions loaded, not a second set', () => withOwnDatabase(async (other) => {
    const rows = await sheetRows(sample('douyin-compass-live.xlsx'));
    const first = await writeXlsx(dir, 'compass-0501.xlsx', [{ name: '直播间明细', rows }]);
    const again = await writeXlsx(dir, 'compass-0501-resorted.xlsx', [{ name: '直播间明细', rows: [rows[0], ...rows.slice(1).reverse()] }]);
    const [a] = (await ingestFiles(other, [first], { hashKey: 'k', merchant: 'NEW-SHOP', belt: 'jingdezhen-ceramics', date: '2026-05-01' })).files;
    const [b] = (await ingestFiles(other, [again], { hashKey: 'k', date: '2026-05-01' })).files;
    expect([a.loaded, b.loaded, b.duplicates]).toEqual([2, 0, 2]);
    expect(await other.query(`SELECT count(*)::INT AS n, sum(gmv)::DOUBLE AS gmv FROM live_sessions`)).toEqual([{ n: 2, gmv: 1623.9 }]);
  }));

  it('a Compass totals row is skipped, not loaded as a session nor added as an account; undoing the load takes the accounts it added', () => withOwnDatabase(async (other) => {
    const rows = await sheetRows(sample('douyin-compass-live.xlsx'));
    const path = await writeXlsx(dir, 'compass-with-totals.xlsx', [{ name: '直播间明细', rows: [...rows,
      ['合计', 330, '7.24万', 11420, '1.68万', 412, 223.5, '-', 5510, 898, '1,623.90', 4, 3, '-', '-', '200.00']] }]);
    const [f] = (await ingestFiles(other, [path], { hashKey: 'k', merchant: 'NEW-SHOP', belt: 'jingdezhen-ceramics', date: '2026-03-21' })).files;
    expect(f).toMatchObject({ status: 'loaded', rowsRead: 3, loaded: 2, skipped: 1, quarantined: 0 });
    expect(f.message).toMatch(/a totals row, not a record × 1/);
    const [g] = await other.query(`SELECT sum(gmv)::DOUBLE AS gmv FROM live_sessions`);
    expect(g.gmv).toBe(1623.9);
    const accounts = () => other.query(`SELECT account FROM merchant_accounts ORDER BY account`);
    expect(await accounts()).toEqual([{ account: 'demo_qinghua' }, { account: 'demo_yaokou' }]);
    await other.write((con) => removeDataset(con, f.datasetId!));
    expect(await accounts()).toEqual([]);
    // An account whose name merely starts like a totals label is an account.
    const brand = await writeXlsx(dir, 'compass-brand.xlsx', [{ name: '直播间明细', rows: [rows[0],
      ['TotalBeauty_official', 60, '1万', 1000, 1500, 50, 20, '1分', 300, 20, '99.00', 1, 1, '0.1%', '0.1%', '-']] }]);
    // The shop --belt created went with the load that created it: named again, with its belt.
    expect(await other.query(`SELECT merchant_id FROM merchants WHERE merchant_id = 'NEW-SHOP'`)).toEqual([]);
    const [b] = (await ingestFiles(other, [brand], { hashKey: 'k', merchant: 'NEW-SHOP', belt: 'jingdezhen-ceramics', date: '2026-03-23' })).files;
    expect(b).toMatchObject({ status: 'loaded', loaded: 1, skipped: 0 });
    await other.write((con) => removeDataset(con, b.datasetId!));
    // Added again, then used by a later day's export loaded without --merchant: undoing the
    // load that added them leaves them to that later load.
    const [again] = (await ingestFiles(other, [path], { hashKey: 'k', merchant: 'NEW-SHOP', belt: 'jingdezhen-ceramics', date: '2026-03-21' })).files;
    const next = await writeXlsx(dir, 'compass-next-day.xlsx', [{ name: '直播间明细', rows }]);
    const [h] = (await ingestFiles(other, [next], { hashKey: 'k', date: '2026-03-22' })).files;
    expect([again.status, h.status, h.loaded]).toEqual(['loaded', 'loaded', 2]);
    const removed = await other.write((con) => removeDataset(con, again.datasetId!));
    expect(removed.handedOver).toEqual({ merchant_accounts: 2, merchants: 1 });
    expect(await other.query(`SELECT account, dataset_id FROM merchant_accounts ORDER BY account`))
      .toEqual([{ account: 'demo_qinghua', dataset_id: h.datasetId }, { account: 'demo_yaokou', dataset_id: h.datasetId }]);
  }));
});
