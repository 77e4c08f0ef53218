import { getMetrics } from '../../lib/api/endpoints.ts';
import type { MetaResponse, MetricsResponse } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import { Resource } from '../../lib/resource.svelte.ts';
import { findMeasure } from '../../lib/meta.ts';
import { buildKpiCards, isEmptyKpis, kpiQuery, placeholderMeasure } from './kpis.ts';
import { buildTrend, gmvByBeltQuery, TREND_MEASURE, trendTable } from './trend.ts';
import { gmvByBeltOption } from './gmv-by-belt-option.ts';
import { errorMessage } from '../../lib/i18n/errors.ts';
import { t } from '../../lib/i18n/messages.ts';
import { formatMeasureExact, formatMonth } from '../../lib/format.ts';
import type { PanelError } from '../../lib/components/panel-error.ts';

export type ViewStatus = 'loading' | 'ready' | 'empty' | 'error';

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

/**
 * Data of the overview page: the KPI row and the monthly GMV-by-belt trend. Views read the
 * derived models; they never fetch. Filters (from the URL) will join the queries here.
 */
export class OverviewState {
  readonly kpis = new Resource<MetricsResponse>();
  readonly trend = new Resource<MetricsResponse>();
  #app: AppState;
  #offLang: () => void;

  readonly kpiCards = $derived.by(() => buildKpiCards(this.#app.meta.data, this.kpis.data, this.#app.lang));
  readonly kpiStatus = $derived.by(() => viewStatus(this.kpis, this.#app.meta, isEmptyKpis));
  readonly trendModel = $derived.by(() => buildTrend(this.trend.data, this.#app.meta.data, this.#app.lang));
  readonly trendStatus = $derived.by(() => viewStatus(this.trend, this.#app.meta, () => this.trendModel.series.length === 0));
  readonly trendSpec = $derived.by(() => findMeasure(this.#app.meta.data, TREND_MEASURE) ?? placeholderMeasure(TREND_MEASURE));
  readonly chartOption = $derived.by(() => gmvByBeltOption(this.trendModel, this.trendSpec, this.#app.lang));
  readonly chartAria = $derived.by(() => {
    const lang = this.#app.lang;
    const { periods, series } = this.trendModel;
    return t(lang, 'chart.gmvByBelt.aria', {
      from: periods.length ? formatMonth(periods[0], lang) : '',
      to: periods.length ? formatMonth(periods[periods.length - 1], lang) : '',
      n: series.length,
      belts: series.map((x) => x.name).join(lang === 'zh' ? '、' : ', '),
    });
  });
  readonly chartTable = $derived.by(() => {
    const lang = this.#app.lang;
    return trendTable(this.trendModel, t(lang, 'chart.period.month'), (p) => formatMonth(p, lang),
      (v) => formatMeasureExact(v, this.trendSpec, lang));
  });
  readonly kpiError = $derived.by(() => this.#errorView(this.kpis));
  readonly trendError = $derived.by(() => this.#errorView(this.trend));

  constructor(app: AppState) {
    this.#app = app;
    // Failed requests are asked again on a language switch, for the message in that language.
    this.#offLang = app.onLangChange(() => {
      if (this.kpis.status === 'error') void this.kpis.reload();
      if (this.trend.status === 'error') void this.trend.reload();
    });
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

  load(): void {
    const app = this.#app;
    void this.kpis.load((signal) => getMetrics(kpiQuery(), { lang: app.lang, signal }));
    void this.trend.load((signal) => getMetrics(gmvByBeltQuery(), { lang: app.lang, signal }));
  }

  destroy(): void {
    this.#offLang();
    this.kpis.abort();
    this.trend.abort();
  }
}
