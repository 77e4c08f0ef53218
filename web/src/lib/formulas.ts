import type { Lang, MetaResponse } from './api/types.ts';
import { messages, t, type MessageKey } from './i18n/messages.ts';
import { findMeasure } from './meta.ts';

/**
 * A measure's formula in the page's language: the catalog writes one text, in English words
 * where the formula is words (CR4: "Σ share of the top 4 merchants"); Chinese pages read ours.
 */
export function formulaText(meta: MetaResponse | undefined, id: string, lang: Lang): string | undefined {
  const s = findMeasure(meta, id);
  if (!s || lang !== 'zh') return s?.formula;
  const quantile = id.match(/^order_value_p(\d+)$/);
  if (quantile) return t(lang, 'formula.order_value_quantile', { p: Number(quantile[1]) / 100 });
  const key = `formula.${id}` as MessageKey;
  return key in messages.zh ? t(lang, key) : s.formula;
}

/** The formulas of catalog measures for a "how is this computed" disclosure. */
export function formulas(meta: MetaResponse | undefined, measures: readonly string[], lang: Lang): { name: string; formula: string }[] {
  return measures.map((m) => {
    const s = findMeasure(meta, m);
    return { name: s?.label[lang] || m, formula: s ? `${formulaText(meta, m, lang)} — ${s.description[lang]}` : m };
  });
}
