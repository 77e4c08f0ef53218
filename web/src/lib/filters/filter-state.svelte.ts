import type { AppState } from '../app-state.svelte.ts';
import { filterChips } from './chips.ts';
import { apiFilters, DEFAULT_FILTERS, parseFilters, removeValue, serializeFilters, toggleValue, type Filters, type FilterList } from './filters.ts';
import { detectPreset, effectiveRange, presetGrain, presetParams, type Preset } from './presets.ts';
import { dropPatch, outsideData, unusableParams, type DroppedParam } from './url-check.ts';
import { untrack } from 'svelte';

/**
 * The global filters, read from and written to the URL (history.replaceState: a filter
 * change is no Back step). Views read the derived values and call the setters; nothing else
 * keeps a copy, so back/forward and reload restore the view exactly.
 */
export class FilterState {
  #app: AppState;

  readonly filters: Filters = $derived.by(() => parseFilters((k) => this.#app.url.get(k)));
  /** The data's last day: presets count back from it. */
  readonly lastDay = $derived.by(() => this.#app.dataRange?.to ?? null);
  /** The window the queries ask for; null while the data range is unknown or empty. */
  readonly range = $derived.by(() => effectiveRange(this.filters.from, this.filters.to, this.lastDay));
  readonly preset = $derived.by(() => detectPreset(this.range, this.lastDay));
  readonly chips = $derived.by(() => filterChips(this.filters, this.#app.meta.data, this.#app.lang));
  /** The dimension filters, as /api/metrics takes them. */
  readonly api = $derived.by(() => apiFilters(this.filters));
  /** The data's first and last day (null while unknown or empty). */
  readonly dataRange = $derived.by(() => this.#app.dataRange);
  /**
   * The window lies wholly before or after the data: every figure would be a zero that means
   * "no data here", so pages show their empty states and the notice instead.
   */
  readonly outside = $derived.by(() => outsideData(this.range, this.dataRange));
  /** Values of the link the page took out (not a day, not in the catalog), said in a notice until dismissed or a filter changes. */
  dropped = $state.raw<DroppedParam[]>([]);

  constructor(app: AppState) {
    this.#app = app;
  }

  set(next: Filters): void {
    this.dropped = [];
    this.#app.url.update(serializeFilters(next));
  }

  /**
   * Takes the values the page cannot use out of the link and keeps them for the notice. Reads
   * the URL and the catalog: call inside an effect (filter ids wait for the catalog).
   */
  checkUrl(): void {
    const get = (k: string) => this.#app.url.get(k);
    const bad = unusableParams(get, this.#app.meta.data);
    if (!bad.length) return;
    untrack(() => {
      this.dropped = [...this.dropped, ...bad];
      this.#app.url.update(dropPatch(get, bad));
    });
  }

  dismissDropped(): void {
    this.dropped = [];
  }

  /** The window set to the data's whole range (from the notice of a window outside it). */
  resetToData(): void {
    const d = this.dataRange;
    if (d) this.patch({ from: d.from, to: d.to });
  }

  patch(part: Partial<Filters>): void {
    this.set({ ...this.filters, ...part });
  }

  /** A preset window; `withGrain` (a page that draws by day, week or month) also a grain to suit it. */
  setPreset(p: Preset, withGrain = false): void {
    if (!this.lastDay) return;
    this.patch({ ...presetParams(p, this.lastDay), ...(withGrain ? { grain: presetGrain(p, this.filters.grain) } : {}) });
  }

  /** A custom window; a from after to is swapped rather than refused. */
  setRange(from: string, to: string): void {
    if (!from || !to) return;
    this.patch(from <= to ? { from, to } : { from: to, to: from });
  }

  toggle(key: FilterList, id: string): void {
    this.set(toggleValue(this.filters, key, id));
  }

  /** Cross-filtering: clicking a belt selects it (a second click leaves it selected). */
  add(key: FilterList, id: string): void {
    if (!this.filters[key].includes(id)) this.set(toggleValue(this.filters, key, id));
  }

  remove(key: FilterList, id: string): void {
    this.set(removeValue(this.filters, key, id));
  }

  /** Clears the dimension filters; the window, grain, comparison and measure stay. */
  clearValues(): void {
    this.patch({ belt: [], platform: [], category: [], venue: [] });
  }

  reset(): void {
    this.set(DEFAULT_FILTERS);
  }
}
