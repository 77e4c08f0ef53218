import type { ValueMeta } from './api/types.ts';

/**
 * The merchant id a typed shop names, for the benchmark's picker and the upload page's merchant
 * field: an id as it is (in any case: s-jdz-001), the one suggested shop whose name it is (the
 * boxes invite a name, and 示例青花坊 is not an id), and, given `partFrom` (the text the
 * suggestions answer), the one suggested shop whose id or name contains it (青花). Otherwise the
 * text as typed: the benchmark reports it as not found, an upload takes it as a new id (which is
 * why the upload page never passes `partFrom`: a new id must not become part of another's).
 */
export function pickedMerchant(typed: string, options: readonly ValueMeta[], partFrom?: string): string {
  const text = typed.trim();
  if (!text || options.some((o) => o.id === text)) return text;
  const norm = (s: string) => s.trim().toLowerCase();
  const byId = options.filter((o) => norm(o.id) === norm(text));
  if (byId.length === 1) return byId[0].id;
  const byName = options.filter((o) => norm(o.label.zh) === norm(text) || norm(o.label.en) === norm(text));
  if (byName.length === 1) return byName[0].id;
  // Only from the matches of this very text: a debounced search may still show an earlier one's.
  if (partFrom === undefined || norm(partFrom) !== norm(text) || byName.length > 0) return text;
  const partly = options.filter((o) => [o.id, o.label.zh, o.label.en].some((s) => norm(s).includes(norm(text))));
  return partly.length === 1 ? partly[0].id : text;
}
