/**
 * Panel downloads and shared answers in a real browser against the real server (a small demo
 * database): each panel's CSV and Excel are its own query, labelled in the page's language and
 * rounded; charts save as PNG; a query asked again is answered from the shared cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import type { MetaResponse, MetricsResponse } from '../../web/src/lib/api/types.ts';
import { artifact, canvasInk, getJson, watchPage, startE2E, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
let meta: MetaResponse;

beforeAll(async () => {
  env = await startE2E('downloads');
  ({ server, browser } = env);
  meta = (await getJson<MetaResponse>(`${server.url}/api/meta`)).body;
});

afterAll(() => env?.close());

/** Clicks a download control and returns the file's name and bytes. */
async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

/** The JSON answer of a download link's query (the same URL without format). */
async function jsonOf(href: string): Promise<MetricsResponse> {
  const u = new URL(href, server.url);
  u.searchParams.delete('format');
  return (await getJson<MetricsResponse>(u.toString())).body;
}

const places = (id: string) => meta.measures.find((m) => m.id === id)!.decimals;
const round = (v: unknown, d: number) => (v === null || v === undefined ? null : Number((v as number).toFixed(d)));
const beltName = (id: string, lang: 'zh' | 'en') => meta.values.belt.find((b) => b.id === id)!.label[lang];

