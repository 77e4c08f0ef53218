import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from '../../db/database.ts';
import { dropStaged, sniff, stageFile, type StageOptions } from '../../pipelines/ingest/read.ts';
import { transcodeGb18030 } from '../../pipelines/ingest/read/gb18030.ts';
import type { StagedFile } from '../../pipelines/ingest/types.ts';
import { AppError } from '../../lib/errors.ts';

// Every file is written here by the test; expected cells, records and lines are written out by
// hand from the file's text.

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 1, skipReference: true });
  dir = mkdtempSync(join(tmpdir(), 'ingest-read-test-'));
});
afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

type Cell = string | number | null;

/** All rows of a staged sheet, ordered by record: [c0…, record, line]. */
async function rowsOf(con: DuckDBConnection, table: string, n: number): Promise<Cell[][]> {
  const cols = Array.from({ length: n }, (_, i) => `c${i}`).join(', ');
  const r = await con.runAndReadAll(`SELECT ${cols}, record::INTEGER, line::INTEGER FROM ${table} ORDER BY record`);
  return r.getRows().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v as Cell)));
}

/** Stage a file the way a load does (on the write connection, inside its transaction) and read every sheet back. */
async function stage(path: string, opts: StageOptions = {}) {
  return db.write(async (con) => {
    const staged = await stageFile(con, path, opts);
    const sheets = [];
    for (const s of staged.sheets) sheets.push({ ...s, data: await rowsOf(con, s.table, s.headers.length) });
    const types = await con.runAndReadAll(`SELECT DISTINCT data_type FROM duckdb_columns()
      WHERE table_name = '${staged.sheets[0]?.table}' AND regexp_full_match(column_name, 'c[0-9]+') ORDER BY 1`);
    await dropStaged(con, staged);
    return { staged, sheets, cellTypes: types.getRows().map((r) => r[0]) };
  }, { derived: false });
}

