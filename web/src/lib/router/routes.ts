/**
 * The pages that exist, by path. The navigation lists exactly these; later pages (belts,
 * bases, merchant, sessions) add a line here when they land.
 */
export const ROUTES = [
  { id: 'overview', path: '/' },
  { id: 'belts', path: '/belts' },
  { id: 'upload', path: '/upload' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

/** The route of a pathname (a trailing slash is ignored); null for a page that does not exist. */
export function matchRoute(pathname: string): RouteId | null {
  const clean = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return ROUTES.find((r) => r.path === (clean || '/'))?.id ?? null;
}

export function routePath(id: RouteId): string {
  return ROUTES.find((r) => r.id === id)?.path ?? '/';
}

/**
 * The link to a route: the query string (filters and language) travels with it, so moving
 * between pages keeps the view's slice.
 */
export function routeHref(id: RouteId, search: string): string {
  return `${routePath(id)}${search && search !== '?' ? (search.startsWith('?') ? search : `?${search}`) : ''}`;
}

/** A click the app handles itself: plain left click, no modifier (others open a new tab). */
export function isPlainClick(e: Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'defaultPrevented'>): boolean {
  return !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}
