import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sql } from '../../catalog/dialect.ts';
import type { Database } from '../database.ts';
import { convertRow } from '../pool.ts';
import { describePackage, type ExportedTable, type LakeColumn, type Provenance } from './describe.ts';
import { buildPseudonymTables, pseudonymTable } from './pseudonyms.ts';
import { SliceSql, type LakeSlice } from './slice.ts';
import { DROPPED, EXPORTED, PARTITION_COLUMNS, pseudonymOf, rowPseudonymOf, rowPseudonymSql, type LakeTable, type PseudonymKind } from './tables.ts';

export type LakeFormat = 'parquet' | 'csv';

export interface LakeOptions {
  /** An empty (or new) folder the export writes into. */
  out: string;
  format: LakeFormat;
  /** Real merchant ids, names, accounts and anchors (an administrator's export); else pseudonyms. */
  names: boolean;
  /** The data folder's key (db/key.ts): pseudonyms are stable for as long as it is. */
  key: string;
  slice: LakeSlice;
  /** One line per table written, for a long export's progress on stderr. */
  progress?: (line: string) => void;
  /** When the export was made (tests pin it). */
  now?: Date;
}

export interface LakeSummary {
  dataVersion: number;
  tables: { table: string; rows: number; files: number }[];
  files: string[];
}

/** Files under a folder, as POSIX paths relative to `root`, sorted. */
export function listFiles(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, root));
    else out.push(relative(root, p).split(sep).join('/'));
  }
  return out;
}

const q = (name: string) => sql.id(name);

/** The live schema's columns of a table, in order. */
async function columnsOf(con: DuckDBConnection, table: string): Promise<{ name: string; type: string; nullable: boolean }[]> {
  const r = await con.runAndReadAll(`SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM duckdb_columns()
    WHERE schema_name = 'main' AND database_name = current_database() AND table_name = $t ORDER BY column_index`, { t: table });
  return r.getRowObjectsJS().map((c) => ({ name: String(c.name), type: String(c.type), nullable: Boolean(c.nullable) }));
}

/**
 * The lake export: every exported table (EXPORTED in tables.ts), or the slice asked for, as
 * Parquet (or CSV) files — facts Hive-style as `<table>/belt_id=<id>/month=<YYYY-MM>/part-N`,
 * the others as `<table>/<table>.<ext>` — plus datapackage.json and README.md. All of it is read
 * in one transaction on one connection, so the files are of one data version. Buyer ids and
 * quarantined rows are never written; merchant ids, names, accounts, anchors, products, and
 * order, session and listing ids are pseudonyms unless `names`.
 */
