import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Database } from '../../db/database.ts';
import { startServer } from '../../cli/serve.ts';
import { runTemplate } from '../../cli/template.ts';
import { removeDataset } from '../../db/removeDataset.ts';
import { ingestFiles, type IngestOptions } from '../../pipelines/ingest/ingest.ts';
import { SHEETS, basesOnRecord, writeBaseReturnTemplate } from '../../pipelines/templates/baseReturn.ts';
import { createApp } from '../../server/api/app.ts';
import { sample, tempDir, writeCsv, writeXlsx } from './ingest-fixtures.ts';

// Monthly returns of live-stream bases: the template the bureau sends out, filled in and loaded
// back through the normal pipeline. Expected rows are written out by hand from the cells typed.

const OPTS: IngestOptions = { hashKey: 'k' };
const HEAD = ['基地编号 Base ID', '月份 Month', '直播间数 Live rooms', '直播场次 Sessions', '服务商家数 Merchants served',
  '成交额（元） GMV (CNY)', '培训场次 Training events', '带动就业人数 Jobs created'];
const BASES = `INSERT INTO live_bases (base_id, belt_id, name_zh, name_en, operator_model, rooms, opened_on, operating_hours_per_day, dataset_id) VALUES
  ('T-B1', 'jingdezhen-ceramics', '测试一号基地', 'Test base one', 'state_owned', 10, DATE '2024-01-01', 12, NULL),
  ('T-B2', 'yixing-zisha', '测试二号基地', 'Test base two', 'three_party', 20, DATE '2025-03-01', 12, NULL)`;

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 2 });
  await db.write(async (con) => { await con.run(BASES); }, { derived: false });
  dir = tempDir();
});
afterAll(async () => db?.close());

const returns = () => db.query(`SELECT base_id, strftime(month, '%Y-%m-%d') AS month, rooms, sessions, merchants_served,
  gmv_cny::VARCHAR AS gmv, training_events, jobs_created FROM base_returns ORDER BY base_id, month`);

