/**
 * /bases, /bases/:id and the base report in headless Chromium against the real server on a
 * small demo database, in Chinese and English: the numbers on the page are the API's, formatted
 * by the same pure functions; the PDF's text layer (pdftotext) holds the base's name and figures.
 * Screenshots (1440×900 and a 390 px phone) go to tests/.artifacts/.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmt, formatScore, pct1 } from '../../web/src/features/bases/format.ts';
import { isEmptyShell, rankBases } from '../../web/src/features/bases/ranking.ts';
import { weeksOf } from '../../web/src/features/bases/sparkline.ts';
import { partialPeriods } from '../../lib/partial-periods.ts';
import type { BaseDetailResponse, BasesResponse, HealthResponse, Lang, MetricsResponse } from '../../web/src/lib/api/types.ts';
import { artifact, getJson, watchPage, type PageWatch, startE2E, type E2E } from './helpers.ts';

const run = promisify(execFile);
let env: E2E;
let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
let list: BasesResponse;
let win: { from: string; to: string };

beforeAll(async () => {
  env = await startE2E('bases');
  ({ server, browser } = env);
  const health = (await getJson<HealthResponse>(`${server.url}/api/health`)).body;
  // The page's default window: the last 12 months up to the data's last day.
  const last = health.dataRange.to!;
  const next = new Date(`${last}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  next.setUTCFullYear(next.getUTCFullYear() - 1);
  win = { from: next.toISOString().slice(0, 10), to: last };
  list = (await getJson<BasesResponse>(`${server.url}/api/bases?from=${win.from}&to=${win.to}`)).body;
});

afterAll(() => env?.close());

async function open(path: string, viewport = { width: 1440, height: 900 }): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  const watch = watchPage(page, server.url);
  await page.goto(`${server.url}${path}`);
  return { page, watch };
}

const name = (r: { name_zh: string; name_en: string }, lang: Lang) => (lang === 'zh' ? r.name_zh : r.name_en);
const texts = (page: Page, sel: string) => page.locator(sel).allInnerTexts();

/** Every row of the table is the API's row, in the API's order, with its numbers formatted for `lang`. */
async function expectTable(page: Page, rows: BasesResponse['rows'], lang: Lang) {
  await page.waitForSelector('[data-testid=bases][data-state=ready]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=base-link]')?.textContent === n, name(rows[0], lang));
  expect(await page.locator('[data-testid=bases-table] tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.base)))
    .toEqual(rows.map((r) => r.base_id));
  expect(await texts(page, '[data-testid=base-link]')).toEqual(rows.map((r) => name(r, lang)));
  expect(await texts(page, '[data-testid=util-value]')).toEqual(rows.map((r) => pct1(r.utilization, lang)));
  expect(await texts(page, '[data-testid=score]')).toEqual(rows.map((r) => formatScore(r.score, lang)));
  expect(await texts(page, '[data-testid=live-gmv]')).toEqual(rows.map((r) => fmt(r.live_gmv, 'cny', lang)));
  expect(await texts(page, '[data-testid=merchants]')).toEqual(rows.map((r) => fmt(r.merchants, 'count', lang)));
  for (const r of rows) {
    const ids = await page.locator(`tr[data-base="${r.base_id}"] [data-flag]`).evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.flag));
    expect(ids, r.base_id).toEqual(r.flags.map((f) => f.id));
  }
}

