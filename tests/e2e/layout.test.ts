/**
 * Every page at 1440×900, 1024×768 and a 390×844 phone, in Chinese and English, once its panels
 * are drawn: the page never scrolls sideways, nothing sticks out of its panel, and tables scroll
 * inside their own wrapper only on the phone (layout.ts). One server, one browser, one tab.
 * Full-page screenshots go to tests/.artifacts/layout-<width>-<lang>-<page>.png.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, watchPage, type PageWatch, startE2E, type E2E } from './helpers.ts';
import { layoutAudit, settled } from './layout.ts';
import { EVERY_PAGE } from './pages.ts';

const VIEWPORTS = [
  { width: 1440, height: 900, phone: false },
  { width: 1024, height: 768, phone: false },
  { width: 390, height: 844, phone: true },
] as const;


let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  env = await startE2E('layout');
  ({ server, browser } = env);
  page = await browser.newPage();
  watch = watchPage(page, server.url);
});

afterAll(() => env?.close());

describe('layout at three widths (browser, real server)', () => {
  it('the probe finds a page that scrolls sideways, content out of its panel and a table scrolling where it may not', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.setContent(`<header>h</header><main>
      <section style="width:200px"><p style="width:300px">too wide for its panel</p></section>
      <section><div class="wrap" style="overflow-x:auto;width:100px"><table><tr><td style="white-space:nowrap">a table wider than its wrapper</td></tr></table></div></section>
      <div style="width:500px">wider than the phone</div>
      <div style="overflow:hidden;width:100px"><span style="display:inline-block;width:200px">cut off</span></div></main>`);
    const rules = (all: { rule: string }[]) => [...new Set(all.map((f) => f.rule))].sort();
    expect(rules(await layoutAudit(page, { allowInnerScroll: false }))).toEqual(['clipped', 'inner-scroll', 'off-screen', 'out-of-box', 'page-scroll']);
    // On a phone the table may scroll inside its wrapper; the rest stays wrong.
    expect(rules(await layoutAudit(page, { allowInnerScroll: true }))).toEqual(['clipped', 'off-screen', 'out-of-box', 'page-scroll']);
  });

  for (const vp of VIEWPORTS) {
    for (const lang of ['zh', 'en'] as const) {
      for (const p of EVERY_PAGE) {
        it(`${p.name} at ${vp.width}×${vp.height} (${lang}) fits`, async () => {
          watch.errors.length = 0; // one tab for every visit: each answers for its own errors
          await page.setViewportSize({ width: vp.width, height: vp.height });
          await page.goto(`${server.url}${p.path}${lang === 'en' ? `${p.path.includes('?') ? '&' : '?'}lang=en` : ''}`);
          await settled(page, p.drawn);
          await page.mouse.move(0, 0);
          await page.screenshot({ path: artifact(`layout-${vp.width}-${lang}-${p.name}.png`), fullPage: true });
          expect(await layoutAudit(page, { allowInnerScroll: vp.phone })).toEqual([]);
          expect(watch.errors).toEqual([]);
        });
      }
    }
  }
});
