/**
 * The pages that exist, by path. The navigation lists the ones marked `nav`; a page of one
 * thing (a base) has a `:param` in its path and is reached from its list.
 */
export const ROUTES = [
  { id: 'overview', path: '/', nav: true },
  { id: 'belts', path: '/belts', nav: true },
  { id: 'bases', path: '/bases', nav: true },
  { id: 'merchant', path: '/merchant', nav: true },
  { id: 'base', path: '/bases/:id', nav: false },
  { id: 'baseReport', path: '/bases/:id/report', nav: false },
  { id: 'upload', path: '/upload', nav: true },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];
export type RouteParams = Record<string, string>;

/** The routes the navigation lists, in order. */
export const NAV_ROUTES = ROUTES.filter((r) => r.nav).map((r) => r.id);

function matchPattern(pattern: string, path: string): RouteParams | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (!got[i]) return null;
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** The route of a pathname and its parameters (a trailing slash is ignored); null for a page that does not exist. */
export function matchPath(pathname: string): { id: RouteId; params: RouteParams } | null {
  const clean = (pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname) || '/';
  for (const r of ROUTES) {
    const params = matchPattern(r.path, clean);
    if (params) return { id: r.id, params };
  }
  return null;
}

/** The route of a pathname; null for a page that does not exist. */
export function matchRoute(pathname: string): RouteId | null {
  return matchPath(pathname)?.id ?? null;
}

/** The path of a route, its `:params` filled in (encoded). */
export function routePath(id: RouteId, params: RouteParams = {}): string {
  const path: string = ROUTES.find((r) => r.id === id)?.path ?? '/';
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/**
 * The link to a route: the query string (filters and language) travels with it, so moving
 * between pages keeps the view's slice.
 */
export function routeHref(id: RouteId, search: string, params: RouteParams = {}): string {
  return `${routePath(id, params)}${search && search !== '?' ? (search.startsWith('?') ? search : `?${search}`) : ''}`;
}

/** A click the app handles itself: plain left click, no modifier (others open a new tab). */
export function isPlainClick(e: Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'defaultPrevented'>): boolean {
  return !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}
