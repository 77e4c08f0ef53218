import { untrack } from 'svelte';
import type { MetaResponse } from '../api/types.ts';
import type { UrlState } from '../url-state.svelte.ts';
import { dropPatch, unusableParams, type DroppedParam } from './url-check.ts';

/**
 * Takes the values of the link a page cannot use out of it (url-check.ts: a date that is no day,
 * dates the wrong way round, with `meta` also filter values the catalog does not list), those
 * `keep` selects, and hands them to `said` for the page's notice. Reads the URL (and the catalog):
 * call inside an effect; the writes are untracked, so the effect does not re-run on them.
 */
export function takeOutUnusable(url: UrlState, meta: MetaResponse | undefined, said: (dropped: DroppedParam[]) => void,
  keep: (d: DroppedParam) => boolean = () => true): void {
  const get = (k: string) => url.get(k);
  const bad = unusableParams(get, meta).filter(keep);
  if (!bad.length) return;
  untrack(() => {
    said(bad);
    url.update(dropPatch(get, bad));
  });
}
