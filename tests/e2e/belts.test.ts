/**
 * The belt comparison page in a real browser against the real server (a small demo database in
 * a temp folder), in Chinese and English. Screenshots go to tests/.artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { growthText } from '../../web/src/features/belts/belts-model.ts';
import { formulaText } from '../../web/src/lib/formulas.ts';
import type { CompareResponse, HealthResponse, Lang, MetaResponse } from '../../web/src/lib/api/types.ts';
import { artifact, canvasInk, getJson, watchPage, startE2E, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
let meta: MetaResponse;
let range: { from: string; to: string };

beforeAll(async () => {
  env = await startE2E('belts');
  ({ server, browser } = env);
  meta = (await getJson<MetaResponse>(`${server.url}/api/meta`)).body;
  range = (await getJson<HealthResponse>(`${server.url}/api/health`)).body.dataRange as { from: string; to: string };
});

afterAll(() => env?.close());

const ready = (page: Page, testid: string) => page.waitForSelector(`[data-testid=${testid}][data-state=ready]`, { timeout: 20_000 });
const cells = (page: Page, table: string, col: string) =>
  page.$$eval(`[data-testid=${table}] tbody tr`, (rows, c) => rows.map((r) => [r.getAttribute('data-belt'), r.querySelector(`[data-col=${c}]`)?.textContent]), col);

describe('belt comparison page (browser, real server)', () => {
  for (const lang of ['zh', 'en'] as Lang[]) {
    it(`shows the picked belts side by side with the API's growth, in ${lang}`, async () => {
      const page = await browser.newPage();
      const watch = watchPage(page, server.url);
      const [a, b] = meta.values.belt.map((v) => v.id);
      const qs = `belt=${a},${b}&from=2025-11-01&to=2026-10-31`;
      await page.goto(`${server.url}/belts?${qs}${lang === 'en' ? '&lang=en' : ''}`);
      await ready(page, 'belts-growth');
      const api = (await getJson<CompareResponse>(`${server.url}/api/compare?${qs}`)).body;
      const na = lang === 'zh' ? '无法计算' : 'n/a';
      // The belt filter's order, and the API's growth as the page words it.
      expect(await cells(page, 'growth-table', 'yoy')).toEqual(
        [a, b].map((id) => [id, growthText(api.belts.find((x) => x.belt_id === id)!.growth.yoy, lang, na)]));
      expect(await cells(page, 'growth-table', 'cagr')).toEqual(
        [a, b].map((id) => [id, growthText(api.belts.find((x) => x.belt_id === id)!.growth.cagr, lang, na)]));
      // The whole comparison as CSV: the page's window and filters, headers in its language.
      const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=belts-growth] [data-testid=csv]')]);
      expect(d.suggestedFilename()).toMatch(/^beltscope-compare-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-v\d+\.csv$/);
      const csv = readFileSync(await d.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l && !l.startsWith('#'));
      expect(csv[0].startsWith(lang === 'zh' ? '产业带ID,产业带,' : 'Belt ID,Belt,')).toBe(true);
      expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual([a, b]);
      // Navigation lists the page and marks it current.
      expect(await page.locator('nav [aria-current=page]').innerText()).toBe(lang === 'zh' ? '产业带对比' : 'Compare belts');
      // Seasonality names the whole years it reads (the API's years), which reach beyond the window.
      expect(api.years.length).toBeGreaterThan(0);
      expect(await page.locator('[data-testid=belts-seasonality] header .titles p').innerText())
        .toContain(lang === 'zh' ? `${api.years[0].from} 至 ${api.years.at(-1)!.to}` : `${api.years[0].from} to ${api.years.at(-1)!.to}`);
      // Every figure is drawn.
      for (const id of ['belts-trend', 'belts-price', 'belts-seasonality', 'belts-gpm', 'belts-platform', 'belts-venue', 'belts-size']) {
        await ready(page, id);
        await page.waitForFunction((s) => !!document.querySelector(`[data-testid=${s}] canvas`), id, { timeout: 15_000 });
      }
      // Charts animate in: wait until their series are drawn.
      for (const id of ['belts-seasonality', 'belts-gpm', 'belts-venue']) {
        await expect.poll(async () => (await canvasInk(page, `[data-testid=${id}]`)).coloured, { timeout: 10_000 }).toBeGreaterThan(50);
      }
      // "How is this computed" shows the catalog's formula.
      const how = page.locator('[data-testid=belts-concentration] details');
      await how.locator('summary').click();
      // Chinese pages read the formula in Chinese words (the catalog writes them in English).
      expect(await how.innerText()).toContain(formulaText(meta, 'hhi', lang));
      if (lang === 'zh') expect(await how.innerText()).not.toContain('share of the top');
      await page.screenshot({ path: artifact(`belts-${lang}.png`), fullPage: true });
      // The language switched in place: every panel's "how" summary follows (it was read once, in the first language).
      const other = lang === 'zh' ? 'en' : 'zh';
      await page.locator(`button[data-lang=${other}]`).click();
      const summaries = () => page.$$eval('details.how > summary', (s) => [...new Set(s.map((x) => x.textContent?.trim()))]);
      await expect.poll(summaries, { timeout: 10_000 }).toEqual([other === 'en' ? 'How is this computed' : '计算方法']);
      expect(watch.errors).toEqual([]);
      expect(watch.external).toEqual([]);
      await page.close();
    });
  }

  it('flags a window outside the data and unknown belts from the link; marks the months a window cuts', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    // A lunar comparison years before the Spring Festival table: the page asks nothing (the API
    // would refuse the dates), so the notice stands alone, without error panels under it.
    const asked: string[] = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/compare') || new URL(r.url()).pathname.startsWith('/api/metrics')) asked.push(r.url()); });
    await page.goto(`${server.url}/belts?from=2012-01-01&to=2012-02-01&compare=previous_year_lunar&lang=en`);
    const notice = page.getByTestId('window-outside');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.innerText()).toContain(`covers ${range.from} to ${range.to}`);
    for (const id of ['belts-growth', 'belts-trend', 'belts-seasonality']) await page.waitForSelector(`[data-testid=${id}][data-state=empty]`);
    expect(await page.getByTestId('data-range').innerText()).toBe(`Window: 2012-01-01 to 2012-02-01 · data: ${range.from} to ${range.to}`);
    expect(asked).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.getByTestId('window-reset').click();
    await page.waitForFunction((r) => new URL(location.href).searchParams.get('from') === r, range.from);
    await ready(page, 'belts-growth');
    expect(await notice.count()).toBe(0);

    // An unknown belt and a date that is no day leave the link, each named in a notice.
    // So does a comparison the page does not offer (it was ignored without a word).
    await page.goto(`${server.url}/belts?belt=nowhere&from=2026-13-45&compare=foo`);
    const dropped = page.getByTestId('url-dropped');
    await dropped.waitFor({ timeout: 15_000 });
    expect(await dropped.innerText()).toContain('“nowhere”');
    expect(await dropped.innerText()).toContain('“2026-13-45”');
    expect(await dropped.innerText()).toContain('链接中的对比方式“foo”不是可选的值');
    await page.waitForFunction(() => !location.search.includes('belt=') && !location.search.includes('from=') && !location.search.includes('compare='));
    await ready(page, 'belts-growth');
    expect(await page.getByTestId('belts-hint').innerText()).not.toContain('只显示 。');

    // Two belts asked for, one of which sold nothing of the category filtered: it is named.
    await page.goto(`${server.url}/belts?belt=jingdezhen-ceramics,haining-leather&category=ceramics&lang=en`);
    await ready(page, 'belts-growth');
    expect(await page.getByTestId('belts-no-sales').innerText()).toBe('Haining leather: no sales in this window with these filters, so not listed.');
    // Two were picked, so the hint does not ask for two: it says why there is no comparison.
    expect(await page.getByTestId('belts-hint').innerText()).toMatch(/^Of the belts picked, only Jingdezhen .+ has sales/);

    // No belt asked for, and a category only one belt sells: said, not "pick 2–6 belts".
    await page.goto(`${server.url}/belts?category=ceramics&lang=en`);
    await ready(page, 'belts-growth');
    expect(await page.getByTestId('belts-hint').innerText()).toMatch(/^Only Jingdezhen .+ has sales in this window with these filters/);
    // An index base month the window does not hold: the month used instead is named.
    await page.goto(`${server.url}/belts?norm=index&base=2023-01&lang=en`);
    await ready(page, 'belts-trend');
    expect(await page.getByTestId('base-unused').innerText()).toMatch(/^The link's index base month Jan 2023 is not in this window: \w+ \d{4} is the base/);

    // A window of one month: the monthly trend says where to see it by day; the mixes download the comparison.
    await page.goto(`${server.url}/belts?from=2026-03-01&to=2026-03-31&lang=en`);
    await ready(page, 'belts-trend');
    expect(await page.getByTestId('trend-short').innerText()).toBe('This window spans 1 month: the trend here is monthly; the overview draws the same window by day or week.');
    expect(await page.locator('[data-testid=belts-venue] a', { hasText: 'All comparison figures (CSV)' }).getAttribute('href')).toMatch(/^\/api\/compare\?.*format=csv/);

    // A window cutting March and August: both named with their days; the index starts from April.
    const belts = meta.values.belt.slice(0, 3).map((v) => v.id).join(',');
    await page.goto(`${server.url}/belts?from=2026-03-17&to=2026-08-09&belt=${belts}&norm=index&lang=en`);
    await ready(page, 'belts-trend');
    expect(await page.getByTestId('trend-partial').innerText()).toContain('Mar 2026: 15 of 31 days');
    expect(await page.getByTestId('base').inputValue()).toBe('2026-04');
    await page.screenshot({ path: artifact('belts-partial-en.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('the first year of data has no prior year: growth reads n/a; the normalised view lives in the link', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    const to = new Date(Date.parse(`${range.from}T00:00:00Z`) + 200 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${server.url}/belts?from=${range.from}&to=${to}&lang=en`);
    await ready(page, 'belts-growth');
    const yoy = await cells(page, 'growth-table', 'yoy');
    expect(yoy.length).toBeGreaterThanOrEqual(2);
    for (const [, text] of yoy) expect(text).toBe('n/a');
    // No whole year yet: seasonality says so instead of drawing empty axes.
    await page.waitForSelector('[data-testid=belts-seasonality][data-state=empty]', { timeout: 15_000 });
    await page.locator('[data-testid=norm] button[data-value=index]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('norm') === 'index');
    await page.locator('[data-testid=base]').selectOption({ index: 1 });
    await page.waitForFunction(() => /^\d{4}-\d{2}$/.test(new URL(location.href).searchParams.get('base') ?? ''));
    const link = page.url();
    await page.goto(link);
    await ready(page, 'belts-trend');
    expect(await page.locator('[data-testid=norm] button[aria-pressed=true]').getAttribute('data-value')).toBe('index');
    // The lunar 同比 is offered with the others and goes into the link.
    await page.locator('button[data-compare=previous_year_lunar]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('compare') === 'previous_year_lunar');
    await page.waitForFunction(() => document.querySelector('[data-testid=growth-table] thead')?.textContent?.includes('YoY (lunar)'));
    await page.screenshot({ path: artifact('belts-first-year-en.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
