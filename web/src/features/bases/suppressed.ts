import type { BasesResponse, Lang } from '../../lib/api/types.ts';
import { t } from '../../lib/i18n/messages.ts';
import { baseName } from './ranking.ts';

/** At most this many hidden bases are named; the rest are counted. */
export const NAMED = 5;

/**
 * The note under the bases table when the caller's scope hides bases (fewer merchants streamed
 * there in the window than the scope's minimum cohort): how many, which, and why. Null when
 * nothing is hidden (the open scope), so the page shows no note at all.
 */
export function suppressedNote(list: Pick<BasesResponse, 'suppressed'> | undefined, lang: Lang): string | null {
  const hidden = list?.suppressed ?? [];
  if (!hidden.length) return null;
  const names = hidden.slice(0, NAMED).map((b) => baseName(b, lang)).join(lang === 'zh' ? '、' : ', ');
  const rest = hidden.length - NAMED;
  return t(lang, hidden.length === 1 ? 'bases.suppressed.one' : 'bases.suppressed.many', {
    n: hidden.length,
    names: rest > 0 ? t(lang, 'bases.suppressed.more', { names, k: rest }) : names,
  });
}
