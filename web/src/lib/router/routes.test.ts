import { describe, expect, it } from 'vitest';
import { isPlainClick, matchRoute, routeHref } from './routes.ts';

describe('routes', () => {
  it('matches the pages that exist, ignoring a trailing slash', () => {
    expect(matchRoute('/')).toBe('overview');
    expect(matchRoute('/upload')).toBe('upload');
    expect(matchRoute('/belts')).toBe('belts');
    expect(matchRoute('/upload/')).toBe('upload');
    expect(matchRoute('/nowhere')).toBeNull();
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
