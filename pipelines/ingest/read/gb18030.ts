import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';

/**
 * GB18030 (and so GBK and GB2312) → UTF-8, file to file, streaming. The mapping is iconv-lite's:
 * its two-byte and BMP four-byte tables are read once into lookups, so the decoding loop writes
 * UTF-8 bytes directly — about 3× iconv.decodeStream, which builds UTF-16 strings and encodes
 * them again. (Worker threads decoding pieces in parallel were tried: on a busy two-core
 * machine, where DuckDB needs the cores next, they were slower.)
 */

const LEAD_MIN = 0x81;
const TRAIL_MIN = 0x40;
const ROW = 0xfe - TRAIL_MIN + 1; // trail bytes 0x40…0xfe (0x7f is not one)
const BMP4 = 39_420; // four-byte codes 81 30 81 30 … 84 31 a4 39 (the rest of the BMP)
const FFFD4 = 39_417; // 84 31 a4 37: U+FFFD itself

interface Tables {
  /** (length << 24 | UTF-8 bytes) per lead/trail pair; 0 = unmapped. */
  pair: Uint32Array;
  /** The code unit per four-byte index below BMP4; 0 = unmapped. */
  bmp4: Uint16Array;
  /** The code point of the single byte 0x80. */
  b80: number;
}

let cached: Tables | null = null;

function tables(): Tables {
  if (cached) return cached;
  const pair = new Uint32Array((0xfe - LEAD_MIN + 1) * ROW);
  const trails: number[] = [];
  for (let b = TRAIL_MIN; b <= 0xfe; b++) if (b !== 0x7f) trails.push(b);
  const put = (lead: number, trail: number, ch: string) => {
    if (ch.length !== 1 || ch === '\ufffd') return;
    const u = Buffer.from(ch, 'utf8');
    pair[(lead - LEAD_MIN) * ROW + (trail - TRAIL_MIN)] = (u.length << 24) | (u[0] << 16) | ((u[1] ?? 0) << 8) | (u[2] ?? 0);
  };
  for (let lead = LEAD_MIN; lead <= 0xfe; lead++) {
    const bytes = Buffer.alloc(trails.length * 2);
    trails.forEach((trail, i) => { bytes[2 * i] = lead; bytes[2 * i + 1] = trail; });
    const s = iconv.decode(bytes, 'gb18030');
    if (s.length === trails.length) trails.forEach((trail, i) => put(lead, trail, s[i]));
    else for (const trail of trails) put(lead, trail, iconv.decode(Buffer.from([lead, trail]), 'gb18030'));
  }
  const four = Buffer.alloc(BMP4 * 4);
  for (let index = 0; index < BMP4; index++) {
    four[4 * index] = LEAD_MIN + Math.floor(index / 12600);
    four[4 * index + 1] = 0x30 + (Math.floor(index / 1260) % 10);
    four[4 * index + 2] = LEAD_MIN + (Math.floor(index / 10) % 126);
    four[4 * index + 3] = 0x30 + (index % 10);
  }
  const s = iconv.decode(four, 'gb18030');
  const bmp4 = new Uint16Array(BMP4);
  if (s.length === BMP4) for (let i = 0; i < BMP4; i++) bmp4[i] = s.charCodeAt(i) === 0xfffd && i !== FFFD4 ? 0 : s.charCodeAt(i);
  const b80 = iconv.decode(Buffer.from([0x80]), 'gb18030').codePointAt(0) ?? 0xfffd;
  return (cached = { pair, bmp4, b80 });
}

/**
 * Decode src[0..end) into out (room for 3 bytes per input byte). Stops before a sequence cut at
 * `end` unless `eof`. An invalid byte becomes U+FFFD and decoding goes on with the next byte.
 */