async function failure(path: string, opts: StageOptions = {}): Promise<AppError> {
  try {
    await db.write((con) => stageFile(con, path, opts), { derived: false });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error(`${path} was staged`);
}

describe('CSV text', () => {
  it('reads UTF-8 with BOM: headers exact, cells as text, "\\t…" ids and thousands separators kept', async () => {
    const p = file('douyin.csv', '\uFEFF主订单编号,商品名称, 金额 ,备注\r\n' +
      '\t6917000000000000001,示例青花瓷碗,"1,280.00",\r\n' +
      '\t6917000000000000002,"示例 ""粉彩"" 茶杯",58.00,-\r\n');
    const { staged, sheets, cellTypes } = await stage(p);
    expect(staged).toMatchObject({ file: p, format: 'csv', encoding: 'utf-8-bom' });
    expect(sheets).toHaveLength(1);
    expect(sheets[0].sheet).toBeNull();
    expect(sheets[0].headers).toEqual(['主订单编号', '商品名称', ' 金额 ', '备注']);
    expect(sheets[0].rows).toBe(2);
    expect(sheets[0].table).toMatch(/^stg_\d+_0$/);
    expect(sheets[0].data).toEqual([
      ['\t6917000000000000001', '示例青花瓷碗', '1,280.00', null, 1, 2],
      ['\t6917000000000000002', '示例 "粉彩" 茶杯', '58.00', '-', 2, 3],
    ]);
    expect(cellTypes).toEqual(['VARCHAR']);
  });

  it('reads UTF-8 without BOM, LF line ends', async () => {
    const p = file('plain.csv', 'id,name\n1,甲\n2,乙\n');
    const { staged, sheets } = await stage(p);
    expect(staged.encoding).toBe('utf-8');
    expect(sheets[0].data).toEqual([['1', '甲', 1, 2], ['2', '乙', 2, 3]]);
  });

  it('counts physical lines through quoted newlines, blank lines and empty rows', async () => {
    const text = [
      'a,b,c', //                       line 1
      '1,"x, y",z', //                  2
      '2,"two', //                      3
      'lines ""quoted""",w', //         4
      '3,"three\r\nlines\r\nhere",v', // 5–7 (CRLF inside the cell)
      '', //                            8 blank: skipped by the reader
      ',,', //                          9 every cell empty: left out
      '"","",""', //                    10 likewise
      '4,short', //                     11 a short row: padded with NULL
      '5,b,c,extra,cells', //           12 cells past the header's width are ignored
      '', //                            13
      '', //                            14
      '6,"a', //                        15
      '', //                            16 inside a quoted cell: not a blank line
      'b",', //                         17
      '7,last,row', //                  18, no newline at the end
    ].join('\n');
    const { sheets } = await stage(file('quoted.csv', text));
    expect(sheets[0].headers).toEqual(['a', 'b', 'c']);
    expect(sheets[0].data).toEqual([
      ['1', 'x, y', 'z', 1, 2],
      ['2', 'two\nlines "quoted"', 'w', 2, 3],
      ['3', 'three\r\nlines\r\nhere', 'v', 3, 5],
      ['4', 'short', null, 4, 11],
      ['5', 'b', 'c', 5, 12],
      ['6', 'a\n\nb', null, 6, 15],
      ['7', 'last', 'row', 7, 18],
    ]);
    expect(sheets[0].rows).toBe(7);
  });

  it('reads a header spread over lines and blank lines before it', async () => {
    const p = file('header.csv', '\r\n\r\n"订单\r\n编号",金额\r\n1,2\r\n');
    const { sheets } = await stage(p);
    expect(sheets[0].headers).toEqual(['订单\r\n编号', '金额']);
    expect(sheets[0].data).toEqual([['1', '2', 1, 5]]);
  });

  it('reads old Mac line ends (CR alone) and ignores blank lines at the end', async () => {
    const { sheets } = await stage(file('mac.csv', '订单号,金额\r1,2\r3,4\r'));
    expect(sheets[0].headers).toEqual(['订单号', '金额']);
    expect(sheets[0].data).toEqual([['1', '2', 1, 2], ['3', '4', 2, 3]]);
    const { sheets: s2 } = await stage(file('trailing.csv', 'a,b\r\n1,2\r\n\r\n\r\n'));
    expect(s2[0].data).toEqual([['1', '2', 1, 2]]);
  });

  it('decodes GBK (sniffed from the bytes of a file named .csv)', async () => {
    const p = file('taobao.csv', iconv.encode('订单编号,宝贝标题 ,买家实际支付金额\r\n="2026032100001",示例紫砂壶 朱泥西施,"1,280.00元"\r\n' +
      '="2026032100002","示例""紫砂杯""\r\n两只装",98.00元\r\n', 'gbk'));
    expect(await sniff(p)).toEqual({ format: 'csv', encoding: 'gb18030' });
    const { staged, sheets } = await stage(p);
    expect(staged.encoding).toBe('gb18030');
    expect(sheets[0].headers).toEqual(['订单编号', '宝贝标题 ', '买家实际支付金额']);
    expect(sheets[0].data).toEqual([
      ['="2026032100001"', '示例紫砂壶 朱泥西施', '1,280.00元', 1, 2],
      ['="2026032100002"', '示例"紫砂杯"\r\n两只装', '98.00元', 2, 3],
    ]);
  });

  it('decodes GB18030 four-byte characters, and decodes exactly as iconv-lite does', async () => {
    const p = file('gb18030.csv', iconv.encode('名称\r\n𠀀字😀€\r\n', 'gb18030'));
    const { sheets } = await stage(p);
    expect(sheets[0].data).toEqual([['𠀀字😀€', 1, 2]]);
    // every two-byte code and every four-byte code of the BMP, one per line, and some beyond
    const codes: number[] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) codes.push(lead, trail, 0x0a);
    }
    for (let index = 0; index < 39_420; index++) {
      codes.push(0x81 + Math.floor(index / 12600), 0x30 + (Math.floor(index / 1260) % 10), 0x81 + (Math.floor(index / 10) % 126),
        0x30 + (index % 10), 0x0a);
    }
    const beyond = iconv.encode('😀𠀀𪚥🀄\n', 'gb18030');
    const src = file('all-codes.txt', Buffer.concat([Buffer.from(codes), beyond]));
    const out = join(dir, 'all-codes.utf8');
    const r = await transcodeGb18030(src, out);
    expect(readFileSync(out, 'utf8')).toBe(iconv.decode(readFileSync(src), 'gb18030'));
    expect(readFileSync(out, 'utf8').endsWith('😀𠀀𪚥🀄\n')).toBe(true);
    expect(r.invalid).toBe(0);
    // characters cut by the 1 MB chunks, and invalid bytes (each one U+FFFD, then decoding goes on)
    const long = iconv.encode('a' + '汉字𠀀'.repeat(300_000), 'gb18030');
    const src2 = file('long.txt', Buffer.concat([long, Buffer.from([0x81, 0x20, 0xff, 0x41, 0x81])]));
    const r2 = await transcodeGb18030(src2, out);
    expect(readFileSync(out, 'utf8')).toBe('a' + '汉字𠀀'.repeat(300_000) + '\ufffd \ufffdA\ufffd');
    expect(r2.invalid).toBe(3);
  });

  it('falls back to GB18030 when the sniffed sample was plain ASCII', async () => {
    const ascii = 'id,name\r\n' + Array.from({ length: 5000 }, (_, i) => `${i + 1},row ${i + 1} padding padding\r\n`).join('');
    expect(ascii.length).toBeGreaterThan(65_536);
    const p = file('late-gbk.csv', Buffer.concat([Buffer.from(ascii), iconv.encode('5001,示例中文\r\n', 'gbk')]));
    expect((await sniff(p)).encoding).toBe('utf-8');
    const { staged, sheets } = await stage(p);
    expect(staged.encoding).toBe('gb18030');
    expect(sheets[0].rows).toBe(5001);
    expect(sheets[0].data[5000]).toEqual(['5001', '示例中文', 5001, 5002]);
  });

  it('sniffs by content, never by name: a CSV named .xlsx', async () => {
    const p = file('really-a-csv.xlsx', 'a,b\n1,2\n');
    expect(await sniff(p)).toEqual({ format: 'csv', encoding: 'utf-8' });
    const { staged, sheets } = await stage(p);
    expect(staged.format).toBe('csv');
    expect(sheets[0].data).toEqual([['1', '2', 1, 2]]);
  });

  it('stages a header-only file with no rows', async () => {
    for (const [name, text] of [['header-only.csv', '\uFEFF订单号,金额\r\n'], ['header-no-newline.csv', '订单号,金额']]) {
      const { sheets } = await stage(file(name, text));
      expect(sheets[0].headers).toEqual(['订单号', '金额']);
      expect(sheets[0].rows).toBe(0);
      expect(sheets[0].data).toEqual([]);
    }
  });

  it('rejects an empty file, a BOM alone and blank lines alone (empty_file)', async () => {
    for (const [name, content] of [['empty.csv', ''], ['bom.csv', '\uFEFF'], ['blank.csv', '\r\n\r\n  \r\n']]) {
      const err = await failure(file(name, content));
      expect(err.code).toBe('empty_file');
      expect(err.message).toContain(name);
      expect(err.messageZh).toContain(name);
      expect(err.messageZh).toContain('重新导出');
    }
  });

  it('rejects binary junk (unreadable)', async () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    const err = await failure(file('junk.csv', junk));
    expect(err.code).toBe('unreadable');
    expect(err.message).toMatch(/junk\.csv is not a CSV, Excel \(\.xlsx\) or Parquet file/);
    expect(err.messageZh).toContain('junk.csv');
    expect(err.details).toEqual({ file: 'junk.csv' });
    // invalid in both encodings, without NUL bytes
    const err2 = await failure(file('junk2.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x80, 0xff, 0x0a])));
    expect(err2.code).toBe('unreadable');
  });

  it('reports progress by bytes, ending at the total', async () => {
    const p = file('progress.csv', 'a\n' + '1\n'.repeat(1000));
    const calls: [number, number][] = [];
    await stage(p, { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)).toEqual([2002, 2002]);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
  });
});

