import { untrack } from 'svelte';
import { beltsQueries } from '../../../../catalog/views.ts';
import { compareDownloadUrl, getCompare, getMetrics, metricsDownloadUrl } from '../../lib/api/endpoints.ts';
import type { CompareQuery, CompareResponse, MetricsQuery, MetricsResponse } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import type { PanelError } from '../../lib/components/panel-error.ts';
import type { FilterState } from '../../lib/filters/filter-state.svelte.ts';
import { errorMessage } from '../../lib/i18n/errors.ts';
import { t } from '../../lib/i18n/messages.ts';
import { Resource } from '../../lib/resource.svelte.ts';
import { NORMS, pickBelts, type Norm, type Picked } from './belts-model.ts';

const SOURCES = ['compare', 'catalog', 'platform', 'trend'] as const;
type SourceId = (typeof SOURCES)[number];

/**
 * Data of the belt comparison: /api/compare for what the catalog has no measure for, and
 * /api/metrics for what it has (concentration, price quantiles, platform mix, the monthly trend).
 * The view (normalisation and base month) lives in the URL beside the global filters.
 */
export class BeltsState {
  readonly compare = new Resource<CompareResponse>();
  readonly catalog = new Resource<MetricsResponse>();
  readonly platform = new Resource<MetricsResponse>();
  readonly trend = new Resource<MetricsResponse>();
  #app: AppState;
  #filters: FilterState;
  #keys = new Map<SourceId, string>();

  readonly norm = $derived.by((): Norm => {
    const v = this.#app.url.get('norm');
    return (NORMS as readonly string[]).includes(v ?? '') ? (v as Norm) : 'absolute';
  });
  readonly base = $derived.by((): string | null => {
    const v = this.#app.url.get('base');
    return v && /^\d{4}-\d{2}$/.test(v) ? v : null;
  });

  /**
   * Each source's query (catalog/views.ts, which the server's warm-up uses too); null while the
   * window is unknown, and for a window wholly outside the data: nothing to ask (a lunar
   * comparison there would be refused for its Spring Festival dates, under the page's notice).
   */
  readonly queries = $derived.by((): { compare: CompareQuery } & Record<Exclude<SourceId, 'compare'>, MetricsQuery> | null => {
    const range = this.#filters.range;
    if (!range || this.#filters.outside !== null) return null;
    const f = this.#filters.filters;
    return beltsQueries({ from: range.from, to: range.to, filters: this.#filters.api, grain: f.grain, compare: f.compare, measure: f.measure });
  });

  /** A metrics panel's own query as CSV and Excel: the numbers it shows (undefined while the window is unknown). */
  downloads(source: Exclude<SourceId, 'compare'>): { csv: string; xlsx: string } | undefined {
    const q = this.queries?.[source];
    const lang = this.#app.lang;
    return q ? { csv: metricsDownloadUrl(q, 'csv', lang), xlsx: metricsDownloadUrl(q, 'xlsx', lang) } : undefined;
  }

  /** The comparison as CSV, a row per belt (null while the window is unknown). */
  readonly download = $derived.by(() => (this.queries ? compareDownloadUrl(this.queries.compare, this.#app.lang) : null));

  /** The belts side by side (see pickBelts), once /api/compare has said which have data. */
  readonly picked = $derived.by((): Picked => pickBelts(this.#filters.filters.belt, (this.compare.data?.belts ?? []).map((b) => b.belt_id)));

  readonly error = $derived.by((): PanelError | undefined => {
    const failed = [this.compare, this.catalog, this.platform, this.trend, this.#app.meta].find((r) => r.status === 'error');
    if (!failed?.error) return undefined;
    const lang = this.#app.lang;
    return { title: t(lang, 'error.title'), message: errorMessage(failed.error, lang), code: failed.error.code, retryLabel: t(lang, 'state.retry'), onretry: () => void failed.reload() };
  });

  constructor(app: AppState, filters: FilterState) {
    this.#app = app;
    this.#filters = filters;
  }

  setNorm(norm: Norm): void {
    this.#app.url.update({ norm: norm === 'absolute' ? null : norm });
  }

  setBase(month: string): void {
    this.#app.url.update({ base: month || null });
  }

  /** Loads each source whose query, language or data version changed. Call inside an effect. */
  sync(): void {
    const queries = this.queries;
    const lang = this.#app.lang;
    const version = this.#app.dataVersion;
    if (!queries || version === null) return;
    untrack(() => {
      for (const id of SOURCES) {
        const key = JSON.stringify([queries[id], lang, version]);
        if (this.#keys.get(id) === key) continue;
        this.#keys.set(id, key);
        if (id === 'compare') void this.compare.load((signal) => getCompare(queries.compare, { lang, signal }));
        else void this[id].load((signal) => getMetrics(queries[id], { lang, signal }));
      }
    });
  }

  destroy(): void {
    for (const r of [this.compare, this.catalog, this.platform, this.trend]) r.abort();
  }
}
