import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

const CHUNK = 1 << 20;

/**
 * A zip of a folder's files as a byte stream, read a chunk at a time as the client takes it:
 * memory stays at a chunk or two whatever the export's size. Parquet is already compressed and
 * is stored; text files are deflated. `done` runs before the stream ends, or when the client goes away.
 * fflate writes no Zip64 records, so one file must stay under 4 GiB.
 */
export function zipFolder(dir: string, files: string[], done: () => Promise<void>): ReadableStream<Uint8Array> {
  let out: ReadableStreamDefaultController<Uint8Array>;
  const zip = new Zip((err, chunk) => {
    if (err) { out.error(err); return; }
    out.enqueue(chunk);
  });
  let index = 0;
  let current: { entry: ZipPassThrough | ZipDeflate; handle: Awaited<ReturnType<typeof open>> } | null = null;
  let finished = false;
  const finish = async () => { if (!finished) { finished = true; await current?.handle.close().catch(() => {}); await done(); } };
  return new ReadableStream<Uint8Array>({
    start(controller) { out = controller; },
    async pull() {
      try {
        if (!current) {
          // The last bytes go out only once the folder is gone: a client that has the whole zip
          // never races the clean-up.
          if (index === files.length) { zip.end(); await finish(); out.close(); return; }
          const name = files[index++];
          const entry = /\.(parquet)$/.test(name) ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
          zip.add(entry);
          current = { entry, handle: await open(join(dir, name), 'r') };
        }
        const buf = new Uint8Array(CHUNK);
        const { bytesRead } = await current.handle.read(buf, 0, CHUNK, null);
        if (bytesRead < CHUNK) {
          current.entry.push(buf.subarray(0, bytesRead), true);
          await current.handle.close();
          current = null;
        } else {
          current.entry.push(buf);
        }
      } catch (err) {
        await finish();
        throw err;
      }
    },
    async cancel() { zip.terminate(); await finish(); },
  }, { highWaterMark: 1 });
}

export const removeFolder = (dir: string) => rm(dir, { recursive: true, force: true });
