/**
 * The merchant benchmark page in a real browser against the real server (a small demo database
 * in a temp folder): a shop's rows, the English switch, the empty states, and no peer's id or
 * name anywhere on the page. Screenshots go to tests/.artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatMeasure, formatPercent } from '../../web/src/lib/format.ts';
import type { BenchmarkResponse, MetaResponse, MetricsResponse, ValuesResponse } from '../../web/src/lib/api/types.ts';
import { percentDecimals } from '../../web/src/features/merchant/merchant-model.ts';
import { artifact, getJson, watchPage, startE2E, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
let meta: MetaResponse;
/** The demo's largest Jingdezhen shop, and every other merchant of its belt with their names. */
let shop: string;
let peers: { id: string; names: string[] }[];
const BELT = 'jingdezhen-ceramics';

beforeAll(async () => {
  env = await startE2E('merchant');
  ({ server, browser } = env);
  meta = (await getJson<MetaResponse>(`${server.url}/api/meta`)).body;
  const rows = (await getJson<MetricsResponse>(`${server.url}/api/metrics?measures=gmv&by=merchant&belt=${BELT}&sort=-gmv`)).body.rows;
  const ids = rows.map((r) => String(r.merchant));
  shop = ids[0];
  const values = (await getJson<ValuesResponse>(`${server.url}/api/values?dimension=merchant&ids=${ids.join(',')}`)).body.values;
  peers = values.filter((v) => v.id !== shop).map((v) => ({ id: v.id, names: [v.label.zh, v.label.en] }));
  expect(peers.length).toBeGreaterThanOrEqual(5);
});

afterAll(() => env?.close());

const ready = (page: Page) => page.waitForSelector('[data-testid=merchant-benchmark][data-state=ready]', { timeout: 20_000 });
const cell = (page: Page, measure: string, col: string) => page.locator(`[data-testid=benchmark-table] tr[data-measure=${measure}] [data-col=${col}]`).innerText();

/** No other merchant of the belt, by id or by name, in the page's text or markup. */
async function expectNoPeer(page: Page) {
  const html = await page.content();
  const text = await page.locator('body').innerText();
  for (const p of peers) {
    for (const s of [p.id, ...p.names]) {
      expect(html, s).not.toContain(s);
      expect(text, s).not.toContain(s);
    }
  }
}