describe('XLSX', () => {
  it('reads every sheet: dates as wall time, formulas by cached result, big ids without exponent', async () => {
    const wb = new ExcelJS.Workbook();
    const orders = wb.addWorksheet('订单');
    orders.addRow(['订单号', '商品ID', '下单时间', '数量', '金额', '备注']);
    orders.addRow(['6917000000000000001', 6917012345678, new Date(Date.UTC(2026, 2, 21, 19, 15, 15)), 2, { formula: 'D2*21', result: 42 }, 'x, "y"\n第二行']);
    orders.addRow([]); // row 3 empty
    orders.addRow([3723456789012345678, 1.5e21, new Date(Date.UTC(2026, 2, 22, 0, 0, 0)), true, { error: '#N/A' },
      { richText: [{ text: '富' }, { text: '文本' }] }]);
    orders.addRow(['', null, null, null, null, null, 'past the header']); // row 5: nothing under a header
    orders.addRow([null, 0.0000001, { formula: 'C2+1', result: new Date(Date.UTC(2026, 2, 22, 19, 15, 15)) }]);
    orders.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm:ss';
    const empty = wb.addWorksheet('说明');
    empty.getCell('B2').value = null;
    const live = wb.addWorksheet('直播间明细');
    live.getCell('A3').value = '账号';
    live.getCell('B3').value = '时长';
    live.getCell('A4').value = 'demo';
    live.getCell('B4').value = new Date(Date.UTC(1899, 11, 30, 0, 2, 30));
    live.getCell('B4').numFmt = 'hh:mm:ss';
    const p = join(dir, 'live.xlsx');
    await wb.xlsx.writeFile(p);

    expect(await sniff(p)).toEqual({ format: 'xlsx', encoding: null });
    const { staged, sheets } = await stage(p);
    expect(staged).toMatchObject({ format: 'xlsx', encoding: null });
    expect(sheets.map((s) => s.sheet)).toEqual(['订单', '直播间明细']);
    expect(sheets[0].table).toMatch(/^stg_\d+_0$/);
    expect(sheets[1].table).toMatch(/^stg_\d+_2$/);
    expect(sheets[0].headers).toEqual(['订单号', '商品ID', '下单时间', '数量', '金额', '备注']);
    expect(sheets[0].data).toEqual([
      ['6917000000000000001', '6917012345678', '2026-03-21 19:15:15', '2', '42', 'x, "y"\n第二行', 1, 2],
      [String(3723456789012345678), '1500000000000000000000', '2026-03-22 00:00:00', 'true', '#N/A', '富文本', 2, 4],
      [null, '0.0000001', '2026-03-22 19:15:15', null, null, null, 3, 6],
    ]);
    expect(sheets[0].data[1][0]).toBe('3723456789012346000'); // the double's shortest decimal, no exponent
    expect(sheets[0].rows).toBe(3);
    expect(sheets[1].headers).toEqual(['账号', '时长']);
    expect(sheets[1].data).toEqual([['demo', '00:02:30', 1, 4]]);
  });

  it('reads an XLSX named .csv', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['a']);
    wb.getWorksheet('Sheet1')!.addRow(['b']);
    const p = join(dir, 'named-csv.csv');
    await wb.xlsx.writeFile(p);
    const { staged, sheets } = await stage(p);
    expect(staged.format).toBe('xlsx');
    expect(sheets[0].data).toEqual([['b', 1, 2]]);
  });

  it('reads a workbook whose workbook part is stored after its worksheets (exceljs#3064), every time', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('订单').addRows([['编号', '下单时间'], ['a1', new Date(Date.UTC(2026, 2, 21, 19, 15, 15))]]);
    wb.addWorksheet('明细').addRows([['编号'], ['b1'], ['b2']]);
    // The stored order that broke exceljs' streaming reader: relations and shared strings first,
    // the worksheets, and xl/workbook.xml last (exceljs writes it last in some runs, not all).
    const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    const names = Object.keys(parts);
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'].filter((n) => n in parts);
    const order = [...first, ...names.filter((n) => !first.includes(n) && n !== 'xl/workbook.xml'), 'xl/workbook.xml'];
    expect(order.indexOf('xl/workbook.xml')).toBeGreaterThan(order.indexOf('xl/worksheets/sheet1.xml'));
    const p = file('workbook-last.xlsx', Buffer.from(zipSync(Object.fromEntries(order.map((n) => [n, parts[n]])))));
    // exceljs' own reader fails on this file, so the file does reproduce the race.
    const plain = async () => { for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(p, {})) for await (const row of ws) void row; };
    await expect(plain()).rejects.toThrow(/reading 'sheets'/);
    for (let i = 0; i < 5; i++) {
      const { sheets } = await stage(p);
      expect(sheets.map((x) => [x.sheet, x.headers, x.data])).toEqual([
        ['订单', ['编号', '下单时间'], [['a1', '2026-03-21 19:15:15', 1, 2]]],
        ['明细', ['编号'], [['b1', 1, 2], ['b2', 2, 3]]],
      ]);
    }
  });

  it('reads a workbook whose shared strings are stored last, after its worksheet (exceljs#683): text, not "[object Object]"', async () => {
    const wb = new ExcelJS.Workbook();
    // Rich text, an entity and a character reference in the shared strings as well as plain text.
    wb.addWorksheet('直播间明细').addRows([['账号', '直播间', '观看人数'], ['demo_qinghua', { richText: [{ text: '青花' }, { text: '' }, { text: '<坊> & 窑' }] }, 210], ['demo_yaokou', '窑口\n专场', 8120]]);
    const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    // An empty run as other writers store it (<t/>, no closing tag), and a namespace prefix.
    const strings = new TextDecoder().decode(parts['xl/sharedStrings.xml']);
    expect(strings).toContain('<t></t>');
    expect(strings).toContain('<si><t>账号</t></si>');
    parts['xl/sharedStrings.xml'] = new TextEncoder().encode(strings.replace('<t></t>', '<t/>').replace('<si><t>账号</t></si>', '<x:si><x:t>账号</x:t></x:si>'));
    const last = ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml'];
    const order = [...Object.keys(parts).filter((n) => !last.includes(n)), ...last];
    const p = file('strings-last.xlsx', Buffer.from(zipSync(Object.fromEntries(order.map((n) => [n, parts[n]])))));
    // exceljs' own reader leaves such cells unresolved, so the file does reproduce it.
    const values: unknown[] = [];
    for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(p, { sharedStrings: 'cache' })) for await (const row of ws) values.push(...(row.values as unknown[]));
    expect(values).toContainEqual({ sharedString: 0 });
    const { sheets } = await stage(p);
    expect(sheets.map((x) => [x.sheet, x.headers, x.data])).toEqual([
      ['直播间明细', ['账号', '直播间', '观看人数'], [['demo_qinghua', '青花<坊> & 窑', '210', 1, 2], ['demo_yaokou', '窑口\n专场', '8120', 2, 3]]],
    ]);
  });

  it('names every sheet whatever order exceljs stores the parts in (its reader fell back to Sheet1… now and then)', async () => {
    // exceljs writes the zip's parts in an order that varies from run to run; some orders left its
    // streaming reader without the sheets' names (about one workbook in ten of this shape).
    for (let i = 0; i < 30; i++) {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('直播间明细').addRows([['账号', '观看人数'], ['a', 1]]);
      wb.addWorksheet('ids').addRows([['编号'], ['b1']]);
      wb.addWorksheet('copied').addRows([['明细', '明细', '明细'], ['a', 'b', 'c'], [1, 2, 3]]);
      wb.addWorksheet('Sheet9').addRows([['x', 'y'], [1, 2]]);
      const { sheets } = await stage(file(`names-${i}.xlsx`, Buffer.from(await wb.xlsx.writeBuffer())));
      expect(sheets.map((x) => x.sheet), `workbook ${i}`).toEqual(['直播间明细', 'ids', 'copied', 'Sheet9']);
    }
  });

  it('skips title rows above a sheet\'s header (one text each, merged across or not); a one-column sheet keeps its first row as header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('直播间明细');
    ws.addRows([['直播间明细', '', ''], ['导出时间：2026-03-22 10:00:00'], [], ['账号', '观看人数', '成交金额'], ['demo_a', 10, '1.00'], ['demo_b', 20, '2.00']]);
    ws.mergeCells('A1:C1');
    wb.addWorksheet('ids').addRows([['编号'], ['a1'], ['a2']]);
    // A title copied into every merged cell; a header naming two columns alike is a header.
    wb.addWorksheet('copied').addRows([['明细', '明细', '明细'], ['a', 'b', 'c'], [1, 2, 3]]);
    wb.addWorksheet('alike').addRows([['日期', '日期'], ['2026-03-01', '2026-03-02']]);
    // A header naming one column of two, then its data: the sheet's own header, not a title.
    wb.addWorksheet('half').addRows([['账号', ''], ['a', 1], ['b', 2]]);
    const { sheets } = await stage(file('titled.xlsx', Buffer.from(await wb.xlsx.writeBuffer())));
    expect(sheets.map((x) => [x.sheet, x.headers, x.data])).toEqual([
      ['直播间明细', ['账号', '观看人数', '成交金额'], [['demo_a', '10', '1.00', 1, 5], ['demo_b', '20', '2.00', 2, 6]]],
      ['ids', ['编号'], [['a1', 1, 2], ['a2', 2, 3]]],
      ['copied', ['a', 'b', 'c'], [['1', '2', '3', 1, 3]]],
      ['alike', ['日期', '日期'], [['2026-03-01', '2026-03-02', 1, 2]]],
      ['half', ['账号'], [['a', 1, 2], ['b', 2, 3]]],
    ]);
  });

  it('a workbook whose cells lack their positions fails saying how to save it again, not with a TypeError', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('订单').addRows([['编号', '金额'], ['a1', '1.00']]);
    const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    // As some streaming writers do: <c> without r="A2" (the format allows it; exceljs' reader does not).
    const sheet = new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']).replace(/<c r="[A-Z]+2"/g, '<c');
    parts['xl/worksheets/sheet1.xml'] = new TextEncoder().encode(sheet);
    const e = await failure(file('no-refs.xlsx', Buffer.from(zipSync(parts))));
    expect(e.code).toBe('unreadable');
    expect(e.message).toMatch(/not laid out as Excel writes them .* Open it in Excel or WPS and save it again as \.xlsx, or export it as CSV/);
    expect(e.message).not.toMatch(/Cannot read|undefined/);
    expect(e.messageZh).toMatch(/请用 Excel 或 WPS 打开后另存为 \.xlsx/);
  });

  it('rejects a workbook without any header row (empty_file)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const p = join(dir, 'blank.xlsx');
    await wb.xlsx.writeFile(p);
    expect((await failure(p)).code).toBe('empty_file');
  });
});

