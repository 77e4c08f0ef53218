import { entityKey } from '../../catalog/entities.ts';
import { dataModel } from '../schemaDoc.ts';
import { exportReadme } from './readme.ts';
import type { LakeSlice } from './slice.ts';
import { PARTITION_COLUMNS, ROW_PSEUDONYMS, type LakeTable, type PseudonymKind, type RowPseudonymKind } from './tables.ts';

/**
 * datapackage.json (Frictionless Data Package v2) of an export, generated from what was
 * written: the live schema's columns and types, the descriptions of README.md's data model
 * (db/schemaDoc.ts), the facts registry's labels, keys and time columns. Nothing in it is
 * written by hand, so it cannot drift from the files.
 */

export interface LakeColumn {
  name: string;
  /** DuckDB type (or MONTH for the month partition). */
  type: string;
  nullable: boolean;
  pseudonym?: PseudonymKind | RowPseudonymKind;
  partition?: boolean;
}

export interface ExportedTable { table: LakeTable; rows: number; files: string[]; columns: LakeColumn[]; primaryKey?: string[] }

export interface Provenance {
  datasetId: number; kind: string; source: string; fileName: string | null; sheet: string | null; sha256: string | null;
  platform: string | null; targetTable: string | null; mapping: string | null; rowsLoaded: number; loadedAt: string;
}

export interface PackageInput {
  tables: ExportedTable[];
  format: 'parquet' | 'csv';
  names: boolean;
  slice: LakeSlice;
  dataVersion: number;
  provenance: Provenance[];
  exportedAt: Date;
}

const PROFILE = 'https://datapackage.org/profiles/2.0';

/** Table Schema type of a DuckDB type. */
export function fieldType(duck: string): string {
  if (duck === 'MONTH') return 'yearmonth';
  if (duck === 'BOOLEAN') return 'boolean';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(duck)) return 'integer';
  if (/^(DOUBLE|FLOAT|REAL)$/.test(duck) || duck.startsWith('DECIMAL')) return 'number';
  if (duck === 'DATE') return 'date';
  if (duck.startsWith('TIMESTAMP')) return 'datetime';
  return 'string';
}

/**
 * Units of columns. Money is DECIMAL(18,2) CNY throughout the model (README, "Data model");
 * the few physical quantities are named after their unit.
 */
export function columnUnit(name: string, duck: string): string | undefined {
  if (duck.startsWith('DECIMAL')) return 'CNY';
  if (name.endsWith('_seconds')) return 's';
  if (name.endsWith('_ms')) return 'ms';
  if (name.endsWith('_m2')) return 'm2';
  if (name === 'lat' || name === 'lon') return 'degree';
  if (name.endsWith('_hours_per_day')) return 'h/d';
  return undefined;
}

const ROW_PSEUDONYM_NOTE = 'Pseudonym: keyed SHA-256 of the original under the data folder\'s key, the same in every export made with that key (so tables and exports join), not recomputable without it.';
const PSEUDONYM_NOTE = 'Pseudonym: HMAC-SHA256 of the original under the data folder\'s key, the same in every export made with that key (so tables and exports join), not reversible without it.';

function fieldOf(t: LakeTable, c: LakeColumn, format: 'parquet' | 'csv', empty: boolean): Record<string, unknown> {
  const doc = dataModel().get(t.table)?.columns.get(c.name);
  let description = doc?.meaning ?? '';
  // A fact without rows in the slice is one file that carries the partition columns itself.
  const where = empty ? `a column of the one file without rows, ${t.table}/part-0.${format}` : 'not stored in the files';
  if (c.partition && c.name === 'belt_id') description = `the belt (Hive partition: the folder belt_id=<id>, ${where})`;
  if (c.partition && c.name === 'month') {
    const time = t.narrowing.kind === 'fact' ? t.narrowing.fact.time : 'time';
    description = `local (Asia/Shanghai) month of ${time}, YYYY-MM (Hive partition: the folder month=<YYYY-MM>, ${where})`;
  }
  if (c.pseudonym) description = `${description}. ${c.pseudonym in ROW_PSEUDONYMS ? ROW_PSEUDONYM_NOTE : PSEUDONYM_NOTE}`;
  const type = fieldType(c.type);
  const unit = columnUnit(c.name, c.type);
  return {
    name: c.name,
    type,
    description,
    ...(format === 'csv' && (type === 'datetime') ? { format: 'any' } : {}),
    ...(c.nullable ? {} : { constraints: { required: true } }),
    // Not a Table Schema property: descriptors may carry their own (the standard allows it).
    ...(unit ? { unit } : {}),
    sourceType: c.type === 'MONTH' ? 'VARCHAR' : c.type,
  };
}

