import busboy from 'busboy';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { AppError, isAppError } from '../../../lib/errors.ts';
import { invalid } from './form.ts';

/** The upload's body, streamed to temporary files under a size cap. */

export const tooLarge = (capMb: number) => new AppError('upload_too_large',
  `The upload is larger than this server accepts (${capMb} MB). Send fewer or smaller files, restart the server with --max-upload-mb, or stop it and load with \`beltscope ingest\`.`,
  `上传内容超过本服务器的上限（${capMb} MB）。请分批或缩小文件，或用 --max-upload-mb 重启服务器，或停止服务器后用 \`beltscope ingest\` 导入。`, 413);

export interface Upload { fields: Record<string, string>; files: { path: string; name: string }[]; mapping: string | null; mappingName: string | null }

/** A file name safe to write: the last path part, no control characters, not hidden, not too long. */
export function safeName(name: string): string {
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
export async function receive(body: ReadableStream<Uint8Array> | null, contentType: string, dir: string, maxBytes: number, capMb: number): Promise<Upload> {
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
