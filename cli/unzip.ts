import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';

/**
 * Extract a zip file into a folder, one entry at a time through streams: memory stays small
 * whatever the archive's size. Reads the central directory (the archive GET /api/export sends
 * writes each entry's sizes there, after its data); stored and deflated entries only, no Zip64.
 * An entry whose name would land outside the folder is refused.
 */
export async function unzipToFolder(zipPath: string, out: string): Promise<string[]> {
  const fh = await open(zipPath, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const names: string[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const local = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      p += 46 + nameLen + extraLen + commentLen;
      const rel = normalize(name);
      if (isAbsolute(rel) || rel.startsWith(`..${sep}`) || rel === '..') throw new Error(`zip entry outside the folder: ${name}`);
      if (name.endsWith('/')) continue;
      const header = Buffer.alloc(30);
      await fh.read(header, 0, 30, local);
      const start = local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      const target = join(out, rel);
      mkdirSync(dirname(target), { recursive: true });
      const source = createReadStream(zipPath, { start, end: start + compressed - 1 });
      if (compressed === 0) source.destroy();
      if (method === 0) await pipeline(compressed ? source : [], createWriteStream(target));
      else if (method === 8) await pipeline(source, createInflateRaw(), createWriteStream(target));
      else throw new Error(`zip entry ${name} uses compression method ${method}`);
      names.push(name);
    }
    return names;
  } finally {
    await fh.close();
  }
}
