import { getHealth, getMeta } from './api/endpoints.ts';
import { readBoot, type Boot } from './boot.ts';
import type { HealthResponse, Lang, MetaResponse } from './api/types.ts';
import { QueryCache, type QueryKey } from './query-cache.ts';
import { Resource } from './resource.svelte.ts';
import { enumCodec, UrlParam, UrlState } from './url-state.svelte.ts';

export const LANGS = ['zh', 'en'] as const;

/**
 * State every page shares: the URL, the interface language (`?lang=en`; Chinese is the
 * default and is not written), the server's health (demo flag, data range) and the metrics
 * catalog (/api/meta: labels and formats of measures, dimension values).
 */
export class AppState {
  readonly url: UrlState;
  readonly health = new Resource<HealthResponse>();
  readonly meta = new Resource<MetaResponse>();
  /** Answers of every page's panels, shared by (query, language, data version). */
  readonly queries = new QueryCache(() => new Resource<unknown>());
  #lang: UrlParam<Lang>;
  #langListeners = new Set<(lang: Lang) => void>();
  #timer: ReturnType<typeof setInterval> | undefined;

  /** `boot`: the health and catalog the app shell carries (see boot.ts); without them load() asks the API. */
  constructor(url: UrlState = new UrlState(), boot: Boot | null = readBoot()) {
    this.url = url;
    this.#lang = new UrlParam(url, 'lang', enumCodec(LANGS, 'zh'));
    if (boot) {
      this.health.set(boot.health);
      this.meta.set(boot.meta);
    }
  }

  get lang(): Lang {
    return this.#lang.value;
  }

  /** True only when the server said so; unknown (still loading, or failed) is not demo. */
  get demo(): boolean {
    return this.health.data?.demo ?? this.meta.data?.demo ?? false;
  }

  /** The data's first and last day; null while unknown, and when the database holds no data (the API sends nulls). */
  get dataRange(): { from: string; to: string } | null {
    const r = this.health.data?.dataRange ?? this.meta.data?.dataRange;
    return r?.from && r.to ? { from: r.from, to: r.to } : null;
  }

  /**
   * The first and last day of the live sessions (health's sessionRange): a base's figures all come
   * from sessions, so a window outside these days has none, even inside the orders' range.
   */
  get sessionRange(): { from: string; to: string } | null {
    const r = this.health.data?.sessionRange;
    return r?.from && r.to ? { from: r.from, to: r.to } : null;
  }

  /**
   * The server answered and its database holds no data: pages show the first-run invitation
   * to upload, since with no data range no query is ever built (a skeleton would wait forever).
   */
  get noData(): boolean {
    return this.health.data !== undefined && this.dataRange === null;
  }

  get dataVersion(): number | null {
    return this.health.data?.dataVersion ?? this.meta.data?.dataVersion ?? null;
  }

  /**
   * The shared answer to a query in the current language and data version (see QueryCache);
   * `loader` runs only if no panel asked for it yet. Call outside reactive reads (untrack).
   */
  query<T>(kind: string, query: unknown, loader: (signal: AbortSignal) => Promise<T>): Resource<T> | undefined {
    const dataVersion = this.dataVersion;
    if (dataVersion === null) return undefined;
    const key: QueryKey = { kind, query, lang: this.lang, dataVersion };
    return this.queries.get(key, loader) as Resource<T>;
  }

  setLang(lang: Lang): void {
    if (lang === this.lang) return;
    this.#lang.value = lang;
    // Error messages come from the API in the language asked for: ask again.
    this.#retryFailed();
    for (const fn of this.#langListeners) fn(lang);
  }

  /** Pages register here to re-fetch failed requests (for translated messages) on a switch. */
  onLangChange(fn: (lang: Lang) => void): () => void {
    this.#langListeners.add(fn);
    return () => this.#langListeners.delete(fn);
  }

  /** Asks for the health and catalog unless the shell brought them. */
  load(): void {
    if (this.health.status === 'ready' && this.meta.status === 'ready') return;
    void this.health.load((signal) => getHealth({ lang: this.lang, signal }));
    void this.meta.load((signal) => getMeta({ lang: this.lang, signal }));
  }

  /**
   * Asks /api/health again; when its data version moved (a load committed), the catalog
   * (new merchants, belts, data range) is asked again too, and pages re-query by the version.
   */
  async refresh(): Promise<void> {
    await this.health.load((signal) => getHealth({ lang: this.lang, signal }));
    const v = this.health.data?.dataVersion;
    if (v !== undefined && this.meta.data && this.meta.data.dataVersion !== v && this.meta.status !== 'loading') {
      void this.meta.load((signal) => getMeta({ lang: this.lang, signal }));
    }
  }

  /** Checks the data version every `ms` (15 s): other loads show without a reload. */
  startPolling(ms = 15_000): void {
    this.stopPolling();
    this.#timer = setInterval(() => void this.refresh(), ms);
  }

  stopPolling(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #retryFailed(): void {
    if (this.health.status === 'error') void this.health.reload();
    if (this.meta.status === 'error') void this.meta.reload();
  }

  destroy(): void {
    this.stopPolling();
    this.health.abort();
    this.meta.abort();
    this.url.destroy();
    this.#langListeners.clear();
  }
}
