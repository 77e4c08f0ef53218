import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport } from '../../cli/export.ts';
import { startServer } from '../../cli/serve.ts';
import { UsageError } from '../../cli/usage.ts';
import { Database } from '../../db/database.ts';
import { FIXED_SQL } from '../fixtures/fixed.ts';
import { EXPORTED } from '../../db/lake/tables.ts';

// `beltscope export` in-process: what it writes, its progress on stderr, and the mistakes it
// refuses before writing anything.

const root = mkdtempSync(join(tmpdir(), 'beltscope-export-cli-'));
const dbPath = join(root, 'data', 'beltscope.duckdb');

beforeAll(async () => {
  const db = await Database.open(dbPath, { readers: 1 });
  await db.write(async (con) => { await con.run(FIXED_SQL); });
  await db.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runExport(['--db', dbPath, ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out: '', err: e.message };
    throw e;
  }
}

describe('beltscope export', () => {
  it('writes the lake into a new folder, progress on stderr and a summary on stdout', async () => {
    const out = join(root, 'lake');
    const r = await cli('--out', out, '--belt', 'jingdezhen-ceramics', '--from', '2025-06-01', '--to', '2025-12-31');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(String.raw`^Exported ${EXPORTED.length} tables \(\d+ rows, \d+ files\) at data version \d+ to `));
    // P1-a, P1-b, O2, O4, O5 in December and O6 in June; O3 (00:10 on 1 January, Beijing) is out.
    expect(r.err).toMatch(/orders: 6 rows, 2 files/);
    expect(readdirSync(join(out, 'orders')).sort()).toEqual(['belt_id=jingdezhen-ceramics']);
    expect(readdirSync(join(out, 'orders', 'belt_id=jingdezhen-ceramics')).sort()).toEqual(['month=2025-06', 'month=2025-12']);
    expect(JSON.parse(readFileSync(join(out, 'datapackage.json'), 'utf8')).resources.length).toBeGreaterThan(10);
    // The key the pseudonyms use lives beside the database, readable by its owner only.
    expect(statSync(join(root, 'data', 'beltscope.key')).mode & 0o777).toBe(0o600);
  });

  it.each([
    [['--belt', 'atlantis'], /Unknown belt "atlantis"\. Belts: .*haining-leather/],
    [['--from', '2025-13-01'], /--from must be a calendar day written YYYY-MM-DD \(got "2025-13-01"\)/],
    [['--from', '2026-02-01', '--to', '2026-01-01'], /--from \(2026-02-01\) is after --to \(2026-01-01\)/],
    [['--format', 'xlsx'], /--format must be parquet or csv/],
  ])('refuses %j (exit 2) and leaves no folder behind', async (args, message) => {
    const out = join(root, `bad-${args.join('_')}`);
    const r = await cli('--out', out, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a folder that is not empty, and a missing --out', async () => {
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const r = await cli('--out', full);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not empty: name a new folder/);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    expect((await cli()).err).toMatch(/Name the folder to write with --out DIR/);
  });
});

describe('beltscope export while a server has the database open', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => { server = await startServer({ dbPath, port: 0, log: () => {} }); }, 60_000);
  afterAll(async () => { await server?.close(); });

  it('downloads the export from the server and unpacks the same layout into the folder', async () => {
    const out = join(root, 'via-server');
    const r = await cli('--out', out, '--belt', 'haining-leather', '--format', 'csv');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/has .* open: asking it at http/);
    expect(r.out).toMatch(/^Exported \d+ files at data version \d+ to .*\(written by the server\)/);
    expect(readdirSync(join(out, 'orders'))).toEqual(['belt_id=haining-leather']);
    const orders = readdirSync(join(out, 'orders', 'belt_id=haining-leather')).flatMap((m) =>
      readFileSync(join(out, 'orders', 'belt_id=haining-leather', m, 'part-0.csv'), 'utf8').trim().split('\n').slice(1));
    expect(orders).toHaveLength(2); // O7 and O8
    expect(JSON.parse(readFileSync(join(out, 'datapackage.json'), 'utf8')).name).toBe('beltscope-lake');
    // Parquet entries are stored, not deflated: they unpack byte for byte (PAR1 … PAR1).
    const pq = join(root, 'via-server-parquet');
    expect((await cli('--out', pq, '--belt', 'haining-leather')).code).toBe(0);
    const file = readFileSync(join(pq, 'belts', 'belts.parquet'));
    expect([file.subarray(0, 4).toString(), file.subarray(-4).toString()]).toEqual(['PAR1', 'PAR1']);
    // The server refuses what the command line would: an unknown belt is a usage error.
    const bad = await cli('--out', join(root, 'via-server-bad'), '--belt', 'atlantis');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Unknown belt "atlantis"/);
    expect(existsSync(join(root, 'via-server-bad'))).toBe(false);
  });
});
