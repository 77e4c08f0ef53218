import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../lib/errors.ts';
import { flag, type Audience } from '../lib/flags.ts';

const count = async (con: DuckDBConnection, kind: 'demo' | 'real') => {
  const r = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM datasets WHERE kind = $kind`, { kind });
  return Number(r.getRowObjectsJS()[0].n);
};

/**
 * The tables whose rows belong to a dataset: every table of the schema with a `dataset_id`
 * column (the datasets table itself aside), read from the database so no list is kept by hand.
 */
export async function datasetTables(con: DuckDBConnection): Promise<string[]> {
  const r = await con.runAndReadAll(`SELECT table_name FROM duckdb_columns()
    WHERE schema_name = 'main' AND column_name = 'dataset_id' AND table_name <> 'datasets' AND NOT internal
    ORDER BY table_name`);
  return r.getRowObjectsJS().map((x) => String(x.table_name));
}

/** Remove the demo dataset's rows, inside the caller's transaction. */
export async function deleteDemo(con: DuckDBConnection): Promise<void> {
  for (const table of await datasetTables(con)) {
    await con.run(`DELETE FROM "${table}" WHERE dataset_id IN (SELECT dataset_id FROM datasets WHERE kind = 'demo')`);
  }
  await con.run(`DELETE FROM datasets WHERE kind = 'demo'`);
}

/** Whether the database holds the demo dataset (a real load with --replace-demo removes it). */
export const holdsDemo = async (con: DuckDBConnection) => (await count(con, 'demo')) > 0;

/**
 * Real data never mixes silently with demo data. Call at the start of a real load, inside its
 * transaction: with `replaceDemo` the demo goes in the same transaction, otherwise the load is refused.
 */
export async function guardRealLoad(con: DuckDBConnection, opts: { replaceDemo: boolean; via?: Audience }): Promise<void> {
  if (!(await holdsDemo(con))) return;
  if (!opts.replaceDemo) {
    // Only the command line chooses its database; an upload goes to the server's.
    const other = opts.via === 'form' || opts.via === 'web' ? ['', ''] : [', or use another --db', '，或用 --db 指定另一个数据库'];
    throw new AppError('demo_present',
      `The database holds the demo dataset; real data would mix with it. Load again with ${flag(opts.via, 'replace-demo')} to remove the demo in the same step${other[0]}.`,
      `数据库中有示例数据，真实数据会与之混在一起。请加${flag(opts.via, 'replace-demo', undefined, 'zh')}在同一步骤中删除示例数据${other[1]}。`, 409);
  }
  await deleteDemo(con);
}

/** The demo generator refuses to write into a database that holds real data. */
export async function guardDemoLoad(con: DuckDBConnection): Promise<void> {
  if ((await count(con, 'real')) > 0) {
    throw new AppError('real_data_present',
      'The database holds real data; the demo would mix with it. Generate the demo into another --db.',
      '数据库中已有真实数据，示例数据会与之混在一起。请用 --db 把示例数据生成到另一个数据库。', 409);
  }
}
