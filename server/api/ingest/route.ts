import { Hono } from 'hono';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, isAppError } from '../../../lib/errors.ts';
import type { Audience } from '../../../lib/flags.ts';
import type { AppContext } from '../app.ts';
import type { IngestResponse } from '../schemas/ingest.ts';
import { assertMayWrite, assertSameOrigin } from '../writeGuards.ts';
import { CLIENT_HEADER, invalid, parseIngestFields, type IngestFn } from './form.ts';
import { receive, safeName, tooLarge, type Upload } from './receive.ts';

/**
 * POST /api/ingest: files uploaded as multipart/form-data, streamed to temporary files (never
 * held in memory) under a size cap, loaded by the same engine as `beltscope ingest`, and removed
 * afterwards whatever happened. The server may not import pipelines/: the command line wires the
 * engine in (`AppOptions.ingest`).
 */

export interface IngestRouteOptions {
  /** Upload cap in MB (`beltscope serve --max-upload-mb`). */
  maxUploadMb: number;
  ingest?: IngestFn;
  /** The interface the server is bound to (see assertSameOrigin). */
  host?: string;
}

const clientOf = (header: string | undefined): Audience => (header === 'cli' || header === 'web' ? header : 'form');

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
        '请以 multipart/form-data 发送文件：一个或多个 "file" 部分，参数作为字段（见 README 的「Loading real data」一节）。');
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
          // `beltscope ingest` and the dashboard say who is asking: their users know options as
          // flags and as the upload page's labels; anyone else as the form's fields.
          via: clientOf(c.req.header(CLIENT_HEADER)),
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
