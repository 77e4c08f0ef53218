import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['bin/beltscope.js', ...args], { cwd: new URL('../../', import.meta.url).pathname })
  .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }))
  .catch((e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));

describe('beltscope CLI', () => {
  it.each(['help', '--help', 'serve --help', 'demo --help', 'ingest --help', 'datasets --help', 'export --help', 'template --help'])('`beltscope %s` prints usage', async (args) => {
    const r = await cli(...args.split(' '));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: beltscope/);
  });

  it('rejects an unknown command, an unknown option and a bad number with exit 2 and a hint', async () => {
    const a = await cli('frobnicate');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/Unknown command "frobnicate".*\n未知命令 "frobnicate"。.*\n.*beltscope help/);
    const b = await cli('demo', '--colour', 'red');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--colour/);
    const c = await cli('demo', '--orders', 'lots');
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--orders must be a whole number.*\n--orders 必须是不小于 \d+ 的整数/);
    const d = await cli('serve', '--max-upload-mb', '0');
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/--max-upload-mb must be a whole number ≥ 1/);
  });

  it('lists ingest and datasets in the help', async () => {
    const r = await cli('help');
    expect(r.out).toMatch(/^\s+ingest\s+Load platform exports/m);
    expect(r.out).toMatch(/^\s+datasets\s+List the loaded datasets/m);
    expect(r.out).toMatch(/^\s+export\s+Write the data as an open-data lake/m);
    expect(r.out).toMatch(/^\s+template\s+Write a fill-in template/m);
    expect((await cli('serve', '--help')).out).toMatch(/--max-upload-mb N/);
  });

  it('generates a demo database with progress lines', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'beltscope-cli-')), 'demo.duckdb');
    const r = await cli('demo', '--orders', '3000', '--seed', '5', '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\[(\d+)\/\1\] finish/); // the last step, whatever their number
    expect(r.out).toMatch(/Demo dataset ready/);
  });
});

describe('datasets list, as text', () => {
  it('lines its columns up whatever the file and sheet names (Chinese characters are two columns wide)', async () => {
    const { formatDatasets } = await import('../../cli/datasets.ts');
    const item = (datasetId: number, fileName: string, sheet: string | null, targetTable: string) => ({
      datasetId, kind: 'real' as const, source: 'x', fileName, sheet, platform: 'douyin', targetTable, mapping: 'x',
      rowsRead: 6, loaded: 5, updated: 0, skipped: 1, duplicates: 0, quarantined: 0, loadedAt: '2026-12-01T00:00:00.000Z', status: 'loaded',
    });
    const text = formatDatasets({
      dataVersion: 3,
      datasets: [item(100, 'douyin-orders.csv', null, 'orders'), item(101, '直播明细_抖音号_20260321_20260323.xlsx', '直播明细', 'live_sessions')],
      coverage: [],
    } as never);
    const wide = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    const [head, a, b] = text.split('\n');
    // Where the table column starts, in display columns, on every line.
    const at = (line: string, cell: string) => wide(line.slice(0, line.indexOf(`  ${cell}`) + 2)); // a cell follows two spaces at least
    expect(at(a, 'orders')).toBe(at(head, 'table'));
    expect(at(b, 'live_sessions')).toBe(at(head, 'table'));
    expect(at(b, '6 / 5')).toBe(at(a, '6 / 5'));
  });

  it('calls a month missing as the upload page\'s grid does: from a shop\'s first month to the last month of any shop', async () => {
    const { formatDatasets } = await import('../../cli/datasets.ts');
    const { buildCoverage } = await import('../../web/src/features/upload/coverage.ts');
    const c = (merchantId: string, month: string) => ({ merchantId, platformId: 'douyin', month, orders: 3, sessions: 0 });
    // M2's September and October exports were not loaded (M1 has them); M1 skipped August.
    const coverage = [c('M1', '2026-06'), c('M1', '2026-07'), c('M1', '2026-09'), c('M1', '2026-10'), c('M2', '2026-07'), c('M2', '2026-08')];
    const text = formatDatasets({ dataVersion: 1, datasets: [], coverage } as never);
    expect(text).toMatch(/M1 .*MISSING 缺失: 2026-08$/m);
    expect(text).toMatch(/M2 .*MISSING 缺失: 2026-09, 2026-10$/m);
    const grid = buildCoverage(coverage);
    const gaps = (id: string) => grid.rows.find((r) => r.merchantId === id)!.cells.filter((x) => x.state === 'gap').map((x) => x.month);
    expect([gaps('M1'), gaps('M2')]).toEqual([['2026-08'], ['2026-09', '2026-10']]);
  });
});

describe('ingest, one line per file', () => {
  it('names the file once, also when the message starts with it', async () => {
    const { describeFile } = await import('../../cli/ingest.ts');
    const line = describeFile({
      file: 'douyin-orders.csv', sheet: null, platform: null, kind: null, mapping: null, datasetId: null,
      rowsRead: 0, loaded: 0, updated: 0, skipped: 0, duplicates: 0, quarantined: 0, status: 'failed',
      message: 'douyin-orders.csv: this export does not name its shop. Pass --merchant ID.',
      messageZh: 'douyin-orders.csv：此导出文件不含店铺信息。',
    } as never);
    expect(line).toBe('FAILED: douyin-orders.csv: this export does not name its shop. Pass --merchant ID. | 此导出文件不含店铺信息。');
  });

  it('says what a failed file was found to be, and when a dry run would load nothing', async () => {
    const { describeFile } = await import('../../cli/ingest.ts');
    const base = { file: 'a.csv', sheet: null, platform: 'douyin', kind: 'orders', mapping: 'douyin-orders-csv', datasetId: null,
      rowsRead: 0, loaded: 0, updated: 0, skipped: 0, duplicates: 0, quarantined: 0, message: 'm', messageZh: 'z' };
    expect(describeFile({ ...base, status: 'failed' } as never)).toBe('FAILED: a.csv → orders (douyin, douyin-orders-csv): m | z');
    expect(describeFile({ ...base, status: 'dry_run', rowsRead: 2, quarantined: 2 } as never)).toMatch(/^dry run: NOTHING WOULD LOAD: a\.csv/);
    expect(describeFile({ ...base, status: 'dry_run', rowsRead: 2, loaded: 2 } as never)).toMatch(/^dry run: a\.csv/);
  });

  it('lists "… N more" only under quarantined rows it shows; a file loaded before says where to read them', async () => {
    const { describeFile } = await import('../../cli/ingest.ts');
    const base = { file: 'a.csv', sheet: null, platform: 'douyin', kind: 'orders', mapping: 'douyin-orders-csv', datasetId: 12,
      rowsRead: 3, loaded: 1, updated: 0, skipped: 0, duplicates: 0, quarantined: 2, message: 'm', messageZh: 'z' };
    const shown = describeFile({ ...base, status: 'loaded', quarantineSample: [{ line: 3, record: 2, column: '子订单编号', value: 'x', reason: 'r' }] } as never);
    expect(shown).toMatch(/\n    line 3, 子订单编号 "x": r\n    … 1 more: beltscope datasets quarantine 12$/);
    const before = describeFile({ ...base, status: 'already_loaded' } as never);
    expect(before).toMatch(/\n    2 rows quarantined: beltscope datasets quarantine 12 lists them$/);
    expect(before).not.toContain('more');
  });
});