describe('panel downloads (browser, real server)', () => {
  it('CSV and Excel of the belt leaderboard are its query, labelled in the page language and rounded', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const page = await browser.newPage();
      const watch = watchPage(page, server.url);
      await page.goto(`${server.url}/?measure=gpm${lang === 'en' ? '&lang=en' : ''}`);
      await page.waitForSelector('[data-testid=belts][data-state=ready]');
      const href = (await page.getAttribute('[data-testid=belts] [data-testid=csv]', 'href'))!;
      const json = await jsonOf(href);
      const m = json.measures[0];
      expect(json.rows.length).toBeGreaterThan(1);
      const want = json.rows.map((r) => [String(r.belt), beltName(String(r.belt), lang), round(r[m], places(m))]);

      const csv = await download(page, '[data-testid=belts] [data-testid=csv]');
      expect(csv.name).toMatch(/\.csv$/);
      const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n').filter((l) => !l.startsWith('#'));
      expect(lines[0].split(',').slice(0, 2)).toEqual(lang === 'zh' ? ['产业带ID', '产业带'] : ['Belt ID', 'Belt']);
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(want.map((r) => r.map((v) => (v === null ? '' : String(v)))));

      const xlsx = await download(page, '[data-testid=belts] [data-testid=xlsx]');
      expect(xlsx.name).toMatch(/\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(xlsx.bytes).buffer);
      const rows: unknown[][] = [];
      wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1, 4)));
      expect(rows.slice(1)).toEqual(want.map((r) => r.map((v) => (v === null ? undefined : v))));
      expect(watch.errors).toEqual([]);
      await page.close();
    }
  });

  it('KPI cards and the trend download too; charts save as a non-empty PNG', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid=trend][data-state=ready] [data-rendered=true]');
    const kpiHref = (await page.getAttribute('[data-testid=kpis] [data-testid=xlsx]', 'href'))!;
    expect(new URL(kpiHref, server.url).searchParams.get('format')).toBe('xlsx');
    for (const panel of ['trend', 'mix', 'map']) {
      await page.waitForSelector(`[data-testid=${panel}][data-state=ready] [data-rendered=true]`);
      const png = await download(page, `[data-testid=${panel}] [data-testid=png]`);
      expect(png.name).toBe({ trend: 'beltscope-trend.png', mix: 'beltscope-platform-mix.png', map: 'beltscope-belt-map.png' }[panel]);
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // IHDR: width and height at bytes 16–23, twice the chart's CSS pixels.
      const box = (await page.locator(`[data-testid=${panel}] [role=img]`).boundingBox())!;
      expect(png.bytes.readUInt32BE(16)).toBe(Math.round(box.width) * 2);
      expect(png.bytes.readUInt32BE(20)).toBe(Math.round(box.height) * 2);
      expect(png.bytes.length).toBeGreaterThan(5000);
    }
    await page.close();
  });

  it('/belts: the trend, the catalog tables and the platform mix download their own queries', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/belts?lang=en`);
    const panels = ['belts-trend', 'belts-concentration', 'belts-shares', 'belts-price', 'belts-platform'];
    for (const panel of panels) await page.waitForSelector(`[data-testid=${panel}][data-state=ready]`);
    // The query a panel's download asks is the one the page asked for that panel (the same answer, shared).
    const asked = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/api/metrics?')));
    for (const panel of panels) {
      const href = new URL((await page.getAttribute(`[data-testid=${panel}] [data-testid=csv]`, 'href'))!, server.url);
      expect(href.searchParams.get('format'), panel).toBe('csv');
      href.searchParams.delete('format');
      expect(asked.map((a) => { const u = new URL(a); u.searchParams.delete('format'); return u.toString(); }), panel).toContain(href.toString());
    }
    const csv = await download(page, '[data-testid=belts-trend] [data-testid=csv]');
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines.find((l) => !l.startsWith('#'))!.split(',').slice(0, 3)).toEqual(['Month', 'Belt ID', 'Belt']);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('/belts: every chart saves as a PNG, and the charts whose figures are the comparison\'s link its CSV', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/belts?lang=en`);
    const names: Record<string, string> = {
      'belts-trend': 'beltscope-belts-trend.png', 'belts-price': 'beltscope-belts-order-values.png', 'belts-seasonality': 'beltscope-belts-seasonality.png',
      'belts-gpm': 'beltscope-belts-session-gpm.png', 'belts-conversion': 'beltscope-belts-session-conversion.png',
      'belts-platform': 'beltscope-belts-platform-mix.png', 'belts-venue': 'beltscope-belts-venue-mix.png', 'belts-size': 'beltscope-belts-size-mix.png',
    };
    for (const [panel, name] of Object.entries(names)) {
      await page.locator(`[data-testid=${panel}]`).scrollIntoViewIfNeeded();
      await page.waitForSelector(`[data-testid=${panel}][data-state=ready] [data-rendered=true]`);
      const png = await download(page, `[data-testid=${panel}] [data-testid=png]`);
      expect(png.name).toBe(name);
      expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(png.bytes.length, panel).toBeGreaterThan(3000);
    }
    for (const panel of ['belts-seasonality', 'belts-gpm', 'belts-conversion']) {
      const href = (await page.getAttribute(`[data-testid=${panel}] [data-testid=csv]`, 'href'))!;
      expect(new URL(href, server.url).pathname, panel).toBe('/api/compare');
    }
    await page.close();
  });

  it('disables CSV, Excel and PNG alike on a panel with nothing to show', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?belt=haining-leather&category=seafood`);
    await page.waitForSelector('[data-testid=trend][data-state=empty]');
    await page.waitForSelector('[data-testid=kpis][data-state]');
    const empty = await page.$$eval('section[data-state=empty]', (panels) => panels.map((p) => ({
      panel: p.getAttribute('data-testid'),
      controls: [...p.querySelectorAll('[role=group] .dl')].map((c) => `${c.getAttribute('data-testid')}:${(c as HTMLButtonElement).disabled === true && !c.hasAttribute('href')}`),
    })));
    expect(empty.length).toBeGreaterThan(0);
    for (const { panel, controls } of empty) {
      expect(controls.length, panel ?? '').toBeGreaterThan(0);
      expect(controls.filter((c) => !c.endsWith(':true')), panel ?? '').toEqual([]);
    }
    await page.close();
  });
});

describe('belt map', () => {
  it('draws the belts\' provinces and a bubble per belt, loaded after the first paint, in zh and en', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const page = await browser.newPage();
      const watch = watchPage(page, server.url);
      const scripts: string[] = [];
      page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
      await page.goto(`${server.url}/${lang === 'en' ? '?lang=en' : ''}`);
      await page.waitForSelector('[data-testid=map][data-state=ready] [data-rendered=true]');
      // Outlines of exactly the provinces holding belts (Jiangsu, Zhejiang, Jiangxi), each its own file.
      expect(scripts.filter((s) => /\/(320000|330000|360000)-/.test(s)).length).toBe(3);
      const ink = await canvasInk(page, '[data-testid=map]');
      expect(ink.drawn).toBeGreaterThan(ink.width * ink.height * 0.1);
      expect(ink.coloured).toBeGreaterThan(200);
      const aria = await page.locator('[data-testid=map] [role=img]').getAttribute('aria-label');
      for (const b of meta.values.belt) expect(aria).toContain(b.label[lang]);
      await page.locator('[data-testid=map]').screenshot({ path: artifact(`overview-map-${lang}.png`) });
      expect(watch.errors).toEqual([]);
      await page.close();
    }
  });
});

describe('shared answers', () => {
  it('going back to a page asks nothing again; every DOM id is unique', async () => {
    const page = await browser.newPage();
    const metrics: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/metrics')) metrics.push(r.url()); });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid=merchants][data-state=ready]');
    await page.waitForSelector('[data-testid=kpis][data-state=ready]');
    expect(metrics.length).toBe(5);
    const ids = await page.$$eval('[id]', (els) => els.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    await page.click('nav a[href^="/upload"]');
    await page.waitForSelector('[data-testid=upload-page]');
    await page.goBack();
    await page.waitForSelector('[data-testid=merchants][data-state=ready]');
    expect(metrics.length).toBe(5);
    await page.screenshot({ path: artifact('overview-downloads-zh.png') });
    await page.close();
  });
});
