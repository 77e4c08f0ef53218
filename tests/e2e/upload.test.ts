/**
 * The upload page over a real (non-demo) database: a file picked in the browser goes to
 * POST /api/ingest as multipart; the results show per file, and the overview shows the new
 * numbers without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { formatMeasure } from '../../web/src/lib/format.ts';
import type { HealthResponse, MetaResponse, MetricsResponse } from '../../web/src/lib/api/types.ts';
import { DOUYIN_HEAD, douyinLine, writeCsv } from '../pipeline/ingest-fixtures.ts';
import { artifact, getJson, merchantsOnly, ROOT, startE2E, watchPage, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
const sample = (name: string) => join(ROOT, 'data', 'samples', name);

beforeAll(async () => {
  env = await startE2E('upload', { database: merchantsOnly });
  ({ server, browser } = env);
});

afterAll(() => env?.close());

describe('upload page (browser, real server, real database)', () => {
  it('shows a first run, uploads a Douyin export, and the overview shows the new totals without a reload', async () => {
    const health = (await getJson<HealthResponse>(`${server.url}/api/health`)).body;
    expect(health.demo).toBe(false);
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/`);
    await page.getByTestId('first-run').waitFor();
    await page.screenshot({ path: artifact('first-run-zh.png'), fullPage: true });
    // The belt comparison says so too, rather than waiting forever on queries an empty database never gets.
    await page.goto(`${server.url}/belts?lang=en`);
    await page.getByTestId('first-run').waitFor();
    expect(await page.getByTestId('first-run').locator('h2').innerText()).toBe('No data yet');
    expect(await page.locator('[aria-busy=true]').count()).toBe(0);
    await page.goto(`${server.url}/`);
    await page.getByTestId('first-run').waitFor();
    await page.getByTestId('first-run').locator('a').click();
    await page.getByTestId('upload-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/upload');

    await page.getByTestId('file-input').setInputFiles(sample('douyin-orders.csv'));
    await page.locator('[data-field=merchant]').fill('S-JDZ-001');
    await page.locator('[data-field=belt]').selectOption('jingdezhen-ceramics');
    await page.getByTestId('upload-submit').click();
    const row = page.locator('[data-testid=upload-results] tbody tr').first();
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-status')).toBe('loaded');
    expect(Number(await row.locator('[data-count=loaded]').innerText())).toBeGreaterThan(0);
    expect(await row.locator('.msg').innerText()).toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: artifact('upload-zh.png'), fullPage: true });

    // The same page in English: labels and the file's message follow.
    await page.locator('button[data-lang=en]').click();
    expect(await row.locator('.msg').innerText()).not.toMatch(/[\u4e00-\u9fff]{4}/);
    await page.screenshot({ path: artifact('upload-en.png'), fullPage: true });

    // The overview, reached without a reload, shows the new numbers.
    await page.locator('nav a[data-route=overview]').click();
    const h = (await getJson<HealthResponse>(`${server.url}/api/health`)).body;
    expect(h.dataRange.to).not.toBeNull();
    const meta = (await getJson<MetaResponse>(`${server.url}/api/meta`)).body;
    const last = h.dataRange.to!;
    const next = new Date(`${last}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    next.setUTCFullYear(next.getUTCFullYear() - 1);
    const m = (await getJson<MetricsResponse>(`${server.url}/api/metrics?measures=gmv&from=${next.toISOString().slice(0, 10)}&to=${last}`)).body;
    const gmv = m.rows[0].gmv as number;
    expect(gmv).toBeGreaterThan(0);
    const text = formatMeasure(gmv, meta.measures.find((x) => x.id === 'gmv')!, 'en');
    await page.waitForFunction(
      (t) => document.querySelector('[data-measure=gmv] [data-testid=kpi-value]')?.textContent === t, text, { timeout: 20_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifact('overview-after-upload-en.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a file with bad rows shows its first quarantined rows with line, column, value and reason, in zh and en', async () => {
    const id = (n: number) => `69190000000000${String(n).padStart(5, '0')}`;
    const path = writeCsv(env.tmp, 'bad-rows-e2e.csv', [
      DOUYIN_HEAD,
      douyinLine({ parent: id(1), amount: '10.00', paid: '2026/03/05 10:00:00' }),
      douyinLine({ parent: id(2), amount: '-5.00', paid: '2026/03/05 11:00:00' }),
      douyinLine({ parent: id(3), amount: '10.00', paid: '2026/02/30 10:00:00' }),
    ]);
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/upload`);
    await page.locator('button[data-lang=zh]').click();
    await page.getByTestId('file-input').setInputFiles(path);
    await page.locator('[data-field=merchant]').fill('S-JDZ-001');
    await page.locator('[data-field=belt]').selectOption('jingdezhen-ceramics');
    await page.getByTestId('upload-submit').click();
    const table = page.getByTestId('quarantine-sample');
    await table.waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=upload-results] [data-count=quarantined]').first().innerText()).toBe('2');
    const rows = table.locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent!.trim()))))
      .toEqual([['3', '订单应付金额', '-5.00'], ['4', '支付完成时间', '2026/02/30 10:00:00']]);
    expect(await rows.nth(0).locator('.reason').innerText()).toMatch(/0/);
    // Reasons are stored "中文 / English": only the page language's half shows.
    expect(await rows.nth(0).locator('.reason').innerText()).not.toContain(' / ');
    expect(await rows.nth(0).locator('.reason').innerText()).not.toMatch(/[A-Za-z]{4,}/);
    expect(await table.locator('thead').innerText()).toMatch(/行号[\s\S]*列[\s\S]*原值[\s\S]*原因/);
    expect(await table.locator('caption').innerText()).toContain('bad-rows-e2e.csv');
    const csv = await table.getByTestId('quarantine-csv').getAttribute('href');
    expect(csv).toMatch(/^\/api\/datasets\/\d+\/quarantine\?format=csv&lang=zh$/);
    expect((await fetch(`${server.url}${csv}`).then((r) => r.text())).split('\r\n')[1]).toBe('行号,记录,工作表,列,值,原因,原始行');
    await page.screenshot({ path: artifact('upload-quarantine-zh.png'), fullPage: true });
    await page.locator('button[data-lang=en]').click();
    expect(await table.locator('thead').innerText()).toMatch(/Line[\s\S]*Column[\s\S]*Value[\s\S]*Reason/);
    expect(await table.locator('caption').innerText()).toBe('bad-rows-e2e.csv: the 2 quarantined rows');
    expect(await rows.nth(0).locator('.reason').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: artifact('upload-quarantine-en.png'), fullPage: true });
    // The load history links the same rows, so they stay reachable after the page is left.
    const loadId = csv!.match(/datasets\/(\d+)\//)![1];
    const link = page.locator(`[data-testid=load-history] tr[data-dataset="${loadId}"] [data-count=quarantined] a`);
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/api/datasets/${loadId}/quarantine?format=csv&lang=en`);
    expect(await link.getAttribute('aria-label')).toBe(`Download the 2 quarantined rows of load #${loadId} (CSV, with line, column and reason)`);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a file that needs a field says so with the page\'s own label, in zh and en', async () => {
    const id = (n: number) => `69190000000001${String(n).padStart(5, '0')}`;
    const path = writeCsv(env.tmp, 'no-merchant-e2e.csv', [DOUYIN_HEAD, douyinLine({ parent: id(1), amount: '10.00', paid: '2026/03/06 10:00:00' })]);
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/upload`);
    await page.locator('button[data-lang=zh]').click();
    await page.getByTestId('file-input').setInputFiles(path);
    await page.getByTestId('upload-submit').click();
    const row = page.locator('[data-testid=upload-results] tbody tr').first();
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-status')).toBe('failed');
    // The field is named as the page labels it, not as a command-line flag or a form field.
    expect(await row.locator('.msg').innerText()).toContain('请用「商家」指定商家ID（新商家再加「产业带」指定产业带）');
    await page.screenshot({ path: artifact('upload-needs-merchant-zh.png'), fullPage: true });
    await page.locator('button[data-lang=en]').click();
    expect(await row.locator('.msg').innerText()).toContain('Pass "Merchant" (and "Belt" to create a new merchant)');
    await page.screenshot({ path: artifact('upload-needs-merchant-en.png'), fullPage: true });
    // The file stays chosen: name the merchant and send it again.
    expect(await page.locator('.files li').count()).toBe(1);
    await page.locator('[data-field=merchant]').fill('S-JDZ-001');
    await page.getByTestId('upload-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=upload-results] tbody tr')?.getAttribute('data-status') === 'loaded', null, { timeout: 60_000 });
    expect(await page.locator('.files li').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
  it('live sessions streamed at a base: the base chosen on the page lands with them (the bases pages read it)', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    await page.goto(`${server.url}/upload?lang=en`);
    // The accounts and the bases first, in one upload (the page loads the files others name first).
    await page.getByTestId('file-input').setInputFiles([sample('merchant_accounts.csv'), sample('live_bases.csv')]);
    await page.getByTestId('upload-submit').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=upload-results] tbody tr')].filter((r) => r.getAttribute('data-status') === 'loaded').length === 2, null, { timeout: 60_000 });
    // The new base is offered once the catalog has it.
    await page.waitForFunction(() => !!document.querySelector('[data-field=base] option[value=S-BASE-JDZ]'), null, { timeout: 20_000 });
    expect(await page.locator('[data-field=venue]').count()).toBe(1);
    await page.locator('[data-field=base]').selectOption('S-BASE-JDZ');
    // A base is the venue: the venue field goes.
    expect(await page.locator('[data-field=venue]').count()).toBe(0);
    await page.getByTestId('file-input').setInputFiles(sample('直播明细_抖音号_20260321_20260323.xlsx'));
    await page.getByTestId('upload-submit').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=upload-results] tbody tr')]
      .some((r) => r.textContent?.includes('直播明细') && r.getAttribute('data-status') === 'loaded'), null, { timeout: 60_000 });
    const byBase = (await getJson<MetricsResponse>(`${server.url}/api/metrics?measures=sessions&by=base,venue&from=2026-03-01&to=2026-03-31`)).body.rows;
    expect(byBase).toEqual([{ base: 'S-BASE-JDZ', venue: 'base', sessions: 3 }]);
    await page.screenshot({ path: artifact('upload-base-en.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
