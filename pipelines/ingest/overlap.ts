import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from '../../catalog/dialect.ts';
import type { Audience } from '../../lib/flags.ts';
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
export interface LiveOverlap {
  sessions: number;
  /** The other loads holding sessions of those accounts and days. */
  datasets: number[];
  /** The local days and the accounts concerned (the first few of each). */
  days: string[];
  accounts: string[];
  /** Whether this load's sessions are the ones with start times (the live detail's), not Compass's. */
  withStarts: boolean;
}

const FEW = 5;

export async function liveOverlap(con: DuckDBConnection, datasetId: number): Promise<LiveOverlap | null> {
  const day = (t: string) => sql.localDate(`${t}.started_at`);
  const [row] = (await con.runAndReadAll(`SELECT count(DISTINCT n.session_id)::INTEGER AS sessions,
      list(DISTINCT o.dataset_id ORDER BY o.dataset_id) AS datasets,
      list(DISTINCT strftime(${day('n')}, '%Y-%m-%d') ORDER BY strftime(${day('n')}, '%Y-%m-%d')) AS days,
      list(DISTINCT n.account ORDER BY n.account) AS accounts,
      bool_or(coalesce(n.start_known, true)) AS with_starts
    FROM live_sessions n JOIN live_sessions o
      ON o.platform_id = n.platform_id AND o.account = n.account AND ${day('o')} = ${day('n')}
     AND o.dataset_id IS DISTINCT FROM n.dataset_id AND coalesce(o.start_known, true) <> coalesce(n.start_known, true)
    WHERE n.dataset_id = $ds`, { ds: datasetId })).getRowObjectsJS();
  const sessions = Number(row?.sessions ?? 0);
  if (!sessions) return null;
  const list = (v: unknown) => ((v as unknown[]) ?? []).filter((x) => x !== null);
  return {
    sessions, datasets: list(row.datasets).map(Number), days: list(row.days).map(String), accounts: list(row.accounts).map(String),
    withStarts: row.with_starts === true,
  };
}

/**
 * The overlap in words, [zh, en]: what may count twice, where, and which export to keep: the one
 * with start times (the live detail: sessions by hour, crossing midnight), so the other goes:
 * this load (`thisId`; null in a dry run: then simply not loading this file), or the other loads.
 */
export function overlapNote(o: LiveOverlap, thisId: number | null, via?: Audience): [string, string] {
  const few = (xs: string[], sep: string) => `${xs.slice(0, FEW).join(sep)}${xs.length > FEW ? (sep === '、' ? ` 等 ${xs.length} 个` : ` and ${xs.length - FEW} more`) : ''}`;
  const [ids, idsZh] = [o.datasets.join(', '), o.datasets.join('、')];
  const where = [`${few(o.days, ', ')}, account ${few(o.accounts, ', ')}`, `${few(o.days, '、')}，账号 ${few(o.accounts, '、')}`];
  const [keepEn, keepZh] = o.withStarts
    ? [`keep this export (it has start times) and undo the other${o.datasets.length === 1 ? '' : 's'} (${o.datasets.map((d) => undo(d, 'en', via)).join('; ')})`,
      `保留本次导入（有开播时间），撤销另一份（${o.datasets.map((d) => undo(d, 'zh', via)).join('；')}）`]
    : thisId === null
      ? [`dataset${o.datasets.length === 1 ? '' : 's'} ${ids} (with start times) ${o.datasets.length === 1 ? 'gives' : 'give'} more: do not load this file for those days`,
        `数据集 ${idsZh}（有开播时间）更完整：这些日期不要导入本文件`]
      : [`dataset${o.datasets.length === 1 ? '' : 's'} ${ids} (with start times) ${o.datasets.length === 1 ? 'gives' : 'give'} more: undo this load (${undo(thisId, 'en', via)})`,
        `数据集 ${idsZh}（有开播时间）更完整：请撤销本次导入（${undo(thisId, 'zh', via)}）`];
  return [
    `${o.sessions} 场直播与数据集 ${idsZh} 中同一账号同一天的场次来自不同导出（一个有开播时间，一个没有，如直播明细与罗盘），可能重复计算（${where[1]}）：每天只保留一种导出，${keepZh}`,
    `${o.sessions === 1 ? '1 session falls' : `${o.sessions} sessions fall`} on days when dataset${o.datasets.length === 1 ? '' : 's'} ${ids} hold${o.datasets.length === 1 ? 's' : ''} sessions of the same account from another export (one with start times, one without, as the live detail and Compass): the same streams may count twice (${where[0]}). Keep one export per day: ${keepEn}`,
  ];
}