describe('Parquet', () => {
  it('reads every column as text in file order', async () => {
    const p = join(dir, 'orders.parquet');
    await db.write(async (con) => {
      await con.run(`COPY (SELECT * FROM (VALUES
          (1, '甲', 12.5::DOUBLE, DATE '2026-03-21', TIMESTAMP '2026-03-21 19:15:15'),
          (NULL, NULL, NULL, NULL, NULL),
          (3, '', 0.1::DOUBLE, NULL, NULL),
          (4, '丁', NULL, NULL, NULL)
        ) t("订单 ID", "名称", "金额", "日期", "时间")) TO '${p.replace(/'/g, "''")}' (FORMAT parquet)`);
    }, { derived: false });
    const renamed = join(dir, 'orders-parquet.csv');
    writeFileSync(renamed, readFileSync(p));
    expect(await sniff(renamed)).toEqual({ format: 'parquet', encoding: null });
    const { staged, sheets } = await stage(renamed);
    expect(staged.format).toBe('parquet');
    expect(sheets[0].headers).toEqual(['订单 ID', '名称', '金额', '日期', '时间']);
    expect(sheets[0].data).toEqual([
      ['1', '甲', '12.5', '2026-03-21', '2026-03-21 19:15:15', 1, 2],
      ['3', null, '0.1', null, null, 2, 4],
      ['4', '丁', null, null, null, 3, 5],
    ]);
  });
});

