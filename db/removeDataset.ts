import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../lib/errors.ts';
import { datasetTables } from './datasets.ts';
import { touchDataset } from './derived.ts';
import { restoreReplaced } from './replaced.ts';
import { handOverShared } from './shared.ts';

export interface RemovedDataset {
  datasetId: number;
  fileName: string | null;
  sheet: string | null;
  /** Rows removed per table (quarantine included), tables with none left out. */
  rows: Record<string, number>;
  /** Rows put back per table: those the dataset had replaced, as they were before it. */
  restored: Record<string, number>;
  /** Rows kept per table: those a later load holds too (its duplicates), now that load's. */
  handedOver: Record<string, number>;
}

/**
 * Entity rows other rows cannot stand without: removing the dataset that defined a merchant
 * (merchants.csv) while another dataset's orders name that merchant would orphan them. Each
 * entry: the table and its key, and the tables (with their columns for that key) that use it.
 */
const DEPENDENTS: { table: string; key: string[]; users: { table: string; cols: string[] }[] }[] = [
  {
    table: 'merchants', key: ['merchant_id'],
    users: ['orders', 'live_sessions', 'merchant_accounts', 'production_batches'].map((t) => ({ table: t, cols: ['merchant_id'] })),
  },
  { table: 'live_bases', key: ['base_id'], users: ['live_sessions', 'base_returns'].map((t) => ({ table: t, cols: ['base_id'] })) },
  { table: 'hubs', key: ['hub_id'], users: [{ table: 'orders', cols: ['hub_id'] }] },
  {
    table: 'live_sessions', key: ['platform_id', 'session_id'],
    users: ['session_minutes', 'listings'].map((t) => ({ table: t, cols: ['platform_id', 'session_id'] })),
  },
];

/** What an entity table holds, in a refusal's words. */
const ENTITY_WORDS: Record<string, { en: string; zh: string }> = {
  merchants: { en: 'the merchants', zh: '商家' }, live_bases: { en: 'the bases', zh: '基地' }, hubs: { en: 'the hubs', zh: '仓' },
  live_sessions: { en: 'the live sessions', zh: '直播场次' },
};

/** Tables whose dataset rows are kept on removal: the log is the history of what happened. */
const KEPT = new Set(['ingest_log']);
/** Tables whose removed rows are not reported: bookkeeping, not data (the rows a later load replaced). */
const UNREPORTED = new Set(['replaced_rows', 'shared_rows']);

const rows = async (con: DuckDBConnection, sql: string, params: Record<string, string | number> = {}) =>
  (await con.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];

/**
 * Remove one loaded dataset, inside the caller's transaction (`Database.write`): its rows in
 * every table with a `dataset_id` column (its quarantine rows among them), then its datasets
 * row, and a line in ingest_log. Rows it replaced (a refund recorded later) are put back as they
 * were (db/replaced.ts). Afterwards the same file can be loaded again. The demo is not removed
 * this way (`beltscope demo` or --replace-demo do it); an unknown id is a 404; a load made before
 * replaced rows were kept that changed rows earlier loads put there (unless `force`: those rows
 * go with it), or a dataset whose merchants, bases, hubs or sessions other datasets' rows still
 * use, is refused (409), saying why.
 */
