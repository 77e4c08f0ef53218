/**
 * How a user undoes a load, in the words of both ways in (the CLI and the upload page): the
 * messages that send a user to undo one name the command, so no message ends in a dead end.
 */
export const undo = (id: number | string, lang: 'zh' | 'en') => (lang === 'zh'
  ? `命令 beltscope datasets remove ${id}，或导入页上该数据集的“撤销”`
  : `beltscope datasets remove ${id}, or Undo beside it on the upload page`);