/** A minimal OLE2 compound file (512-byte sectors: header, one FAT sector, one directory sector). */
function compoundFile(streams: string[]): Buffer {
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 76 + 4 * i);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: the FAT itself
  fat.writeUInt32LE(0xfffffffe, 4); // sector 1: the directory, one sector long
  const dirSector = Buffer.alloc(512, 0);
  ['Root Entry', ...streams].forEach((name, i) => {
    const at = i * 128;
    Buffer.from(name, 'utf16le').copy(dirSector, at);
    dirSector.writeUInt16LE((name.length + 1) * 2, at + 64);
    dirSector[at + 66] = i === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, dirSector]);
}

describe('files that cannot be read', () => {
  it('recognises a password-protected workbook (password_protected, Chinese message)', async () => {
    const p = file('加密订单.xlsx', compoundFile(['EncryptionInfo', 'EncryptedPackage']));
    expect(await sniff(p)).toEqual({ format: 'xlsx', encoding: null, passwordProtected: true });
    const err = await failure(p);
    expect(err.code).toBe('password_protected');
    expect(err.messageZh).toContain('加密订单.xlsx');
    expect(err.messageZh).toContain('另存为不加密的文件');
    expect(err.message).toContain('without a password');
  });

  it('rejects an old binary .xls (unsupported_format)', async () => {
    const p = file('old.xls', compoundFile(['Workbook', '\u0005SummaryInformation']));
    await expect(sniff(p)).rejects.toMatchObject({ code: 'unsupported_format' });
    const err = await failure(p);
    expect(err.code).toBe('unsupported_format');
    expect(err.message).toMatch(/Excel 97–2003.*\.xlsx/);
    expect(err.messageZh).toContain('另存为');
  });

  it('rejects a zip that is not a workbook and UTF-16 text (unsupported_format)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['a']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    // same zip, entry names changed (same length) so xl/workbook.xml is gone
    const zip = file('archive.zip', Buffer.from(xlsx.toString('latin1').replaceAll('xl/workbook.xml', 'xl/notebook.xml'), 'latin1'));
    expect((await failure(zip)).code).toBe('unsupported_format');
    const utf16 = file('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\r\n1\t2\r\n', 'utf16le')]));
    expect((await failure(utf16)).code).toBe('unsupported_format');
  });

  it('a workbook or zip cut off before its end is said to be cut off (not "a zip archive: unzip it", nor a reader\'s FILE_ENDED)', async () => {
    const xlsx = readFileSync(fileURLToPath(new URL('../../data/samples/直播明细_抖音号_20260321_20260323.xlsx', import.meta.url)));
    for (const n of [3000, Math.floor(xlsx.length * 0.9)]) {
      const err = await failure(file(`cut-${n}.xlsx`, xlsx.subarray(0, n)));
      expect(err.code, `${n} bytes`).toBe('unreadable');
      expect(err.message).toContain(`cut-${n}.xlsx is an Excel workbook cut off before its end (an interrupted download or copy)`);
      expect(err.messageZh).toContain('是不完整的Excel 工作簿');
    }
    const zip = zipSync({ 'a.txt': new TextEncoder().encode('x'.repeat(5000)) }, { level: 0 });
    expect((await failure(file('cut.zip', Buffer.from(zip.subarray(0, 2000))))).message).toContain('is a zip archive cut off before its end');
    // A whole zip of nothing is not cut off: it is no workbook.
    expect((await failure(file('nothing.zip', Buffer.from(zipSync({}))))).code).toBe('unsupported_format');
  });

  it('drops the staged tables', async () => {
    const p = file('drop.csv', 'a\n1\n');
    await db.write(async (con) => {
      const staged: StagedFile = await stageFile(con, p);
      const t = staged.sheets[0].table;
      const count = async () => Number((await con.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${t}'`)).getRows()[0][0]);
      expect(await count()).toBe(1);
      await dropStaged(con, staged);
      expect(await count()).toBe(0);
    }, { derived: false });
  });
});