describe('merchant benchmark page (browser, real server)', () => {
  it('shows the shop against its belt in Chinese, then in English, and never a peer', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/merchant?merchant=${shop}`);
    await ready(page);
    const api = (await getJson<BenchmarkResponse>(`${server.url}/api/benchmark?merchant=${shop}`)).body;
    expect(api.belt_id).toBe(BELT);
    // One row per measure, in the API's order, each value formatted as the catalog says.
    expect(await page.locator('[data-testid=benchmark-table] tr[data-measure]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-measure'))))
      .toEqual(api.measures.map((m) => m.id));
    for (const m of api.measures) {
      const spec = meta.measures.find((x) => x.id === m.id)!;
      // Percentages with the decimals that keep the row's figures apart (merchant-model.ts).
      const shown = spec.format === 'percent' && m.value !== null ? formatPercent(m.value, 'zh', percentDecimals([m.value, m.p25, m.p50, m.p75])) : formatMeasure(m.value, spec, 'zh');
      expect(await cell(page, m.id, 'value'), m.id).toBe(shown);
    }
    const gmv = api.measures.find((m) => m.id === 'gmv')!;
    expect(await cell(page, 'gmv', 'rank')).toContain(`P${Math.round(gmv.rank! * 100)}`);
    expect(await page.locator('nav [aria-current=page]').innerText()).toBe('商家对标');
    await expectNoPeer(page);
    // The panel's CSV: the same query as the page's, a row per measure, headers in the page's language.
    const href = new URL((await page.getAttribute('[data-testid=merchant-benchmark] [data-testid=csv]', 'href'))!, server.url);
    expect(Object.fromEntries(href.searchParams)).toMatchObject({ merchant: shop, format: 'csv', lang: 'zh' });
    const csv = await (await fetch(href)).text();
    expect(csv.split('\r\n').filter((l) => l && !l.startsWith('#')).length).toBe(api.measures.length + 1);
    expect(csv).toContain('指标,指标ID,单位,本店');
    await page.screenshot({ path: artifact('merchant-zh.png'), fullPage: true });

    // The English switch keeps the shop (it lives in the link).
    await page.locator('button[data-lang=en]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'en');
    await page.waitForFunction(() => document.querySelector('[data-testid=benchmark-table] thead')?.textContent?.includes('Your shop'));
    await ready(page);
    expect(await page.locator('nav [aria-current=page]').innerText()).toBe('Benchmark');
    expect(new URL(page.url()).searchParams.get('merchant')).toBe(shop);
    expect(await page.locator('[data-testid=benchmark-table] tr[data-measure=gmv] th').innerText()).toContain('GMV');
    // A refund rate is better low: its row says so (the catalog's lowerIsBetter), and its rank's
    // tooltip reads the rank from the good side; GMV's row does not.
    expect(meta.measures.filter((x) => x.lowerIsBetter).map((x) => x.id)).toContain('refund_rate');
    const tagged = await page.locator('[data-testid=benchmark-table] tr[data-measure]:has([data-testid=lower-is-better])')
      .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-measure')));
    expect(tagged).toEqual(api.measures.filter((m) => meta.measures.find((x) => x.id === m.id)?.lowerIsBetter).map((m) => m.id));
    expect(tagged).toContain('refund_rate');
    expect(await page.locator('[data-testid=benchmark-table] tr[data-measure=refund_rate] th').innerText()).toContain('lower is better');
    const refund = api.measures.find((m) => m.id === 'refund_rate')!;
    expect(refund.rank).not.toBeNull();
    expect(await page.locator('tr[data-measure=refund_rate] td[data-col=rank]').getAttribute('title'))
      .toBe(`Below ${formatPercent(1 - refund.rank!, 'en', 0)} of peers (lower is better here)`);
    await expectNoPeer(page);
    await page.screenshot({ path: artifact('merchant-en.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    expect(watch.external).toEqual([]);
    await page.close();
  });

  it('asks for a shop first; picking one puts it in the link; an unknown one is said so', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url, { expect4xx: true });
    await page.goto(`${server.url}/merchant?lang=en`);
    await page.waitForSelector('[data-testid=merchant-benchmark][data-state=empty]');
    expect(await page.locator('[data-testid=merchant-benchmark] [data-testid=status-message]').innerText()).toMatch(/Choose or type your shop/);
    await page.locator('[data-testid=merchant-input]').fill(shop);
    await page.locator('[data-testid=merchant-submit]').click();
    await page.waitForFunction((id) => new URL(location.href).searchParams.get('merchant') === id, shop);
    await ready(page);

    await page.locator('[data-testid=merchant-input]').fill('no-such-shop');
    await page.locator('[data-testid=merchant-submit]').click();
    await page.waitForSelector('[data-testid=merchant-benchmark][data-state=empty]');
    expect(await page.locator('[data-testid=merchant-benchmark] [data-testid=status-message]').innerText()).toBe('No merchant "no-such-shop", or it is outside what you may see.');

    // Part of many shops' ids: the page says several match, not that there is no such merchant.
    await page.locator('[data-testid=merchant-input]').fill('M-JDZ-0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=merchant-picker] datalist option').length > 1);
    await page.locator('[data-testid=merchant-submit]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('merchant') === 'M-JDZ-0');
    await page.waitForSelector('[data-testid=merchant-benchmark][data-state=empty]');
    expect(await page.locator('[data-testid=merchant-benchmark] [data-testid=status-message]').innerText()).toBe('Several shops match "M-JDZ-0": pick one from the list, or type its id.');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a link\'s window the page cannot use is said so: no such day, outside the data; one end typed leaves the other to its default', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    // 2026-02-30 is no day: taken out of the link, named in the notice, and the default window shown.
    await page.goto(`${server.url}/merchant?merchant=${shop}&from=2026-02-30&lang=en`);
    await ready(page);
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('from'));
    expect(await page.getByTestId('url-dropped').innerText()).toContain('2026-02-30');

    // A window before the data: the notice says so and offers the data's whole range.
    await page.goto(`${server.url}/merchant?merchant=${shop}&from=2001-01-01&to=2001-02-01&lang=en`);
    await page.waitForSelector('[data-testid=merchant-benchmark][data-state=empty]');
    expect(await page.getByTestId('window-outside').innerText()).toContain(`lies before the data, which covers ${meta.dataRange.from} to ${meta.dataRange.to}`);
    await page.getByTestId('window-reset').click();
    await page.waitForFunction((d) => new URL(location.href).searchParams.get('from') === d, meta.dataRange.from);
    await ready(page);
    expect(await page.getByTestId('window-outside').count()).toBe(0);

    // Typing only the first day writes only it: the last stays the default, following new data.
    await page.goto(`${server.url}/merchant?merchant=${shop}&lang=en`);
    await ready(page);
    const day = meta.dataRange.to!.slice(0, 8) + '01';
    await page.getByTestId('from').fill(day);
    await page.getByTestId('from').press('Enter');
    await page.waitForFunction((d) => new URL(location.href).searchParams.get('from') === d, day);
    expect(new URL(page.url()).searchParams.has('to')).toBe(false);
    await ready(page);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a week with too few peers: peer figures hidden, with the reason', async () => {
    const page = await browser.newPage();
    const to = meta.dataRange.to!;
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    // Given the wrong way round, as a link may: read swapped, as every page does (the API would refuse them).
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/merchant?merchant=${shop}&from=${to}&to=${from}`);
    await ready(page);
    expect(watch.errors).toEqual([]);
    // …and the link is put right, with a word about it, as on the other pages.
    await page.waitForFunction(([f, t]) => { const p = new URL(location.href).searchParams; return p.get('from') === f && p.get('to') === t; }, [from, to]);
    expect(await page.getByTestId('url-dropped').innerText()).toContain(`结束日期“${from}”早于开始日期`);
    expect(await page.getByTestId('data-range').innerText()).toContain(`${from} 至 ${to}`);
    const api = (await getJson<BenchmarkResponse>(`${server.url}/api/benchmark?merchant=${shop}&from=${from}&to=${to}`)).body;
    expect(api.measures.some((m) => m.p50 === null)).toBe(true);
    // With no measure's peers shown the reason is said once above the table, else under each row it concerns.
    const none = api.measures.every((m) => m.p50 === null);
    expect(await page.getByTestId('too-few').count()).toBe(none ? 1 : 0);
    for (const m of api.measures.filter((x) => x.p50 === null)) {
      expect(await cell(page, m.id, 'median'), m.id).toBe('—');
      const notes = await page.locator(`tr[data-measure=${m.id}] [data-testid=row-note]`).allInnerTexts();
      if (m.peer_note) expect(notes.includes(m.peer_note), m.id).toBe(!none);
    }
    await page.close();
  });
});
