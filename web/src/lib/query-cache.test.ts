import { describe, expect, it } from 'vitest';
import { QueryCache, type Loadable } from './query-cache.ts';

/** A resource without runes: records its loads and takes the loader's answer. */
class Fake<T> implements Loadable<T> {
  data: T | undefined = undefined;
  status = 'idle';
  loads = 0;
  async load(loader: (signal: AbortSignal) => Promise<T>) {
    this.loads++;
    this.status = 'loading';
    this.data = await loader(new AbortController().signal);
    this.status = 'ready';
  }
}

const key = (query: unknown, dataVersion = 1, lang = 'zh') => ({ kind: 'metrics', query, lang, dataVersion });

describe('QueryCache', () => {
  it('two askers of one query share one resource and one request', async () => {
    const cache = new QueryCache(() => new Fake());
    let requests = 0;
    const loader = async () => ++requests;
    const a = cache.get(key({ measures: ['gmv'] }), loader);
    const b = cache.get(key({ measures: ['gmv'] }), loader);
    expect(b).toBe(a);
    await Promise.resolve();
    expect(requests).toBe(1);
    expect((a as Fake<number>).loads).toBe(1);
  });

  it('another query, language or data version is another request', () => {
    const cache = new QueryCache(() => new Fake());
    const a = cache.get(key({ m: 1 }), async () => 1);
    expect(cache.get(key({ m: 2 }), async () => 2)).not.toBe(a);
    expect(cache.get(key({ m: 1 }, 1, 'en'), async () => 3)).not.toBe(a);
    expect(cache.get(key({ m: 1 }, 2), async () => 4)).not.toBe(a);
  });

  it('a new data version starts from the last version\'s data and drops the old keys', async () => {
    const cache = new QueryCache(() => new Fake());
    const v1 = cache.get(key({ m: 1 }, 1), async () => 'old');
    cache.get(key({ m: 2 }, 1), async () => 'other');
    await Promise.resolve();
    expect(v1.data).toBe('old');
    let release!: (v: string) => void;
    const v2 = cache.get(key({ m: 1 }, 2), () => new Promise<string>((r) => { release = r; }));
    expect(v2.data).toBe('old');
    expect(v2.status).toBe('loading');
    expect(cache.size).toBe(1);
    release('new');
    await new Promise((r) => setTimeout(r, 0));
    expect(v2.data).toBe('new');
  });

  it('keeps at most max keys, dropping the least recently asked', () => {
    const cache = new QueryCache(() => new Fake(), 2);
    const a = cache.get(key('a'), async () => 1);
    cache.get(key('b'), async () => 2);
    cache.get(key('a'), async () => 1);
    cache.get(key('c'), async () => 3);
    expect(cache.size).toBe(2);
    expect(cache.get(key('a'), async () => 1)).toBe(a);
  });
});
