/**
 * Every page, in Chinese and English, passes the in-page audit (a11y.ts): AA contrast, named
 * controls, text alternatives, unique ids and landmarks. The checks are shown to bite first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { startServer } from '../../cli/serve.ts';
import { audit } from './a11y.ts';
import { artifact, buildWeb, launchBrowser } from './helpers.ts';

let tmp: string;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'beltscope-e2e-a11y-'));
  const staticDir = await buildWeb(join(tmp, 'web'));
  server = await startServer({ dbPath: join(tmp, 'demo.duckdb'), port: 0, demoOrders: 20_000, staticDir, log: () => {} });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const PAGES = [
  { path: '/', ready: '[data-testid=merchants][data-state=ready]', name: 'overview' },
  { path: '/upload', ready: '[data-testid=coverage]', name: 'upload' },
  { path: '/nowhere', ready: 'main h1', name: 'not-found' },
];

describe('accessibility audit (browser, real server)', () => {
  it('finds low contrast, unnamed controls and duplicate ids when they are there', async () => {
    const page = await browser.newPage();
    await page.setContent(`<header></header><nav></nav><main>
      <p style="color:#aaa;background:#fff">faint</p><input id="x"><span id="x">dup</span><div role="img"></div></main>`);
    const rules = (await audit(page)).map((f) => f.rule).sort();
    expect(rules).toEqual(['color-contrast', 'duplicate-id', 'image-alt', 'label']);
    await page.close();
  });

  for (const lang of ['zh', 'en'] as const) {
    for (const p of PAGES) {
      it(`${p.name} (${lang}) has no findings`, async () => {
        const page = await browser.newPage();
        await page.goto(`${server.url}${p.path}${lang === 'en' ? '?lang=en' : ''}`);
        await page.waitForSelector(p.ready, { timeout: 30_000 });
        expect(await audit(page)).toEqual([]);
        if (p.name !== 'overview') await page.screenshot({ path: artifact(`${p.name}-${lang}.png`), fullPage: true });
        await page.close();
      });
    }
  }
});
