/**
 * A small LRU of answers keyed by data version and a normalised request (its scope included):
 * a committed load makes every older key unreachable. Failed lookups are not kept.
 */
export class VersionedCache<T> {
  #map = new Map<string, Promise<T>>();
  constructor(private enabled: boolean, private max = 200) {}

  /** Whether an answer (finished or in flight) is cached for this version and key. */
  has(version: number, key: string): boolean {
    return this.enabled && this.#map.has(`${version}|${key}`);
  }

  /**
   * The cached answer, or `compute()`'s, kept while in flight so that the same request asked
   * meanwhile waits for it. `keep` says whether a finished answer stays (e.g. not one read at a
   * newer data version than its key's).
   */
  get(version: number, key: string, compute: () => Promise<T>, keep?: (answer: T) => boolean): Promise<T> {
    if (!this.enabled) return compute();
    const k = `${version}|${key}`;
    const hit = this.#map.get(k);
    if (hit) {
      this.#map.delete(k);
      this.#map.set(k, hit);
      return hit;
    }
    const p = compute();
    this.#map.set(k, p);
    const drop = () => { if (this.#map.get(k) === p) this.#map.delete(k); };
    p.then((answer) => { if (keep && !keep(answer)) drop(); }, drop);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value!);
    return p;
  }
}
