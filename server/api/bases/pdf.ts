import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserType } from 'playwright-core';
import { AppError } from '../../../lib/errors.ts';

/**
 * The base report as PDF: headless Chromium (Debian's, driven by playwright-core) prints the
 * server's own report page. Chromium never opens a socket: every request the page makes is
 * answered in-process by the app (`fetchSelf`, with the caller's credentials, so the report
 * holds exactly what the caller may see), the page's files included. No URL of the server's
 * has to be known, and a Host header cannot point the browser anywhere else.
 */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** The flags the browser tests use on this machine: no sandbox as root, no GPU, no network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
/** The origin the page believes it is on; only the in-process router answers it. */
const ORIGIN = 'http://beltscope.report';
const RENDER_BUDGET_MS = 60_000;

export interface PdfOptions {
  /** Chromium's executable (default BELTSCOPE_CHROMIUM, else /usr/bin/chromium). */
  chromium?: string;
  /** The built web app (dist/web) whose report page is printed. */
  staticDir?: string;
  /** Loads playwright-core's Chromium driver (a test replaces it to check the 503). */
  loadDriver?: () => Promise<BrowserType>;
}

export interface ReportRequest {
  id: string;
  search: URLSearchParams;
  lang: 'zh' | 'en';
  /** The caller's headers that carry who they are (cookie, authorization). */
  credentials: Record<string, string>;
}

const unavailable = (what: string, en: string, zh: string) =>
  new AppError('pdf_unavailable', `PDF reports are unavailable: ${what} ${en}`, `无法生成 PDF 报告：${what} ${zh}`, 503);

/** What the PDF needs, checked before any work: each missing piece is a 503 naming it. */
export async function pdfDriver(opts: PdfOptions): Promise<{ driver: BrowserType; chromium: string; staticDir: string }> {
  let driver: BrowserType;
  try {
    driver = opts.loadDriver ? await opts.loadDriver() : (await import('playwright-core')).chromium;
  } catch {
    throw unavailable('playwright-core', 'is not installed. Run `npm install` (it is a dependency of Beltscope).',
      '未安装。请运行 `npm install`（它是 Beltscope 的依赖）。');
  }
  const chromium = opts.chromium ?? process.env.BELTSCOPE_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(chromium)) {
    throw unavailable(chromium, 'not found. Install Debian\'s Chromium and a CJK font (`apt-get install -y chromium fonts-noto-cjk`), or set BELTSCOPE_CHROMIUM to its path.',
      '不存在。请安装 Debian 的 Chromium 和中文字体（`apt-get install -y chromium fonts-noto-cjk`），或用 BELTSCOPE_CHROMIUM 指定其路径。');
  }
  if (!opts.staticDir || !existsSync(join(opts.staticDir, 'index.html'))) {
    throw unavailable('dist/web', 'has no built web app to print. Run `npm run build`, or start the server with `npm start`.',
      '中没有已构建的网页，无法打印。请运行 `npm run build`，或用 `npm start` 启动服务器。');
  }
  return { driver, chromium, staticDir: opts.staticDir };
}

// One render at a time: Chromium is heavy, and the machine's cores serve queries too.
let queue: Promise<unknown> = Promise.resolve();

export function renderReportPdf(opts: PdfOptions, req: ReportRequest, fetchSelf: (r: Request) => Promise<Response>): Promise<Uint8Array> {
  const run = async () => {
    const { driver, chromium } = await pdfDriver(opts);
    let browser: Browser | undefined;
    try {
      browser = await driver.launch({ executablePath: chromium, headless: true, args: CHROMIUM_ARGS, timeout: RENDER_BUDGET_MS });
      const context = await browser.newContext({
        locale: req.lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 794, height: 1123 },
      });
      await context.route('**/*', async (route) => {
        const r = route.request();
        const url = new URL(r.url());
        if (url.origin !== ORIGIN || r.method() !== 'GET') return route.abort('blockedbyclient');
        const res = await fetchSelf(new Request(url, { headers: { accept: r.headers().accept ?? '*/*', ...req.credentials } }));
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => { headers[k] = v; });
        return route.fulfill({ status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) });
      });
      const page = await context.newPage();
      page.setDefaultTimeout(RENDER_BUDGET_MS);
      const search = new URLSearchParams(req.search);
      search.set('lang', req.lang);
      await page.goto(`${ORIGIN}/bases/${encodeURIComponent(req.id)}/report?${search}`);
      // Ready: the figures are in and every chart has drawn its last frame (the report's charts do not animate).
      await page.waitForFunction(() =>
        document.querySelector('[data-testid=report][data-state=ready]') !== null
        && [...document.querySelectorAll<HTMLElement>('[data-rendered]')].every((e) => e.dataset.rendered === 'true'));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true, format: 'A4' });
      return new Uint8Array(pdf);
    } catch (e) {
      if (e instanceof AppError) throw e;
      console.error('[beltscope] PDF report:', e);
      throw new AppError('pdf_failed', `Chromium could not print the report of base "${req.id}": ${(e as Error).message.split('\n')[0]}`,
        `Chromium 未能打印基地 "${req.id}" 的报告：${(e as Error).message.split('\n')[0]}`, 503);
    } finally {
      await browser?.close().catch(() => undefined);
    }
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}
