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

describe('filter menus (browser, real server)', () => {
  const open = (page: Page, testid: string) => page.$eval(`[data-testid=${testid}]`, (d) => (d as HTMLDetailsElement).open);

  it('Escape closes a menu and gives focus back to its button', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid=kpis][data-state=ready]');
    await page.focus('[data-testid=filter-belt] summary');
    await page.keyboard.press('Enter');
    expect(await open(page, 'filter-belt')).toBe(true);
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('input');
    await page.keyboard.press('Escape');
    expect(await open(page, 'filter-belt')).toBe(false);
    expect(await focused(page)).toMatchObject({ tag: 'summary', testid: 'filter-belt' });
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('closes a menu when Tab moves focus out of it', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid=kpis][data-state=ready]');
    await page.focus('[data-testid=filter-belt] summary');
    await page.keyboard.press('Enter');
    const boxes = await page.locator('[data-testid=filter-belt] input[type=checkbox]').count();
    expect(boxes).toBeGreaterThan(1);
    for (let i = 0; i < boxes; i++) await page.keyboard.press('Tab');
    expect(await open(page, 'filter-belt')).toBe(true); // still on its last checkbox
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'summary', testid: 'filter-platform' });
    expect(await open(page, 'filter-belt')).toBe(false);
    // A click on the menu's own padding (focus goes nowhere) keeps it open.
    await page.keyboard.press('Enter');
    await page.click('[data-testid=filter-platform] fieldset', { position: { x: 2, y: 2 } });
    expect(await open(page, 'filter-platform')).toBe(true);
    await page.close();
  });
});

describe('page changes and the header (browser, real server)', () => {
  it('offers "skip to content" as the first Tab stop, landing on the page heading', async () => {
    for (const [lang, label] of [['zh', '跳到正文'], ['en', 'Skip to content']] as const) {
      const page = await browser.newPage();
      await page.goto(`${server.url}/belts${lang === 'en' ? '?lang=en' : ''}`);
      await page.waitForSelector('main h1');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ tag: 'a', testid: 'skip', text: label });
      expect(await page.$eval('[data-testid=skip]', (a) => a.getBoundingClientRect().top >= 0)).toBe(true); // shown when focused
      const url = page.url();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement === document.querySelector('main h1'))).toBe(true);
      expect(page.url()).toBe(url); // no #main written into the link
      await page.close();
    }
  });

  it('moves focus to the new page\'s heading after a link within the app, and back', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/bases`);
    await page.waitForSelector('[data-testid=bases][data-state=ready] [data-testid=base-link]');
    await page.click('[data-testid=base-link]');
    // A base's heading comes with its data: focus waits for it.
    await page.waitForFunction(() => document.activeElement?.matches('main h1[data-testid=base-name]'), undefined, { timeout: 15_000 });
    await page.getByRole('link', { name: /全部基地|All bases/ }).first().click();
    await page.waitForFunction(() => location.pathname === '/bases' && document.activeElement === document.querySelector('main h1'));
    await page.goBack();
    await page.waitForFunction(() => location.pathname !== '/bases' && document.activeElement?.closest('main') !== null);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  for (const [w, h] of [[390, 844], [1366, 800]]) {
    it(`never leaves the focused element under the header (${w}×${h})`, async () => {
      const page = await browser.newPage();
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`${server.url}/belts`);
      await page.waitForSelector('[data-testid=belts-growth][data-state=ready]');
      /** How far the focused element's top lies under the header's bottom (0: clear of it). */
      const hidden = () => page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body || el.closest('header, [data-testid=skip]')) return '';
        const header = document.querySelector('header')!.getBoundingClientRect();
        const under = Math.round(header.bottom - el.getBoundingClientRect().top);
        return under > 0 ? `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 20)}" ${under}px under` : '';
      });
      const under: string[] = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        under.push(await hidden());
      }
      // Back up the page: each element is scrolled to from below, where the header was in the way.
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Shift+Tab');
        under.push(await hidden());
      }
      expect(under.filter(Boolean)).toEqual([]);
      await page.close();
    });
  }
});

describe('the upload page (browser, real server)', () => {
  it('reaches the file picker through its one visible button: Tab goes on past it, not into the hidden input', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/upload?lang=en`);
    const pick = page.locator('button', { hasText: 'choose files' });
    await pick.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe('file-input');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).text).toBe('choose files');
    await page.close();
  });
});
