import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/database.ts';
import { loadReference, referenceDir } from '../../db/reference.ts';

// Reference rows are reloaded from data/reference/ on every open. A reload that finds them as
// they are changes nothing: no rows rewritten, no new data version (answers and caches follow
// the version); one that finds a CSV edited replaces that table and moves it.
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

  it('keeps the data version when a database is opened again', async () => {
    const path = join(dir, 'reopen.duckdb');
    const first = await Database.open(path, { readers: 1 });
    const v = first.dataVersion;
    await first.close();
    const again = await Database.open(path, { readers: 1 });
    try {
      expect(again.dataVersion).toBe(v);
      const [state] = await again.query(`SELECT data_version::INT AS v FROM data_state`);
      expect(state.v).toBe(v);
    } finally {
      await again.close();
    }
  });
});