describe('/bases (browser, real server)', () => {
  it('the demo has bases to assess, with the demo-scaled profile', () => {
    expect(list.rows.length).toBeGreaterThan(3);
    expect(list.profile).toMatchObject({ id: 'demo', demo_scaled: true, is_default: true });
    expect(list.window).toEqual(win);
  });

  it('ranks the bases with the API numbers, flags with their rules, sparklines summing to the live GMV, the scatter (zh)', async () => {
    const { page, watch } = await open('/bases');
    await expectTable(page, list.rows, 'zh');
    expect(await page.locator('nav [data-route=bases]').getAttribute('aria-current')).toBe('page');

    // The profile in use, and that it is scaled to the demo data.
    const profile = page.getByTestId('profile');
    expect(await profile.getAttribute('data-demo-scaled')).toBe('true');
    expect(await profile.innerText()).toContain(list.profile.name.zh);
    expect(await page.getByTestId('profile-demo').innerText()).toContain('示例数据');

    // A flag opens to its rule and the numbers that triggered it.
    const flagged = list.rows.find((r) => r.flags.length)!;
    const first = page.locator(`tr[data-base="${flagged.base_id}"] [data-flag="${flagged.flags[0].id}"]`);
    await first.locator('summary').click();
    expect(await first.getByTestId('flag-rule').innerText()).toBe(flagged.flags[0].rule.zh);
    expect(await first.locator('dd').count()).toBeGreaterThan(0);

    // Each sparkline is the weekly live GMV of /api/metrics: its total is the list's live GMV.
    const weekly = (await getJson<MetricsResponse>(`${server.url}/api/metrics?measures=live_gmv&by=base&grain=week&from=${win.from}&to=${win.to}`)).body;
    await page.waitForSelector('[data-testid=spark]');
    for (const r of list.rows.filter((x) => x.sessions > 0)) {
      const label = await page.locator(`tr[data-base="${r.base_id}"] [data-testid=spark]`).getAttribute('aria-label');
      const sum = weekly.rows.filter((w) => w.base === r.base_id).reduce((a, w) => a + Number(w.live_gmv), 0);
      expect(Math.abs(sum - r.live_gmv), r.base_id).toBeLessThan(0.01);
      expect(label).toContain(`合计 ¥${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(r.live_gmv)}`);
    }
    // A first or last week the window cuts is a dashed piece, said in the label (the default window's weeks, by the shared rule).
    const weeks = weeksOf(win.from, win.to);
    const cut = partialPeriods(weeks, 'week', win, null);
    const pieces = Number(cut.has(weeks[0])) + Number(cut.has(weeks[weeks.length - 1]));
    const row = list.rows.find((x) => x.sessions > 0)!;
    expect(await page.locator(`tr[data-base="${row.base_id}"] [data-testid=spark-partial]`).count()).toBe(pieces);
    if (pieces) expect(await page.locator(`tr[data-base="${row.base_id}"] [data-testid=spark]`).getAttribute('aria-label')).toContain('虚线');

    // The scatter names the empty shells.
    await page.waitForSelector('[data-testid=scatter] [data-rendered=true]');
    const shells = list.rows.filter((r) => r.utilization !== null && isEmptyShell(r));
    const aria = await page.locator('[data-testid=scatter] [role=img]').getAttribute('aria-label');
    expect(aria).toContain(`其中疑似空壳 ${shells.length} 个`);
    for (const s of shells) expect(aria).toContain(s.name_zh);
    // The table marks the same bases, whatever their score, and says what the score is.
    expect(shells.length).toBeGreaterThan(0);
    expect(await page.locator('tr[data-base]:has([data-testid=shell-badge])').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.base).sort()))
      .toEqual(shells.map((s) => s.base_id).sort());
    expect(await page.getByTestId('score-note').innerText()).toMatch(/^达标得分 = 该类型基地的可核验标准中达标的比例/);
    // The utilization column says the underused rule with the profile's own numbers.
    const rule = list.profile.flags.underused;
    expect(await page.getByTestId('util-how').getAttribute('title')).toContain(`最近 ${rule.weeks} 周：每一周都低于 ${pct1(rule.utilization_below, 'zh')} 才触发`);

    await page.mouse.move(0, 0);
    await page.screenshot({ path: artifact('bases-zh.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    expect(watch.external).toEqual([]);
    await page.close();
  });

  it('scores against another profile picked on the page; the link keeps it for a base\'s page and its PDF', async () => {
    const official = (await getJson<BasesResponse>(`${server.url}/api/bases?from=${win.from}&to=${win.to}&profile=shenzhen-2023&lang=en`)).body;
    const { page, watch } = await open('/bases?lang=en');
    await page.waitForSelector('[data-testid=bases][data-state=ready]');
    expect(await page.locator('[data-testid=profile-pick] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['demo', 'shenzhen-2023']);
    await page.getByTestId('profile-pick').selectOption('shenzhen-2023');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('profile') === 'shenzhen-2023');
    await page.waitForSelector('[data-testid=profile][data-profile=shenzhen-2023][data-demo-scaled=false]');
    await expectTable(page, official.rows, 'en');
    const b = official.rows[0];
    await page.locator(`tr[data-base="${b.base_id}"] [data-testid=base-link]`).click();
    await page.waitForSelector('[data-testid=base-page][data-state=ready]');
    expect(await page.getByTestId('profile').getAttribute('data-profile')).toBe('shenzhen-2023');
    expect(new URL((await page.getByTestId('pdf-link').getAttribute('href'))!, server.url).searchParams.get('profile')).toBe('shenzhen-2023');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('filters by belt through the link, in English, and fits a phone', async () => {
    const belt = list.rows[0].belt_id;
    const filtered = (await getJson<BasesResponse>(`${server.url}/api/bases?belt=${belt}&from=${win.from}&to=${win.to}&lang=en`)).body;
    expect(filtered.rows.length).toBeLessThan(list.rows.length);
    const { page, watch } = await open(`/bases?belt=${belt}&lang=en`, { width: 390, height: 844 });
    await expectTable(page, filtered.rows, 'en');
    expect(await page.getByTestId('profile').innerText()).toContain(list.profile.name.en);
    expect(await page.locator('[data-compare]').count()).toBe(0); // no YoY/PoP here: the bases answer to none
    await page.waitForSelector('[data-testid=scatter] [data-rendered=true]');
    await page.screenshot({ path: artifact('bases-en-phone.png'), fullPage: true });
    // A preset sets the window only: the bases draw no day/week/month, so no grain goes in the link.
    await page.getByTestId('preset').selectOption('last_30_days');
    await page.waitForFunction(() => new URL(location.href).searchParams.has('from'));
    expect(new URL(page.url()).searchParams.has('grain')).toBe(false);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});

describe('/bases under a scope that hides bases', () => {
  it('says under the table how many bases are hidden and why; in the open scope it says nothing', async () => {
    expect(list.suppressed).toEqual([]);
    const { page, watch } = await open('/bases?lang=en');
    await expectTable(page, list.rows, 'en');
    expect(await page.getByTestId('suppressed').count()).toBe(0);
    await page.close();

    // The real answer with its last two bases moved to `suppressed`, as a minimum cohort leaves them.
    const hidden = list.rows.slice(-2);
    const scoped = await browser.newPage();
    const scopedWatch = watchPage(scoped, server.url);
    await scoped.route((u) => u.pathname === '/api/bases', async (route) => {
      const body = (await (await route.fetch()).json()) as BasesResponse;
      const ids = hidden.map((r) => r.base_id);
      await route.fulfill({ json: { ...body, rows: body.rows.filter((r) => !ids.includes(r.base_id)),
        suppressed: hidden.map((r) => ({ base_id: r.base_id, name_zh: r.name_zh, name_en: r.name_en, belt_id: r.belt_id })) } });
    });
    await scoped.goto(`${server.url}/bases?lang=en`);
    await expectTable(scoped, list.rows.slice(0, -2), 'en');
    expect(await scoped.getByTestId('suppressed').innerText())
      .toBe(`2 more bases are not listed (${hidden[0].name_en}, ${hidden[1].name_en}): fewer merchants streamed at each in the period than your access allows figures for, so their figures could identify a single merchant.`);
    await scoped.locator('button[data-lang=zh]').click();
    await scoped.getByTestId('suppressed').filter({ hasText: '另有 2 个基地未列出' }).waitFor();
    expect(await scoped.getByTestId('suppressed').innerText()).toContain(`（${hidden[0].name_zh}、${hidden[1].name_zh}）`);
    await scoped.getByTestId('suppressed').scrollIntoViewIfNeeded();
    await scoped.screenshot({ path: artifact('bases-suppressed-zh.png') });
    expect([...watch.errors, ...scopedWatch.errors]).toEqual([]);
    await scoped.close();
  });
});

describe('/bases error state', () => {
  it('shows the API\'s own error message and recovers on retry', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.url, { expect4xx: true });
    const isList = (u: URL) => u.pathname === '/api/bases';
    // The real server's answer to a bad window stands in for a failing request.
    await page.route(isList, (route) => {
      const u = new URL(route.request().url());
      u.searchParams.set('from', '2026-13-01');
      return route.continue({ url: u.toString() });
    });
    await page.goto(`${server.url}/bases?lang=en`);
    const message = page.locator('[data-testid=bases][data-state=error] [data-testid=status-message]');
    await message.waitFor();
    const { body } = await getJson<{ error: { message: string } }>(`${server.url}/api/bases?from=2026-13-01&lang=en`);
    expect(await message.innerText()).toBe(body.error.message);
    await page.unroute(isList);
    await page.locator('[data-testid=bases] button', { hasText: 'Retry' }).click();
    await expectTable(page, list.rows, 'en');
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});

describe('/bases/:id and its report', () => {
  let detail: BaseDetailResponse;
  beforeAll(async () => {
    detail = (await getJson<BaseDetailResponse>(`${server.url}/api/bases/${list.rows[0].base_id}?from=${win.from}&to=${win.to}`)).body;
  });

  async function expectDetail(page: Page, lang: Lang) {
    const b = detail.base;
    await page.waitForSelector('[data-testid=base-page][data-state=ready]');
    await page.waitForFunction((n) => document.querySelector('[data-testid=base-name]')?.textContent === n, name(b, lang));
    const kpi = (id: string) => page.locator(`[data-kpi=${id}] [data-testid=kpi-value]`).innerText();
    expect(await kpi('utilization')).toBe(pct1(b.utilization, lang));
    expect(await kpi('live_gmv')).toBe(fmt(b.live_gmv, 'cny', lang));
    expect(await kpi('sessions')).toBe(fmt(b.sessions, 'count', lang));
    expect(await kpi('merchants')).toBe(fmt(b.merchants, 'count', lang));
    expect(await kpi('score')).toBe(formatScore(b.score, lang));
    expect(await page.locator('[data-standard]').evaluateAll((tr) => tr.map((x) => [(x as HTMLElement).dataset.standard, (x as HTMLElement).dataset.met])))
      .toEqual(detail.standards.map((s) => [s.id, String(s.met)]));
    expect(await texts(page, '[data-testid=flags] [data-testid=flag-rule]')).toEqual(b.flags.map((f) => f.rule[lang]));
    expect(await page.locator('[data-testid=returns] tbody tr').count()).toBe(detail.returns.length);
    await page.waitForSelector('[data-testid=weekly] [data-rendered=true]');
    await page.waitForSelector('[data-testid=monthly] [data-rendered=true]');
  }

  it('opens from the table and shows the scorecard, charts, standards, flags and returns with the API numbers (zh, en)', async () => {
    const { page, watch } = await open('/bases');
    await page.waitForSelector('[data-testid=bases][data-state=ready]');
    // Ranked by utilization: the ranking goes into the link and survives the visit to a base.
    await page.locator('[data-testid=rank-by] button[data-value=utilization]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('rank') === 'utilization');
    const byUse = rankBases(list.rows, 'utilization', 'zh').map((r) => r.row.base_id);
    const order = () => page.locator('[data-testid=bases-table] tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.base));
    expect(await order()).toEqual(byUse);
    await page.locator(`tr[data-base="${detail.base.base_id}"] [data-testid=base-link]`).click();
    await page.waitForURL(`**/bases/${detail.base.base_id}?rank=utilization`);
    await expectDetail(page, 'zh');
    await page.screenshot({ path: artifact('base-zh.png'), fullPage: true });

    await page.locator('button[data-lang=en]').click();
    await expectDetail(page, 'en');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300); // the charts follow the new width (ResizeObserver)
    await page.screenshot({ path: artifact('base-en-phone.png'), fullPage: true });

    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/bases');
    await page.waitForSelector('[data-testid=bases][data-state=ready]');
    expect(new URL(page.url()).searchParams.get('rank')).toBe('utilization');
    expect(await page.getAttribute('[data-testid=rank-by] button[data-value=utilization]', 'aria-pressed')).toBe('true');
    expect(await order()).toEqual(byUse);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a window that ends before the base opened says so, and its empty tables say why', async () => {
    // The base that opened last, and a window of the data's days that ends before the month it
    // opened (a return filed for that month would list the month).
    const all = (await getJson<BasesResponse>(`${server.url}/api/bases?from=${win.from}&to=${win.to}`)).body.rows;
    const late = [...all].sort((a, b) => b.opened_on.localeCompare(a.opened_on))[0];
    const range = (await getJson<HealthResponse>(`${server.url}/api/health`)).body.dataRange;
    const to = new Date(Date.parse(`${late.opened_on.slice(0, 7)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(to >= range.from!, `${late.base_id} opened on ${late.opened_on}, before the data begins`).toBe(true);
    const { page, watch } = await open(`/bases/${late.base_id}?from=${range.from}&to=${to}&lang=en`);
    await page.waitForSelector('[data-testid=scorecard] [data-testid=kpi-why]');
    expect(await page.locator('[data-testid=scorecard] [data-testid=kpi-why]').first().innerText()).toBe('the base opened after this window ends');
    expect(await page.getByTestId('roi-empty').innerText()).toBe('No year to reckon: the base had not opened by the end of this window.');
    expect(await page.getByTestId('returns-empty').count()).toBe(1);
    // No checklist of a base that did not exist yet (its floor area "met", its merchants "not met").
    expect(await page.getByTestId('standards-not-open').innerText())
      .toBe(`The base opened on ${late.opened_on}, after the window ends: there is no base yet to judge against the standards.`);
    expect(await page.locator('[data-testid=standards] tr[data-standard]').count()).toBe(0);
    // No empty axes: the weekly chart says why there is nothing to chart.
    expect(await page.getByTestId('weekly-empty').innerText()).toMatch(/^The base has no open day with data in this window/);
    expect(await page.locator('[data-testid=weekly] [role=img]').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('an unknown base says so, without an error code or a retry that could not help (page and report)', async () => {
    for (const path of ['/bases/no-such-base?lang=en', '/bases/no-such-base/report?lang=en']) {
      const { page, watch } = await open(path);
      await page.waitForSelector('[data-testid=status-message]');
      expect(await page.getByTestId('status-message').innerText()).toBe('No live base "no-such-base" (or it is outside what this account may see).');
      expect(await page.locator('button', { hasText: 'Retry' }).count()).toBe(0);
      expect(await page.locator('code', { hasText: 'not_found' }).count()).toBe(0);
      expect(watch.errors.filter((e) => !/404/.test(e))).toEqual([]);
      await page.close();
    }
  });

  it('a profile the server does not have, or a ranking not offered, leaves the link with a notice; the page scores against the default', async () => {
    const { page, watch } = await open(`/bases?profile=nope&rank=bogus&lang=en`);
    await page.waitForFunction(() => !location.search.includes('profile=') && !location.search.includes('rank='));
    await page.waitForSelector('[data-testid=bases-table] tr[data-base]');
    const notice = await page.getByTestId('url-dropped').innerText();
    expect(notice).toContain('The link\'s profile "nope" does not exist here');
    expect(notice).toContain('The link\'s ranking "bogus" is not one of the choices');
    expect(await page.getByTestId('profile').innerText()).toContain(list.profile.name.en);
    // The one failed request (400 naming the profiles) is the only console error.
    expect(watch.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    // The printable report has no notice to show: it refuses the profile as its PDF does, naming
    // those there are, without a retry that could not help.
    await page.goto(`${server.url}/bases/${list.rows[0].base_id}/report?profile=nope&lang=en`);
    await page.waitForSelector('[data-testid=status-message]');
    expect(await page.getByTestId('status-message').innerText()).toMatch(/Unknown profile "nope"/);
    expect(await page.locator('button', { hasText: 'Retry' }).count()).toBe(0);
    await page.close();
  });

  it('dates the wrong way round are read swapped: the page repairs its link and says so; the report reads the same window', async () => {
    const id = detail.base.base_id;
    const { page, watch } = await open(`/bases/${id}?from=${win.to}&to=${win.from}&lang=en`);
    await page.waitForSelector('[data-testid=scorecard]');
    await page.waitForFunction((f) => new URL(location.href).searchParams.get('from') === f, win.from);
    expect(new URL(page.url()).searchParams.get('to')).toBe(win.to);
    expect(await page.getByTestId('url-dropped').innerText()).toContain(`The link's end date "${win.from}" is before its start date: the two dates were swapped.`);
    // Opened under a belt filter that leaves it out: said, since the way back lists other bases.
    const other = list.rows.find((r) => r.belt_id !== detail.base.belt_id)!.belt_id;
    await page.goto(`${server.url}/bases/${id}?belt=${other}&lang=en`);
    await page.waitForSelector('[data-testid=outside-belt-filter]');
    expect(await page.getByTestId('outside-belt-filter').innerText()).toMatch(/^This base is in .+, outside the belt filter \(.+\): the list of bases you go back to does not show it\.$/);
    await page.goto(`${server.url}/bases/${id}?from=${win.to}&to=${win.from}&lang=en`);
    await page.waitForSelector('[data-testid=scorecard]');
    // The tab is named by the base, so tabs and history tell bases apart.
    expect(await page.title()).toBe(`${detail.base.name_en} · Live base · Beltscope · Live-commerce dashboard for industry belts`);
    expect(watch.errors).toEqual([]);
    await page.goto(`${server.url}/bases/${id}/report?from=${win.to}&to=${win.from}&lang=en`);
    await page.waitForSelector('[data-testid=report-period]');
    expect(await page.getByTestId('report-period').innerText()).toBe(`Period assessed: ${win.from} to ${win.to}`);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a window after the data shows no scorecard of zeros: it says so, and keeps the base\'s history (page and report)', async () => {
    const { dataRange: range, sessionRange: sessions } = (await getJson<HealthResponse>(`${server.url}/api/health`)).body;
    const after = new Date(Date.parse(`${range.to}T00:00:00Z`) + 31 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(`${after}T00:00:00Z`) + 59 * 86_400_000).toISOString().slice(0, 10);
    const id = detail.base.base_id;
    for (const path of [`/bases/${id}?from=${after}&to=${to}&lang=en`, `/bases/${id}/report?from=${after}&to=${to}&lang=en`]) {
      const { page, watch } = await open(path);
      await page.waitForSelector('[data-testid=outside-note]');
      expect(await page.getByTestId('outside-note').innerText())
        .toBe(`The window ${after} to ${to} lies after the live-session data, which covers ${sessions.from} to ${sessions.to}: the scorecard, weekly use, checklist and flags have no figures for it, which does not mean the base stood idle. The history by month, the returns and the ROI below do not depend on the window.`);
      // No figure of the window (zero sessions, an anchor churn of 100 %, standards not met) is on the page.
      for (const part of ['scorecard', 'weekly', 'standards', 'flags', 'bvw']) expect(await page.getByTestId(part).count(), part).toBe(0);
      await page.waitForSelector('[data-testid=monthly] [data-rendered=true]');
      expect(await page.locator('[data-testid=returns] tbody tr[data-month]').count()).toBeGreaterThan(0);
      expect(watch.errors).toEqual([]);
      await page.close();
    }
  });

  it('prints: the report page for A4 (SVG charts), and the PDF whose text layer holds the base\'s name and figures', { timeout: 180_000 }, async () => {
    const b = detail.base;
    const { page, watch } = await open(`/bases/${b.base_id}/report`);
    await page.waitForSelector('[data-testid=report][data-state=ready]');
    expect(await page.getByTestId('report-title').innerText()).toContain(b.name_zh);
    expect(await page.locator('[data-rendered] svg').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('report-source').innerText()).toContain('示例数据');
    await page.screenshot({ path: artifact('base-report.png'), fullPage: true });
    expect(watch.errors).toEqual([]);
    await page.close();

    const res = await fetch(`${server.url}/api/bases/${b.base_id}/report.pdf?from=${win.from}&to=${win.to}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // Named by base, window and language, so two reports never overwrite each other.
    expect(res.headers.get('content-disposition')).toContain(`filename="base-report-${b.base_id}-${win.from}_${win.to}-zh.pdf"`);
    const file = join(env.tmp, 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    expect(text).toContain(`${b.name_zh} 评估报告`);
    expect(text).toContain('评估区间：');
    expect(text).toContain(fmt(b.live_gmv, 'cny', 'zh'));
    expect(text).toContain(pct1(b.utilization, 'zh'));
    expect(text).toMatch(/^\s*1\s*\/\s*\d+\s*$/m); // page numbers (the @page margin box)
    const { stdout: info } = await run('pdfinfo', [file]);
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  });
});
