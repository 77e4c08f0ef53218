import { describe, expect, it } from 'vitest';
import { isPlainClick, matchPath, matchRoute, NAV_ROUTES, routeHref } from './routes.ts';

describe('routes', () => {
  it('matches the pages that exist, ignoring a trailing slash', () => {
    expect(matchRoute('/')).toBe('overview');
    expect(matchRoute('/upload')).toBe('upload');
    expect(matchRoute('/belts')).toBe('belts');
    expect(matchRoute('/upload/')).toBe('upload');
    expect(matchRoute('/nowhere')).toBeNull();
  });

  it('reads a base id from its path, decoded, and builds the link back', () => {
    expect(matchPath('/bases')).toEqual({ id: 'bases', params: {} });
    expect(matchPath('/bases/base-jdz-1/')).toEqual({ id: 'base', params: { id: 'base-jdz-1' } });
    expect(matchPath('/bases/a%20b/report')).toEqual({ id: 'baseReport', params: { id: 'a b' } });
    expect(matchPath('/bases//report')).toBeNull();
    expect(matchPath('/bases/x/y')).toBeNull();
    expect(routeHref('base', '?lang=en', { id: 'a b' })).toBe('/bases/a%20b?lang=en');
    expect(routeHref('baseReport', '', { id: 'base-1' })).toBe('/bases/base-1/report');
    expect(NAV_ROUTES).toEqual(['overview', 'belts', 'bases', 'merchant', 'upload']);
  });

  it('keeps the query string (filters, language) on a link', () => {
    expect(routeHref('upload', '?lang=en&belt=a')).toBe('/upload?lang=en&belt=a');
    expect(routeHref('overview', '')).toBe('/');
    expect(routeHref('overview', '?')).toBe('/');
  });

  it('leaves modified clicks to the browser', () => {
    const base = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
    expect(isPlainClick(base)).toBe(true);
    expect(isPlainClick({ ...base, ctrlKey: true })).toBe(false);
    expect(isPlainClick({ ...base, button: 1 })).toBe(false);
  });
});
