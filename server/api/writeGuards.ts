import type { Context } from 'hono';
import { AppError } from '../../lib/errors.ts';
import type { Scope } from '../query/scope.ts';

/** Who may write: the checks every route that changes data (uploads, removals) makes first. */

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;
const isLoopback = (hostname: string) => LOOPBACK.test(hostname) || hostname.toLowerCase().endsWith('.localhost');

const forbidden = (en: string, zh: string) => new AppError('cross_origin', en, zh, 403);

/**
 * Writes (uploads, removals) come from the command line, curl or the dashboard itself, never
 * from another web page: a browser says where a request comes from (Origin, Sec-Fetch-Site),
 * and a page on another site (or another port) is refused, so no page a user visits can post data
 * into their Beltscope. Requests without those headers (curl, the CLI) are served. A server bound
 * to a loopback address also requires a loopback Host, so a rebound DNS name cannot pose as it.
 */
export function assertSameOrigin(c: Context, boundHost?: string): void {
  const site = c.req.header('sec-fetch-site')?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') {
    throw forbidden(`Refused: this request comes from another web site (Sec-Fetch-Site: ${site}). Load data from the dashboard itself, the command line or curl.`,
      `已拒绝：该请求来自其他网站（Sec-Fetch-Site: ${site}）。请在看板本身、命令行或 curl 中导入数据。`);
  }
  const url = new URL(c.req.url);
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== url.origin) {
    throw forbidden(`Refused: a page from ${origin} may not change the data of ${url.origin}. Load data from the dashboard itself, the command line or curl.`,
      `已拒绝：来自 ${origin} 的网页不能修改 ${url.origin} 的数据。请在看板本身、命令行或 curl 中导入数据。`);
  }
  if (boundHost && isLoopback(boundHost) && !isLoopback(url.hostname)) {
    throw forbidden(`Refused: this server listens on ${boundHost} only, but the request names the host ${url.hostname}.`,
      `已拒绝：本服务器只监听 ${boundHost}，但请求的主机名是 ${url.hostname}。`);
  }
}

/** Loading and removing data is for an unrestricted caller (today everyone; accounts will narrow it). */
export function assertMayWrite(scope: Scope): void {
  if (scope.rows.belt || scope.rows.region || scope.rows.merchant || !scope.merchantNames || scope.minCohort > 0) {
    throw new AppError('scope_forbidden', 'This account cannot load, list or remove datasets.', '此账户不能导入、查看或删除数据集。', 403);
  }
}
