/**
 * The dashboard in a real browser against the real server: headless Debian Chromium
 * (playwright-core) on a small demo database (~20k orders) in a temp folder, with the web
 * app built from the current sources. Screenshots go to tests/.artifacts/ (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatMeasure, formatMeasureExact } from '../../web/src/lib/format.ts';
import type { ApiErrorBody, HealthResponse, Lang, MetaResponse, MetricsResponse } from '../../web/src/lib/api/types.ts';
import { artifact, canvasInk, getJson, watchPage, type PageWatch, startE2E, type E2E } from './helpers.ts';

const KPIS = ['gmv', 'orders', 'live_gmv', 'gpm', 'conversion', 'aov'];
const CHART = '[data-testid=trend]';

let env: E2E;
let server: E2E['server'];
let browser: BrowserContext;
let meta: MetaResponse;
let health: HealthResponse;
let kpis: MetricsResponse;
let trend: MetricsResponse;
/** The default window: the last 12 months up to the data's last day. */
let win: { from: string; to: string };

beforeAll(async () => {
  env = await startE2E('dashboard');
  ({ server, browser } = env);
  const api = `${server.url}/api`;
  health = (await getJson<HealthResponse>(`${api}/health`)).body;
  meta = (await getJson<MetaResponse>(`${api}/meta`)).body;
  const last = health.dataRange.to!;
  const next = new Date(`${last}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  next.setUTCFullYear(next.getUTCFullYear() - 1);
  win = { from: next.toISOString().slice(0, 10), to: last };
  const w = `from=${win.from}&to=${win.to}`;
  kpis = (await getJson<MetricsResponse>(`${api}/metrics?measures=${KPIS.join(',')}&${w}&compare=previous_year`)).body;
  trend = (await getJson<MetricsResponse>(`${api}/metrics?measures=gmv&by=belt&grain=month&${w}`)).body;
});

afterAll(() => env?.close());

async function open(path = '/'): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage();
  const watch = watchPage(page, server.url);
  await page.goto(`${server.url}${path}`);
  return { page, watch };
}

const measure = (id: string) => {
  const m = meta.measures.find((x) => x.id === id);
  if (!m) throw new Error(`/api/meta has no measure ${id}`);
  return m;
};

/** Each KPI card shows the catalog's label and the API's number, formatted for `lang`. */
async function expectKpis(page: Page, lang: Lang, expected: MetricsResponse = kpis) {
  await page.waitForSelector('[data-testid=kpis][data-state=ready]');
  const first = measure(KPIS[0]);
  await page.waitForFunction(
    (text) => document.querySelector('[data-measure=gmv] [data-testid=kpi-value]')?.textContent === text,
    formatMeasure(expected.rows[0].gmv, first, lang),
  );
  for (const id of KPIS) {
    const m = measure(id);
    const value = expected.rows[0][id];
    expect(typeof value, `${id} is a number in the API`).toBe('number');
    const card = page.locator(`[data-measure="${id}"]`);
    expect(await card.locator('h3').innerText()).toBe(m.label[lang]);
    const shown = await card.locator('[data-testid=kpi-value]').innerText();
    expect(shown).toBe(formatMeasure(value, m, lang));
    expect(shown).toMatch(/\d/);
    expect(await card.locator('[data-testid=kpi-exact]').textContent()).toBe(formatMeasureExact(value, m, lang));
  }
}

async function chartLabel(page: Page): Promise<string> {
  await page.waitForSelector(`${CHART} [data-rendered=true]`);
  return (await page.locator(`${CHART} [role=img]`).getAttribute('aria-label')) ?? '';
}

const isMetrics = (url: URL) => url.pathname === '/api/metrics';
const beltsInTrend = () => [...new Set(trend.rows.map((r) => String(r.belt)))];
const beltLabel = (id: string, lang: Lang) => meta.values.belt.find((v) => v.id === id)?.label[lang] ?? id;

describe('dashboard overview (browser, real server)', () => {
  it('serves a demo dataset with the catalog and data the page needs', () => {
    expect(health.status).toBe('ok');
    expect(health.demo).toBe(true);
    expect(health.counts.orders).toBeGreaterThan(10_000);
    expect(KPIS.every((id) => meta.measures.some((m) => m.id === id))).toBe(true);
    expect(kpis.rows).toHaveLength(1);
    expect(trend.rows.length).toBeGreaterThan(0);
    expect(meta.values.belt.length).toBeGreaterThan(0);
  });

  it('finds every query of a first visit to the overview and the belt comparison in the server\'s warmed cache', async () => {
    await server.warmup!.idle();
    const page = await browser.newPage();
    const answers: string[] = [];
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/metrics' || u.pathname === '/api/compare') answers.push(`${r.headers()['server-timing']} ← ${u.pathname}${u.search}`);
    });
    await page.goto(`${server.url}/`);
    for (const panel of ['kpis', 'trend', 'mix', 'belts', 'merchants']) await page.waitForSelector(`[data-testid=${panel}][data-state=ready]`);
    await page.goto(`${server.url}/belts`);
    // The overview's five panels, then the comparison's four sources: each told the server's cache had it.
    await expect.poll(() => answers.length, { timeout: 60_000 }).toBe(9);
    expect(answers.filter((a) => !a.startsWith('cache;desc=hit'))).toEqual([]);
    await page.close();
  });

  it('shows KPI cards with the API numbers, the demo badge and a drawn chart (zh)', async () => {
    const { page, watch } = await open('/');
    await expectKpis(page, 'zh');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('tagline').innerText()).toBe('产业带直播电商看板');
    // Under the cards: the days the changes compare with (the API's comparison window).
    expect(await page.getByTestId('kpi-compared').innerText()).toMatch(new RegExp(`^同比：与 ${kpis.comparison!.from} 至 ${kpis.comparison!.to} 相比。`));

    const badge = page.getByTestId('demo-badge');
    expect(await badge.locator('button').innerText()).toContain('示例数据');
    await badge.locator('button').hover();
    const tip = badge.locator('[role=tooltip]');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.innerText()).toContain('生成');

    const label = await chartLabel(page);
    for (const id of beltsInTrend()) expect(label).toContain(beltLabel(id, 'zh'));
    const ink = await canvasInk(page, CHART);
    expect(ink.width).toBeGreaterThan(300);
    expect(ink.drawn).toBeGreaterThan(ink.width * ink.height * 0.01);
    expect(ink.coloured, 'series lines are drawn in colour').toBeGreaterThan(500);

    // The chart's data table (read by screen readers) holds exactly the API's numbers.
    const cells = await page.locator('[data-testid=trend-data] tbody td').evaluateAll((tds) =>
      tds.map((td) => ({ period: td.parentElement!.dataset.period!, belt: (td as HTMLElement).dataset.id!, value: Number((td as HTMLElement).dataset.value) })));
    const plotted = new Map(cells.map((c) => [`${c.period}|${c.belt}`, c.value]));
    for (const row of trend.rows) {
      expect(plotted.get(`${String(row.month).slice(0, 7)}|${row.belt}`), `${row.month} ${row.belt}`).toBe(row.gmv);
    }
    expect(cells.filter((c) => c.value !== 0)).toHaveLength(trend.rows.filter((r) => r.gmv !== 0).length);

    await page.mouse.move(0, 0);
    await page.screenshot({ path: artifact('overview-zh.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    expect(watch.external, 'no request leaves the server (works offline)').toEqual([]);
    await page.close();
  });

  it('says on each KPI card a category filter does not reach (live sessions have no category)', async () => {
    const category = meta.values.category[0].id;
    const api = (await getJson<MetricsResponse>(`${server.url}/api/metrics?measures=${KPIS.join(',')}&from=${win.from}&to=${win.to}&category=${category}`)).body;
    const unfiltered = api.notApplied.filter((n) => n.dimension === 'category').flatMap((n) => n.measures);
    expect(unfiltered).toEqual(expect.arrayContaining(['live_gmv', 'gpm', 'conversion']));
    const { page, watch } = await open(`/?category=${category}&lang=en`);
    await page.waitForSelector('[data-testid=kpis][data-state=ready]');
    const marked = await page.locator('[data-testid=kpis] article:has([data-testid=kpi-unfiltered])')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-measure')));
    expect(marked.sort()).toEqual(KPIS.filter((id) => unfiltered.includes(id)).sort());
    expect(await page.locator('article[data-measure=live_gmv] [data-testid=kpi-unfiltered]').innerText())
      .toBe("Not filtered by Category: this measure's data does not have it");
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('switches to English and back, keeping the language in the URL', async () => {
    const { page, watch } = await open('/');
    await expectKpis(page, 'zh');
    await chartLabel(page);

    await page.locator('button[data-lang=en]').click();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.getAttribute('button[data-lang=en]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('button[data-lang=zh]', 'aria-pressed')).toBe('false');
    await expectKpis(page, 'en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('demo-badge').innerText()).toContain('Demo data');
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid=trend] [role=img]')?.getAttribute('aria-label')?.includes(name),
      beltLabel(beltsInTrend()[0], 'en'),
    );
    const label = await chartLabel(page);
    for (const id of beltsInTrend()) expect(label).toContain(beltLabel(id, 'en'));
    expect((await canvasInk(page, CHART)).coloured).toBeGreaterThan(500);
    await page.waitForTimeout(500); // let the chart's update animation finish
    await page.screenshot({ path: artifact('overview-en.png'), fullPage: true });

    await page.locator('button[data-lang=zh]').click();
    expect(new URL(page.url()).searchParams.has('lang')).toBe(false);
    await expectKpis(page, 'zh');

    // A shared link opens in its language.
    await page.goto(`${server.url}/?lang=en`);
    await expectKpis(page, 'en');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('shows the API error message in the current language', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url, { expect4xx: true });
    // Ask for a measure that does not exist, so the real server answers with a real error.
    await page.route(isMetrics, (route) => {
      const u = new URL(route.request().url());
      u.searchParams.set('measures', 'no_such_measure');
      return route.continue({ url: u.toString() });
    });
    const expected = async (lang: Lang) => {
      const { status, body } = await getJson<ApiErrorBody>(`${server.url}/api/metrics?measures=no_such_measure&lang=${lang}`);
      expect(status).toBeGreaterThanOrEqual(400);
      return body.error.message;
    };

    await page.goto(`${server.url}/?lang=en`);
    const kpiError = page.locator('[data-testid=kpis][data-state=error] [data-testid=status-message]');
    await kpiError.waitFor();
    const en = await expected('en');
    expect(await kpiError.innerText()).toBe(en);
    await page.locator(`${CHART}[data-state=error]`).waitFor();
    await page.screenshot({ path: artifact('overview-error-en.png'), fullPage: true });

    await page.locator('button[data-lang=zh]').click();
    const zh = await expected('zh');
    await page.waitForFunction(
      (msg) => document.querySelector('[data-testid=kpis] [data-testid=status-message]')?.textContent === msg,
      zh,
    );
    expect(zh).not.toBe(en);

    // Retry with the route gone: the numbers come back.
    await page.unroute(isMetrics);
    await page.locator('[data-testid=kpis] button', { hasText: '重试' }).click();
    await expectKpis(page, 'zh');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('starts from the health and catalog in the page itself: no request for them before the first numbers', async () => {
    const page = await browser.newPage();
    const asked: string[] = [];
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/')) asked.push(u.pathname); });
    await page.goto(`${server.url}/`);
    await expectKpis(page, 'zh');
    expect(asked).toContain('/api/metrics');
    expect(asked.filter((p) => p === '/api/meta' || p === '/api/health')).toEqual([]);
    await page.close();
  });

  it('reports a failed catalog instead of showing bare ids, and recovers on retry', async () => {
    const page = await browser.newPage();
    // The real server's answer to a bad request stands in for a failing /api/meta.
    const isMeta = (u: URL) => u.pathname === '/api/meta';
    await page.route(isMeta, (route) => route.continue({ url: `${server.url}/api/metrics?measures=no_such_measure&lang=en` }));
    // A shell without the catalog written into it (as when the server could not read it then): the app asks /api/meta.
    const isShell = (u: URL) => u.pathname === '/';
    await page.route(isShell, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(/<script id="beltscope-boot"[^>]*>.*?<\/script>/s, '');
      await route.fulfill({ response: res, body: html });
    });
    await page.goto(`${server.url}/?lang=en`);
    const kpiError = page.locator('[data-testid=kpis][data-state=error] [data-testid=status-message]');
    await kpiError.waitFor();
    expect(await kpiError.innerText()).toMatch(/no_such_measure/);
    expect(await page.locator('[data-testid=kpis]').innerText()).not.toMatch(/\blive_gmv\b/);
    await page.unroute(isMeta);
    await page.locator('[data-testid=kpis] button', { hasText: 'Retry' }).click();
    await expectKpis(page, 'en');
    await page.close();
  });

  it('lays out on a phone-sized screen', async () => {
    const { page, watch } = await open('/');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectKpis(page, 'zh');
    await chartLabel(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no horizontal scrolling').toBeLessThanOrEqual(0);
    expect((await canvasInk(page, CHART)).coloured).toBeGreaterThan(200);
    await page.screenshot({ path: artifact('overview-zh-mobile.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
