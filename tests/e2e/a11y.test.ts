/**
 * Every page, in Chinese and English, passes axe-core (no serious or critical violation) and the
 * in-page audit (a11y.ts): AA contrast, named controls, text alternatives, unique ids and
 * landmarks. Both are shown to bite first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { audit } from './a11y.ts';
import { artifact, startE2E, type E2E } from './helpers.ts';
import { EVERY_PAGE } from './pages.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Rules reported whatever axe's impact (moderate, minor): landmarks a screen reader moves by, a
 * header cell with nothing in it, and a table that scrolls without a way to reach it by keyboard.
 */
const ALWAYS = ['landmark-one-main', 'landmark-unique', 'region', 'empty-table-header', 'scrollable-region-focusable'];

/** axe-core's serious and critical violations on the page, and any of ALWAYS, as `rule: first targets`. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (always) => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe.run;
    const r = await run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || always.includes(v.id))
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, ALWAYS);
}

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;

beforeAll(async () => {
  env = await startE2E('a11y');
  ({ server, browser } = env);
});

afterAll(() => env?.close());


describe('accessibility audit (browser, real server)', () => {
  it('finds low contrast, unnamed controls and duplicate ids when they are there', async () => {
    const page = await browser.newPage();
    await page.setContent(`<header></header><nav></nav><main>
      <p style="color:#aaa;background:#fff">faint</p><input id="x"><span id="x">dup</span><div role="img"></div></main>`);
    const rules = (await audit(page)).map((f) => f.rule).sort();
    expect(rules).toEqual(['color-contrast', 'duplicate-id', 'image-alt', 'label']);
    expect((await axe(page)).map((v) => v.split(':')[0]).sort()).toEqual(expect.arrayContaining(['color-contrast', 'label']));
    await page.close();
  });

  for (const lang of ['zh', 'en'] as const) {
    for (const p of EVERY_PAGE) {
      it(`${p.name} (${lang}) has no findings`, async () => {
        const page = await browser.newPage();
        await page.goto(`${server.url}${p.path}${lang === 'en' ? `${p.path.includes('?') ? '&' : '?'}lang=en` : ''}`);
        await page.waitForSelector(p.ready, { timeout: 30_000 });
        expect(await audit(page)).toEqual([]);
        expect(await axe(page)).toEqual([]);
        if (p.name !== 'overview') await page.screenshot({ path: artifact(`${p.name}-${lang}.png`), fullPage: true });
        await page.close();
      });
    }
  }

  // The printable report has no app header or navigation, so the in-page audit's landmarks do not apply.
  it('the base report has one main landmark and no other finding (zh, en)', async () => {
    for (const q of ['', '?lang=en']) {
      const page = await browser.newPage();
      await page.goto(`${server.url}/bases/base-jdz-1/report${q}`);
      await page.waitForSelector('[data-testid=report][data-state=ready]', { timeout: 30_000 });
      expect(await axe(page)).toEqual([]);
      await page.close();
    }
  });

  // A phone: tables scroll inside their wrappers, which must then be reachable by keyboard.
  const PHONE = [...EVERY_PAGE, { path: '/bases/base-jdz-1/report', name: 'report', ready: '[data-testid=report][data-state=ready]' },
    { path: '/?belt=haining-leather', name: 'overview-belt', ready: '[data-testid=merchants][data-state=ready]' }];
  for (const p of PHONE) {
    it(`${p.name} on a 390×844 phone has no findings`, async () => {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}${p.path}`);
      await page.waitForSelector(p.ready, { timeout: 30_000 });
      expect(await axe(page)).toEqual([]);
      await page.close();
    });
  }

  it('marks Chinese names from the data lang="zh-CN" on English pages', async () => {
    const page = await browser.newPage();
    /** Elements whose own text has Chinese characters but whose language (the nearest lang) is not Chinese. */
    const unmarked = (sel: string) => page.$$eval(sel, (els) => els.filter((e) => /[\u4e00-\u9fff]/.test(e.textContent ?? '')
      && [...e.querySelectorAll('*'), e].some((n) => [...n.childNodes].some((c) => c.nodeType === 3 && /[\u4e00-\u9fff]/.test(c.textContent ?? ''))
        && !n.closest('[lang]')!.getAttribute('lang')!.startsWith('zh'))).map((e) => e.textContent!.trim()));
    await page.goto(`${server.url}/?lang=en`);
    await page.waitForSelector('[data-testid=merchants][data-state=ready]');
    expect(await page.$$eval('[data-testid=merchants-table] tbody th', (ths) => ths.some((th) => /[\u4e00-\u9fff]/.test(th.textContent ?? '')))).toBe(true);
    expect(await unmarked('[data-testid=merchants-table] tbody th')).toEqual([]);
    await page.goto(`${server.url}/merchant?merchant=M-JDZ-08050&lang=en`);
    await page.waitForSelector('[data-testid=merchant-benchmark][data-state=ready]');
    expect(await page.$eval('[data-testid=merchant-benchmark] header p', (p) => /[\u4e00-\u9fff]/.test(p.textContent ?? ''))).toBe(true);
    expect(await unmarked('[data-testid=merchant-benchmark] header p')).toEqual([]);
    await page.close();
  });

  it('makes a table wrapper a named Tab stop only while its table scrolls', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/belts`);
    await page.waitForSelector('[data-testid=belts-growth][data-state=ready]');
    const wrappers = () => page.$$eval('.table-scroll', (ws) => ws.map((w) => ({
      scrolls: w.scrollWidth > w.clientWidth + 1,
      tabindex: w.getAttribute('tabindex'),
      name: document.getElementById(w.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '',
    })));
    const phone = await wrappers();
    expect(phone.filter((w) => w.scrolls).length).toBeGreaterThanOrEqual(3);
    for (const w of phone) {
      expect(w.name).not.toBe('');
      expect(w.tabindex).toBe(w.scrolls ? '0' : null);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForFunction(() => [...document.querySelectorAll('.table-scroll')].every((w) => (w.scrollWidth > w.clientWidth + 1) === (w.getAttribute('tabindex') === '0')));
    await page.close();
  });
});
