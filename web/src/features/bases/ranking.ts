import type { BaseRow, Lang } from '../../lib/api/types.ts';
import { PEOPLE_FLAGS_MIN_DAYS } from '../../../../catalog/bases/flags.ts';
import { formatFlag, type FlagView } from './flags.ts';

/** Columns the table can be ranked by; `score` is the API's own order (score, then live GMV). */
export { RANK_KEYS, type RankKey } from '../../lib/filters/filters.ts';
import type { RankKey } from '../../lib/filters/filters.ts';

export interface RankedBase {
  rank: number;
  row: BaseRow;
  name: string;
  /** The utilization bar's width, 0–1 (a base above its capacity fills the bar). */
  bar: number;
  flags: FlagView[];
  /** The day the base opened, when that is after the window: why its row is empty. */
  opensAfter: string | null;
  /**
   * A possible empty shell (the scatter's red: isEmptyShell), marked in the row too: its score may
   * come from floor area and self-reported events alone and rank it above a base that streams.
   */
  shell: boolean;
}

/**
 * A possible empty shell: flagged underused, or, over at least PEOPLE_FLAGS_MIN_DAYS (28) days of
 * session data in the window (`days`: the days the loaded exports cover), no streamed hours or no
 * live GMV. A quiet day or week is not a shell: on a one-day window a base at 47 % utilization was
 * marked red, and so were bases whose loaded exports covered two days of a year's window.
 */
export const isEmptyShell = (r: Pick<BaseRow, 'flags' | 'utilization' | 'live_gmv' | 'days'>): boolean =>
  r.flags.some((f) => f.id === 'underused') || (r.days >= PEOPLE_FLAGS_MIN_DAYS && (r.utilization === 0 || r.live_gmv === 0));

export const baseName = (row: Pick<BaseRow, 'name_zh' | 'name_en'>, lang: Lang): string =>
  (lang === 'en' ? row.name_en : row.name_zh) || row.name_zh || row.name_en;

/**
 * Ranks bases, descending by the key; nulls last; ties by score, then live GMV, then id
 * (the API's order), so a ranking is the same on every load.
 */
export function rankBases(rows: readonly BaseRow[], key: RankKey, lang: Lang, windowTo?: string): RankedBase[] {
  const v = (r: BaseRow): number | null => r[key];
  const desc = (a: number | null, b: number | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a);
  const sorted = [...rows].sort((a, b) =>
    desc(v(a), v(b)) || desc(a.score, b.score) || b.live_gmv - a.live_gmv || a.base_id.localeCompare(b.base_id));
  return sorted.map((row, i) => ({
    rank: i + 1,
    row,
    name: baseName(row, lang),
    bar: row.utilization === null ? 0 : Math.max(0, Math.min(1, row.utilization)),
    flags: row.flags.map((f) => formatFlag(f, lang)),
    opensAfter: windowTo && row.opened_on > windowTo ? row.opened_on : null,
    shell: row.utilization !== null && isEmptyShell(row),
  }));
}
