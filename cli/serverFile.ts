import { request } from 'node:http';
import { createReadStream, existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { realDbPath } from '../server/api/health.ts';
import { CLIENT_HEADER } from '../server/api/ingest/form.ts';

/**
 * A running server announces itself beside its database: `<real path of db>.server.json`
 * ({pid, port, host, dbPath, startedAt}, mode 0600), written once it listens and removed when it
 * stops. DuckDB lets one process open a file read-write, so `beltscope ingest` and `datasets`
 * look for it first and send their work to that server instead of opening the locked file.
 */
export interface ServerInfo {
  pid: number;
  port: number;
  host: string;
  dbPath: string;
  startedAt: string;
}

export const serverFilePath = (dbPath: string) => `${realDbPath(dbPath)}.server.json`;

export function writeServerFile(info: ServerInfo): string {
  const file = `${info.dbPath}.server.json`;
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/** Remove the file if it is still this process's (a newer server may have replaced it). */
export function removeServerFile(file: string, pid = process.pid): void {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerInfo>;
    if (info.pid === pid) unlinkSync(file);
  } catch { /* gone already, or not ours to remove */ }
}

const alive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
};

/** The address to connect to: a server listening on every interface is reached on loopback. */
export function serverUrl(info: Pick<ServerInfo, 'host' | 'port'>): string {
  const host = info.host === '0.0.0.0' || info.host === '' ? '127.0.0.1' : info.host === '::' ? '::1' : info.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
}

export interface FoundServer { url: string; info: ServerInfo }

/**
 * The server that has this database open, or null. A file is stale when its process is gone,
 * when GET /api/health does not answer, or when it answers for another database; a file whose
 * process is gone is removed.
 */
export async function findServer(dbPath: string, timeoutMs = 3000): Promise<FoundServer | null> {
  const file = serverFilePath(dbPath);
  if (!existsSync(file)) return null;
  let info: ServerInfo;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
    if (!Number.isInteger(info.pid) || !Number.isInteger(info.port)) return null;
  } catch {
    return null;
  }
  if (!alive(info.pid)) {
    try { unlinkSync(file); } catch { /* someone else did */ }
    return null;
  }
  const url = serverUrl(info);
  try {
    const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!r.ok) return null;
    const health = await r.json() as { dbPath?: string };
    return health.dbPath === realDbPath(dbPath) ? { url, info } : null;
  } catch {
    return null;
  }
}

export interface HttpAnswer { status: number; body: unknown }

const parseBody = (text: string) => { try { return JSON.parse(text) as unknown; } catch { return { error: { code: 'bad_answer', message: text.slice(0, 500) } }; } };

/**
 * POST one file (and the flags as fields) to /api/ingest as multipart/form-data, streamed from
 * disk with its length known, so the server can refuse it before reading it. No response
 * timeout: a large file takes as long as its load.
 */
export function uploadFile(url: string, path: string, fields: Record<string, string>, opts: {
  mapping?: string; onProgress?: (done: number, total: number) => void;
} = {}): Promise<HttpAnswer> {
  const boundary = `----beltscope${randomBytes(12).toString('hex')}`;
  const quote = (s: string) => s.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
  const field = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const fileHead = (name: string, filename: string, type: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${quote(filename)}"\r\nContent-Type: ${type}\r\n\r\n`);
  const head = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) => field(k, v)),
    ...(opts.mapping ? [fileHead('mapping', basename(opts.mapping), 'application/json'), readFileSync(opts.mapping), Buffer.from('\r\n')] : []),
    fileHead('file', basename(path), 'application/octet-stream'),
  ]);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(path).size;
  const total = head.length + size + tail.length;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${url}/api/ingest?lang=en`, {
      method: 'POST',
      // The server says 413 before a byte is sent when the file is over its cap (see refuseOversizedContinue).
      // The client header: the server then names options in its messages as this command's flags.
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(total), Expect: '100-continue', [CLIENT_HEADER]: 'cli' },
    }, (res) => {
      answered = true;
      source.destroy();
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: parseBody(text) });
        if (!req.writableFinished) req.destroy(); // refused before the body was (all) sent
      });
      res.on('error', reject);
    });
    // A server that refuses early (413) closes the connection while the file is still going out.
    req.on('error', (e) => { if (!answered) reject(e); });
    const source = createReadStream(path);
    source.pause();
    source.on('error', (e) => { req.destroy(e); if (!answered) reject(e); });
    let done = 0;
    let started = false;
    // As curl does: a server that never says 100 Continue gets the body after a moment anyway.
    const wait = setTimeout(() => start(), 3000);
    const start = () => {
      clearTimeout(wait);
      if (started || answered) return;
      started = true;
      req.write(head);
      source.on('data', (chunk) => {
        done += chunk.length;
        opts.onProgress?.(done, size);
        if (!req.write(chunk)) { source.pause(); req.once('drain', () => source.resume()); }
      });
      source.on('end', () => req.end(tail));
      source.resume();
    };
    req.once('continue', start);
    req.once('response', () => clearTimeout(wait));
    req.flushHeaders();
  });
}

/** A JSON request to the running server (datasets). */
/**
 * A running server's refusal (an API error body), in both languages as the CLI words its own:
 * the body's `messages`, else its one `message`, else the HTTP status.
 */
export function refusal(body: unknown, status: number): { code: string; en: string; zh: string } {
  const e = (body as { error?: { code?: string; message?: string; messages?: { zh?: string; en?: string } } } | null)?.error;
  const en = e?.messages?.en ?? e?.message ?? `the server answered HTTP ${status}`;
  return { code: e?.code ?? 'server_error', en, zh: e?.messages?.zh ?? en };
}

export async function callServer(url: string, method: 'GET' | 'DELETE', path: string): Promise<HttpAnswer> {
  const r = await fetch(`${url}${path}`, { method });
  return { status: r.status, body: parseBody(await r.text()) };
}
