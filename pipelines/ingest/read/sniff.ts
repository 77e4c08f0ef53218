import { open, type FileHandle } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { Encoding, FileFormat } from '../types.ts';
import * as E from './errors.ts';

export interface SniffResult {
  format: FileFormat;
  /** For CSV: the text encoding; null otherwise. */
  encoding: Encoding | null;
  /** An Office file encrypted with a password (an OLE2 container holding `EncryptedPackage`). */
  passwordProtected?: boolean;
}

/** How much of a text file's start is checked for its encoding. */
export const SAMPLE_BYTES = 64 * 1024;

const ZIP_LOCAL = 0x04034b50;
const ZIP_EOCD = 0x06054b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP64_LOCATOR = 0x07064b50;
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/**
 * What a file is, from its bytes (never its name): XLSX (a zip holding xl/workbook.xml), a
 * password-protected Office file (OLE2 with an EncryptedPackage stream), Parquet (PAR1 at both
 * ends), or CSV text in UTF-8 (with or without BOM) or GB18030/GBK. Throws an AppError for an
 * empty file, an old .xls, other zips and Office files, UTF-16 text and binary junk.
 */
export async function sniff(path: string): Promise<SniffResult> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    if (size === 0) throw E.emptyFile(path);
    const head = await readAt(fh, 0, Math.min(size, SAMPLE_BYTES));
    if (head.length >= 4 && (head.readUInt32LE(0) === ZIP_LOCAL || head.readUInt32LE(0) === ZIP_EOCD)) {
      const { names, cut } = await zipNames(fh, size, head);
      // Without the directory every zip ends with, the file was cut off (an interrupted download):
      // a reader would fail on it half-way, and "unzip it" would be the wrong advice.
      if (cut) throw E.cutZip(path, [...names].some((n) => n.startsWith('xl/')));
      if (names.has('xl/workbook.xml')) return { format: 'xlsx', encoding: null };
      if (names.has('xl/workbook.bin')) throw E.binaryWorkbook(path);
      throw E.zipNotWorkbook(path);
    }
    if (head.length >= 8 && head.subarray(0, 8).equals(CFB_MAGIC)) {
      const names = await cfbNames(fh, size, head);
      if (names.has('encryptedpackage')) return { format: 'xlsx', encoding: null, passwordProtected: true };
      if (names.has('workbook') || names.has('book')) throw E.oldExcel(path);
      throw E.otherOffice(path);
    }
    if (size >= 8 && head.subarray(0, 4).toString('latin1') === 'PAR1') {
      const tail = await readAt(fh, size - 4, 4);
      if (tail.toString('latin1') === 'PAR1') return { format: 'parquet', encoding: null };
      throw E.unreadable(path, 'Parquet', 'the file is cut short (no PAR1 footer)');
    }
    return { format: 'csv', encoding: textEncoding(path, head, head.length < size) };
  } finally {
    await fh.close();
  }
}

/**
 * The text encoding of a CSV from its first bytes. `partial`: the sample is not the whole file,
 * so a multi-byte character may be cut at its end.
 */
export function textEncoding(path: string, sample: Buffer, partial: boolean): Encoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    if (!partial && isBlank(sample.subarray(3))) throw E.emptyFile(path);
    return 'utf-8-bom';
  }
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) throw E.utf16Text(path);
  if (sample.includes(0)) throw E.notText(path);
  if (!partial && isBlank(sample)) throw E.emptyFile(path);
  let text: string | null = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: partial });
  } catch {
    text = null;
  }
  if (text !== null) {
    if (tooManyControls(text)) throw E.notText(path);
    return 'utf-8';
  }
  // Not UTF-8: GB18030 (a superset of GBK and GB2312) if it decodes without a replacement character.
  const dec = iconv.getDecoder('gb18030');
  const gb = partial ? dec.write(sample) : dec.write(sample) + (dec.end() ?? '');
  if (gb.includes('\ufffd') || tooManyControls(gb)) throw E.notText(path);
  return 'gb18030';
}

function isBlank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  return true;
}

/** Binary data that happens to decode: C0 control characters other than tab, CR, LF, FF. */
function tooManyControls(s: string): boolean {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) n++;
  }
  return n > 0 && n * 200 > s.length;
}

