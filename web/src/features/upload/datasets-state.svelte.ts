import { untrack } from 'svelte';
import { ApiError, toApiError } from '../../lib/api/client.ts';
import { deleteDataset, getDatasets, getValues } from '../../lib/api/endpoints.ts';
import type { DatasetRemovedResponse, DatasetsResponse } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import type { Resource } from '../../lib/resource.svelte.ts';
import { buildCoverage, type CoverageGrid } from './coverage.ts';

/** The history of loads, the coverage grid and the names of the merchants it shows. */
export interface LoadsView {
  datasets: DatasetsResponse['datasets'];
  coverage: CoverageGrid;
  merchantNames: Record<string, string>;
}

/**
 * The upload page's record of loads (GET /api/datasets), asked again when the data version
 * moves, and undoing one (DELETE /api/datasets/:id), after which the whole app sees the
 * new version at once.
 */
export class DatasetsState {
  loads = $state.raw<Resource<LoadsView> | undefined>(undefined);
  /** The dataset being removed, its answer, or why it failed. */
  removing = $state<number | null>(null);
  removed = $state.raw<DatasetRemovedResponse | undefined>(undefined);
  removeError = $state.raw<ApiError | undefined>(undefined);
  #app: AppState;

  constructor(app: AppState) {
    this.#app = app;
  }

  /** Points at the loads of the current data version and language. Call inside an effect. */
  sync(): void {
    const lang = this.#app.lang;
    if (this.#app.dataVersion === null) return;
    untrack(() => {
      this.loads = this.#app.query('datasets', null, async (signal): Promise<LoadsView> => {
        const d = await getDatasets({ lang, signal });
        const coverage = buildCoverage(d.coverage);
        const ids = [...new Set(coverage.rows.map((r) => r.merchantId))];
        const names = ids.length ? await getValues({ dimension: 'merchant', ids }, { lang, signal }) : { values: [] };
        return {
          datasets: [...d.datasets].reverse(),
          coverage,
          merchantNames: Object.fromEntries(names.values.map((v) => [v.id, v.label[lang] || v.label.zh])),
        };
      });
    });
  }

  async undo(id: number): Promise<void> {
    if (this.removing !== null) return;
    this.removing = id;
    this.removeError = undefined;
    this.removed = undefined;
    try {
      this.removed = await deleteDataset(id, { lang: this.#app.lang });
    } catch (err) {
      this.removeError = err instanceof ApiError ? err : toApiError(err);
    } finally {
      this.removing = null;
      await this.#app.refresh();
    }
  }
}
