import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../../catalog/dialect.ts';
import { undo } from './advice.ts';

/**
 * Sessions of this load that another export may already hold. Compass lists the streams the
 * live detail lists, without start times (a `--date` load places them at local midnight), so
 * their session ids never match and the natural key cannot tell they are the same streams: a
 * day loaded from both counts its streams, hours and GMV twice. Found as sessions of the same
 * platform and account on the same local day where one side knows its start time and the other
 * does not; said in the file's message (a dry run too, as it reads the rows it would land), so
 * the user undoes one of the two. Not refused: one account can stream twice a day, and which
 * export to keep is the user's call.
 */
export async function liveOverlap(con: DuckDBConnection, datasetId: number): Promise<{ sessions: number; datasets: number[] } | null> {
  const day = (t: string) => sql.localDate(`${t}.started_at`);
  const [row] = (await con.runAndReadAll(`SELECT count(DISTINCT n.session_id)::INTEGER AS sessions,
      list(DISTINCT o.dataset_id ORDER BY o.dataset_id) AS datasets
    FROM live_sessions n JOIN live_sessions o
      ON o.platform_id = n.platform_id AND o.account = n.account AND ${day('o')} = ${day('n')}
     AND o.dataset_id IS DISTINCT FROM n.dataset_id AND coalesce(o.start_known, true) <> coalesce(n.start_known, true)
    WHERE n.dataset_id = $ds`, { ds: datasetId })).getRowObjectsJS();
  const sessions = Number(row?.sessions ?? 0);
  if (!sessions) return null;
  return { sessions, datasets: ((row.datasets as unknown[]) ?? []).filter((d) => d !== null).map(Number) };
}

/** The overlap in words, [zh, en]: what may count twice and how to keep one export per day. */
export function overlapNote(o: { sessions: number; datasets: number[] }): [string, string] {
  const [ids, idsZh] = [o.datasets.join(', '), o.datasets.join('、')];
  const one = o.datasets[0] ?? '?';
  return [
    `${o.sessions} 场直播与数据集 ${idsZh} 中同一账号同一天的场次来自不同导出（一个有开播时间，一个没有，如直播明细与罗盘），可能重复计算：每天只保留其中一种导出，撤销另一份（如${undo(one, 'zh')}）`,
    `${o.sessions === 1 ? '1 session falls' : `${o.sessions} sessions fall`} on days when dataset${o.datasets.length === 1 ? '' : 's'} ${ids} hold${o.datasets.length === 1 ? 's' : ''} sessions of the same account from another export (one with start times, one without, as the live detail and Compass): the same streams may count twice. Keep one of the two exports per day and undo the other (e.g. ${undo(one, 'en')})`,
  ];
}
