/** What the cache needs of a resource (Resource in resource.svelte.ts; a plain object in tests). */
export interface Loadable<T> {
  data: T | undefined;
  status: string;
  load(loader: (signal: AbortSignal) => Promise<T>): Promise<void>;
}

/** A request's identity: what it asks, in which language, of which data version. */
export interface QueryKey {
  /** The kind of answer (e.g. `metrics`, `merchant-board`) and its query, JSON-serialisable. */
  kind: string;
  query: unknown;
  lang: string;
  dataVersion: number;
}

/**
 * One resource per (query, language, data version), shared by every panel asking the same
 * thing: two panels with one query make one request. A new data version is a new key, so a
 * load re-queries; the new resource starts with the last version's data of the same query and
 * language, so a panel keeps its numbers up (not a skeleton) while the new ones arrive. Keys
 * of older versions are dropped, and beyond `max` keys the least recently asked.
 */
export class QueryCache {
  #entries = new Map<string, Loadable<unknown>>();
  #latest = new Map<string, { version: number; resource: Loadable<unknown> }>();
  #create: () => Loadable<unknown>;
  #max: number;

  constructor(create: () => Loadable<unknown>, max = 60) {
    this.#create = create;
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The shared resource for a key; the first asker's loader fetches it (once). */
  get<T>(key: QueryKey, loader: (signal: AbortSignal) => Promise<T>): Loadable<T> {
    const family = JSON.stringify([key.kind, key.query, key.lang]);
    const id = JSON.stringify([family, key.dataVersion]);
    const hit = this.#entries.get(id);
    if (hit) {
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit as Loadable<T>;
    }
    const resource = this.#create() as Loadable<T>;
    const before = this.#latest.get(family);
    if (before && before.version < key.dataVersion) resource.data = before.resource.data as T | undefined;
    this.#entries.set(id, resource);
    if (!before || before.version <= key.dataVersion) this.#latest.set(family, { version: key.dataVersion, resource });
    this.#trim(key.dataVersion);
    void resource.load(loader);
    return resource;
  }

  #trim(version: number): void {
    for (const id of this.#entries.keys()) {
      if ((JSON.parse(id) as [string, number])[1] < version) this.#entries.delete(id);
    }
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    if (this.#latest.size > this.#max * 2) this.#latest.clear();
  }
}
