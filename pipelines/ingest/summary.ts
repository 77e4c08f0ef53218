/**
 * What a load reports for each file and sheet: the shape of the summary (the CLI's --json, the
 * upload's answer) and its words in both languages.
 */
import { count } from '../../lib/plural.ts';
import type { Audience } from '../../lib/flags.ts';
import { quarantineWhere, undo } from './advice.ts';
import { overlapNote, type LiveOverlap } from './overlap.ts';
import type { CreatedMerchant } from './resolve.ts';
import type { SheetCounts } from './merge.ts';

export type FileStatus = 'loaded' | 'already_loaded' | 'refused' | 'failed' | 'dry_run';

/** One quarantined row as a user sees it after a load: never the raw row (it may hold personal data). */
export interface QuarantinedRow { line: number | null; record: number | null; column: string | null; value: string | null; reason: string }

/** How many quarantined rows a file's summary shows; the quarantine table holds them all. */
export const QUARANTINE_SAMPLE = 5;

/** One entry per file and sheet: rowsRead = loaded + updated + skipped + duplicates + quarantined (the sheet's counts). */
export interface FileSummary extends Omit<SheetCounts, 'skipReasons'> {
  file: string;
  sheet: string | null;
  platform: string | null;
  kind: string | null;
  mapping: string | null;
  datasetId: number | null;
  /** The first quarantined rows in line order (at most QUARANTINE_SAMPLE); absent when none. */
  quarantineSample?: QuarantinedRow[];
  status: FileStatus;
  message: string;
  messageZh: string;
}

export interface IngestSummary { dataVersion: number; files: FileSummary[] }


/** What a file was found to be before it failed: its report says so (which mapping, for which table). */
export type Known = Pick<FileSummary, 'sheet' | 'platform' | 'kind' | 'mapping'>;

export const empty = (file: string, status: FileStatus, message: string, messageZh: string, known?: Known): FileSummary => ({
  file, sheet: null, platform: null, kind: null, mapping: null, ...known, datasetId: null,
  rowsRead: 0, loaded: 0, updated: 0, skipped: 0, duplicates: 0, quarantined: 0, status, message, messageZh,
});

export function keptDemo(name: string, c: { skipped: number; quarantined: number; duplicates: number }) {
  return {
    message: `Nothing in ${name} could be loaded (quarantined ${c.quarantined}, skipped ${c.skipped}, duplicates ${c.duplicates}), so the demo was kept and nothing changed. `
      + 'Correct the rows listed (or export the file again from the platform, without opening and saving it in a spreadsheet) and load it again.',
    messageZh: `${name} 中没有可导入的行（隔离 ${c.quarantined}，跳过 ${c.skipped}，重复 ${c.duplicates}），因此保留了示例数据，未做任何更改。`
      + '请按所列原因改正（或从平台重新导出，不要用表格软件打开后另存），再导入。',
  };
}

/**
 * A merchant --merchant --belt created, [zh, en], with the known ids it may be a slip for and
 * how to put a slip right: in a dry run, load with the right id; loaded, undo it first (`id`).
 */
function createdNote(c: CreatedMerchant, id: number | null, via?: Audience): [string, string] {
  const [zh, en] = id === null ? ['将新建商家', 'would create the new merchant'] : ['新建商家', 'created the new merchant'];
  if (!c.similar.length) return [`${zh} ${c.merchant}（产业带 ${c.belt}）`, `${en} ${c.merchant} (belt ${c.belt})`];
  const [fixZh, fixEn] = id === null
    ? ['请用正确的ID导入', 'load the file with the right id']
    : [`请先撤销本次导入（${undo(id, 'zh', via)}），再用正确的ID导入`, `undo this load (${undo(id, 'en', via)}) and load the file again with the right id`];
  return [`${zh} ${c.merchant}（产业带 ${c.belt}）；已有相近的商家ID：${c.similar.join('、')}，若是输入错误，${fixZh}`,
    `${en} ${c.merchant} (belt ${c.belt}); known merchant ids close to it: ${c.similar.join(', ')}: if it is a typo, ${fixEn}`];
}

/**
 * A sheet's summary in words. `also.merchant`: the shop --merchant named (a back-office export
 * does not name its shop, so a slip of the flag is seen here or nowhere); `also.leftOut`: the
 * workbook's sheets no mapping read; `also.overlap`: sessions another export may hold (overlap.ts).
 */
