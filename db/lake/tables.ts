import { FACTS, type Fact } from '../../catalog/facts.ts';
import { REFERENCE_TABLES } from '../reference.ts';

/**
 * What the lake export writes, table by table, and what it never writes. Every table of the
 * database is in exactly one of EXPORTED (with how its rows are chosen) or NOT_EXPORTED (with
 * why): tests/pipeline/lake-export.test.ts checks that, so a table a migration adds stays out
 * of the export until someone decides. Columns come from the live schema; PRIVACY says which
 * are dropped or pseudonymised, wherever they occur.
 */

/** How a table's rows narrow to a slice (belts, merchants, origin regions): SQL over alias `f`. */
export type Narrowing =
  | { kind: 'fact'; fact: Fact }
  /** Carries belt_id (and merchant_id when `merchant`) itself. */
  | { kind: 'belt'; merchant?: boolean }
  /** Rows of a merchant (merchant_accounts). */
  | { kind: 'merchant' }
  /** Reference data: only the belts table narrows (to the slice's belts). */
  | { kind: 'reference' }
  | { kind: 'datasets' };

export interface LakeTable {
  table: string;
  narrowing: Narrowing;
  /** Fact tables are laid out Hive-style by belt and month; the others are one file. */
  partitioned: boolean;
  /** Columns left out besides PRIVACY's (e.g. the file names of datasets without --names). */
  omitUnlessNames?: string[];
}

export const EXPORTED: LakeTable[] = [
  ...REFERENCE_TABLES.map((table): LakeTable => ({ table, narrowing: { kind: 'reference' }, partitioned: false })),
  { table: 'merchants', narrowing: { kind: 'belt', merchant: true }, partitioned: false },
  { table: 'merchant_accounts', narrowing: { kind: 'merchant' }, partitioned: false },
  { table: 'live_bases', narrowing: { kind: 'belt' }, partitioned: false },
  { table: 'hubs', narrowing: { kind: 'belt' }, partitioned: false },
  ...FACTS.map((fact): LakeTable => ({ table: fact.table, narrowing: { kind: 'fact', fact }, partitioned: true })),
  // Provenance: which loads the rows came from. File names, sheets and load parameters can
  // name a shop (直播明细_<抖音号>.xlsx, --merchant S-…): they are written only with names.
  { table: 'datasets', narrowing: { kind: 'datasets' }, partitioned: false, omitUnlessNames: ['file_name', 'sheet', 'params'] },
];

export const NOT_EXPORTED: Record<string, string> = {
  quarantine: 'rows that failed to load, with the raw source row: never exported',
  ingest_log: 'load messages can quote source rows and names',
  replaced_rows: 'earlier values of rows later loads changed, kept to undo those loads: the exported tables hold the current ones',
  shared_rows: 'which loads hold a row too, kept to undo loads: bookkeeping, the exported tables hold the rows',
  buyer_keys: 'one row per buyer: buyer ids are never exported',
  split_orders: 'kept for the rollups; parent_order_id in orders says the same',
  schema_version: 'bookkeeping of the database file',
  data_state: 'the data version is in the export\'s README and datapackage.json',
};

/** Pseudonym kinds: one keyed hash space each, so equal strings of two kinds never link. */
export type PseudonymKind = 'merchant' | 'merchant_name' | 'account' | 'account_name' | 'anchor' | 'product' | 'batch';

/** Column names a pseudonym kind covers in every exported table, and their prefix. */
export const PSEUDONYMS: Record<PseudonymKind, { columns: (table: string, col: string) => boolean; prefix: string }> = {
  merchant: { columns: (_t, c) => c === 'merchant_id', prefix: 'm_' },
  merchant_name: { columns: (t, c) => t === 'merchants' && c === 'name', prefix: 'mn_' },
  account: { columns: (_t, c) => c === 'account', prefix: 'acct_' },
  account_name: { columns: (_t, c) => c === 'account_name', prefix: 'an_' },
  anchor: { columns: (_t, c) => c === 'anchor_id', prefix: 'anchor_' },
  // Product ids are the shop's own (the demo's embed the merchant id): hashed like it.
  product: { columns: (_t, c) => c === 'product_id', prefix: 'p_' },
  // Batch ids are the maker's own records (RB-<merchant>-009 in the demo).
  batch: { columns: (_t, c) => c === 'batch_id', prefix: 'b_' },
};

/**
 * Row ids a platform or a shop can look up (order numbers, live-room session ids, listings made
 * in a session): any of them names the shop behind a merchant pseudonym, and an order with its
 * time, amount and destination is one buyer's purchase. Too many to hash in Node like the kinds
 * above, they are a keyed SHA-256 computed in SQL (rowPseudonymSql); an order id and a parent
 * order id share a space, so split orders still group.
 */
export type RowPseudonymKind = 'order' | 'session' | 'listing';
export const ROW_PSEUDONYMS: Record<RowPseudonymKind, { columns: (table: string, col: string) => boolean; prefix: string }> = {
  order: { columns: (_t, c) => c === 'order_id' || c === 'parent_order_id', prefix: 'o_' },
  session: { columns: (_t, c) => c === 'session_id', prefix: 's_' },
  listing: { columns: (_t, c) => c === 'listing_id', prefix: 'l_' },
};

export const rowPseudonymOf = (table: string, col: string): RowPseudonymKind | null =>
  (Object.keys(ROW_PSEUDONYMS) as RowPseudonymKind[]).find((k) => ROW_PSEUDONYMS[k].columns(table, col)) ?? null;

/**
 * SQL for the pseudonym of column `expr`: the kind's prefix and the first 16 bytes (hex) of
 * SHA-256 over `<key>\0<kind>\0<value>`; the key is the bound parameter $lake_key.
 */
export const rowPseudonymSql = (kind: RowPseudonymKind, expr: string) =>
  `CASE WHEN ${expr} IS NOT NULL THEN '${ROW_PSEUDONYMS[kind].prefix}' || substr(sha256($lake_key || chr(0) || '${kind}' || chr(0) || ${expr}), 1, 32) END`;

/** Columns never exported, whoever asks: buyers are personal data. */
export const DROPPED = (_table: string, col: string) => col === 'buyer_id';

export const pseudonymOf = (table: string, col: string): PseudonymKind | null =>
  (Object.keys(PSEUDONYMS) as PseudonymKind[]).find((k) => PSEUDONYMS[k].columns(table, col)) ?? null;

/** Hive partition columns of a fact table, in folder order. */
export const PARTITION_COLUMNS = ['belt_id', 'month'] as const;
