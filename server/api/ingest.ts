import { Hono, type Context } from 'hono';
import busboy from 'busboy';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, isAppError } from '../../lib/errors.ts';
import { isValidDate } from '../query/window.ts';
import type { Scope } from '../query/scope.ts';
import type { AppContext } from './app.ts';
import { INGEST_KINDS, INGEST_PLATFORMS, INGEST_VENUES, type IngestResponse } from './schemas/ingest.ts';

/**
 * POST /api/ingest: files uploaded as multipart/form-data, streamed to temporary files (never
 * held in memory) under a size cap, loaded by the same engine as `beltscope ingest`, and removed
 * afterwards whatever happened. The server may not import pipelines/: the command line wires the
 * engine in (`AppOptions.ingest`).
 */

/** What the upload form says about its files (the command line's flags). */
export interface IngestRequestOptions {
  platform?: string;
  kind?: string;
  merchant?: string;
  belt?: string;
  category?: string;
  base?: string;
  venue?: string;
  date?: string;
  replaceDemo?: boolean;
  dryRun?: boolean;
  /** A mapping file (JSON, the built-in format). */
  mappingFile?: string;
  /** The name a file is reported under: its upload name, not the temporary path. */
  displayName?: (path: string) => string;
}

/** The ingestion engine, as the server sees it (pipelines/ingest/ingest.ts behind it). */
export type IngestFn = (paths: string[], opts: IngestRequestOptions) => Promise<IngestResponse>;

export const DEFAULT_MAX_UPLOAD_MB = 512;

const boolField = z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'on' || v === 'yes');
const idField = z.string().trim().min(1).max(200);

/** The form's text fields (files come as `file`, repeatable; `mapping` may be a file or text). */
export const ingestFields = z.strictObject({
  platform: z.enum(INGEST_PLATFORMS).optional().meta({ description: 'The platform, when the file does not say (Kuaishou, WeChat Channels …)' }),
  kind: z.enum(INGEST_KINDS).optional().meta({ description: 'The canonical table the files load into, when the headers leave a choice' }),
  merchant: idField.optional().meta({ description: 'The merchant a shop export belongs to (back-office exports do not name their shop)' }),
  belt: idField.optional().meta({ description: 'The belt of a new --merchant (creates it)' }),
  category: idField.optional().meta({ description: 'Category of lines without one (default: the belt\'s main category)' }),
  base: idField.optional().meta({ description: 'The live base the sessions were streamed from' }),
  venue: z.enum(INGEST_VENUES).optional().meta({ description: 'Where the sessions were streamed from' }),
  date: z.string().refine(isValidDate).optional().meta({ description: 'YYYY-MM-DD: the day of an export without start times (Douyin Compass)' }),
  replace_demo: boolField.optional().meta({ description: 'true: remove the demo dataset in the same transaction (else a database holding it refuses real data)' }),
  dry_run: boolField.optional().meta({ description: 'true: read, check and count, then roll back: nothing is written' }),
  mapping: z.string().max(1_000_000).optional().meta({ description: 'Your own export mapping: a JSON file part, or its text' }),
});
const FIELD_HELP: Record<string, { en: string; zh: string; allowed?: readonly string[] }> = {
  platform: { en: `must be one of ${INGEST_PLATFORMS.join(', ')}`, zh: `必须是 ${INGEST_PLATFORMS.join('、')} 之一`, allowed: INGEST_PLATFORMS },
  kind: { en: `must be one of ${INGEST_KINDS.join(', ')}`, zh: `必须是 ${INGEST_KINDS.join('、')} 之一`, allowed: INGEST_KINDS },
  venue: { en: `must be one of ${INGEST_VENUES.join(', ')}`, zh: `必须是 ${INGEST_VENUES.join('、')} 之一`, allowed: INGEST_VENUES },
  date: { en: 'must be a date written YYYY-MM-DD', zh: '必须是 YYYY-MM-DD 格式的日期' },
  replace_demo: { en: 'must be true or false', zh: '必须是 true 或 false' },
  dry_run: { en: 'must be true or false', zh: '必须是 true 或 false' },
  mapping: { en: 'must be a mapping of at most 1 MB', zh: '不能超过 1 MB' },
};
/** Every field the form may carry, files included. */
export const FORM_FIELDS = ['file', ...Object.keys(ingestFields.shape)];

