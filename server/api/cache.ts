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

  get(version: number, key: string, compute: () => Promise<T>): Promise<T> {
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
    p.catch(() => { if (this.#map.get(k) === p) this.#map.delete(k); });
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value!);
    return p;
  }
}
