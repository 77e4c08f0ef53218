import { untrack } from 'svelte';
import { basesQueries } from '../../../../catalog/views.ts';
import { getBase, getBases, getMetrics } from '../../lib/api/endpoints.ts';
import type { BaseDetailResponse, BasesResponse, MetricsQuery, MetricsResponse } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import type { PanelError } from '../../lib/components/panel-error.ts';
import type { FilterState } from '../../lib/filters/filter-state.svelte.ts';
import { errorMessage } from '../../lib/i18n/errors.ts';
import { t } from '../../lib/i18n/messages.ts';
import { Resource } from '../../lib/resource.svelte.ts';
import { RANK_KEYS, type RankKey } from './ranking.ts';

export type ViewStatus = 'loading' | 'ready' | 'empty' | 'error';

function status<T>(r: Resource<T>, isEmpty: (d: T) => boolean): ViewStatus {
  if (r.status === 'error') return 'error';
  if (r.data === undefined) return 'loading';
  return isEmpty(r.data) ? 'empty' : 'ready';
}

function errorView(r: Resource<unknown>, app: AppState): PanelError | undefined {
  if (r.status !== 'error' || !r.error) return undefined;
  const lang = app.lang;
  return { title: t(lang, 'error.title'), message: errorMessage(r.error, lang), code: r.error.code, retryLabel: t(lang, 'state.retry'), onretry: () => void r.reload() };
}

/**
 * Data of /bases and /bases/:id, from the URL's window and belt filter (the bases answer to
 * no other filter). Each resource loads again when its request, the language or the data
 * version changes (`sync`, from an effect); views never fetch.
 */
export class BasesState {
  readonly list = new Resource<BasesResponse>();
  /** Weekly live GMV by base for the sparklines (one /api/metrics request). */
  readonly weekly = new Resource<MetricsResponse>();
  readonly detail = new Resource<BaseDetailResponse>();
  #app: AppState;
  #filters: FilterState;
  #keys = new Map<string, string>();
  #offLang: () => void;

  /** The window every request asks for; null while the data's range is unknown or empty. */
  readonly window = $derived.by(() => this.#filters.range);

  /**
   * The assessment profile the link asks for (`?profile=`), or null for the server's default.
   * An id of the right shape goes to the API, which names the profiles it has if it has no such one.
   */
  readonly profile = $derived.by((): string | null => {
    const v = this.#app.url.get('profile');
    return v && /^[a-z0-9-]{1,64}$/.test(v) ? v : null;
  });

  /**
   * What the table is ranked by (`?rank=`; the score when absent or not one of RANK_KEYS): in the
   * link, so a ranked list can be shared and survives a visit to a base and back.
   */
  readonly rankBy = $derived.by((): RankKey => {
    const v = this.#app.url.get('rank');
    return (RANK_KEYS as readonly (string | null)[]).includes(v) ? (v as RankKey) : 'score';
  });

  rank(key: RankKey): void {
    this.#app.url.update({ rank: key === 'score' ? null : key });
  }

  /** Scores the bases against another profile (kept in the link, so the report and its PDF use it too). */
  pickProfile(id: string): void {
    this.#app.url.update({ profile: id });
  }

  /** The sparklines' query (catalog/views.ts, which the server's warm-up uses too). */
  readonly weeklyQuery = $derived.by((): MetricsQuery | null => {
    const w = this.window;
    return w ? basesQueries({ ...w, belt: this.#filters.filters.belt }).weekly : null;
  });

  readonly listStatus = $derived.by(() => status(this.list, (d) => d.rows.length === 0));
  readonly detailStatus = $derived.by(() => status(this.detail, () => false));
  readonly listError = $derived.by(() => errorView(this.list, this.#app));
  readonly detailError = $derived.by(() => errorView(this.detail, this.#app));

  constructor(app: AppState, filters: FilterState) {
    this.#app = app;
    this.#filters = filters;
    this.#offLang = app.onLangChange(() => {
      for (const r of [this.list, this.weekly, this.detail]) if (r.status === 'error') void r.reload();
    });
  }

  /** Loads the list and the sparklines' series when their request changed. Call inside an effect. */
  syncList(): void {
    const w = this.window;
    const belt = this.#filters.filters.belt;
    const wq = this.weeklyQuery;
    const profile = this.profile;
    const lang = this.#app.lang;
    const version = this.#app.dataVersion;
    if (!w || !wq || version === null) return;
    untrack(() => {
      const list = { ...basesQueries({ ...w, belt }).list, profile: profile ?? undefined };
      this.#once('list', [w, belt, profile, lang, version], () => this.list.load((signal) => getBases(list, { lang, signal })).then(() => this.#dropUnknownProfile(this.list, profile)));
      this.#once('weekly', [wq, lang, version], () => this.weekly.load((signal) => getMetrics(wq, { lang, signal })));
    });
  }

  /**
   * Loads one base's detail when the base, window, language or data version changed. Call inside
   * an effect. `repairLink`: the page shows the filters' notice, so a profile the server does not
   * have may leave the link (the printable report shows none: it says the API's error, as its PDF does).
   */
  syncDetail(id: string | undefined, repairLink = true): void {
    const w = this.window;
    const profile = this.profile;
    const lang = this.#app.lang;
    const version = this.#app.dataVersion;
    if (!id || !w || version === null) return;
    untrack(() => {
      this.#once('detail', [id, w, profile, lang, version], () => {
        // Another base's figures must not stay up while this one loads.
        if (this.detail.data && this.detail.data.base.base_id !== id) this.detail.data = undefined;
        return this.detail.load((signal) => getBase(id, { ...w, profile: profile ?? undefined }, { lang, signal }))
          .then(() => { if (repairLink) this.#dropUnknownProfile(this.detail, profile); });
      });
    });
  }

  /**
   * A profile the server does not have (a link from another installation, a typo): taken out of
   * the link and named in the filters' notice, as an unknown belt is, so the page scores against
   * the default and keeps its profile menu, instead of an error no retry could fix.
   */
  #dropUnknownProfile(r: Resource<unknown>, asked: string | null): void {
    const e = r.status === 'error' ? r.error : undefined;
    if (!asked || e?.code !== 'invalid_param' || e.param !== 'profile' || this.profile !== asked) return;
    this.#filters.dropped = [...this.#filters.dropped, { param: 'profile', raw: asked, reason: 'profile' }];
    this.#app.url.update({ profile: null });
  }

  #once(key: string, parts: unknown[], load: () => Promise<void>): void {
    const k = JSON.stringify(parts);
    if (this.#keys.get(key) === k) return;
    this.#keys.set(key, k);
    void load();
  }

  destroy(): void {
    this.#offLang();
    for (const r of [this.list, this.weekly, this.detail]) r.abort();
  }
}