const invalid = (param: string, en: string, zh: string, allowed?: readonly string[]) =>
  new AppError('invalid_param', en, zh, 400, { param, ...(allowed ? { allowed: [...allowed] } : {}) });

export function parseIngestFields(input: Record<string, string>) {
  const unknown = Object.keys(input).filter((k) => !FORM_FIELDS.includes(k));
  if (unknown.length) {
    const names = unknown.map((k) => `"${k}"`);
    throw invalid(unknown[0], `Unknown form field${unknown.length > 1 ? 's' : ''} ${names.join(', ')}. Fields: ${FORM_FIELDS.join(', ')}.`,
      `未知表单字段 ${names.join('、')}。可用字段：${FORM_FIELDS.join('、')}。`, FORM_FIELDS);
  }
  const r = ingestFields.safeParse(input);
  if (r.success) return r.data;
  const param = String(r.error.issues[0].path[0] ?? '');
  const h = FIELD_HELP[param] ?? { en: 'must not be empty (at most 200 characters)', zh: '不能为空（最多 200 个字符）' };
  throw invalid(param, `Field "${param}" ${h.en}.`, `字段 "${param}" ${h.zh}。`, h.allowed);
}

// ── who may write ────────────────────────────────────────────────────────────

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

// ── the upload ───────────────────────────────────────────────────────────────

export const tooLarge = (capMb: number) => new AppError('upload_too_large',
  `The upload is larger than this server accepts (${capMb} MB). Send fewer or smaller files, restart the server with --max-upload-mb, or stop it and load with \`beltscope ingest\`.`,
  `上传内容超过本服务器的上限（${capMb} MB）。请分批或缩小文件，或用 --max-upload-mb 重启服务器，或停止服务器后用 \`beltscope ingest\` 导入。`, 413);

interface Upload { fields: Record<string, string>; files: { path: string; name: string }[]; mapping: string | null; mappingName: string | null }

/** A file name safe to write: the last path part, no control characters, not hidden, not too long. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f:*?"<>|]/g, '_').replace(/^\.+/, '').slice(-150);
  return clean || 'upload';
}

/**
 * Stream a multipart body into `dir`: text fields in memory (small), each `file` part to its own
 * file, a `mapping` file part to mapping.json. Throws 413 once the body passes `maxBytes` (the
 * rest is not read) and 400 for a malformed body, a repeated field or an unknown file field.
 */
