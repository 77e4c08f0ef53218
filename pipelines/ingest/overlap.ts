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
  /** This load's sessions no other export holds, and their accounts: undoing it loses them. */
  alone: number;
  aloneAccounts: string[];
  /** The other loads' sessions this load does not hold: undoing them loses those. */
  othersAlone: number;
}

const FEW = 5;

export async function liveOverlap(con: DuckDBConnection, datasetId: number): Promise<LiveOverlap | null> {
  const day = (t: string) => sql.localDate(`${t}.started_at`);
  const [row] = (await con.runAndReadAll(`WITH pairs AS (
      SELECT n.session_id AS ns, o.platform_id AS op, o.session_id AS os, o.dataset_id AS ods, n.account, ${day('n')} AS d, coalesce(n.start_known, true) AS starts
      FROM live_sessions n JOIN live_sessions o
        ON o.platform_id = n.platform_id AND o.account = n.account AND ${day('o')} = ${day('n')}
       AND o.dataset_id IS DISTINCT FROM n.dataset_id AND coalesce(o.start_known, true) <> coalesce(n.start_known, true)
      WHERE n.dataset_id = $ds),
    alone AS (SELECT account FROM live_sessions WHERE dataset_id = $ds AND session_id NOT IN (SELECT ns FROM pairs))
    SELECT count(DISTINCT ns)::INTEGER AS sessions, list(DISTINCT ods ORDER BY ods) AS datasets,
      list(DISTINCT strftime(d, '%Y-%m-%d') ORDER BY strftime(d, '%Y-%m-%d')) AS days, list(DISTINCT account ORDER BY account) AS accounts,
      bool_or(starts) AS with_starts,
      (SELECT count(*) FROM alone)::INTEGER AS alone, (SELECT list(DISTINCT account ORDER BY account) FROM alone) AS alone_accounts,
      (SELECT count(*) FROM live_sessions o WHERE o.dataset_id IN (SELECT ods FROM pairs)
         AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.op = o.platform_id AND p.os = o.session_id))::INTEGER AS others_alone
    FROM pairs`, { ds: datasetId })).getRowObjectsJS();
  const sessions = Number(row?.sessions ?? 0);
  if (!sessions) return null;
  const list = (v: unknown) => ((v as unknown[]) ?? []).filter((x) => x !== null);
  return {
    sessions, datasets: list(row.datasets).map(Number), days: list(row.days).map(String), accounts: list(row.accounts).map(String),
    withStarts: row.with_starts === true, alone: Number(row.alone ?? 0), aloneAccounts: list(row.alone_accounts).map(String),
    othersAlone: Number(row.others_alone ?? 0),
  };
}

/**
 * The overlap in words, [zh, en]: what may count twice, where, and which export to keep: the one
 * with start times (the live detail: sessions by hour, crossing midnight), so the other goes:
 * this load (`thisId`; null in a dry run: then not loading this file), or the other loads. Where
 * the export to drop also holds sessions the other lacks (Compass lists every account of a shop,
 * a live detail export one account), dropping it would lose them: that is said, not prescribed.
 */
export function overlapNote(o: LiveOverlap, thisId: number | null, via?: Audience): [string, string] {
  const few = (xs: string[], sep: string) => `${xs.slice(0, FEW).join(sep)}${xs.length > FEW ? (sep === '、' ? ` 等 ${xs.length} 个` : ` and ${xs.length - FEW} more`) : ''}`;
  const many = o.datasets.length > 1;
  const [ids, idsZh] = [o.datasets.join(', '), o.datasets.join('、')];
  const sessionsEn = (n: number) => (n === 1 ? '1 session' : `${n} sessions`);
  const where = [`${few(o.days, ', ')}, account ${few(o.accounts, ', ')}`, `${few(o.days, '、')}，账号 ${few(o.accounts, '、')}`];
  const undoOthers = [o.datasets.map((d) => undo(d, 'en', via)).join('; '), o.datasets.map((d) => undo(d, 'zh', via)).join('；')];
  let keep: [string, string];
  if (o.withStarts) {
    keep = o.othersAlone === 0
      ? [`keep this export (it has start times) and undo the other${many ? 's' : ''} (${undoOthers[0]})`, `保留本次导入（有开播时间），撤销${many ? '其他各份' : '另一份'}（${undoOthers[1]}）`]
      : [`this export has start times, but dataset${many ? 's' : ''} ${ids} also ${many ? 'hold' : 'holds'} ${sessionsEn(o.othersAlone)} this one lacks: undoing ${many ? 'them' : 'it'} (${undoOthers[0]}) would lose those`,
        `本次导入有开播时间，但数据集 ${idsZh} 还有 ${o.othersAlone} 场本次导入没有的直播：撤销（${undoOthers[1]}）会丢失这些场次`];
  } else if (o.alone === 0) {
    keep = thisId === null
      ? [`dataset${many ? 's' : ''} ${ids} (with start times) ${many ? 'give' : 'gives'} more: do not load this file for those days`, `数据集 ${idsZh}（有开播时间）更完整：这些日期不要导入本文件`]
      : [`dataset${many ? 's' : ''} ${ids} (with start times) ${many ? 'give' : 'gives'} more: undo this load (${undo(thisId, 'en', via)})`, `数据集 ${idsZh}（有开播时间）更完整：请撤销本次导入（${undo(thisId, 'zh', via)}）`];
  } else {
    const lost = [`${sessionsEn(o.alone)} no other export holds (account ${few(o.aloneAccounts, ', ')})`, `${o.alone} 场其他导出没有的直播（账号 ${few(o.aloneAccounts, '、')}）`];
    keep = thisId === null
      ? [`dataset${many ? 's' : ''} ${ids} (with start times) ${many ? 'give' : 'gives'} more for those, but this file also holds ${lost[0]}: not loading it loses them, loading it counts the streams above twice`,
        `数据集 ${idsZh}（有开播时间）对这些场次更完整，但本文件还有${lost[1]}：不导入会缺少这些场次，导入则上述场次会重复计算`]
      : [`dataset${many ? 's' : ''} ${ids} (with start times) ${many ? 'give' : 'gives'} more for those, but this load also holds ${lost[0]}: undoing it (${undo(thisId, 'en', via)}) loses them, keeping it counts the streams above twice`,
        `数据集 ${idsZh}（有开播时间）对这些场次更完整，但本次导入还有${lost[1]}：撤销（${undo(thisId, 'zh', via)}）会丢失这些场次，保留则上述场次会重复计算`];
  }
  return [
    `${o.sessions} 场直播与数据集 ${idsZh} 中同一账号同一天的场次来自不同导出（一个有开播时间，一个没有，如直播明细与罗盘），可能重复计算（${where[1]}）：每天只保留一种导出，${keep[1]}`,
    `${o.sessions === 1 ? '1 session falls' : `${o.sessions} sessions fall`} on days when dataset${many ? 's' : ''} ${ids} hold${many ? '' : 's'} sessions of the same account from another export (one with start times, one without, as the live detail and Compass): the same streams may count twice (${where[0]}). Keep one export per day: ${keep[0]}`,
  ];
}
