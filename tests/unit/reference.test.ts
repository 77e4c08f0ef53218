import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { loadReference, referenceDir } from '../../db/reference.ts';

// Reference rows are reloaded from data/reference/ on every open. A table whose CSV matches it
// is left alone; one whose CSV was edited is replaced. A bad CSV names itself in the error.
const dir = mkdtempSync(join(tmpdir(), 'beltscope-reference-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the reference reload', () => {
  it('replaces a table only when its CSV differs, and says whether anything changed', async () => {
    const db = await Database.open(':memory:', { readers: 1 });
    try {
      expect(await db.write((con) => loadReference(con), { derived: false })).toBe(false);

      const edited = join(dir, 'edited');
      cpSync(referenceDir(), edited, { recursive: true });
      const belts = readFileSync(join(edited, 'belts.csv'), 'utf8').trimEnd().split('\n');
      // A copy of the first belt under a new id: every other column as the file writes it.
      const first = belts[1].split(',');
      const header = belts[0].split(',');
      first[header.indexOf('belt_id')] = 'test-belt';
      writeFileSync(join(edited, 'belts.csv'), [...belts, first.join(',')].join('\n') + '\n');

      expect(await db.write((con) => loadReference(con, edited), { derived: false })).toBe(true);
      expect(await db.query(`SELECT count(*)::INT AS n FROM belts WHERE belt_id = 'test-belt'`)).toEqual([{ n: 1 }]);
      expect(await db.write((con) => loadReference(con, edited), { derived: false })).toBe(false);
      // Back to the shipped files: the extra belt goes.
      expect(await db.write((con) => loadReference(con), { derived: false })).toBe(true);
      expect(await db.query(`SELECT count(*)::INT AS n FROM belts WHERE belt_id = 'test-belt'`)).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });

  it('a server\'s open moves the data version; a command-line open only when the reference data changed', async () => {
    const path = join(dir, 'versions.duckdb');
    const open = async (o: Parameters<typeof Database.open>[1] = {}) => {
      const db = await Database.open(path, { readers: 1, ...o });
      const v = db.dataVersion;
      await db.close();
      return v;
    };
    const first = await open();
    expect(await open()).toBe(first + 1);
    expect(await open({ newVersionOnOpen: false })).toBe(first + 1);
    expect(await open({ newVersionOnOpen: false })).toBe(first + 1);
    // An edited reference CSV: the command's open moves it, once.
    const edited = join(dir, 'edited-v');
    cpSync(referenceDir(), edited, { recursive: true });
    writeFileSync(join(edited, 'venues.csv'), readFileSync(join(edited, 'venues.csv'), 'utf8').trimEnd() + '\nkiosk,售货亭,Kiosk\n');
    process.env.BELTSCOPE_REFERENCE_DIR = edited;
    try {
      expect(await open({ newVersionOnOpen: false })).toBe(first + 2);
      expect(await open({ newVersionOnOpen: false })).toBe(first + 2);
    } finally {
      delete process.env.BELTSCOPE_REFERENCE_DIR;
    }
  });

  it('names the file, and what is wrong, when a CSV cannot be loaded', async () => {
    const db = await Database.open(':memory:', { readers: 1 });
    try {
      const cases: [string, (lines: string[]) => string[], RegExp][] = [
        // A cell that does not cast to its column's type.
        ['size_classes.csv', (l) => [l[0], l[1].replace(/,\d+(,|$)/, ',one$1'), ...l.slice(2)], /size_classes\.csv could not be loaded: [\s\S]*["']one["']/],
        // A required value left out: the table's own NOT NULL.
        ['belts.csv', (l) => [l[0], l[1].replace(/^([^,]+),[^,]+,/, '$1,,'), ...l.slice(2)], /belts\.csv could not be loaded: [\s\S]*NOT NULL/],
      ];
      for (const [name, edit, error] of cases) {
        const bad = join(dir, `bad-${name}`);
        cpSync(referenceDir(), bad, { recursive: true });
        const lines = readFileSync(join(bad, name), 'utf8').trimEnd().split('\n');
        writeFileSync(join(bad, name), edit(lines).join('\n') + '\n');
        await expect(db.write((con) => loadReference(con, bad), { derived: false })).rejects.toThrow(error);
      }
      // Nothing of a failed reload stays.
      expect(await db.write((con) => loadReference(con), { derived: false })).toBe(false);
    } finally {
      await db.close();
    }
  });
});