async function receive(body: ReadableStream<Uint8Array> | null, contentType: string, dir: string, maxBytes: number, capMb: number): Promise<Upload> {
  if (!body) throw invalid('file', 'The request has no body: send multipart/form-data with one or more "file" parts.', '请求没有内容：请以 multipart/form-data 发送一个或多个 "file"。');
  const bb = busboy({
    headers: { 'content-type': contentType },
    // Browsers and curl write UTF-8 file names (直播明细_抖音号_….xlsx) as raw bytes.
    defParamCharset: 'utf8',
    limits: { fieldSize: 1_000_000, fields: 100, files: 1000, parts: 2000 },
  });
  const upload: Upload = { fields: {}, files: [], mapping: null, mappingName: null };
  const writes: Promise<void>[] = [];
  const open: WriteStream[] = [];
  let failure: AppError | Error | null = null;
  /** Wakes the reading loop when it waits for busboy to drain and something failed meanwhile. */
  let wake: (() => void) | null = null;
  const fail = (e: AppError | Error) => { failure ??= e; wake?.(); };

  bb.on('field', (name, value, info) => {
    if (info.valueTruncated) return fail(invalid(name, `Field "${name}" is too long.`, `字段 "${name}" 过长。`));
    if (name in upload.fields || (name === 'mapping' && upload.mapping !== null)) {
      return fail(invalid(name, `Field "${name}" is given more than once.`, `字段 "${name}" 重复出现。`));
    }
    upload.fields[name] = value;
  });
  bb.on('file', (name, stream, info) => {
    // Always listened to: busboy errors a file stream when the body ends early.
    stream.on('error', () => {});
    if ((name !== 'file' && name !== 'mapping') || !info.filename) {
      // Unknown file fields are named by parseIngestFields; an empty file input sends no file.
      if (name !== 'file' && name !== 'mapping') upload.fields[name] ??= '';
      stream.resume();
      return;
    }
    if (name === 'mapping' && (upload.mapping !== null || 'mapping' in upload.fields)) {
      fail(invalid('mapping', 'Field "mapping" is given more than once.', '字段 "mapping" 重复出现。'));
      stream.resume();
      return;
    }
    let path: string;
    try {
      if (name === 'mapping') {
        path = join(dir, 'mapping.json');
        upload.mapping = path;
        upload.mappingName = safeName(info.filename);
      } else {
        const sub = join(dir, String(upload.files.length));
        mkdirSync(sub);
        path = join(sub, safeName(info.filename));
        upload.files.push({ path, name: safeName(info.filename) });
      }
    } catch (e) {
      fail(e as Error);
      stream.resume();
      return;
    }
    const out = createWriteStream(path, { mode: 0o600 });
    open.push(out);
    writes.push(pipeline(stream, out).catch((e: Error) => fail(e)));
  });
  const finished = new Promise<void>((resolve) => {
    bb.on('close', () => resolve());
    // A malformed body stops the reading at once (see the loop below).
    bb.on('error', (e) => {
      fail(invalid('file', `The upload is not valid multipart/form-data: ${(e as Error).message}.`,
        `上传内容不是有效的 multipart/form-data：${(e as Error).message}。`));
      resolve();
    });
  });

  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(capMb);
      if (!bb.write(value) && !failure) {
        await new Promise<void>((resolve) => {
          wake = () => { bb.off('drain', onDrain); resolve(); };
          const onDrain = () => { wake = null; resolve(); };
          bb.once('drain', onDrain);
        });
        wake = null;
      }
      if (failure) break;
    }
    if (!failure) {
      bb.end();
      await finished;
    }
    if (!failure) await Promise.all(writes);
  } catch (e) {
    // Past the cap: read and drop what the client is still sending, briefly, so the 413 reaches
    // it rather than a reset of a connection closed under its feet; then stop reading. Close
    // every file so the directory can be removed.
    if (isAppError(e) && e.status === 413) await discard(reader, 16 * 1024 * 1024, 1000);
    reader.releaseLock();
    bb.destroy();
    for (const o of open) o.destroy();
    await Promise.allSettled(writes);
    throw e;
  }
  if (failure) {
    reader.releaseLock();
    bb.destroy();
    for (const o of open) o.destroy();
    await Promise.allSettled(writes);
    throw failure;
  }
  return upload;
}

/** Read and drop up to `maxBytes` of a body for at most `ms`. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let n = 0;
  while (n < maxBytes) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    const read = reader.read();
    read.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([read, new Promise<null>((res) => { timer = setTimeout(() => res(null), left); })]).catch(() => null);
    clearTimeout(timer);
    if (!r || r.done) return;
    n += r.value.byteLength;
  }
}

/**
 * For a Node server: a request that says `Expect: 100-continue` (curl does for large uploads)
 * with a Content-Length over the upload cap is answered 413 before the client sends its body;
 * any other is told to continue and handled as usual.
 */
