/**
 * Page state that belongs in the address bar (language now, filters later), so a view can
 * be bookmarked and shared. Reads and writes query parameters; writes use
 * history.replaceState, so changing a filter does not add a Back-button step.
 */

export interface Codec<T> {
  parse(raw: string | null): T;
  /** null removes the parameter (use it for the default, to keep URLs short). */
  serialize(value: T): string | null;
}

export class UrlState {
  #search = $state('');
  #win: Window;
  #onPop = () => {
    this.#search = this.#win.location.search;
  };

  constructor(win: Window = window) {
    this.#win = win;
    this.#search = win.location.search;
    win.addEventListener('popstate', this.#onPop);
  }

  /** The query string, `?…` or ''. Reactive. */
  get search(): string {
    return this.#search;
  }

  /** Reads the address bar again (after a pushState by the router). */
  sync(): void {
    this.#search = this.#win.location.search;
  }

  /** Reactive: reading a parameter in an effect or $derived re-runs it when the parameter changes. */
  get(key: string): string | null {
    return new URLSearchParams(this.#search).get(key);
  }

  getAll(): Record<string, string> {
    return Object.fromEntries(new URLSearchParams(this.#search));
  }

  /** Sets several parameters at once; null or '' removes one. */
  update(patch: Record<string, string | null | undefined>): void {
    const params = new URLSearchParams(this.#win.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === undefined || value === '') params.delete(key);
      else params.set(key, value);
    }
    const qs = params.toString();
    const { pathname, hash } = this.#win.location;
    const next = `${pathname}${qs ? `?${qs}` : ''}${hash}`;
    this.#win.history.replaceState(this.#win.history.state, '', next);
    this.#search = qs ? `?${qs}` : '';
  }

  set(key: string, value: string | null): void {
    this.update({ [key]: value });
  }

  destroy(): void {
    this.#win.removeEventListener('popstate', this.#onPop);
  }
}

/** One typed parameter: `new UrlParam(url, 'lang', enumCodec(['zh', 'en'], 'zh')).value`. */
export class UrlParam<T> {
  #url: UrlState;
  #key: string;
  #codec: Codec<T>;

  constructor(url: UrlState, key: string, codec: Codec<T>) {
    this.#url = url;
    this.#key = key;
    this.#codec = codec;
  }

  get value(): T {
    return this.#codec.parse(this.#url.get(this.#key));
  }

  set value(v: T) {
    this.#url.set(this.#key, this.#codec.serialize(v));
  }
}

/** One of a fixed set of strings; anything else reads as the default, which is not written. */
export function enumCodec<const T extends string>(allowed: readonly T[], fallback: T): Codec<T> {
  return {
    parse: (raw) => (raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback),
    serialize: (v) => (v === fallback ? null : v),
  };
}

/** A comma-separated list (`belt=a,b`); empty removes the parameter. */
export const listCodec: Codec<string[]> = {
  parse: (raw) => (raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : []),
  serialize: (v) => (v.length ? v.join(',') : null),
};
