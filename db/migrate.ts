import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Migrations are `NNN_name.sql` files, applied in order, each once, each in its own transaction. */
export function listMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(dir + f, 'utf8') }));
}

export async function migrate(con: DuckDBConnection): Promise<number> {
  await con.run(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
  const r = await con.runAndReadAll(`SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_version`);
  const current = Number(r.getRowObjectsJS()[0].v);
  const pending = listMigrations().filter((m) => m.version > current);
  for (const m of pending) {
    await con.run('BEGIN TRANSACTION');
    try {
      await con.run(m.sql);
      await con.run(`INSERT INTO schema_version VALUES ($v, $n, now())`, { v: m.version, n: m.name });
      await con.run('COMMIT');
    } catch (err) {
      await con.run('ROLLBACK').catch(() => {});
      throw new Error(`Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
    }
  }
  return pending.length ? pending[pending.length - 1].version : current;
}
