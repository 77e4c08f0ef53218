import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from '../catalog/dialect.ts';
import { FACT_BY_ID, FACTS } from '../catalog/facts.ts';
import { DERIVED_TABLES, ROLLUP_BUILD_ORDER, SOURCES, type Source } from '../catalog/sources.ts';

/**
 * A fact whose rollups read a prepared relation (its `rollupInput`) has a `<relation>.sql` file
 * here that creates it, and says which temporary objects to drop afterwards in its last line
 * comment `-- drop: <name> <name>`.
 */
const inputs = FACTS.filter((f) => f.rollupInput && f.rollups.length).map((f) => {
  const text = readFileSync(new URL(`./${f.rollupInput}.sql`, import.meta.url), 'utf8');
  const drop = text.match(/^-- drop: (.+)$/m)?.[1].trim().split(/\s+/) ?? [];
  return { setup: text, drop };
});

/** The CREATE statement of a rollup, from its declaration in the facts registry. */
export function rollupSql(r: Source): string {
  const b = r.build!;
  const fromRollup = SOURCES.find((s) => s.id === b.from && !s.raw);
  const timeSrc = fromRollup ? fromRollup.time.col : sql.localDate(FACT_BY_ID.get(r.fact)!.time);
  const time = r.time.unit === 'day' ? `${timeSrc} AS day` : `${sql.bucket('month', timeSrc)} AS month`;
  // A rollup of a rollup re-aggregates the stored partials; one of raw rows computes them.
  const partials = b.partials.map((x) => `(${fromRollup ? `${x.reagg}(${x.col})` : x.sql})::${x.type} AS ${x.col}`);
  return `CREATE OR REPLACE TABLE ${r.table} AS
SELECT ${[time, ...b.keys, ...partials].join(',\n  ')}
FROM ${b.from}
${sql.groupBy(['time', ...b.keys])}
ORDER BY ${b.orderBy.join(', ')}`;
}

/**
 * Each rollup table carries, as its table comment, a fingerprint of the SQL that built it (with
 * its input's): a database built under other declarations gets its rollups rebuilt on open.
 */
const fingerprint = (r: Source) => `beltscope rollup ${createHash('sha256')
  .update(inputs.map((i) => i.setup).join('\n')).update(rollupSql(r)).digest('hex').slice(0, 16)}`;

/**
 * Rebuild the rollup tables inside the load's transaction, so readers see the rollups and
 * the facts of one data version. A full rebuild: a few seconds at 10M orders, small beside a load.
 */
export async function refreshDerived(con: DuckDBConnection): Promise<void> {
  for (const i of inputs) await con.run(i.setup);
  for (const r of ROLLUP_BUILD_ORDER) {
    await con.run(rollupSql(r));
    await con.run(`COMMENT ON TABLE ${r.table} IS '${fingerprint(r)}'`);
  }
  // Rollups no longer declared (renamed or removed) go: every derived table is named ro_*.
  const stale = await con.runAndReadAll(`SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE 'ro\\_%' ESCAPE '\\'`);
  for (const { t } of stale.getRowObjectsJS()) if (!DERIVED_TABLES.includes(t as string)) await con.run(`DROP TABLE ${t}`);
  for (const i of inputs) for (const name of i.drop) await con.run(`DROP ${name.startsWith('view:') ? 'VIEW' : 'TABLE'} IF EXISTS ${name.replace(/^\w+:/, '')}`);
}

/** Whether every rollup table exists, built from its current declaration. */
export async function hasDerivedTables(con: DuckDBConnection): Promise<boolean> {
  const r = await con.runAndReadAll(
    `SELECT table_name AS t, comment AS c FROM duckdb_tables() WHERE schema_name = 'main' AND table_name IN (${DERIVED_TABLES.map((t) => `'${t}'`).join(', ')})`);
  const built = new Map(r.getRowObjectsJS().map((x) => [x.t as string, x.c as string | null]));
  return ROLLUP_BUILD_ORDER.every((s) => built.get(s.table) === fingerprint(s));
}
