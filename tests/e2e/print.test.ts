/**
 * Printing the base report from the browser (not the server's PDF, which bases.test.ts covers):
 * every chart fits A4's printed width (182 mm inside print.css's margins), whether the page is
 * printed under print media (Chromium's emulation, laid out at the window's width) or straight
 * from the screen layout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { artifact, startE2E, watchPage, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;

beforeAll(async () => {
  env = await startE2E('print');
  ({ server, browser } = env);
});

afterAll(() => env?.close());

const A4_PRINTED_PX = (182 / 25.4) * 96;

async function openReport(page: Page, lang: 'zh' | 'en') {
  await page.goto(`${server.url}/bases/base-jdz-1/report${lang === 'en' ? '?lang=en' : ''}`);
  await page.waitForSelector('[data-testid=report][data-state=ready]');
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-rendered]')].every((e) => e.dataset.rendered === 'true'));
}

/** Each chart: its box's width, and how far its drawing runs past the box's right edge. */
const charts = (page: Page) => page.$$eval('[data-testid=report] [role=img]', (els) => els.map((el) => {
  const box = el.getBoundingClientRect();
  const drawn = el.querySelector('svg, canvas')!.getBoundingClientRect();
  return { width: Math.round(box.width), past: Math.round(drawn.right - box.right) };
}));

describe('printing the base report from the browser', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`lays every chart out within A4's printed width under print media (${lang})`, async () => {
      const page = await browser.newPage();
      const watch = watchPage(page, server.url);
      await page.setViewportSize({ width: 1366, height: 800 });
      await openReport(page, lang);
      await page.emulateMedia({ media: 'print' });
      await page.waitForTimeout(300); // the charts' resize observers
      const list = await charts(page);
      expect(list.length).toBe(3);
      for (const c of list) {
        expect(c.width).toBeLessThanOrEqual(Math.ceil(A4_PRINTED_PX));
        expect(c.past).toBeLessThanOrEqual(0);
      }
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.screenshot({ path: artifact(`report-print-${lang}.png`), fullPage: true });
      expect(watch.errors).toEqual([]);
      await page.close();
    });
  }

  it('scales a chart drawn for a wider box down to its printed box rather than clip it', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1366, height: 800 });
    await openReport(page, 'zh');
    await page.emulateMedia({ media: 'print' });
    // The box narrows in the same task, before any observer or print event could redraw: as a
    // browser's print layout, which the page hears of too late or not at all.
    const list = await page.evaluate(() => {
      document.querySelector<HTMLElement>('[data-testid=report]')!.style.maxWidth = '500px';
      return [...document.querySelectorAll('[data-testid=report] [role=img]')].map((el) => {
        const svg = el.querySelector('svg')!;
        return { box: el.getBoundingClientRect().right, drawn: svg.getBoundingClientRect().right, viewBox: svg.getAttribute('viewBox'),
          size: `0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}` };
      });
    });
    for (const c of list) {
      expect(c.drawn).toBeLessThanOrEqual(c.box + 0.5);
      expect(c.viewBox).toBe(c.size); // scaled whole, not cut
    }
    await page.close();
  });

  it('lays the charts out for the screen again when printing ends', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1366, height: 800 });
    await openReport(page, 'en');
    const svgWidths = () => page.$$eval('[data-testid=report] [role=img] svg', (els) => els.map((e) => Number(e.getAttribute('width'))));
    const before = await svgWidths();
    // A print as a browser runs it: the paper's narrower layout, beforeprint, the printing, the
    // screen's layout back and afterprint, all before the resize observers' next report (which
    // then sees the box as it last saw it, and says nothing).
    const during = await page.evaluate(() => {
      const report = document.querySelector<HTMLElement>('[data-testid=report]')!;
      report.style.maxWidth = '500px';
      window.dispatchEvent(new Event('beforeprint'));
      const widths = [...report.querySelectorAll('[role=img] svg')].map((e) => Number(e.getAttribute('width')));
      report.style.maxWidth = '';
      window.dispatchEvent(new Event('afterprint'));
      return widths;
    });
    expect(during.every((w) => w <= 500)).toBe(true);
    await page.waitForTimeout(300);
    expect(await svgWidths()).toEqual(before);
    await page.close();
  });
});
