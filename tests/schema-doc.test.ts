import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Database } from '../db/database.ts';
import { DERIVED_TABLES } from '../catalog/sources.ts';
import { parseDataModel } from '../db/schemaDoc.ts';

// The README's data model is the public contract: it must match the live database exactly.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const derivedDoc = readme.slice(readme.indexOf('### Derived'), readme.indexOf('## Tests and benchmarks'));

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const normType = (t: string) => t.replace('TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ').trim();

/** table → column → type, as db/schemaDoc.ts reads them (the lake export's descriptions come from there). */
function documented(): Map<string, Map<string, string>> {
  return new Map([...parseDataModel(readme)].map(([t, d]) => [t, new Map([...d.columns].map(([c, v]) => [c, v.type]))]));
}

let db: Database;
let live: Map<string, Map<string, string>>;
beforeAll(async () => {
  db = await Database.open(':memory:', { readers: 1 });
  live = new Map();
  for (const r of await db.query(`SELECT table_name AS t, column_name AS c, data_type AS ty FROM duckdb_columns()
      WHERE schema_name = 'main' AND NOT internal AND database_name = current_database() ORDER BY table_name, column_index`)) {
    if (!live.has(r.t as string)) live.set(r.t as string, new Map());
    live.get(r.t as string)!.set(r.c as string, normType(r.ty as string));
  }
});
afterAll(async () => db.close());

describe('README data model', () => {
  it('documents every table of the database, and no table that is not there', () => {
    const tables = [...live.keys()].filter((t) => !DERIVED_TABLES.includes(t)).sort();
    expect([...documented().keys()].sort()).toEqual(tables);
  });

  it('documents every column with its type', () => {
    const doc = documented();
    for (const [t, cols] of live) {
      if (DERIVED_TABLES.includes(t)) continue;
      expect(Object.fromEntries(doc.get(t) ?? []), `table ${t}`).toEqual(Object.fromEntries(cols));
    }
  });

  it('names every derived table and documents its partial sums', () => {
    for (const t of DERIVED_TABLES) expect(derivedDoc).toContain(`\`${t}\``);
    const sums = new Map<string, string>();
    for (const line of derivedDoc.split('\n')) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      if (cells.length === 3 && cells[0].startsWith('`')) for (const c of ticked(cells[0])) sums.set(c, cells[1]);
    }
    for (const t of DERIVED_TABLES) {
      const fact = live.get(t.startsWith('ro_sessions') ? 'live_sessions' : 'orders')!;
      for (const [c, type] of live.get(t)!) {
        if (sums.has(c)) expect(sums.get(c), `${t}.${c}`).toBe(type);
        else expect(fact.has(c) || c === 'venue' || c === 'base_id', `${t}.${c} is a column of its fact, or venue/base_id`).toBe(true);
      }
    }
  });
});