/** Entry names of a zip, from its central directory (zip64 too); falls back to local headers in `head`. */
async function zipNames(fh: FileHandle, size: number, head: Buffer): Promise<{ names: Set<string>; cut: boolean }> {
  const names = new Set<string>();
  const tailLen = Math.min(size, 65_557);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === ZIP_EOCD) { eocd = i; break; }
  }
  if (eocd >= 0) {
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if ((cdOffset === 0xffffffff || cdSize === 0xffffffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
      const z64 = await readAt(fh, Number(tail.readBigUInt64LE(eocd - 12)), 56);
      if (z64.length === 56) {
        cdSize = Number(z64.readBigUInt64LE(40));
        cdOffset = Number(z64.readBigUInt64LE(48));
      }
    }
    if (cdOffset + cdSize <= size && cdSize <= 64 * 1024 * 1024) {
      const cd = await readAt(fh, cdOffset, cdSize);
      for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === ZIP_CENTRAL;) {
        const nameLen = cd.readUInt16LE(p + 28);
        names.add(cd.toString('utf8', p + 46, p + 46 + nameLen));
        p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
      }
      // A directory read, even an empty one (a zip of nothing): the file is not cut. One that
      // lists nothing though it has a size was a chance match of the signature in cut data.
      if (names.size || cdSize === 0) return { names, cut: false };
    }
  }
  // No readable central directory (a file cut short): the local headers at the start.
  for (let p = 0; p + 30 <= head.length && head.readUInt32LE(p) === ZIP_LOCAL;) {
    const nameLen = head.readUInt16LE(p + 26);
    names.add(head.toString('utf8', p + 30, p + 30 + nameLen));
    const compressed = head.readUInt32LE(p + 18);
    if (head.readUInt16LE(p + 6) & 0x08) break; // sizes follow the data: cannot skip it
    p += 30 + nameLen + head.readUInt16LE(p + 28) + compressed;
  }
  return { names, cut: true };
}

/**
 * Stream and storage names (lower-cased) in an OLE2 compound file's directory, following the
 * directory's sector chain through the FAT. Falls back to scanning the first bytes for the
 * UTF-16LE names when the structure cannot be followed.
 */
async function cfbNames(fh: FileHandle, size: number, head: Buffer): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    const shift = head.readUInt16LE(30);
    if (shift !== 9 && shift !== 12) throw new Error('sector size');
    const ssz = 1 << shift;
    const perSector = ssz / 4;
    const numFat = head.readUInt32LE(44);
    const fat: number[] = [];
    for (let i = 0; i < Math.min(numFat, 109); i++) fat.push(head.readUInt32LE(76 + 4 * i));
    let difat = head.readUInt32LE(68);
    for (let guard = 0; fat.length < numFat && difat < 0xfffffffa && guard < 10_000; guard++) {
      const s = await readAt(fh, (difat + 1) * ssz, ssz);
      if (s.length < ssz) break;
      for (let i = 0; i < perSector - 1 && fat.length < numFat; i++) fat.push(s.readUInt32LE(4 * i));
      difat = s.readUInt32LE(ssz - 4);
    }
    const next = async (sector: number) => {
      const fatSector = fat[Math.floor(sector / perSector)];
      if (fatSector === undefined) return 0xfffffffe;
      const b = await readAt(fh, (fatSector + 1) * ssz + (sector % perSector) * 4, 4);
      return b.length === 4 ? b.readUInt32LE(0) : 0xfffffffe;
    };
    let sector = head.readUInt32LE(48);
    for (let guard = 0; sector < 0xfffffffa && guard < 100_000; guard++) {
      if ((sector + 1) * ssz >= size) break;
      const dir = await readAt(fh, (sector + 1) * ssz, ssz);
      for (let p = 0; p + 128 <= dir.length; p += 128) {
        const len = dir.readUInt16LE(p + 64);
        if (len >= 2 && len <= 64 && dir[p + 66] !== 0) names.add(dir.toString('utf16le', p, p + len - 2).toLowerCase());
      }
      sector = await next(sector);
    }
  } catch {
    // fall through to the scan
  }
  if (!names.size) {
    for (const n of ['EncryptedPackage', 'Workbook', 'Book']) {
      if (head.includes(Buffer.from(n, 'utf16le'))) names.add(n.toLowerCase());
    }
  }
  return names;
}
