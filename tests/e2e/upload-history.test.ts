/**
 * The upload page's record of loads over a real database: progress while a form is sent, the
 * history of loads with their counts (GET /api/datasets), the coverage grid showing a missing
 * month, and undoing a load (DELETE /api/datasets/:id) without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { DatasetsResponse } from '../../web/src/lib/api/types.ts';
import { artifact, getJson, merchantsOnly, ROOT, startE2E, watchPage, type E2E } from './helpers.ts';

let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
const sample = (name: string) => join(ROOT, 'data', 'samples', name);
let january: string;

beforeAll(async () => {
  env = await startE2E('loads', { database: merchantsOnly });
  ({ server, browser } = env);
  // The March Douyin sample moved to January with new order numbers: February is then missing.
  january = join(env.tmp, 'douyin-orders-2026-01.csv');
  writeFileSync(january, readFileSync(sample('douyin-orders.csv'), 'utf8').replaceAll('2026/03/', '2026/01/').replaceAll('69170000', '69180000'));
});

afterAll(() => env?.close());

const datasets = async () => (await getJson<DatasetsResponse>(`${server.url}/api/datasets`)).body;

describe('loads on the upload page (browser, real server)', () => {
  it('shows progress, the history with counts, a missing month, and undoes a load', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url);
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${server.url}/upload`);
    await page.locator('[data-testid=load-history] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid=load-history] tbody tr').count()).toBe((await datasets()).datasets.length);

    // Hold the answer so the progress line can be seen.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    await page.route('**/api/ingest**', async (route) => { await held; await route.continue(); });
    await page.getByTestId('file-input').setInputFiles([sample('douyin-orders.csv'), january]);
    // The merchant field suggests merchants by name through /api/values.
    await page.locator('[data-field=merchant]').fill('青花');
    const suggestion = page.locator('datalist option[value="S-JDZ-001"]');
    await suggestion.waitFor({ state: 'attached' });
    expect(await suggestion.textContent()).toBe('示例青花坊');
    await page.locator('[data-field=merchant]').fill('S-JDZ-001');
    await page.locator('[data-field=belt]').selectOption('jingdezhen-ceramics');
    await page.getByTestId('upload-submit').click();
    const progress = page.getByTestId('upload-progress');
    await progress.waitFor();
    expect(await progress.innerText()).toMatch(/已上传 \d+%|上传完成，正在导入/);
    expect(await progress.locator('progress').getAttribute('max')).toBe('100');
    release();
    await page.locator('[data-testid=upload-results] tbody tr').nth(1).waitFor({ timeout: 60_000 });
    await progress.waitFor({ state: 'detached' });

    // The history: every load, newest first, with the API's counts.
    const after = await datasets();
    expect(after.datasets.length).toBe(3);
    const rows = page.locator('[data-testid=load-history] tbody tr');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=load-history] tbody tr').length === n, 3);
    const newest = [...after.datasets].sort((a, b) => b.datasetId - a.datasetId);
    for (let i = 0; i < newest.length; i++) {
      expect(Number(await rows.nth(i).getAttribute('data-dataset'))).toBe(newest[i].datasetId);
      expect(Number((await rows.nth(i).locator('[data-count=loaded]').innerText()).replace(/,/g, ''))).toBe(newest[i].loaded);
    }

    // Coverage: January and March loaded, February missing.
    const row = page.locator('[data-testid=coverage] tr[data-merchant=S-JDZ-001][data-platform=douyin]');
    const state = (m: string) => row.locator(`td[data-month="${m}"]`).getAttribute('data-state');
    expect([await state('2026-01'), await state('2026-02'), await state('2026-03')]).toEqual(['data', 'gap', 'data']);
    expect(await row.getAttribute('data-gaps')).toBe('1');
    await page.screenshot({ path: artifact('upload-loads-zh.png'), fullPage: true });

    // Undo the January load: its rows go, the history and the grid follow without a reload.
    const jan = after.datasets.find((d) => d.fileName === 'douyin-orders-2026-01.csv')!;
    await page.locator(`[data-testid=load-history] tr[data-dataset="${jan.datasetId}"] button`).click();
    await page.getByTestId('undo-done').waitFor();
    expect(await page.getByTestId('undo-done').innerText()).toContain(`#${jan.datasetId}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=load-history] tbody tr').length === n, 2);
    const left = await datasets();
    expect(left.datasets.map((d) => d.datasetId)).not.toContain(jan.datasetId);
    expect(left.coverage.some((c) => c.month === '2026-01')).toBe(false);
    await row.locator('td[data-month="2026-01"]').waitFor({ state: 'detached' });

    await page.locator('button[data-lang=en]').click();
    await page.locator('[data-testid=load-history] h2', { hasText: 'Loads' }).waitFor();
    await page.screenshot({ path: artifact('upload-loads-en.png'), fullPage: true });
    // Undoing the merchants file that the order loads use is refused on purpose: a notice with the
    // reason and a Dismiss, not a loading failure with a Retry that would be refused again.
    const merchants = left.datasets.find((d) => d.fileName === 'merchants.csv')!;
    await page.locator(`[data-testid=load-history] tr[data-dataset="${merchants.datasetId}"] button`).click();
    const refused = page.getByTestId('undo-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/^Not undone:/);
    expect(await page.locator('button', { hasText: 'Retry' }).count()).toBe(0);
    await refused.locator('button').click();
    await refused.waitFor({ state: 'detached' });
    expect(watch.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await page.close();
  });
});