export async function removeDataset(con: DuckDBConnection, datasetId: number, opts: { force?: boolean } = {}): Promise<RemovedDataset> {
  const [d] = await rows(con, `SELECT dataset_id, kind, file_name, sheet, target_table, coalesce(rows_updated, 0)::INTEGER AS updated,
    coalesce(keeps_replaced, false) AS keeps FROM datasets WHERE dataset_id = $id`, { id: datasetId });
  if (!d) {
    throw new AppError('dataset_not_found', `There is no dataset ${datasetId}. \`beltscope datasets list\` (or GET /api/datasets) lists them.`,
      `没有数据集 ${datasetId}。可用 \`beltscope datasets list\`（或 GET /api/datasets）查看。`, 404);
  }
  if (d.kind === 'demo') {
    throw new AppError('demo_dataset', `Dataset ${datasetId} is the demo dataset: regenerate it with \`beltscope demo\`, or remove it by loading real data with --replace-demo (replace_demo=true in an upload).`,
      `数据集 ${datasetId} 是示例数据：请用 \`beltscope demo\` 重新生成，或在导入真实数据时加 --replace-demo（上传时为 replace_demo=true）将其删除。`, 409);
  }
  // A load made before replaced rows were kept (migration 007) that changed known rows holds them
  // now, and what they were is gone: removing it would delete those rows rather than restore them.
  if (Number(d.updated) > 0 && d.keeps !== true && !opts.force) {
    throw new AppError('dataset_updated_rows',
      `Dataset ${datasetId} changed ${d.updated} row(s) that earlier loads had put there (a refund recorded later, say). Removing it would delete those rows, not restore what they were. To correct it, load an export with the right values: it updates them again; or remove it with --force (force=true), and those rows with it.`,
      `数据集 ${datasetId} 修改了之前导入的 ${d.updated} 行（例如后来记录的退款）。删除它会删掉这些行，而不会恢复原值。如需更正，请导入数值正确的导出文件，它会再次更新这些行；或加 --force（force=true）删除，这些行随之删除。`, 409);
  }
  const tables = await datasetTables(con);
  // Rows a later load holds too, unchanged, stay as that load's (overlapping exports): before
  // restoreReplaced (which changes what this load is recorded to have replaced) and before the
  // check below, so a merchant both loads define is not taken for one only this load defines.
  const handedOver = await handOverShared(con, datasetId);
  // Accounts a live export's --merchant added belong to that load, but later loads of the same
  // account found them: they stay, as the newest such load's, so its next export needs no flag.
  if (d.target_table === 'live_sessions') {
    const moved = await con.run(`UPDATE merchant_accounts ma SET dataset_id = u.ds FROM (
        SELECT platform_id, account, max(dataset_id) AS ds FROM live_sessions WHERE dataset_id IS DISTINCT FROM $id AND dataset_id IS NOT NULL GROUP BY ALL) u
      WHERE ma.dataset_id = $id AND u.platform_id = ma.platform_id AND u.account = ma.account`, { id: datasetId });
    if (Number(moved.rowsChanged)) handedOver.merchant_accounts = Number(moved.rowsChanged);
  }
  // A merchant an export's --merchant --belt created belongs to that load in the same way: later
  // loads of the shop (--merchant alone) found it, so it stays, as the newest such load's.
  if (d.target_table !== 'merchants') {
    const users = DEPENDENTS[0].users.map((u) => `SELECT merchant_id, dataset_id FROM "${u.table}"`).join(' UNION ALL ');
    const moved = await con.run(`UPDATE merchants m SET dataset_id = u.ds FROM (
        SELECT merchant_id, max(dataset_id) AS ds FROM (${users})
        WHERE merchant_id IN (SELECT merchant_id FROM merchants WHERE dataset_id = $id) AND dataset_id IS DISTINCT FROM $id AND dataset_id IS NOT NULL
        GROUP BY ALL) u
      WHERE m.dataset_id = $id AND u.merchant_id = m.merchant_id`, { id: datasetId });
    if (Number(moved.rowsChanged)) handedOver.merchants = (handedOver.merchants ?? 0) + Number(moved.rowsChanged);
  }
  // Before the check below: a merchant or base this load replaced is put back, so rows using it
  // keep it.
  const restored = await restoreReplaced(con, datasetId);
  const columns = new Set((await rows(con, `SELECT table_name || '.' || column_name AS c FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal`))
    .map((r) => String(r.c)));
  const users = new Set<number>();
  /** The entities in use, by table: what the refusal names (S-JDZ-001 in merchants …). */
  const inUse = new Map<string, Set<string>>();
  for (const dep of DEPENDENTS) {
    if (!dep.key.every((k) => columns.has(`${dep.table}.${k}`))) continue;
    for (const u of dep.users) {
      if (!u.cols.every((k) => columns.has(`${u.table}.${k}`)) || !columns.has(`${u.table}.dataset_id`)) continue;
      const on = (a: string, b: string) => dep.key.map((k, i) => `${a}.${k} = ${b}.${u.cols[i]}`).join(' AND ');
      // Rows of other datasets that use an entity this dataset defines, unless another dataset defines it too.
      // Per using dataset (every one of them, so a refusal names them all at once), a few of the entities.
      const found = await rows(con, `SELECT u.dataset_id AS id, list(DISTINCT concat_ws('/', ${dep.key.map((k) => `e.${k}`).join(', ')}))[1:6] AS entities
        FROM "${u.table}" u
        JOIN "${dep.table}" e ON ${on('e', 'u')} AND e.dataset_id = $id
        WHERE u.dataset_id IS DISTINCT FROM $id
          AND NOT EXISTS (SELECT 1 FROM "${dep.table}" o WHERE ${on('o', 'u')} AND o.dataset_id IS DISTINCT FROM $id)
        GROUP BY u.dataset_id`, { id: datasetId });
      for (const r of found) {
        if (r.id === null || r.id === undefined) continue;
        users.add(Number(r.id));
        const set = inUse.get(dep.table) ?? new Set<string>();
        for (const e of (r.entities as unknown[]) ?? []) set.add(String(e));
        inUse.set(dep.table, set);
      }
    }
  }
  if (users.size) {
    const ids = [...users].sort((a, b) => a - b);
    const few = (xs: Set<string>, sep: string) => [...xs].sort().slice(0, 5).join(sep) + (xs.size > 5 ? (sep === '、' ? ' 等' : ', …') : '');
    const what = [...inUse].map(([t, xs]) => [`${ENTITY_WORDS[t]?.en ?? t} ${few(xs, ', ')}`, `${ENTITY_WORDS[t]?.zh ?? t} ${few(xs, '、')}`]);
    throw new AppError('dataset_in_use',
      `Dataset ${datasetId} defines ${what.map((w) => w[0]).join('; ')}, which rows of ${ids.length === 1 ? 'dataset' : 'datasets'} ${ids.join(', ')} use; removing it would orphan them. Remove ${ids.length === 1 ? 'that dataset' : 'those datasets'} first.`,
      `数据集 ${datasetId} 定义的${what.map((w) => w[1]).join('；')} 正被数据集 ${ids.join('、')} 的数据使用，删除会使其失去关联。请先删除${ids.length === 1 ? `数据集 ${ids[0]}` : '这些数据集'}。`, 409);
  }
  // What goes, recorded for the rollup refresh: it then re-aggregates only the days and slices
  // the dataset's rows were in (and the orders of its sessions), not every rollup.
  await touchDataset(con, datasetId);
  const removed: Record<string, number> = {};
  for (const table of tables) {
    if (KEPT.has(table)) continue;
    const [{ n }] = await rows(con, `SELECT count(*)::INTEGER AS n FROM "${table}" WHERE dataset_id = $id`, { id: datasetId });
    if (Number(n) === 0) continue;
    await con.run(`DELETE FROM "${table}" WHERE dataset_id = $id`, { id: datasetId });
    if (!UNREPORTED.has(table)) removed[table] = Number(n);
  }
  await con.run(`DELETE FROM datasets WHERE dataset_id = $id`, { id: datasetId });
  const what = Object.entries(removed).map(([t, n]) => `${n} from ${t}`).join(', ') || 'no rows';
  const back = Object.entries(restored).map(([t, n]) => `${n} in ${t}`).join(', ');
  const kept = Object.entries(handedOver).map(([t, n]) => `${n} in ${t}`).join(', ');
  await con.run(`INSERT INTO ingest_log VALUES ($id, now(), 'info', $m)`, {
    id: datasetId, m: `removed dataset ${datasetId} (${d.file_name ?? 'no file'}${d.sheet ? ` [${d.sheet}]` : ''}): ${what}${back ? `; put back the rows it had replaced: ${back}` : ''}${kept ? `; kept the rows later loads hold too, as theirs: ${kept}` : ''}`,
  });
  return { datasetId, fileName: (d.file_name as string | null) ?? null, sheet: (d.sheet as string | null) ?? null, rows: removed, restored, handedOver };
}
