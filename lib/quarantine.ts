/**
 * What a quarantine row stores in `column_name` when no one cell is at fault (a file cut off in
 * the middle of a row): bilingual like the reasons, "中文 / English", so each page shows its half.
 */
export const WHOLE_ROW = '（整行）/ (whole row)';

/** WHOLE_ROW in one language. */
export const wholeRowIn = (lang: 'zh' | 'en'): string => WHOLE_ROW.split('/')[lang === 'zh' ? 0 : 1].trim();
