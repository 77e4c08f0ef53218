import { untrack } from 'svelte';
import { inOrder } from '../../lib/filters/presets.ts';
import { getBenchmark, getValues } from '../../lib/api/endpoints.ts';
import type { BenchmarkQuery, BenchmarkResponse, ValuesResponse } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import { isIsoDay } from '../../lib/filters/filters.ts';
import { dropPatch, outsideData, unusableParams, type DroppedParam } from '../../lib/filters/url-check.ts';
import { Resource } from '../../lib/resource.svelte.ts';

/**
 * Data of the merchant benchmark: /api/benchmark for the merchant in the URL (`merchant`,
 * `from`, `to`; the window defaults to the API's, so it is not written), and /api/values for the
 * shop picker (the merchants the caller may see: a merchant's own account lists its shop only).
 */
export class MerchantState {
  readonly benchmark = new Resource<BenchmarkResponse>();
  /** Merchants matching what is typed in the picker. */
  readonly options = new Resource<ValuesResponse>();
  /** The text `options` answer (the search is debounced: they may answer an earlier text). */
  optionsFor = $state('');
  /** The chosen merchant's name, in the caller's scope (商家 #n without merchant names). */
  readonly label = new Resource<ValuesResponse>();
  #app: AppState;
  #key = '';
  #labelKey = '';
  #search: ReturnType<typeof setTimeout> | undefined;

  readonly merchant = $derived.by(() => (this.#app.url.get('merchant') ?? '').trim());
  // A calendar day or nothing (2026-02-30 is dropped): the API's default window then applies.
  // Dates the wrong way round are read swapped, as on every page (the API would refuse them).
  readonly #days = $derived.by((): [string | undefined, string | undefined] => {
    const day = (k: string) => { const v = this.#app.url.get(k); return isIsoDay(v) ? v : undefined; };
    return inOrder(day('from'), day('to'));
  });
  readonly from = $derived(this.#days[0]);
  readonly to = $derived(this.#days[1]);
  readonly query = $derived.by((): BenchmarkQuery | null => (this.merchant ? { merchant: this.merchant, from: this.from, to: this.to } : null));
  /** The window the answer covers (the link's days, or the API's default), once it is in. */
  readonly window = $derived.by(() => {
    const d = this.benchmark.data;
    return d && d.merchant_id === this.merchant ? d.window : null;
  });
  /** The window lies wholly before or after the data (a shared link from another database, say). */
  readonly outside = $derived.by(() => outsideData(this.window, this.#app.dataRange));
  /** Dates of the link the page took out or swapped (not a day, the wrong way round), said in a notice. */
  dropped = $state.raw<DroppedParam[]>([]);

  constructor(app: AppState) {
    this.#app = app;
  }

  setMerchant(id: string): void {
    this.#app.url.update({ merchant: id.trim() || null });
  }

  /**
   * One end of the window, as typed: only that day goes into the link, so a window left to its
   * default end keeps following new data. A day past the other end (the one shown) swaps them.
   */
  setDay(key: 'from' | 'to', day: string): void {
    this.dropped = [];
    const other = key === 'from' ? (this.to ?? this.window?.to) : (this.from ?? this.window?.from);
    const wrongWay = !!day && !!other && (key === 'from' ? day > other : day < other);
    if (wrongWay) this.#app.url.update(key === 'from' ? { from: other, to: day } : { from: day, to: other });
    else this.#app.url.update({ [key]: day || null });
  }

  /** The window set to the data's whole range (from the notice of a window outside it). */
  resetToData(): void {
    const d = this.#app.dataRange;
    this.dropped = [];
    if (d) this.#app.url.update({ from: d.from, to: d.to });
  }

  /**
   * Takes the link's dates the page cannot use out of it (the other pages' rule, url-check.ts),
   * and swaps a window given the wrong way round, keeping them for the notice. Call inside an effect.
   */
  checkUrl(): void {
    const get = (k: string) => this.#app.url.get(k);
    const bad = unusableParams(get, undefined).filter((d) => d.param === 'from' || d.param === 'to');
    if (!bad.length) return;
    untrack(() => {
      this.dropped = [...this.dropped, ...bad];
      this.#app.url.update(dropPatch(get, bad));
    });
  }

  dismissDropped(): void {
    this.dropped = [];
  }

  /** Merchants whose id or name holds `q` (debounced: one request per pause in typing). */
  search(q: string): void {
    clearTimeout(this.#search);
    const lang = this.#app.lang;
    this.#search = setTimeout(() => {
      void this.options.load((signal) => getValues({ dimension: 'merchant', q: q.trim() || undefined, limit: 20 }, { lang, signal }))
        .then(() => { if (this.options.status === 'ready') this.optionsFor = q.trim(); });
    }, 200);
  }

  /** Loads the benchmark when the merchant, window, language or data version changed. Call inside an effect. */
  sync(): void {
    const query = this.query;
    const lang = this.#app.lang;
    const version = this.#app.dataVersion;
    if (version === null) return;
    untrack(() => {
      if (!query) {
        this.#key = '';
        this.benchmark.abort();
        return;
      }
      const key = JSON.stringify([query, lang, version]);
      if (key !== this.#key) {
        this.#key = key;
        void this.benchmark.load((signal) => getBenchmark(query, { lang, signal }));
      }
      const labelKey = JSON.stringify([query.merchant, lang, version]);
      if (labelKey !== this.#labelKey) {
        this.#labelKey = labelKey;
        void this.label.load((signal) => getValues({ dimension: 'merchant', ids: [query.merchant] }, { lang, signal }));
      }
    });
  }

  destroy(): void {
    clearTimeout(this.#search);
    for (const r of [this.benchmark, this.options, this.label]) r.abort();
  }
}
