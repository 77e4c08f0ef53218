import type { UrlState } from '../url-state.svelte.ts';
import { matchPath, routeHref, type RouteId, type RouteParams } from './routes.ts';

/**
 * The current page, from the real URL path. Moving to another page pushes a history entry
 * (Back returns); filter changes replace the entry (UrlState). Back, forward and reload
 * work because the path and the query string are the whole state.
 */
export class Router {
  #path = $state('/');
  #visits = $state(0);
  #win: Window;
  #url: UrlState;
  #onPop = () => {
    this.#path = this.#win.location.pathname;
    this.#visits++;
  };

  constructor(url: UrlState, win: Window = window) {
    this.#win = win;
    this.#url = url;
    this.#path = win.location.pathname;
    win.addEventListener('popstate', this.#onPop);
  }

  /** The route, or null for a path no page has (the page says so). */
  get route(): RouteId | null {
    return matchPath(this.#path)?.id ?? null;
  }

  /**
   * Page changes since the app started (links within the app, Back, Forward): the app moves
   * focus to the new page on each (lib/router/focus.ts); the first page is left as it loads.
   */
  get visits(): number {
    return this.#visits;
  }

  /** The current route's path parameters (`/bases/:id` → `{ id }`). */
  get params(): RouteParams {
    return matchPath(this.#path)?.params ?? {};
  }

  href(id: RouteId, params: RouteParams = {}): string {
    return routeHref(id, this.#url.search, params);
  }

  navigate(id: RouteId, params: RouteParams = {}): void {
    const next = this.href(id, params);
    const here = `${this.#win.location.pathname}${this.#win.location.search}`;
    if (next === here) return;
    this.#win.history.pushState(null, '', next);
    this.#path = this.#win.location.pathname;
    this.#url.sync();
    this.#win.scrollTo?.(0, 0);
    this.#visits++;
  }

  destroy(): void {
    this.#win.removeEventListener('popstate', this.#onPop);
  }
}
