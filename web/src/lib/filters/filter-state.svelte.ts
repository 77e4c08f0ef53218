import type { AppState } from '../app-state.svelte.ts';
import { filterChips } from './chips.ts';
import { apiFilters, DEFAULT_FILTERS, parseFilters, removeValue, serializeFilters, toggleValue, type Filters, type FilterList } from './filters.ts';
import { detectPreset, effectiveRange, presetParams, type Preset } from './presets.ts';

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

  constructor(app: AppState) {
    this.#app = app;
  }

  set(next: Filters): void {
    this.#app.url.update(serializeFilters(next));
  }

  patch(part: Partial<Filters>): void {
    this.set({ ...this.filters, ...part });
  }

  setPreset(p: Preset): void {
    if (this.lastDay) this.patch(presetParams(p, this.lastDay));
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
