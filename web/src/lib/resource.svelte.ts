import { ApiError, isAbort, toApiError } from './api/client.ts';

export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One piece of remote data with its status. A new load aborts the one in flight, and only
 * the latest load may write its result, so a slow old answer never overwrites a new one.
 * Data from the last success stays while a reload runs (no flash of empty content).
 */
export class Resource<T> {
  status = $state<ResourceStatus>('idle');
  data = $state.raw<T | undefined>(undefined);
  error = $state.raw<ApiError | undefined>(undefined);

  #controller: AbortController | undefined;
  #loader: ((signal: AbortSignal) => Promise<T>) | undefined;

  get loading(): boolean {
    return this.status === 'loading';
  }

  async load(loader: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#loader = loader;
    this.status = 'loading';
    try {
      const data = await loader(controller.signal);
      if (this.#controller !== controller) return;
      this.data = data;
      this.error = undefined;
      this.status = 'ready';
    } catch (err) {
      if (this.#controller !== controller || isAbort(err) || controller.signal.aborted) return;
      this.error = err instanceof ApiError ? err : toApiError(err);
      this.status = 'error';
    }
  }

  /** Holds data that arrived another way (the app shell's boot data): ready, nothing in flight. */
  set(data: T): void {
    this.#controller?.abort();
    this.#controller = undefined;
    this.data = data;
    this.error = undefined;
    this.status = 'ready';
  }

  /** Runs the last loader again (the Retry button). */
  reload(): Promise<void> {
    return this.#loader ? this.load(this.#loader) : Promise.resolve();
  }

  abort(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    if (this.status === 'loading') this.status = this.data === undefined ? 'idle' : 'ready';
  }
}