describe('base return template', () => {
  it('has bilingual headers, instructions and the bases on record', async () => {
    const path = join(dir, 'template.xlsx');
    await writeBaseReturnTemplate(path, await basesOnRecord(db));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEETS.returns, SHEETS.instructions, SHEETS.bases]);
    expect((wb.getWorksheet(SHEETS.returns)!.getRow(1).values as unknown[]).slice(1)).toEqual(HEAD);
    const list = wb.getWorksheet(SHEETS.bases)!;
    expect([2, 3].map((r) => (list.getRow(r).values as unknown[]).slice(1, 4)))
      .toEqual([['T-B1', '测试一号基地', 'Test base one'], ['T-B2', '测试二号基地', 'Test base two']]);
    expect(wb.getWorksheet(SHEETS.instructions)!.getCell('A2').value).toMatch(/每行填写一个基地一个月/);
  });

  it('round-trips: a filled template loads into base_returns, 万 and 年月 read, blanks kept null', async () => {
    const path = join(dir, 'template.xlsx');
    await writeBaseReturnTemplate(path, await basesOnRecord(db));
    // Filled in as a base's clerk would, in the template itself (its list and instruction sheets stay).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet(SHEETS.returns)!;
    ws.addRow(['T-B1', '2026-09', 10, 120, 35, '1.25万', 2, 4]);
    ws.addRow(['T-B1', '2026年10月', 12, '130', 36, '¥13,050.50', null, 5]);
    ws.addRow(['T-B2', new Date(Date.UTC(2026, 9, 15)), 20, 3, 1, 800, 0, null]);
    const filled = join(dir, 'filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const r = await ingestFiles(db, [filled], OPTS);
    expect(r.files).toHaveLength(1);
    expect(r.files[0]).toMatchObject({ sheet: SHEETS.returns, kind: 'base_returns', mapping: 'base-returns-xlsx', status: 'loaded',
      rowsRead: 3, loaded: 3, quarantined: 0, updated: 0, platform: null });
    expect(await returns()).toEqual([
      { base_id: 'T-B1', month: '2026-09-01', rooms: 10, sessions: 120, merchants_served: 35, gmv: '12500.00', training_events: 2, jobs_created: 4 },
      { base_id: 'T-B1', month: '2026-10-01', rooms: 12, sessions: 130, merchants_served: 36, gmv: '13050.50', training_events: null, jobs_created: 5 },
      { base_id: 'T-B2', month: '2026-10-01', rooms: 20, sessions: 3, merchants_served: 1, gmv: '800.00', training_events: 0, jobs_created: null },
    ]);
    const [ds] = await db.query(`SELECT target_table, mapping, rows_loaded FROM datasets WHERE dataset_id = ${r.files[0].datasetId}`);
    expect(ds).toEqual({ target_table: 'base_returns', mapping: 'base-returns-xlsx', rows_loaded: 3 });
  });

  it('merges on (base, month): a corrected return updates its row, the same figures are duplicates', async () => {
    const path = writeCsv(dir, 'correction.csv', [HEAD,
      ['T-B1', '2026-09-01', 10, 120, 35, '1.25万', 2, 4], // the same figures
      ['T-B2', '2026/10', 20, 3, 1, '900', 0, ''], // GMV corrected
    ]);
    const r = await ingestFiles(db, [path], OPTS);
    expect(r.files[0]).toMatchObject({ kind: 'base_returns', loaded: 0, updated: 1, duplicates: 1, quarantined: 0 });
    expect((await returns()).find((x) => x.base_id === 'T-B2')!.gmv).toBe('900.00');
  });

  it('quarantines bad rows with the column, the cell and the reason, and loads the rest', async () => {
    const path = await writeXlsx(dir, 'bad.xlsx', [{ name: SHEETS.returns, rows: [HEAD,
      ['T-B9', '2026-09', 5, 10, 3, 1000, 0, 0], // unknown base
      ['T-B1', '2026-13', 5, 10, 3, 1000, 0, 0], // no such month
      ['T-B1', '2026-08', 5, 10, 3, '-300', 0, 0], // negative GMV
      ['T-B1', '2026-07', '三', 10, 3, 1000, 0, 0], // rooms in words
      ['T-B2', null, 5, 10, 3, 1000, 0, 0], // no month
      ['T-B2', '2026-09', 20, 4, 2, '0.1万', 1, 1], // good
    ] }]);
    const r = await ingestFiles(db, [path], OPTS);
    expect(r.files[0]).toMatchObject({ rowsRead: 6, loaded: 1, quarantined: 5 });
    const q = await db.query(`SELECT line, column_name, raw_value, reason FROM quarantine WHERE dataset_id = ${r.files[0].datasetId} ORDER BY line`);
    expect(q.map((x) => [x.line, x.column_name, x.raw_value])).toEqual([
      [2, '基地编号 Base ID', 'T-B9'], [3, '月份 Month', '2026-13'], [4, '成交额（元） GMV (CNY)', '-300'],
      [5, '直播间数 Live rooms', '三'], [6, '月份 Month', null],
    ]);
    expect(q[0].reason).toMatch(/unknown id: live_bases has no such value/);
    expect(q[0].reason).toMatch(/未知编号/);
    expect(q[1].reason).toMatch(/^无法读取为月份（如 2026-03） \/ cannot be read as a month \(such as 2026-03\)$/);
    expect(q[2].reason).toMatch(/below the smallest allowed value 0/);
    expect(q[3].reason).toMatch(/cannot be read as a whole number/);
    expect(q[4].reason).toMatch(/required value missing/);
    expect((await returns()).find((x) => x.base_id === 'T-B2' && x.month === '2026-09-01')!.gmv).toBe('1000.00');
  });

  it('loads canonical returns (headers named as the columns) with the same checks', async () => {
    const path = writeCsv(dir, 'base_returns.csv', [
      ['base_id', 'month', 'rooms', 'sessions', 'merchants_served', 'gmv_cny', 'training_events', 'jobs_created'],
      ['T-B2', '2026-08', 20, 2, 1, '500', 0, 0],
      ['NOPE', '2026-08', 20, 2, 1, '500', 0, 0],
    ], false);
    const r = await ingestFiles(db, [path], { ...OPTS, kind: 'base_returns' });
    expect(r.files[0]).toMatchObject({ mapping: 'canonical-base-returns', loaded: 1, quarantined: 1 });
  });

  it('answers the return measures through the catalog, by base and belt, inside the scope', async () => {
    const belt = 'yixing-zisha';
    const { app } = createApp({ db, scope: () => ({ rows: { belt: [belt] }, merchantNames: true, minCohort: 0 }) });
    const res = await app.request('/api/metrics?measures=reported_gmv,reported_sessions,jobs_created&by=base&from=2026-01-01&to=2026-12-31');
    expect(res.status).toBe(200);
    const body = await res.json() as { rows: Record<string, unknown>[] };
    // By hand from the rows loaded above: T-B2 (the scope's belt) has 2026-08 (500, 2 sessions,
    // 0 jobs), 2026-09 (1000, 4, 1 job) and 2026-10 (900, 3, jobs blank: the sum is null).
    expect(body.rows).toEqual([{ base: 'T-B2', reported_gmv: 2400, reported_sessions: 9, jobs_created: null }]);
    const plain = await db.query(`SELECT sum(gmv_cny)::DOUBLE AS g FROM base_returns r JOIN live_bases b USING (base_id) WHERE b.belt_id = '${belt}'`);
    expect(plain[0].g).toBe(2400);
  });

  it('removes a dataset of returns with its rows, and keeps the bases other returns use', async () => {
    const path = await writeXlsx(dir, 'one.xlsx', [{ name: SHEETS.returns, rows: [HEAD, ['T-B1', '2025-01', 1, 1, 1, 1, 1, 1]] }]);
    const [f] = (await ingestFiles(db, [path], OPTS)).files;
    expect(await db.query(`SELECT count(*)::INT AS n FROM base_returns WHERE month = DATE '2025-01-01'`)).toEqual([{ n: 1 }]);
    await db.write((con) => removeDataset(con, f.datasetId!));
    expect(await db.query(`SELECT count(*)::INT AS n FROM base_returns WHERE month = DATE '2025-01-01'`)).toEqual([{ n: 0 }]);

    // A base defined by one dataset, with returns from another: the base cannot go first.
    const bases = writeCsv(dir, 'live_bases.csv', [
      ['base_id', 'belt_id', 'name_zh', 'name_en', 'operator_model', 'rooms', 'opened_on', 'operating_hours_per_day'],
      ['T-B3', 'suzhou-silk', '测试三号基地', 'Test base three', 'private', 4, '2024-05-01', 10],
    ], false);
    const [b] = (await ingestFiles(db, [bases], OPTS)).files;
    const ret = await writeXlsx(dir, 'b3.xlsx', [{ name: SHEETS.returns, rows: [HEAD, ['T-B3', '2026-09', 4, 8, 2, 100, 0, 0]] }]);
    const [rf] = (await ingestFiles(db, [ret], OPTS)).files;
    expect(rf).toMatchObject({ loaded: 1 });
    await expect(db.write((con) => removeDataset(con, b.datasetId!))).rejects.toMatchObject({ code: 'dataset_in_use' });
  });
});

