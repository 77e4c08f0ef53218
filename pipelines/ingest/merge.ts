import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database, SqlParams } from '../../db/database.ts';
import { sql } from '../../catalog/dialect.ts';
import { FACTS } from '../../catalog/facts.ts';
import { expectChanges, touchColumns, touchRows } from '../../db/derived.ts';
import { keepReplaced } from '../../db/replaced.ts';
import { keepShared } from '../../db/shared.ts';
import { lit } from '../../db/derived/declarations.ts';
import { undo } from './advice.ts';
import { ROUNDED_ID, quarantineRounded } from './rounded.ts';
import type { TableColumn } from './mappings.ts';
import { rawJsonSql, type ParsePlan } from './transform.ts';
import type { StagedSheet } from './types.ts';

/** Where each input row of a sheet ended: the counts always add up to the rows read. */
export interface SheetCounts {
  rowsRead: number;
  loaded: number;
  updated: number;
  skipped: number;
  duplicates: number;
  quarantined: number;
  /** Skipped rows by reason. */
  skipReasons: Record<string, number>;
}

/** What turns a staged sheet into rows of its target table (prepareParsed). */
export interface ParseInput {
  plan: ParsePlan;
  columns: TableColumn[];
  /** SQL for target columns the file does not give (over `p`, the parsed row, and `joins`), with their parameters. */
  fill: Record<string, string>;
  fillParams: SqlParams;
  joins?: string;
  /** Fill columns that only stand in (Fill.fallback): an update keeps the stored value. */
  fallback?: string[];
}

export interface MergeInput extends ParseInput {
  sheet: StagedSheet;
  target: string;
  /** The natural key of the target table. */
  keys: string[];
  /** Columns whose known value a later file's unknown (null) never replaces (a recorded refund). */
  sticky?: string[];
  datasetId: number;
  file: string;
  /**
   * The table prepareParsed made before the load's transaction, when what it read cannot have
   * changed since (the caller knows); else the parse runs here. The caller drops it.
   */
  parsed?: string;
}

const q = sql.id;
let seq = 0;

/**
 * Parse a sheet into a new TEMP table: every cell parsed and checked (plan.sql) and, for rows
 * that pass, every target column: from the file, else from what the command line said, cast to
 * its type (only those rows are cast, so a bad row never aborts the load), and the first
 * required one still missing (__missing). Made before the load's transaction, the table is read
 * by every core in the statements that follow; made inside it, by one (bench/RESULTS.md).
 */
export async function prepareParsed(con: DuckDBConnection, m: ParseInput, table = `ing_parsed_${seq++}`): Promise<string> {
  const own = m.columns.filter((c) => c.name !== 'dataset_id');
  const given = new Set(m.plan.columns);
  const ok = 'p.skip IS NULL AND p.err IS NULL';
  const select = own.map((c) => {
    // The schema's default where the file is silent (a live_bases file without base_type is
    // vertical, as the migration that added it says), as an INSERT leaving the column out would.
    const stated = given.has(c.name) ? `p.p_${c.name}` : m.fill[c.name];
    const expr = c.default ? (stated ? `coalesce(${stated}, ${c.default})` : c.default) : (stated ?? 'NULL');
    return `CASE WHEN ${ok} THEN CAST(${expr} AS ${c.type}) END AS ${q(c.name)}`;
  });
  const notNull = own.filter((c) => c.notNull);
  const missing = notNull.length ? `CASE WHEN __skip IS NULL AND __err IS NULL THEN CASE ${notNull.map((c) => `WHEN ${q(c.name)} IS NULL THEN '${c.name}'`).join(' ')} END END` : 'NULL';
  const fillSql = select.join(' ') + (m.joins ?? '');
  await con.run(`CREATE TEMP TABLE ${table} AS
    SELECT *, ${missing} AS __missing FROM (
      SELECT p.record AS __record, p.line AS __line, p.skip AS __skip, p.err AS __err, ${select.join(', ')}
      FROM (${m.plan.sql}) p ${m.joins ?? ''})`,
  { ...(m.plan.params as Record<string, string>), ...usedParams(fillSql, m.fillParams) });
  return table;
}

/**
 * Target columns a sheet says nothing of: neither a header it has nor a value the command gives,
 * or only a stand-in (ParsePlan.absent, Fill.fallback).
 */