export function describe(c: { rowsRead: number; loaded: number; updated: number; duplicates: number; skipped: number; quarantined: number;
  skipReasons?: Record<string, number> }, status: FileStatus,
  also: { merchant?: string; leftOut?: string[]; overlap?: LiveOverlap | null; datasetId?: number | null; created?: CreatedMerchant | null; via?: Audience } = {}) {
  const verb = status === 'dry_run' ? 'would load' : 'loaded';
  const verbZh = status === 'dry_run' ? '将导入' : '已导入';
  // Why rows were skipped, in the reader's half of each "中文 / English" reason.
  const why = (half: 0 | 1) => {
    const list = Object.entries(c.skipReasons ?? {}).map(([r, n]) => `${r.split(' / ')[half] ?? r} × ${n}`);
    return list.length ? (half ? ` (${list.join('; ')})` : `（${list.join('；')}）`) : '';
  };
  const tail = [
    also.created ? createdNote(also.created, status === 'dry_run' ? null : also.datasetId ?? null, also.via)
      : also.merchant ? [`商家 ${also.merchant}`, `merchant ${also.merchant}`] : null,
    also.leftOut?.length ? [`未导入的工作表（没有映射能识别）：${also.leftOut.join('、')}`, `sheets left out (no mapping recognises them): ${also.leftOut.join(', ')}`] : null,
    also.overlap ? overlapNote(also.overlap, status === 'dry_run' ? null : also.datasetId ?? null, also.via) : null,
  ].filter((x): x is string[] => x !== null);
  const counts = {
    message: `${verb} ${c.loaded}, updated ${c.updated}, duplicates ${c.duplicates}, skipped ${c.skipped}${why(1)}, quarantined ${c.quarantined}${tail.map((x) => `; ${x[1]}`).join('')}`,
    messageZh: `${verbZh} ${c.loaded} 行，更新 ${c.updated}，重复 ${c.duplicates}，跳过 ${c.skipped}${why(0)}，隔离 ${c.quarantined}${tail.map((x) => `；${x[0]}`).join('')}`,
  };
  // A header and no rows: a month without orders, or the wrong export; either way say it (0 loaded read as success).
  if (c.rowsRead === 0) {
    return {
      message: 'The file has a header but no data rows: nothing to load. If the period had sales, export it again from the platform.',
      messageZh: '文件只有表头，没有数据行：没有可导入的内容。若该时段有成交，请从平台重新导出。',
    };
  }
  // Nothing landed and rows were refused: say so first, with what to do (the counts alone read as success).
  if (c.loaded + c.updated > 0 || c.quarantined === 0) return counts;
  // Rows already there (duplicates) and the rest quarantined: nothing new, which is not "nothing".
  const already = c.duplicates > 0 ? [`${count(c.duplicates, 'row')} already loaded, `, `${c.duplicates} 行已导入过，`] : ['', ''];
  return {
    // Each reason carries its own remedy (a rounded id: export again; a line of another shop: the
    // loads to undo): the lead gives none of theirs, which read as the wrong advice for the others.
    message: `Nothing ${c.duplicates > 0 ? 'new ' : ''}${status === 'dry_run' ? 'would be' : 'was'} loaded: ${already[0]}${count(c.quarantined, 'row')} quarantined `
      + `(reasons below): correct ${c.quarantined === 1 ? 'it' : 'them'} as the reasons say, and load the corrected file. (${counts.message})`,
    messageZh: `没有${status === 'dry_run' ? '可' : ''}导入的${c.duplicates > 0 ? '新' : ''}行：${already[1]}${c.quarantined} 行被隔离（原因见下）：请按原因改正，再导入改正后的文件。（${counts.messageZh}）`,
  };
}

/**
 * A file loaded before: nothing changes. Its counts are those of that load, rows that landed
 * then counted as duplicates now; and it says how to load it again (undo that load first).
 */
export function alreadyLoaded(name: string, d: Record<string, unknown>, via?: Audience): FileSummary {
  const id = Number(d.dataset_id);
  const n = (k: string) => Number(d[k] ?? 0);
  const landed = n('rows_loaded') + n('rows_updated');
  const nothing = landed === 0 && n('rows_quarantined') > 0;
  return {
    ...empty(name, 'already_loaded',
      nothing
        ? `Already loaded as dataset ${id}, and none of its rows could be loaded then (${n('rows_quarantined')} quarantined): nothing changed. If they named ids loaded since (merchants, bases, accounts), undo dataset ${id} (${undo(id, 'en', via)}) and load this file again; otherwise correct the file as the reasons say (${quarantineWhere(id, 'en', via)}), undo dataset ${id} and load the corrected file.`
        : `Already loaded as dataset ${id}: nothing changed. To load it again (with other options, e.g. another merchant), undo dataset ${id} first (${undo(id, 'en', via)}).`,
      nothing
        ? `已作为数据集 ${id} 导入过，当时没有可导入的行（隔离 ${n('rows_quarantined')} 行）：未做任何更改。若这些行引用的编号（商家、基地、账号）已在之后导入，请撤销数据集 ${id}（${undo(id, 'zh', via)}）后重新导入此文件；否则请按隔离原因改正文件（${quarantineWhere(id, 'zh', via)}），撤销数据集 ${id} 后导入改正后的文件。`
        : `已作为数据集 ${id} 导入过：未做任何更改。如要重新导入（例如改用其他选项或商家），请先撤销数据集 ${id}（${undo(id, 'zh', via)}）。`),
    sheet: (d.sheet as string) ?? null, platform: (d.platform as string) ?? null, kind: (d.target_table as string) ?? null,
    mapping: (d.mapping as string) ?? null, datasetId: id, rowsRead: n('rows_read'),
    skipped: n('rows_skipped'), quarantined: n('rows_quarantined'), duplicates: n('rows_read') - n('rows_skipped') - n('rows_quarantined'),
  };
}
