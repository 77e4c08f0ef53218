import type { Database } from '../../db/database.ts';
import { detectMapping } from './detect.ts';
import { BUILT_IN, canonicalMapping, type TableColumn } from './mappings.ts';
import { readHeader } from './read/csvtext.ts';
import { sniff } from './read.ts';
import { TARGETS, type Target } from './types.ts';

/**
 * The order a batch of files loads in: the canonical files of what other rows name first
 * (bases and hubs, then merchants, then their accounts), the rest as given. A folder is walked in
 * name order, so base-returns.xlsx came before live_bases.csv and merchant_accounts.csv before
 * merchants.csv: each landed nothing (every row naming an id not yet loaded), and loading it
 * again later said "already loaded". Only CSV headers are read to tell (entity files are canonical
 * CSV); a file that cannot be read keeps its place and fails in its turn, as it would anyway.
 */
const RANK: Partial<Record<Target, number>> = { live_bases: 0, hubs: 0, merchants: 1, merchant_accounts: 2 };
const LAST = 3;

export async function entitiesFirst(paths: string[], db?: Database): Promise<string[]> {
  if (paths.length < 2) return paths;
  // Without a database at hand (the CLI handing files to a server holds none open), the schema of
  // a new one: the canonical columns are the migrations', whichever file they land in.
  const schemaDb = db ?? await (await import('../../db/database.ts')).Database.open(':memory:', { readers: 1 });
  try {
    return await ordered(schemaDb, paths);
  } finally {
    if (!db) await schemaDb.close();
  }
}

async function ordered(db: Database, paths: string[]): Promise<string[]> {
  const rows = await db.query(`SELECT table_name AS t, column_name AS name, data_type AS type, NOT is_nullable AS not_null, column_default AS dflt
    FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN (${TARGETS.map((t) => `'${t}'`).join(', ')}) ORDER BY table_name, column_index`);
  const columns = new Map<string, TableColumn[]>();
  for (const r of rows) {
    const list = columns.get(String(r.t)) ?? [];
    list.push({ name: String(r.name), type: String(r.type), notNull: r.not_null === true, default: (r.dflt as string | null) ?? null });
    columns.set(String(r.t), list);
  }
  // Every mapping a load detects with, so a file is told apart as its load will tell it.
  const candidates = [...BUILT_IN, ...TARGETS.filter((t) => columns.has(t)).map((t) => canonicalMapping(t, columns.get(t)!))];
  const rank = async (path: string) => {
    try {
      if ((await sniff(path)).format !== 'csv') return LAST;
      const header = await readHeader(path);
      if (!header) return LAST;
      const m = detectMapping({ sheet: null, headers: header.cells, table: '', rows: 0 }, candidates, {});
      return m ? (RANK[m.target] ?? LAST) : LAST;
    } catch {
      return LAST;
    }
  };
  const ranks = await Promise.all(paths.map(rank));
  return paths.map((p, i) => ({ p, r: ranks[i], i })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}