export function silentColumns(m: ParseInput): string[] {
  const given = new Set(m.plan.columns);
  const absent = new Set(m.plan.absent);
  const fallback = new Set(m.fallback ?? []);
  return m.columns.filter((c) => c.name !== 'dataset_id')
    .filter((c) => given.has(c.name) ? absent.has(c.name) : !(c.name in m.fill) || fallback.has(c.name)).map((c) => c.name);
}

/** Only the parameters a statement names: DuckDB refuses a bound parameter the SQL does not use. */
export const usedParams = (stmt: string, params: SqlParams) =>
  Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(stmt))) as Record<string, string>;

/**
 * Land a parsed sheet in its canonical table inside the caller's transaction: bad rows to
 * quarantine with file, line, column and reason; skipped rows counted by reason; the natural key
 * decides between new (loaded), the same again (duplicate) and changed (updated: the last file
 * loaded wins, except that a known refund never reverts to unknown).
 */
export async function mergeSheet(con: DuckDBConnection, m: MergeInput): Promise<SheetCounts> {
  const n = seq++;
  const [parsed, fresh] = [m.parsed ?? `ing_parsed_${n}`, `ing_fresh_${n}`];
  const base = { ds: m.datasetId, file: m.file, sheet: m.sheet.sheet };
  const own = m.columns.filter((c) => c.name !== 'dataset_id');
  try {
    if (!m.parsed) await prepareParsed(con, m, parsed);
    const good = '__skip IS NULL AND __err IS NULL AND __missing IS NULL';
    const keyOn = (a: string, b: string) => m.keys.map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(' AND ');
    const keys = m.keys.map(q).join(', ');
    // Repeats are looked for by a 64-bit hash of the key (grouping integers is several times
    // cheaper than strings), as fewer distinct hashes than rows (a distinct count costs less than
    // grouping with HAVING: 0.09 against 0.21 s at 1M lines); a collision merely sends the load
    // down the general path, which is exact either way. The usual load has neither repeats nor
    // known keys, and pays for nothing below.
    const probeSql = `SELECT
        (SELECT count(*) - count(DISTINCT hash(${keys})) FROM ${parsed} WHERE ${good})::INTEGER AS repeated,
        (SELECT count(*) FROM ${parsed} p SEMI JOIN ${m.target} t ON ${keyOn('p', 't')} WHERE ${good.replace(/__/g, 'p.__')})::INTEGER AS known`;
    let [probe] = (await con.runAndReadAll(probeSql)).getRowObjectsJS();
    const conflicts = await quarantineRounded(con, parsed, m, good)
      + (Number(probe.repeated) > 0 ? await quarantineConflicts(con, parsed, m, good) : 0)
      + (Number(probe.known) > 0 ? await quarantineMerchantMoves(con, parsed, m, good) : 0);
    if (conflicts > 0) [probe] = (await con.runAndReadAll(probeSql)).getRowObjectsJS();

    const [tally] = (await con.runAndReadAll(`SELECT count(*)::INTEGER AS rows_read,
        count(*) FILTER (WHERE __skip IS NULL AND (__err IS NOT NULL OR __missing IS NOT NULL))::INTEGER AS quarantined,
        count(*) FILTER (WHERE ${good})::INTEGER AS good, count(*) FILTER (WHERE __skip IS NOT NULL)::INTEGER AS skipped
      FROM ${parsed}`)).getRowObjectsJS();

    // Quarantine: rows that failed a check, and rows still lacking a required canonical value.
    if (Number(tally.quarantined) > 0) {
      const qp: SqlParams = { ...base };
      const raw = rawJsonSql(m.sheet, m.plan.kept, qp);
      await con.run(`INSERT INTO quarantine (dataset_id, file_name, sheet, line, record, column_name, raw_value, reason, raw)
        SELECT $ds, $file, $sheet, p.__line, p.__record,
          coalesce(p.__err.col, p.__missing), CASE WHEN p.__err IS NOT NULL THEN p.__err.raw END,
          coalesce(p.__err.reason, '缺少必填值 / required value missing: ' || p.__missing), ${raw}
        FROM ${parsed} p JOIN ${m.sheet.table} s ON s.record = p.__record
        WHERE p.__skip IS NULL AND (p.__err IS NOT NULL OR p.__missing IS NOT NULL)
        ORDER BY p.__record`, qp as Record<string, string>);
    }

    // A column the file says nothing of keeps what the table holds (a live_bases file without
    // base_type does not turn a cluster base back into the default vertical); a new row has the default.
    const silent = silentColumns(m).filter((c) => !m.keys.includes(c));
    const sticky = new Set((m.sticky ?? []).filter((c) => !silent.includes(c)));
    const value = own.filter((c) => !m.keys.includes(c.name) && !silent.includes(c.name));
    const exists = `t.${q(m.keys[0])} IS NOT NULL`;
    const replaced = [
      ...[...sticky].filter((c) => own.some((x) => x.name === c)).map((c) => `coalesce(r.${q(c)}, t.${q(c)}) AS ${q(c)}`),
      ...silent.map((c) => `CASE WHEN ${exists} THEN t.${q(c)} ELSE r.${q(c)} END AS ${q(c)}`),
    ];
    // The old values a changed row's rollups need (its day, slice, parent order…): see db/derived.ts.
    const old = touchColumns(m.target).filter((c) => own.some((x) => x.name === c));
    // The usual load: keys unique within the file and none already in the table. Then every
    // good row is new, and the ranking and comparison below are not needed.
    const cols = own.map((c) => q(c.name));
    // Rows go into the table in file order (better zone maps); a parse without joins kept it.
    const order = m.joins ? ' ORDER BY __record' : '';
    let counts: { loaded: number; updated: number; duplicates: number };
    if (Number(probe.repeated) === 0 && Number(probe.known) === 0) {
      counts = { loaded: Number(tally.good), updated: 0, duplicates: 0 };
      await expectChanges(con, m.target, counts.loaded, counts.loaded);
      await touchRows(con, m.target, `SELECT * FROM ${parsed} WHERE ${good}`);
      await con.run(`INSERT INTO ${m.target} (${cols.join(', ')}, dataset_id) SELECT ${cols.join(', ')}, $ds FROM ${parsed} WHERE ${good}${order}`, { ds: m.datasetId });
    } else {
      await con.run(`CREATE TEMP TABLE ${fresh} AS
        WITH ranked AS (
          SELECT *, row_number() OVER (PARTITION BY ${keys} ORDER BY __record DESC) AS __rn
          FROM ${parsed} WHERE ${good})
        SELECT r.*${replaced.length ? ` REPLACE (${replaced.join(', ')})` : ''},
               ${old.map((c) => `t.${q(c)} AS ${q(`__old_${c}`)}, `).join('')}${exists} AS __exists,
               ${value.map((c) => sticky.has(c.name) ? `coalesce(r.${q(c.name)}, t.${q(c.name)}) IS NOT DISTINCT FROM t.${q(c.name)}` : `r.${q(c.name)} IS NOT DISTINCT FROM t.${q(c.name)}`).join(' AND ') || 'true'} AS __same
        FROM ranked r LEFT JOIN ${m.target} t ON ${keyOn('r', 't')}
        WHERE r.__rn = 1`);
      const [c] = (await con.runAndReadAll(`SELECT
          (SELECT count(*) FROM ${parsed} WHERE ${good})::INTEGER - (SELECT count(*) FROM ${fresh})::INTEGER
            + (SELECT count(*) FROM ${fresh} WHERE __exists AND __same)::INTEGER AS duplicates,
          (SELECT count(*) FROM ${fresh} WHERE __exists AND NOT __same)::INTEGER AS updated,
          (SELECT count(*) FROM ${fresh} WHERE NOT __exists)::INTEGER AS loaded`)).getRowObjectsJS();
      counts = { loaded: Number(c.loaded), updated: Number(c.updated), duplicates: Number(c.duplicates) };

      // Rows that change, recorded for the rollup refresh: the old values of those replaced, the new rows.
      await expectChanges(con, m.target, counts.loaded + counts.updated, counts.loaded);
      await touchRows(con, m.target, `SELECT ${old.map((c) => `${q(`__old_${c}`)} AS ${q(c)}`).join(', ') || '1 AS x'} FROM ${fresh} WHERE __exists AND NOT __same`);
      await touchRows(con, m.target, `SELECT * FROM ${fresh} WHERE NOT __exists OR NOT __same`);
      // The rows as they were, so that removing this load puts them back (db/replaced.ts).
      await keepReplaced(con, { table: m.target, keys: m.keys, replacedBy: m.datasetId,
        rows: `SELECT t.* FROM ${m.target} t SEMI JOIN (SELECT ${keys} FROM ${fresh} WHERE __exists AND NOT __same) f ON ${keyOn('t', 'f')}` });
      // Rows already there unchanged: held by this load too, so undoing the load they belong to leaves them (db/shared.ts).
      if (counts.duplicates > 0) await keepShared(con, { table: m.target, datasetId: m.datasetId, keysSql: `SELECT ${keys} FROM ${fresh} WHERE __exists AND __same` });
      await con.run(`DELETE FROM ${m.target} t USING ${fresh} f WHERE ${keyOn('t', 'f')} AND f.__exists AND NOT f.__same`);
      await con.run(`INSERT INTO ${m.target} (${cols.join(', ')}, dataset_id)
        SELECT ${cols.join(', ')}, $ds FROM ${fresh} WHERE NOT __exists OR NOT __same ORDER BY __record`, { ds: m.datasetId });
    }
    const reasons = Number(tally.skipped) === 0 ? [] : (await con.runAndReadAll(`SELECT __skip AS skip, count(*)::INTEGER AS n FROM ${parsed} WHERE __skip IS NOT NULL GROUP BY __skip ORDER BY __skip`)).getRowObjectsJS();

    const skipReasons = Object.fromEntries(reasons.map((r) => [String(r.skip), Number(r.n)]));
    return {
      rowsRead: Number(tally.rows_read), loaded: counts.loaded, updated: counts.updated,
      skipped: Object.values(skipReasons).reduce((a, b) => a + b, 0), duplicates: counts.duplicates,
      quarantined: Number(tally.quarantined), skipReasons,
    };
  } finally {
    // After a failure the transaction is aborted and rolls these back anyway: never mask the first error.
    for (const t of m.parsed ? [fresh] : [fresh, parsed]) await con.run(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
  }
}

const CONFLICT_REASON = '同一文件中有多行编号相同但内容不同（表格软件可能把长编号改成了科学计数法或截掉了末几位；请从平台重新导出，不要用表格软件打开后另存）'
  + ' / several lines of this file share this id with different values (a spreadsheet may have rounded long ids: export again from the platform, without opening and saving it in a spreadsheet)';

/**
 * Lines of one file that share a rounded id but differ. A spreadsheet keeps 15 significant
 * digits, so different 19-digit order ids it touched end in the same zeros and would merge into
 * one order (the later line winning, as for a key a file repeats on purpose). None of them is
 * loaded, as which is right cannot be told: each goes to quarantine. Identical repeats stay
 * duplicates, and repeated ids that were not rounded keep the later line.
 */
async function quarantineConflicts(con: DuckDBConnection, parsed: string, m: MergeInput, good: string): Promise<number> {
  const keys = m.keys.map(q).join(', ');
  const values = m.columns.filter((c) => c.name !== 'dataset_id' && !m.keys.includes(c.name)).map((c) => q(c.name));
  if (!values.length) return 0;
  // More than 15 digits, and zeros after the 15th: 6925903269621780000 (rounded.ts).
  const rounded = m.keys.map((k) => `regexp_full_match(CAST(${q(k)} AS VARCHAR), '${ROUNDED_ID}')`).join(' OR ');
  const rows = await con.runAndReadAll(`UPDATE ${parsed} SET __err = struct_pack(col := $col, raw := CAST(${q(m.keys.at(-1)!)} AS VARCHAR), reason := $reason)
    WHERE ${good} AND (${keys}) IN (
      SELECT (${keys}) FROM ${parsed} WHERE ${good} AND (${rounded}) GROUP BY ${keys} HAVING count(DISTINCT hash(${values.join(', ')})) > 1)`,
  { col: m.plan.sources[m.keys.at(-1)!] ?? m.keys.join(', '), reason: CONFLICT_REASON });
  return Number(rows.getRows()[0]?.[0] ?? 0);
}

/** The tables an export names no merchant in (the command line or an account does): a load never moves their rows to another merchant. */
const MERCHANT_OWNED = new Set(['orders', 'live_sessions']);

/**
 * Known lines a load would move to another merchant: the same order loaded before for one shop,
 * now with --merchant naming another (a slip, or a shop's name typed as a new id). Quarantined,
 * saying whose the line is and how to move it on purpose (undo that load first).
 */
async function quarantineMerchantMoves(con: DuckDBConnection, parsed: string, m: MergeInput, good: string): Promise<number> {
  if (!MERCHANT_OWNED.has(m.target) || m.keys.includes('merchant_id') || !m.columns.some((c) => c.name === 'merchant_id')) return 0;
  const on = m.keys.map((k) => `t.${q(k)} = ${parsed}.${q(k)}`).join(' AND ');
  // Never null (|| with a null gives null, and a null reason would read as a missing value).
  const [who, ds] = [`coalesce(t.merchant_id, '?')`, `coalesce(CAST(t.dataset_id AS VARCHAR), '?')`];
  // Every load that holds the line, newest first: the one it belongs to now, and those whose
  // version of it a later load replaced (a refund recorded later: replaced_rows). Undoing only
  // the newest would bring the earlier version back, still the other merchant's.
  const keyMatch = m.keys.map((k) => `json_extract_string(r.row_json, ${lit(`$."${k}"`)}) = CAST(t.${q(k)} AS VARCHAR)`).join(' AND ');
  const chain = `coalesce((SELECT string_agg(CAST(d AS VARCHAR), ', ' ORDER BY d DESC) FROM (
      SELECT t.dataset_id AS d UNION SELECT r.dataset_id FROM replaced_rows r WHERE r.target_table = ${lit(m.target)} AND ${keyMatch})), ${ds})`;
  // The file is loaded once this load lands (its bytes are then "already loaded"): loading it
  // again with the right merchant needs this load undone first, so the advice names it. A dry
  // run lands nothing: the right merchant is all it needs.
  const [fixZh, fixEn] = m.datasetId > 0
    ? [`若商家填错了，请先撤销本次导入（${undo(m.datasetId, 'zh')}），再用正确的商家重新导入`,
      `if the merchant is wrong, undo this load (${undo(m.datasetId, 'en')}) and load the file again with the right one`]
    : ['若商家填错了，请用正确的商家导入', 'if the merchant is wrong, load the file with the right one'];
  const rows = await con.runAndReadAll(`UPDATE ${parsed} SET __err = struct_pack(col := 'merchant_id', raw := ${parsed}.merchant_id,
      reason := '此行已作为商家 ' || ${who} || ' 的数据导入（数据集 ' || ${ds} || '），本次导入指定的是另一个商家：' || $fix_zh || '；若此行确属该商家，请先撤销数据集 ' || replace(${chain}, ', ', '、')
        || ' / this line was loaded for merchant ' || ${who} || ' (dataset ' || ${ds} || ') and this load names another merchant: ' || $fix_en || '; if the line really belongs to this merchant, undo ' || CASE WHEN contains(${chain}, ',') THEN 'datasets ' ELSE 'dataset ' END || ${chain} || ' first')
    FROM ${q(m.target)} t
    WHERE ${on} AND ${good.replace(/__/g, `${parsed}.__`)} AND t.merchant_id IS DISTINCT FROM ${parsed}.merchant_id`, { fix_zh: fixZh, fix_en: fixEn });
  return Number(rows.getRows()[0]?.[0] ?? 0);
}

/** The facts uploads land in most (shop order exports, live-session exports): the ones warmKeys reads. */
const WARM_FACTS = new Set(['orders', 'live_sessions']);

/**
 * Read the natural-key columns of the facts uploads land in most, so that a process's first
 * load finds them in DuckDB's buffer pool. Its key probe (the semi-join in mergeSheet) otherwise
 * reads them from the file: at 10M order lines ~480 ms against ~170 ms once they are in memory
 * (bench/RESULTS.md, 2026-12-01). For a server's first quiet moment, out of a load's way (each
 * table after the writes settle); a reader connection is enough, as the pool of blocks is the
 * instance's.
 */
export async function warmKeys(db: Database): Promise<void> {
  for (const f of FACTS.filter((x) => WARM_FACTS.has(x.table))) {
    await db.writesSettled();
    await db.query(`SELECT sum(hash(${f.grain.map(q).join(', ')}))::VARCHAR AS h FROM ${q(f.table)}`);
  }
}
