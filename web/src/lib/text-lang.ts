import type { Lang } from './api/types.ts';

// Han ideographs (with extension A and compatibility forms) and CJK punctuation and full-width forms.
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const CJK_RUN = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+/g;

/**
 * The lang attribute for a name from the data (a merchant's or a base's) on a page in `page`'s
 * language: 'zh-CN' for a Chinese name on an English page, so a screen reader reads it in Chinese
 * (an English voice spells out or skips the characters); undefined where the page's lang holds.
 */
export function nameLang(text: string, page: Lang): 'zh-CN' | undefined {
  return page === 'en' && CJK.test(text) ? 'zh-CN' : undefined;
}

/** A text cut into runs, each Chinese run marked 'zh-CN' on an English page (a sentence that quotes a name). */
export function langRuns(text: string, page: Lang): { text: string; lang?: 'zh-CN' }[] {
  if (page !== 'en' || !CJK.test(text)) return [{ text }];
  const runs: { text: string; lang?: 'zh-CN' }[] = [];
  let at = 0;
  for (const m of text.matchAll(CJK_RUN)) {
    if (m.index > at) runs.push({ text: text.slice(at, m.index) });
    runs.push({ text: m[0], lang: 'zh-CN' });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at) });
  return runs;
}

/**
 * A text cut at its ISO dates (2026-01-15), each date a run of its own that the page keeps on one
 * line: a browser may break a line after any hyphen, and a phone broke "2026-" from "01-15".
 */
export function dateRuns(text: string): { text: string; date?: true }[] {
  const runs: { text: string; date?: true }[] = [];
  let at = 0;
  for (const m of text.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
    if (m.index > at) runs.push({ text: text.slice(at, m.index) });
    runs.push({ text: m[0], date: true });
    at = m.index + m[0].length;
  }
  if (at < text.length || !runs.length) runs.push({ text: text.slice(at) });
  return runs;
}