describe('the sample return (data/samples)', () => {
  it('loads after its bases: six returns, blanks null, the park\'s rooms dropping in March', async () => {
    const fresh = await Database.open(':memory:', { readers: 1 });
    try {
      const r = await ingestFiles(fresh, [sample('live_bases.csv'), sample('base-return-sample.xlsx')], OPTS);
      expect(r.files.map((f) => [f.kind, f.loaded, f.quarantined])).toEqual([['live_bases', 2, 0], ['base_returns', 6, 0]]);
      // The file has no base_type column: the schema's default, as its migration says, not null.
      expect(await fresh.query(`SELECT base_type, count(*)::INT AS n FROM live_bases GROUP BY ALL`)).toEqual([{ base_type: 'vertical', n: 2 }]);
      const rows = await fresh.query(`SELECT base_id, strftime(month, '%Y-%m') AS m, rooms, gmv_cny::DOUBLE AS gmv, jobs_created
        FROM base_returns ORDER BY base_id, month`);
      expect(rows.map((x) => [x.base_id, x.m, x.rooms, x.gmv, x.jobs_created])).toEqual([
        ['S-BASE-JDZ', '2026-01', 12, 865000, 45], ['S-BASE-JDZ', '2026-02', 12, 612000, 40], ['S-BASE-JDZ', '2026-03', 14, 1012300, null],
        ['S-BASE-YX', '2026-01', 20, 98000, 6], ['S-BASE-YX', '2026-02', 20, 51000, 6], ['S-BASE-YX', '2026-03', 16, 60000, 5],
      ]);
    } finally {
      await fresh.close();
    }
  });
});

describe('beltscope template base-return', { timeout: 120_000 }, () => {
  const ROOT = new URL('../../', import.meta.url).pathname;
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['bin/beltscope.js', 'template', ...args], { cwd: ROOT })
    .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }))
    .catch((e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));

  it('writes the template with the bases of the database, and refuses a missing or wrong --out', async () => {
    const d = tempDir();
    const dbPath = join(d, 'b.duckdb');
    const file = await Database.open(dbPath, { readers: 1 });
    try { await file.write(async (con) => { await con.run(BASES); }, { derived: false }); } finally { await file.close(); }
    const out = join(d, 'return.xlsx');
    const r = await cli('base-return', '--out', out, '--db', dbPath);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/with 2 base\(s\)/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet(SHEETS.bases)!.getCell('A3').value).toBe('T-B2');

    const noOut = await cli('base-return', '--db', dbPath);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/--out FILE\.xlsx/);
    const csv = await cli('base-return', '--out', join(d, 'x.csv'), '--db', dbPath);
    expect(csv.code).toBe(2);
    expect(csv.err).toMatch(/must end in \.xlsx/);
    const what = await cli('merchant-return', '--out', out);
    expect(what.code).toBe(2);
    expect(what.err).toMatch(/beltscope template base-return/);
    expect(existsSync(join(d, 'x.csv'))).toBe(false);
  });
});

describe('beltscope template base-return while a server has the database open', { timeout: 300_000 }, () => {
  it('reads the bases from the server instead of the locked file', async () => {
    const d = tempDir();
    const dbPath = join(d, 'served.duckdb');
    // An empty database: the server generates a small demo, whose nine bases the template lists.
    const server = await startServer({ dbPath, port: 0, log: () => {}, demoOrders: 2000 });
    try {
      const lines: string[] = [];
      const io = { out: (x: string) => lines.push(x), err: (x: string) => lines.push(x) };
      const out = join(d, 'return.xlsx');
      expect(await runTemplate(['base-return', '--out', out, '--db', dbPath], io)).toBe(0);
      expect(lines.join('\n')).toMatch(/reading its bases at http/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ids = wb.getWorksheet(SHEETS.bases)!.getColumn(1).values.slice(2);
      const known = await server.db.query('SELECT base_id FROM live_bases ORDER BY base_id');
      expect(ids).toEqual(known.map((r) => r.base_id));
      expect(ids).toContain('base-jdz-1');
    } finally {
      await server.close();
    }
  });
});
