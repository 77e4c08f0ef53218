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

/** axe-core's serious and critical violations on the page, as `rule: first targets`. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe.run;
    const r = await run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
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
});