export function refuseOversizedContinue(server: import('node:http').Server, maxUploadMb: number): void {
  server.on('checkContinue', (req, res) => {
    const length = Number(req.headers['content-length']);
    if (req.method === 'POST' && req.url?.startsWith('/api/ingest') && length > maxUploadMb * 1024 * 1024) {
      const lang = new URL(req.url, 'http://x').searchParams.get('lang') === 'en' ? 'en' : 'zh';
      res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify(tooLarge(maxUploadMb).toJSON(lang)));
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
}

export interface IngestRouteOptions {
  /** Upload cap in MB (`beltscope serve --max-upload-mb`). */
  maxUploadMb: number;
  ingest?: IngestFn;
  /** The interface the server is bound to (see assertSameOrigin). */
  host?: string;
}

/** POST /api/ingest */
export function ingestRoute(ctx: AppContext, opts: IngestRouteOptions) {
  const maxBytes = Math.floor(opts.maxUploadMb * 1024 * 1024);
  return new Hono().post('/ingest', async (c) => {
    const lang = new URL(c.req.url).searchParams.get('lang') === 'en' ? 'en' : 'zh';
    // What is left of a refused body is read and dropped for a moment (at most 64 MB or 0.5 s, by
    // @hono/node-server), then the connection is closed: the client sees the 413, not a reset.
    const refuse = (err: AppError) => c.json(err.toJSON(lang), err.status as 413);
    assertSameOrigin(c, opts.host);
    assertMayWrite(ctx.scopeOf(c.req.raw));
    const length = c.req.header('content-length');
    // Refused before a byte of the body is read.
    if (length !== undefined && Number(length) > maxBytes) return refuse(tooLarge(opts.maxUploadMb));
    const contentType = c.req.header('content-type') ?? '';
    if (!/^multipart\/form-data\b/i.test(contentType)) {
      throw invalid('file', 'Send the files as multipart/form-data: one or more "file" parts and the flags as fields (see the README, "Loading real data").',
        '请以 multipart/form-data 发送文件：一个或多个 "file" 部分，参数作为字段（见 README「导入真实数据」）。');
    }
    if (!opts.ingest) {
      throw new AppError('ingest_unavailable', 'This server was started without the ingestion engine.', '此服务器未启用数据导入。', 501);
    }
    const dir = await mkdtemp(join(tmpdir(), 'beltscope-upload-'));
    try {
      let upload: Upload;
      try {
        upload = await receive(c.req.raw.body, contentType, dir, maxBytes, opts.maxUploadMb);
      } catch (e) {
        if (isAppError(e) && e.status === 413) return refuse(e);
        throw e;
      }
      const fields = parseIngestFields(upload.fields);
      if (!upload.files.length) {
        throw invalid('file', 'No file was uploaded: add one or more "file" parts.', '没有上传文件：请添加一个或多个 "file"。');
      }
      let mappingFile = upload.mapping ?? undefined;
      if (fields.mapping !== undefined) {
        mappingFile = join(dir, 'mapping.json');
        await writeFile(mappingFile, fields.mapping, { mode: 0o600 });
      }
      const names = new Map(upload.files.map((f) => [f.path, f.name]));
      // Messages name the files as uploaded, never the server's temporary paths.
      const scrub = (text: string) => {
        let out = text;
        for (const [path, name] of names) out = out.split(path).join(name);
        if (mappingFile) out = out.split(mappingFile).join(upload.mappingName ?? 'mapping');
        return out.split(dir).join('…');
      };
      let summary: IngestResponse;
      try {
        summary = await opts.ingest(upload.files.map((f) => f.path), {
          platform: fields.platform, kind: fields.kind, merchant: fields.merchant, belt: fields.belt, category: fields.category,
          base: fields.base, venue: fields.venue, date: fields.date, replaceDemo: fields.replace_demo ?? false, dryRun: fields.dry_run ?? false,
          mappingFile, displayName: (p) => names.get(p) ?? safeName(p),
        });
      } catch (e) {
        // A problem with the request as a whole (e.g. an invalid mapping): its error, without paths.
        if (isAppError(e)) throw new AppError(e.code, scrub(e.message), scrub(e.messageZh), e.status, e.details);
        throw e;
      }
      summary.files = summary.files.map((f) => ({ ...f, message: scrub(f.message), messageZh: scrub(f.messageZh) }));
      return c.json(summary satisfies IngestResponse);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