export async function exportLake(db: Database, opts: LakeOptions): Promise<LakeSummary> {
  const ext = opts.format;
  const copyOptions = ext === 'parquet' ? `FORMAT parquet, COMPRESSION snappy` : `FORMAT csv, HEADER true`;
  const progress = opts.progress ?? (() => {});
  return db.pool.use(async (con) => {
    await con.run('BEGIN TRANSACTION');
    try {
      const dataVersion = Number((await con.runAndReadAll('SELECT data_version AS v FROM data_state WHERE id = 1')).getRowObjectsJS()[0].v);
      const schemas = new Map<string, Awaited<ReturnType<typeof columnsOf>>>();
      for (const t of EXPORTED) schemas.set(t.table, await columnsOf(con, t.table));

      if (!opts.names) {
        const sources = new Map<PseudonymKind, { table: string; column: string }[]>();
        for (const t of EXPORTED) {
          for (const c of schemas.get(t.table)!) {
            const kind = pseudonymOf(t.table, c.name);
            if (kind) sources.set(kind, [...(sources.get(kind) ?? []), { table: t.table, column: c.name }]);
          }
        }
        const counts = await buildPseudonymTables(con, opts.key, sources);
        progress(`pseudonyms: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
      }

      mkdirSync(opts.out, { recursive: true });
      const written: ExportedTable[] = [];
      const datasetIds = new Set<number>();
      // datasets last: it lists the loads whose rows the other tables hold.
      for (const t of [...EXPORTED.filter((x) => x.narrowing.kind !== 'datasets'), ...EXPORTED.filter((x) => x.narrowing.kind === 'datasets')]) {
        const started = Date.now();
        const slice = new SliceSql(opts.slice);
        const { select, joins, columns } = selectList(t, schemas.get(t.table)!, opts.names);
        let from = `${q(t.table)} f`;
        let where: string[];
        if (t.narrowing.kind === 'fact') {
          const fact = t.narrowing.fact;
          const f = slice.fact(fact);
          from += ` ${f.joins.join(' ')}`;
          where = f.where;
          select.push(`${fact.dimensions.belt!.raw} AS belt_id`, `strftime(${sql.localDate(`f.${fact.time}`)}, '%Y-%m') AS month`);
        } else {
          where = slice.table(t, [...datasetIds].sort((a, b) => a - b));
        }
        const query = `SELECT ${select.join(', ')} FROM ${from} ${joins.join(' ')} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
        const dir = join(opts.out, t.table);
        mkdirSync(dir, { recursive: true });
        const target = t.partitioned ? dir : join(dir, `${t.table}.${ext}`);
        const partition = t.partitioned ? `, PARTITION_BY (${PARTITION_COLUMNS.join(', ')}), FILENAME_PATTERN 'part-{i}'` : '';
        const params = query.includes('$lake_key') ? { ...slice.params, lake_key: opts.key } : slice.params;
        const r = await con.runAndReadAll(`COPY (${query}) TO '${target.replace(/'/g, "''")}' (${copyOptions}${partition})`, params);
        const rows = Number(Object.values(r.getRowObjectsJS()[0] ?? {})[0] ?? 0);
        // A fact with no row in the slice still gets a file: one without rows whose columns
        // include belt_id and month, so the package lists the table with its schema and the
        // README's queries (read_parquet('orders/**/*.parquet'), Spark's path) answer no rows
        // instead of "no files found".
        if (t.partitioned && rows === 0) {
          await con.run(`COPY (${query} LIMIT 0) TO '${join(dir, `part-0.${ext}`).replace(/'/g, "''")}' (${copyOptions})`, params);
        }
        const files = listFiles(dir, opts.out);
        if (columns.some((c) => c.name === 'dataset_id') && files.length && t.narrowing.kind !== 'datasets') {
          const reader = ext === 'parquet' ? 'read_parquet' : 'read_csv';
          const paths = files.map((f) => `'${join(opts.out, f).replace(/'/g, "''")}'`).join(', ');
          const ids = await con.runAndReadAll(`SELECT DISTINCT dataset_id AS id FROM ${reader}([${paths}]) WHERE dataset_id IS NOT NULL`);
          for (const row of ids.getRowObjectsJS().map(convertRow)) datasetIds.add(Number(row.id));
        }
        if (t.partitioned) columns.push(...PARTITION_COLUMNS.map((name): LakeColumn => ({ name, type: name === 'month' ? 'MONTH' : 'VARCHAR', nullable: false, partition: true })));
        written.push({ table: t, rows, files, columns, primaryKey: await primaryKeyOf(con, t.table) });
        progress(`${t.table}: ${rows} rows, ${files.length} file${files.length === 1 ? '' : 's'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }

      const provenance = await readProvenance(con, [...datasetIds], opts.names);
      const { datapackage, readme } = describePackage({
        tables: written, format: ext, names: opts.names, slice: opts.slice, dataVersion, provenance, exportedAt: opts.now ?? new Date(),
      });
      writeFileSync(join(opts.out, 'datapackage.json'), `${JSON.stringify(datapackage, null, 2)}\n`);
      writeFileSync(join(opts.out, 'README.md'), readme);
      await con.run('COMMIT');
      return {
        dataVersion,
        tables: written.map((w) => ({ table: w.table.table, rows: w.rows, files: w.files.length })),
        files: listFiles(opts.out),
      };
    } catch (err) {
      await con.run('ROLLBACK').catch(() => {});
      throw err;
    }
  });
}

/** The SELECT list of a table: its columns less the dropped ones, pseudonyms joined in where asked. */
function selectList(t: LakeTable, cols: { name: string; type: string; nullable: boolean }[], names: boolean) {
  const select: string[] = [];
  const joins: string[] = [];
  const columns: LakeColumn[] = [];
  for (const c of cols) {
    if (DROPPED(t.table, c.name)) continue;
    if (!names && t.omitUnlessNames?.includes(c.name)) continue;
    // A fact's belt and month are its partition columns, written from the registry's binding
    // (base_returns' own `month`, the first day of a month, is the same month as its folder).
    if (t.partitioned && (PARTITION_COLUMNS as readonly string[]).includes(c.name)) continue;
    const kind = names ? null : pseudonymOf(t.table, c.name);
    const rowKind = names ? null : rowPseudonymOf(t.table, c.name);
    if (rowKind) {
      select.push(`${rowPseudonymSql(rowKind, `f.${q(c.name)}`)} AS ${q(c.name)}`);
    } else if (kind) {
      const alias = `p${joins.length}`;
      joins.push(`LEFT JOIN ${pseudonymTable(kind)} ${alias} ON ${alias}.v = f.${q(c.name)}`);
      select.push(`${alias}.p AS ${q(c.name)}`);
    } else {
      select.push(`f.${q(c.name)}`);
    }
    columns.push({ name: c.name, type: c.type, nullable: c.nullable, pseudonym: kind ?? rowKind ?? undefined });
  }
  return { select, joins, columns };
}

/** The PRIMARY KEY columns the schema declares for a table (reference tables, datasets). */
async function primaryKeyOf(con: DuckDBConnection, table: string): Promise<string[]> {
  const r = await con.runAndReadAll(`SELECT constraint_column_names AS c FROM duckdb_constraints()
    WHERE schema_name = 'main' AND database_name = current_database() AND table_name = $t AND constraint_type = 'PRIMARY KEY'`, { t: table });
  const cols = r.getRowObjectsJS()[0]?.c as { items?: unknown[] } | unknown[] | undefined;
  return (Array.isArray(cols) ? cols : cols?.items ?? []).map(String);
}

/** The loads the exported rows came from, for the export's README. */
async function readProvenance(con: DuckDBConnection, ids: number[], names: boolean): Promise<Provenance[]> {
  if (!ids.length) return [];
  const r = await con.runAndReadAll(`SELECT dataset_id, kind, source, ${names ? 'file_name, sheet' : 'NULL AS file_name, NULL AS sheet'},
      file_sha256, platform, target_table, mapping, rows_loaded, loaded_at
    FROM datasets WHERE dataset_id IN (${ids.map(Number).join(', ')}) ORDER BY dataset_id`);
  return r.getRowObjectsJS().map(convertRow).map((d) => ({
    datasetId: Number(d.dataset_id), kind: String(d.kind), source: String(d.source),
    fileName: (d.file_name as string | null) ?? null, sheet: (d.sheet as string | null) ?? null,
    sha256: (d.file_sha256 as string | null) ?? null, platform: (d.platform as string | null) ?? null,
    targetTable: (d.target_table as string | null) ?? null, mapping: (d.mapping as string | null) ?? null,
    rowsLoaded: Number(d.rows_loaded), loadedAt: String(d.loaded_at),
  }));
}
