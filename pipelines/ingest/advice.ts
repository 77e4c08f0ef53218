import type { Audience } from '../../lib/flags.ts';

/**
 * How a user undoes a load, in the words of the way they came in: the upload page's Undo button
 * (its list of loads, 导入记录 / Loads), the HTTP request a script sends, or at the command line
 * both the command and the page (the CLI may hand files to a server whose page they also use).
 * Messages that send a user to undo one name it, so no message ends in a dead end.
 */
export const undo = (id: number | string, lang: 'zh' | 'en', via?: Audience) => {
  if (via === 'web') return lang === 'zh' ? `本页“导入记录”中 #${id} 旁的“撤销”` : `Undo beside #${id} in this page's Loads`;
  if (via === 'form') return `DELETE /api/datasets/${id}`;
  return lang === 'zh'
    ? `命令 beltscope datasets remove ${id}，或导入页上该数据集的“撤销”`
    : `beltscope datasets remove ${id}, or Undo beside it on the upload page`;
};

/** Where a user reads a load's quarantined rows with their reasons, in the words of the way they came in. */
export const quarantineWhere = (id: number | string, lang: 'zh' | 'en', via?: Audience) => {
  if (via === 'web') return lang === 'zh' ? `本页“导入记录”中 #${id} 的隔离行下载` : `the quarantined rows' download of #${id} in this page's Loads`;
  if (via === 'form') return `GET /api/datasets/${id}/quarantine`;
  return `beltscope datasets quarantine ${id}`;
};
