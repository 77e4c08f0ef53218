import { untrack } from 'svelte';
import { getMetrics, getValues, metricsDownloadUrl } from '../../lib/api/endpoints.ts';
import type { MetaResponse, MetricsQuery, MetricsResponse, ValuesResponse } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import type { PanelError } from '../../lib/components/panel-error.ts';
import type { FilterState } from '../../lib/filters/filter-state.svelte.ts';
import { errorMessage } from '../../lib/i18n/errors.ts';
import { t } from '../../lib/i18n/messages.ts';
import { Resource } from '../../lib/resource.svelte.ts';
import { OVERVIEW_PANELS, overviewQueries, type OverviewPanel } from '../../../../catalog/views.ts';
import { isEmptyKpis } from './kpis.ts';

export type ViewStatus = 'loading' | 'ready' | 'empty' | 'error';
type PanelId = OverviewPanel;

/** The merchants leaderboard: the ranked rows and their names (/api/values). */
export interface MerchantBoard {
  metrics: MetricsResponse;
  names: ValuesResponse;
}

/** A panel's download links: its own query as CSV and as Excel, in the page's language. */
export interface PanelDownloads {
  csv: string;
  xlsx: string;
}

/**
 * What a panel shows: an error wins; data from an earlier load stays up during a reload.
 * Labels and formats come from the catalog, so a panel waits for /api/meta too and shows
 * its failure rather than bare ids.
 */
function viewStatus<T>(r: Resource<T> | undefined, meta: Resource<MetaResponse>, isEmpty: (data: T) => boolean): ViewStatus {
  if (r?.status === 'error' || meta.status === 'error') return 'error';
  if (r?.data === undefined || meta.data === undefined) return 'loading';
  return isEmpty(r.data) ? 'empty' : 'ready';
}

const noRows = (m: MetricsResponse) => m.rows.length === 0;

interface Current {
  kpis?: Resource<MetricsResponse>;
  trend?: Resource<MetricsResponse>;
  mix?: Resource<MetricsResponse>;
  belts?: Resource<MetricsResponse>;
  merchants?: Resource<MerchantBoard>;
}

/**
 * Data of the overview: one query per panel, built from the URL's filters. Each panel reads the
 * app's shared answer for (query, language, data version) — asked again when any of them
 * changes (`sync`, called from an effect), and shared with any other panel asking the same.
 * Views read the resources and the queries; they never fetch.
 */
export class OverviewState {
  #current = $state.raw<Current>({});
  /** Each panel's last answer that had data: shown while a new query's first answer loads. */
  #previous = $state.raw<Current>({});
  #app: AppState;
  #filters: FilterState;

  /**
   * Each panel's /api/metrics query (catalog/views.ts, which the server's warm-up uses too);
   * null while the window is unknown (or there is no data), and for a window wholly outside the
   * data: nothing to ask (a lunar comparison there would be refused, under the page's notice).
   */
  readonly queries = $derived.by((): Record<PanelId, MetricsQuery> | null => {
    const range = this.#filters.range;
    if (!range || this.#filters.outside !== null) return null;
    const f = this.#filters.filters;
    return overviewQueries({ from: range.from, to: range.to, filters: this.#filters.api, grain: f.grain, compare: f.compare, measure: f.measure });
  });

  readonly status = $derived.by((): Record<PanelId, ViewStatus> => {
    const meta = this.#app.meta;
    const c = this.#shown;
    return {
      kpis: viewStatus(c.kpis, meta, isEmptyKpis),
      trend: viewStatus(c.trend, meta, noRows),
      mix: viewStatus(c.mix, meta, noRows),
      belts: viewStatus(c.belts, meta, noRows),
      merchants: viewStatus(c.merchants, meta, (b) => noRows(b.metrics)),
    };
  });

  readonly errors = $derived.by((): Record<PanelId, PanelError | undefined> => {
    const c = this.#shown;
    return {
      kpis: this.#errorView(c.kpis), trend: this.#errorView(c.trend), mix: this.#errorView(c.mix),
      belts: this.#errorView(c.belts), merchants: this.#errorView(c.merchants),
    };
  });

  constructor(app: AppState, filters: FilterState) {
    this.#app = app;
    this.#filters = filters;
  }

  /** Per panel, the current answer, or the previous one until the current has data or failed (no flash of skeletons). */
  readonly #shown = $derived.by((): Current => {
    const c = this.#current;
    const p = this.#previous;
    const pick = <T>(now: Resource<T> | undefined, before: Resource<T> | undefined) =>
      now && (now.data !== undefined || now.status === 'error' || !before) ? now : before;
    return {
      kpis: pick(c.kpis, p.kpis), trend: pick(c.trend, p.trend), mix: pick(c.mix, p.mix),
      belts: pick(c.belts, p.belts), merchants: pick(c.merchants, p.merchants),
    };
  });

  get kpis() { return this.#shown.kpis; }
  get trend() { return this.#shown.trend; }
  get mix() { return this.#shown.mix; }
  get belts() { return this.#shown.belts; }
  get merchants() { return this.#shown.merchants; }

  /** The panel's rows to download: the same query with format=csv or format=xlsx. */
  downloads(panel: PanelId): PanelDownloads | undefined {
    const q = this.queries?.[panel];
    const lang = this.#app.lang;
    return q ? { csv: metricsDownloadUrl(q, 'csv', lang), xlsx: metricsDownloadUrl(q, 'xlsx', lang) } : undefined;
  }

  /**
   * Points every panel at the shared answer of its query in this language and data version
   * (asking for it if no one has). Reads them reactively: call it inside an effect.
   */
  sync(): void {
    const queries = this.queries;
    const lang = this.#app.lang;
    const version = this.#app.dataVersion;
    if (!queries || version === null) return;
    untrack(() => {
      const app = this.#app;
      const metrics = (q: MetricsQuery) => app.query('metrics', q, (signal) => getMetrics(q, { lang, signal }));
      const next: Current = {
        kpis: metrics(queries.kpis),
        trend: metrics(queries.trend),
        mix: metrics(queries.mix),
        belts: metrics(queries.belts),
        merchants: app.query('merchant-board', queries.merchants, async (signal): Promise<MerchantBoard> => {
          const m = await getMetrics(queries.merchants, { lang, signal });
          const ids = m.rows.map((r) => String(r.merchant ?? '')).filter(Boolean);
          const names = ids.length ? await getValues({ dimension: 'merchant', ids }, { lang, signal }) : { values: [] };
          return { metrics: m, names };
        }),
      };
      const c = this.#current;
      if (!OVERVIEW_PANELS.some((id) => next[id] !== c[id])) return;
      const p = this.#previous;
      const kept = <T>(before: Resource<T> | undefined, older: Resource<T> | undefined) => (before?.data !== undefined ? before : older);
      this.#previous = {
        kpis: kept(c.kpis, p.kpis), trend: kept(c.trend, p.trend), mix: kept(c.mix, p.mix),
        belts: kept(c.belts, p.belts), merchants: kept(c.merchants, p.merchants),
      };
      this.#current = next;
    });
  }

  /** What a panel says when its request, or the catalog it needs, failed; Retry asks again. */
  #errorView(r: Resource<unknown> | undefined): PanelError | undefined {
    const failed = r?.status === 'error' ? r : this.#app.meta.status === 'error' ? this.#app.meta : undefined;
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
    // Shared answers stay in the app's cache for other pages; nothing here owns a request.
  }
}
