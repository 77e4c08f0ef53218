import type { DuckDBConnection } from '@duckdb/node-api';
import { createHmac } from 'node:crypto';
import { PSEUDONYMS, type PseudonymKind } from './tables.ts';

/**
 * Keyed pseudonyms: HMAC-SHA256 under the data folder's key (db/key.ts) of `<kind>\0<value>`,
 * its first 16 bytes in hex after the kind's prefix (`m_3fa2…`). The same id gets the same
 * pseudonym in every export made with that key, so analyses of two exports still join; without
 * the key nobody can recompute one from a guessed id; the kind in the message keeps a merchant
 * id and an account that happen to be equal from linking.
 */
export function pseudonym(key: string, kind: PseudonymKind, value: string): string {
  const mac = createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('hex');
  return `${PSEUDONYMS[kind].prefix}${mac.slice(0, 32)}`;
}

/** The temp table holding a kind's pseudonyms (v → p) on the export's connection. */
export const pseudonymTable = (kind: PseudonymKind) => `lake_pseudonym_${kind}`;

/**
 * One temp table per kind mapping every value the named columns hold (over the whole tables,
 * so a pseudonym never depends on the slice) to its pseudonym. Values are hashed in Node: DuckDB
 * has no HMAC. Their number is that of merchants, accounts, anchors and products, not of rows.
 */
export async function buildPseudonymTables(con: DuckDBConnection, key: string,
  sources: Map<PseudonymKind, { table: string; column: string }[]>): Promise<Record<PseudonymKind, number>> {
  const counts = {} as Record<PseudonymKind, number>;
  for (const [kind, cols] of sources) {
    const t = pseudonymTable(kind);
    await con.run(`CREATE OR REPLACE TEMP TABLE ${t} (v VARCHAR, p VARCHAR)`);
    if (!cols.length) { counts[kind] = 0; continue; }
    const union = cols.map((c) => `SELECT "${c.column}" AS v FROM "${c.table}" WHERE "${c.column}" IS NOT NULL`).join(' UNION ');
    const values = (await con.runAndReadAll(`SELECT DISTINCT v FROM (${union})`)).getColumnsJS()[0] as string[] ?? [];
    const appender = await con.createAppender(t, 'main', 'temp');
    try {
      for (const v of values) {
        appender.appendVarchar(v);
        appender.appendVarchar(pseudonym(key, kind, v));
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    counts[kind] = values.length;
  }
  return counts;
}