function decode(src: Uint8Array, end: number, eof: boolean, t: Tables, out: Uint8Array) {
  const T = t.pair;
  const B4 = t.bmp4;
  let i = 0;
  let w = 0;
  let invalid = 0;
  while (i < end) {
    const b = src[i];
    if (b < 0x80) { out[w++] = b; i++; continue; }
    let cp = 0;
    let len = 1;
    if (b >= LEAD_MIN && b <= 0xfe) {
      if (i + 1 >= end && !eof) break;
      const t2 = i + 1 < end ? src[i + 1] : -1;
      if (t2 >= TRAIL_MIN && t2 <= 0xfe && t2 !== 0x7f) {
        const v = T[(b - LEAD_MIN) * ROW + (t2 - TRAIL_MIN)];
        const n = v >>> 24;
        if (n === 3) { out[w] = (v >>> 16) & 0xff; out[w + 1] = (v >>> 8) & 0xff; out[w + 2] = v & 0xff; w += 3; i += 2; continue; }
        if (n === 2) { out[w] = (v >>> 16) & 0xff; out[w + 1] = (v >>> 8) & 0xff; w += 2; i += 2; continue; }
        if (n === 1) { out[w++] = (v >>> 16) & 0xff; i += 2; continue; }
        len = 2;
      } else if (t2 >= 0x30 && t2 <= 0x39) {
        if (i + 3 >= end && !eof) break;
        const b3 = i + 2 < end ? src[i + 2] : -1;
        const b4 = i + 3 < end ? src[i + 3] : -1;
        if (b3 >= LEAD_MIN && b3 <= 0xfe && b4 >= 0x30 && b4 <= 0x39) {
          const index = (b - LEAD_MIN) * 12600 + (t2 - 0x30) * 1260 + (b3 - LEAD_MIN) * 10 + (b4 - 0x30);
          if (index < BMP4) cp = B4[index];
          else if (b >= 0x90 && b <= 0xe3 && index - 189_000 <= 0xfffff) cp = 0x10000 + index - 189_000;
          len = 4;
        }
      }
    } else if (b === 0x80 && t.b80 !== 0xfffd) {
      cp = t.b80;
    }
    if (cp === 0) { cp = 0xfffd; invalid++; }
    if (cp < 0x800) { out[w++] = 0xc0 | (cp >> 6); out[w++] = 0x80 | (cp & 0x3f); }
    else if (cp < 0x10000) { out[w++] = 0xe0 | (cp >> 12); out[w++] = 0x80 | ((cp >> 6) & 0x3f); out[w++] = 0x80 | (cp & 0x3f); }
    else { out[w++] = 0xf0 | (cp >> 18); out[w++] = 0x80 | ((cp >> 12) & 0x3f); out[w++] = 0x80 | ((cp >> 6) & 0x3f); out[w++] = 0x80 | (cp & 0x3f); }
    i += len;
  }
  return { consumed: i, written: w, invalid };
}

export interface TranscodeResult {
  /** Bytes that did not decode (written as U+FFFD). */
  invalid: number;
  bytesOut: number;
}

/** Decode `src` (GB18030) into `dst` (UTF-8); `onBytes(done)` after each megabyte of input. */
export async function transcodeGb18030(src: string, dst: string, onBytes?: (done: number) => void): Promise<TranscodeResult> {
  const t = tables();
  const CHUNK = 1 << 20;
  const inp = await open(src, 'r');
  const out = await open(dst, 'w');
  try {
    const buf = new Uint8Array(CHUNK + 4);
    const o = new Uint8Array((CHUNK + 4) * 3 + 16);
    let carry = 0; // a character cut at the end of the last chunk, moved to buf[0..carry)
    let done = 0;
    let invalid = 0;
    let bytesOut = 0;
    for (;;) {
      const { bytesRead } = await inp.read(buf, carry, CHUNK, null);
      const eof = bytesRead === 0;
      done += bytesRead;
      const n = carry + bytesRead;
      const r = decode(buf, n, eof, t, o);
      invalid += r.invalid;
      if (r.written) { await out.write(o, 0, r.written); bytesOut += r.written; }
      carry = n - r.consumed;
      buf.copyWithin(0, r.consumed, n);
      onBytes?.(done);
      if (eof) return { invalid, bytesOut };
    }
  } finally {
    await inp.close();
    await out.close();
  }
}
