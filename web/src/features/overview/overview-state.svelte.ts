import { untrack } from 'svelte';
import { getMetrics, getValues, metricsCsvUrl } from '../../lib/api/endpoints.ts';
import type { MetaResponse, MetricsQuery, MetricsResponse, ValuesResponse } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import type { PanelError } from '../../lib/components/panel-error.ts';
import type { FilterState } from '../../lib/filters/filter-state.svelte.ts';
import { errorMessage } from '../../lib/i18n/errors.ts';
import { t } from '../../lib/i18n/messages.ts';
import { Resource } from '../../lib/resource.svelte.ts';
import { boardMeasure } from './board.ts';
import { isEmptyKpis, kpiQuery } from './kpis.ts';

export type ViewStatus = 'loading' | 'ready' | 'empty' | 'error';
export const PANELS = ['kpis', 'trend', 'mix', 'belts', 'merchants'] as const;
export type PanelId = (typeof PANELS)[number];

/** The merchants leaderboard: the ranked rows and their names (/api/values). */
export interface MerchantBoard {
  metrics: MetricsResponse;
  names: ValuesResponse;
}

/**
 * What a panel shows: an error wins; data from an earlier load stays up during a reload.
 * Labels and formats come from the catalog, so a panel waits for /api/meta too and shows
 * its failure rather than bare ids.
 */
function viewStatus<T>(r: Resource<T>, meta: Resource<MetaResponse>, isEmpty: (data: T) => boolean): ViewStatus {
  if (r.status === 'error' || meta.status === 'error') return 'error';
  if (r.data === undefined || meta.data === undefined) return 'loading';
  return isEmpty(r.data) ? 'empty' : 'ready';
}

const noRows = (m: MetricsResponse) => m.rows.length === 0;

/**
 * Data of the overview: one query per panel, built from the URL's filters; each re-runs when
 * its query, the language or the data version changes (`sync`, called from an effect).
 * Views read the resources and the queries; they never fetch.
 */
export class OverviewState {
  readonly kpis = new Resource<MetricsResponse>();
  readonly trend = new Resource<MetricsResponse>();
  readonly mix = new Resource<MetricsResponse>();
  readonly belts = new Resource<MetricsResponse>();
  readonly merchants = new Resource<MerchantBoard>();
  #app: AppState;
  #filters: FilterState;
  #keys = new Map<PanelId, string>();
  #offLang: () => void;

  /** Each panel's /api/metrics query; null while the window is unknown (or there is no data). */
  readonly queries = $derived.by((): Record<PanelId, MetricsQuery> | null => {
    const range = this.#filters.range;
    if (!range) return null;
    const f = this.#filters.filters;
    const base = { from: range.from, to: range.to, filters: this.#filters.api };
    const ranked = boardMeasure(f.measure);
    return {
      kpis: kpiQuery({ ...base, compare: f.compare }),
      trend: { ...base, measures: [f.measure], by: ['belt'], grain: f.grain },
      mix: { ...base, measures: [ranked], by: ['belt', 'platform'] },
      belts: { ...base, measures: [ranked], by: ['belt'], compare: f.compare, sort: `-${ranked}`, limit: 10 },
      merchants: { ...base, measures: [ranked], by: ['merchant'], compare: f.compare, sort: `-${ranked}`, limit: 10 },
    };
  });

  readonly status = $derived.by((): Record<PanelId, ViewStatus> => {
    const meta = this.#app.meta;
    return {
      kpis: viewStatus(this.kpis, meta, isEmptyKpis),
      trend: viewStatus(this.trend, meta, noRows),
      mix: viewStatus(this.mix, meta, noRows),
      belts: viewStatus(this.belts, meta, noRows),
      merchants: viewStatus(this.merchants, meta, (b) => noRows(b.metrics)),
    };
  });

  readonly errors = $derived.by((): Record<PanelId, PanelError | undefined> => ({
    kpis: this.#errorView(this.kpis),
    trend: this.#errorView(this.trend),
    mix: this.#errorView(this.mix),
    belts: this.#errorView(this.belts),
    merchants: this.#errorView(this.merchants),
  }));

  constructor(app: AppState, filters: FilterState) {
    this.#app = app;
    this.#filters = filters;
    // Failed requests are asked again on a language switch, for the message in that language.
    this.#offLang = app.onLangChange(() => {
      for (const r of this.#resources()) if (r.status === 'error') void r.reload();
    });
  }

  /** The panel's rows as CSV: the same query with format=csv. */
  csvHref(panel: PanelId): string | undefined {
    const q = this.queries?.[panel];
    return q ? metricsCsvUrl(q, this.#app.lang) : undefined;
  }

  /**
   * Loads every panel whose query, language or data version changed since its last load.
   * Reads them reactively: call it inside an effect.
   */
  sync(): void {
    const queries = this.queries;
    const lang = this.#app.lang;
    const version = this.#app.dataVersion;
    if (!queries || version === null) return;
    untrack(() => {
      for (const id of PANELS) {
        const key = JSON.stringify([queries[id], lang, version]);
        if (this.#keys.get(id) === key) continue;
        this.#keys.set(id, key);
        this.#load(id, queries[id]);
      }
    });
  }

  #load(id: PanelId, q: MetricsQuery): void {
    const lang = this.#app.lang;
    if (id === 'merchants') {
      void this.merchants.load(async (signal) => {
        const metrics = await getMetrics(q, { lang, signal });
        const ids = metrics.rows.map((r) => String(r.merchant ?? '')).filter(Boolean);
        const names = ids.length ? await getValues({ dimension: 'merchant', ids }, { lang, signal }) : { values: [] };
        return { metrics, names };
      });
      return;
    }
    void this[id].load((signal) => getMetrics(q, { lang, signal }));
  }

  #resources(): Resource<unknown>[] {
    return [this.kpis, this.trend, this.mix, this.belts, this.merchants];
  }

  /** What a panel says when its request, or the catalog it needs, failed; Retry asks again. */
  #errorView(r: Resource<unknown>): PanelError | undefined {
    const failed = r.status === 'error' ? r : this.#app.meta.status === 'error' ? this.#app.meta : undefined;
    if (!failed?.error) return undefined;
    const lang = this.#app.lang;
    return {
      title: t(lang, 'error.title'),
      message: errorMessage(failed.error, lang),
      code: failed.error.code,
      retryLabel: t(lang, 'state.retry'),
      onretry: () => void failed.reload(),
    };
  }

  destroy(): void {
    this.#offLang();
    for (const r of this.#resources()) r.abort();
  }
}