/**
 * Keys: a fact's natural key from the registry, an entity's from catalog/entities.ts (neither is
 * an index in the schema), else the table's PRIMARY KEY in the schema.
 */
function primaryKey(e: ExportedTable): string[] | undefined {
  const n = e.table.narrowing;
  if (n.kind === 'fact') return n.fact.grain;
  const entity = entityKey(e.table.table);
  if (entity) return [...entity];
  return e.primaryKey?.length ? e.primaryKey : undefined;
}

export function describePackage(input: PackageInput): { datapackage: Record<string, unknown>; readme: string } {
  const demo = input.provenance.some((p) => p.kind === 'demo');
  const resources = input.tables.filter((e) => e.files.length).map((e) => {
    const t = e.table;
    const fact = t.narrowing.kind === 'fact' ? t.narrowing.fact : null;
    const doc = dataModel().get(t.table);
    const key = primaryKey(e);
    return {
      $schema: `${PROFILE}/dataresource.json`,
      name: t.table,
      type: 'table',
      path: e.files.length === 1 ? e.files[0] : e.files,
      format: input.format,
      mediatype: input.format === 'parquet' ? 'application/vnd.apache.parquet' : 'text/csv',
      ...(input.format === 'csv' ? { encoding: 'utf-8' } : {}),
      title: fact ? `${fact.label.en} · ${fact.label.zh}` : t.table,
      description: [doc?.description, fact ? `Partitioned Hive-style by ${PARTITION_COLUMNS.join(' and ')} (folders ${t.table}/belt_id=<id>/month=<YYYY-MM>/); a row's month is the local (Asia/Shanghai) month of ${fact.time}.` : null,
        fact && e.rows === 0 ? `No row in this slice: one file without rows (${t.table}/part-0.${input.format}, belt_id and month as its own columns) carries the columns.` : null,
        `${e.rows} rows.`].filter(Boolean).map((x) => (/[.。)]$/.test(x!) ? x : `${x}.`)).join(' '),
      schema: {
        $schema: `${PROFILE}/tableschema.json`,
        fields: e.columns.map((c) => fieldOf(t, c, input.format, fact !== null && e.rows === 0)),
        ...(key ? { primaryKey: key } : {}),
        ...(input.format === 'csv' ? { missingValues: [''] } : {}),
      },
    };
  });
  const datapackage = {
    $schema: `${PROFILE}/datapackage.json`,
    name: 'beltscope-lake',
    title: `Beltscope lake export${demo ? ' (demo data)' : ''}`,
    description: `Live-stream commerce in China's industry belts (产业带): order lines, live sessions and their reference tables, `
      + `exported by Beltscope at data version ${input.dataVersion}. ${demo ? 'DEMO DATA: generated, not real figures. ' : ''}`
      + `Money in CNY; instants ${input.format === 'csv' ? 'written with their UTC offset (2026-03-21 19:15:15+08)' : 'in UTC'}; months and days are Asia/Shanghai calendar periods. See README.md for provenance and example queries.`,
    version: String(input.dataVersion),
    created: input.exportedAt.toISOString(),
    keywords: ['live-stream commerce', 'industry belts', '产业带', 'beltscope'],
    resources,
  };
  return { datapackage, readme: exportReadme(input, demo) };
}
