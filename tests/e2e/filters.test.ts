/**
 * Filters in the link, routes and cross-filtering in a real browser against the real server
 * (a small demo database in a temp folder). Screenshots go to tests/.artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatMeasure } from '../../web/src/lib/format.ts';
import type { Lang, MetaResponse, MetricsResponse } from '../../web/src/lib/api/types.ts';
import { artifact, getJson, watchPage, startE2E, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
let meta: MetaResponse;

beforeAll(async () => {
  env = await startE2E('filters');
  ({ server, browser } = env);
  meta = (await getJson<MetaResponse>(`${server.url}/api/meta`)).body;
});

afterAll(() => env?.close());

const gmvSpec = () => meta.measures.find((m) => m.id === 'gmv')!;

async function apiGmv(qs: string): Promise<number> {
  const { body } = await getJson<MetricsResponse>(`${server.url}/api/metrics?measures=gmv&${qs}`);
  return body.rows[0].gmv as number;
}

/** Waits until the GMV card shows this number (formatted as the page does). */
async function expectGmv(page: Page, value: number, lang: Lang = 'zh') {
  const text = formatMeasure(value, gmvSpec(), lang);
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid=kpis][data-state=ready] [data-measure=gmv] [data-testid=kpi-value]')?.textContent === t,
    text,
    { timeout: 15_000 },
  );
}

const params = (page: Page) => new URL(page.url()).searchParams;

describe('filters in the link, routes and cross-filtering (browser, real server)', () => {
  it('opens a link with filters and shows the API numbers for that slice; reload keeps them', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    const belt = meta.values.belt[0].id;
    const qs = `from=2026-01-01&to=2026-03-31&belt=${belt}&platform=douyin`;
    await page.goto(`${server.url}/?${qs}`);
    await expectGmv(page, await apiGmv(qs));
    const chips = page.getByTestId('chips');
    expect(await chips.innerText()).toContain(meta.values.belt[0].label.zh);
    expect(await page.getByTestId('from').inputValue()).toBe('2026-01-01');
    expect(await page.getByTestId('preset').inputValue()).toBe('custom');
    // Every panel's CSV link is its own query with format=csv.
    const csv = new URL(await page.locator('[data-testid=trend] [data-testid=csv]').getAttribute('href') ?? '', server.url);
    expect(csv.searchParams.get('format')).toBe('csv');
    expect(csv.searchParams.get('belt')).toBe(belt);
    await page.reload();
    await expectGmv(page, await apiGmv(qs));
    expect(params(page).get('belt')).toBe(belt);
    await page.screenshot({ path: artifact('overview-filtered-zh.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('changes filters: the URL (defaults never written) and the numbers follow; back/forward move between pages', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/?lang=en`);
    await page.waitForSelector('[data-testid=kpis][data-state=ready]');
    expect([...params(page).keys()]).toEqual(['lang']);

    await page.getByTestId('preset').selectOption('this_month');
    const last = meta.dataRange.to!;
    const from = `${last.slice(0, 8)}01`;
    expect(params(page).get('from')).toBe(from);
    expect(params(page).get('to')).toBe(last);
    // A month drawn by month would be one point per belt: the trend goes to days.
    expect(params(page).get('grain')).toBe('day');
    await expectGmv(page, await apiGmv(`from=${from}&to=${last}`), 'en');

    await page.locator('[data-testid=filter-platform] summary').click();
    await page.locator('[data-testid=filter-platform] input[value=douyin]').check();
    expect(params(page).get('platform')).toBe('douyin');
    await expectGmv(page, await apiGmv(`from=${from}&to=${last}&platform=douyin`), 'en');

    await page.locator('button[data-compare=previous_period]').click();
    expect(params(page).get('compare')).toBe('previous_period');
    await page.locator('button[data-compare=previous_year]').click();
    expect(params(page).has('compare')).toBe(false);

    // Filter changes replace the history entry; a page change pushes one.
    await page.locator('nav a[data-route=upload]').click();
    await page.getByTestId('upload-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/upload');
    expect(params(page).get('platform')).toBe('douyin');
    await page.goBack();
    await expectGmv(page, await apiGmv(`from=${from}&to=${last}&platform=douyin`), 'en');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goForward();
    await page.getByTestId('upload-page').waitFor();
    await page.reload();
    await page.getByTestId('upload-page').waitFor();
    expect(await page.locator('nav a[aria-current=page]').getAttribute('data-route')).toBe('upload');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('cross-filters by clicking a belt, shown as a removable chip', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/`);
    const row = page.locator('[data-testid=belts-table] tbody tr').first();
    await row.waitFor();
    const belt = await row.getAttribute('data-id');
    await row.locator('button').click();
    expect(params(page).get('belt')).toBe(belt);
    const chip = page.locator(`[data-testid=chips] li[data-id="${belt}"]`);
    await chip.waitFor();
    const { body: h } = await getJson<{ dataRange: { to: string } }>(`${server.url}/api/health`);
    const to = h.dataRange.to;
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    next.setUTCFullYear(next.getUTCFullYear() - 1);
    await expectGmv(page, await apiGmv(`from=${next.toISOString().slice(0, 10)}&to=${to}&belt=${belt}`));
    await page.waitForSelector('[data-testid=belts-table] tbody tr >> nth=0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=belts-table] tbody tr').length === 1);
    await chip.locator('button').click();
    expect(params(page).has('belt')).toBe(false);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=belts-table] tbody tr').length > 1);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('dates read year-month-day in both languages; a typed date moves the window, a wrong one says why', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/?lang=en`);
    const from = page.getByTestId('from');
    await page.waitForFunction(() => /^\d{4}-\d{2}-\d{2}$/.test((document.querySelector('[data-testid=from]') as HTMLInputElement)?.value ?? ''));
    await from.fill('2026/1/5');
    await from.press('Enter');
    expect(params(page).get('from')).toBe('2026-01-05');
    expect(await from.inputValue()).toBe('2026-01-05');
    await expectGmv(page, await apiGmv(`from=2026-01-05&to=${params(page).get('to')}`), 'en');
    await from.fill('01/02/2026');
    await from.press('Enter');
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect(await from.evaluate((el) => (el as HTMLInputElement).validationMessage)).toBe('Enter a date as year-month-day, e.g. 2026-03-21');
    expect(params(page).get('from')).toBe('2026-01-05');
    await from.press('Escape');
    expect(await from.getAttribute('aria-invalid')).toBe('false');
    await page.locator('button[data-lang=zh]').click();
    expect(await from.inputValue()).toBe('2026-01-05');
    await page.screenshot({ path: artifact('filter-dates-zh.png') });

    // The calendar: its native date input is made on the first click (none before), bounded by
    // the data's range; a day chosen there moves the window like a typed one.
    const calendar = page.locator('.date:has([data-testid=from]) input[type=date]');
    expect(await page.locator('input[type=date]').count()).toBe(0);
    await page.locator('.date:has([data-testid=from]) button.pick').click();
    expect(await calendar.inputValue()).toBe('2026-01-05');
    const { body: h } = await getJson<{ dataRange: { from: string; to: string } }>(`${server.url}/api/health`);
    expect(await calendar.getAttribute('min')).toBe(h.dataRange.from);
    expect(await calendar.getAttribute('max')).toBe(h.dataRange.to);
    await page.keyboard.press('Escape');
    await calendar.evaluate((el: HTMLInputElement) => { el.value = '2026-02-01'; el.dispatchEvent(new Event('change', { bubbles: true })); });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('from') === '2026-02-01');
    expect(await from.inputValue()).toBe('2026-02-01');
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
