import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';

/**
 * Byte-level facts about a UTF-8 CSV that DuckDB's reader does not expose: the header record
 * (read and parsed here, never used as identifiers) and the blank lines DuckDB skips silently,
 * which the physical line numbers of later records must count.
 */

export interface Header {
  /** Header cells exactly as written (quotes removed, nothing trimmed). */
  cells: string[];
  /** The physical line the header record ends on (1, or more after blank lines or quoted newlines). */
  endLine: number;
  /** Blank lines before the header. */
  blankBefore: number;
}

/**
 * Parse the first non-blank record of `text` (RFC 4180 quoting: `""` is a quote inside a quoted
 * cell). `complete`: `text` is the whole file. Returns 'more' when the record may continue past
 * the end of `text`, null when the text holds no record. Lines end with LF or CRLF, or with CR
 * alone in text without any LF (old Mac files, which DuckDB's reader also reads so).
 */
export function parseFirstRecord(text: string, complete: boolean): Header | 'more' | null {
  const crOnly = !text.includes('\n') && text.includes('\r');
  const isEnd = (c: string) => c === '\n' || (crOnly && c === '\r');
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let blankBefore = 0;
  for (;;) { // blank lines before the header
    let j = i;
    if (!crOnly) while (j < text.length && text[j] === '\r') j++;
    if (j >= text.length) return complete ? null : 'more';
    if (!isEnd(text[j])) break;
    line++;
    blankBefore++;
    i = j + 1;
  }
  const cells: string[] = [];
  let cell = '';
  let quoted = false; // inside a quoted cell
  let wasQuoted = false; // the current cell was quoted
  let atStart = true;
  const done = () => {
    cells.push(!wasQuoted && cell.endsWith('\r') ? cell.slice(0, -1) : cell);
    return { cells, endLine: line, blankBefore };
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (i + 1 >= text.length && !complete) return 'more';
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (isEnd(c)) line++;
        cell += c;
      }
      continue;
    }
    if (c === ',') { cells.push(cell); cell = ''; atStart = true; wasQuoted = false; continue; }
    if (isEnd(c)) return done();
    if (c === '"' && atStart) { quoted = true; wasQuoted = true; atStart = false; continue; }
    if (c === '\r' && wasQuoted) continue; // "a"\r\n
    atStart = false;
    cell += c;
  }
  return complete ? done() : 'more';
}

/** The header of a UTF-8 CSV file, reading only as much of the file as it spans. */
export async function readHeader(path: string): Promise<Header | null> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    let want = 64 * 1024;
    for (;;) {
      const len = Math.min(size, want);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, 0);
      const complete = len >= size;
      // Cut an incomplete UTF-8 character at the end; it is read again with the next try.
      const text = new TextDecoder('utf-8').decode(complete ? buf : buf.subarray(0, utf8Boundary(buf)));
      const r = parseFirstRecord(text, complete);
      if (r !== 'more') return r;
      want *= 4;
    }
  } finally {
    await fh.close();
  }
}

function utf8Boundary(b: Buffer): number {
  let end = b.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const c = b[end - k];
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    if (c >= 0xc0) return end - k; // a lead byte whose sequence may be cut
    break;
  }
  return end;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export interface TextFacts {
  /** Every byte sequence is valid UTF-8. */
  utf8: boolean;
  /** A blank line (`\n\n`, `\n\r\n`) occurs before more content: see blankLines. */
  mayHaveBlankLines: boolean;
  /** The file's last byte ends a line: a file cut off mid-row does not (see lastLineCut). */
  endsWithLineEnd: boolean;
}

/**
 * One pass over the whole file, the work done by native calls (buffer.isUtf8, Buffer.indexOf;
 * no loop over rows or bytes in JS): whether it is all UTF-8 — sniff() looked at 64 KB, and
 * DuckDB's reader failing on a bad byte later would abort the caller's transaction — and whether
 * it may hold blank lines, which DuckDB's reader skips without a trace.
 */
export async function scanText(path: string, onBytes?: (done: number) => void): Promise<TextFacts> {
  const fh = await open(path, 'r');
  const CHUNK = 1 << 20;
  const buf = Buffer.allocUnsafe(CHUNK + 4);
  let utf8 = true;
  let blank = false; // a blank line seen
  let blankThenContent = false; // … and content after it
  let last2 = Buffer.alloc(0); // the previous chunk's last two bytes, for a pattern across chunks
  try {
    let keep = 0; // an incomplete UTF-8 character carried from the previous chunk, at buf[0..keep)
    let done = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, keep, CHUNK, null);
      const eof = bytesRead === 0;
      done += bytesRead;
      const n = keep + bytesRead;
      const view = buf.subarray(0, n);
      const cut = eof ? n : utf8Boundary(view);
      if (utf8 && !isUtf8(view.subarray(0, cut))) utf8 = false;
      if (eof) break;
      if (!blankThenContent) {
        let from = 0;
        if (!blank) {
          const edge = Buffer.concat([last2, view.subarray(keep, keep + 2)]);
          const a = view.indexOf('\n\n');
          const b = view.indexOf('\n\r\n');
          from = a < 0 ? b : b < 0 ? a : Math.min(a, b);
          if (edge.includes('\n\n') || edge.includes('\n\r\n')) from = 0;
          blank = from >= 0;
        }
        if (blank) {
          for (let k = from; k < n; k++) if (!WS.has(view[k])) { blankThenContent = true; break; }
        }
      }
      last2 = Buffer.from(view.subarray(Math.max(0, n - 2), n));
      keep = n - cut;
      buf.copy(buf, 0, cut, n);
      onBytes?.(done);
    }
  } finally {
    await fh.close();
  }
  const end = last2.at(-1);
  return { utf8, mayHaveBlankLines: blankThenContent, endsWithLineEnd: end === undefined || end === 0x0a || end === 0x0d };
}

/**
 * The first byte of `b` that does not start a well-formed UTF-8 character (RFC 3629: no overlong
 * form, no surrogate, nothing past U+10FFFF — byte pairs of GBK text often look like those), and
 * whether it is a character cut short by the end of `b`; -1 when none. A plain loop, run only
 * over the one chunk of a file that buffer.isUtf8 refused.
 */
function firstInvalid(b: Buffer): { at: number; cut: boolean } {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (!n) return { at: i, cut: false };
    // The second byte's range narrows after E0, ED, F0 and F4; every other continuation is 80–BF.
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    for (let k = 1; k < n; k++) {
      if (i + k >= b.length) return { at: i, cut: true };
      const x = b[i + k];
      if (k === 1 ? x < lo || x > hi : (x & 0xc0) !== 0x80) return { at: i, cut: false };
    }
    i += n;
  }
  return { at: -1, cut: false };
}

/**
 * Where a file stops being UTF-8, for the message that refuses it: the physical line of the first
 * bad byte, and whether it is the file's last character cut short (a download or copy that
 * stopped mid-character). Only on that error path: a second pass, chunk by chunk (native isUtf8
 * and indexOf), and firstInvalid over the one chunk that fails.
 */
export async function firstBadUtf8(path: string): Promise<{ line: number; cutAtEnd: boolean } | null> {
  const fh = await open(path, 'r');
  const CHUNK = 1 << 20;
  const buf = Buffer.allocUnsafe(CHUNK + 4);
  const newlines = (b: Buffer) => { let n = 0; for (let k = b.indexOf(0x0a); k >= 0; k = b.indexOf(0x0a, k + 1)) n++; return n; };
  try {
    let keep = 0;
    let line = 1;
    for (;;) {
      const { bytesRead } = await fh.read(buf, keep, CHUNK, null);
      const eof = bytesRead === 0;
      const view = buf.subarray(0, keep + bytesRead);
      const cut = eof ? view.length : utf8Boundary(view);
      if (!isUtf8(view.subarray(0, cut))) {
        const bad = firstInvalid(view.subarray(0, cut));
        // Not found (isUtf8 refused something this loop does not know): no line, rather than a wrong one.
        if (bad.at < 0) return null;
        return { line: line + newlines(view.subarray(0, bad.at)), cutAtEnd: eof && bad.cut };
      }
      if (eof) return null;
      line += newlines(view.subarray(0, cut));
      keep = view.length - cut;
      buf.copy(buf, 0, cut, view.length);
    }
  } finally {
    await fh.close();
  }
}

/**
 * Whether the file's last physical line stops mid-record: a quote left open, or fewer cells than
 * the header's `width`. Read from the file's tail; for a last record without newlines in its
 * cells (the caller checks), whose line then starts outside any quote.
 */
export async function lastLineCut(path: string, width: number): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(size, 1 << 20);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const text = buf.toString('utf8');
    const line = text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);
    let cells = 1;
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted; // a doubled quote flips twice
      else if (ch === ',' && !quoted) cells++;
    }
    return quoted || cells < width;
  } finally {
    await fh.close();
  }
}

/**
 * The physical line numbers of the blank lines outside quoted cells: the lines DuckDB's reader
 * skips. A byte-level pass over the whole file, run only when scanText finds it may hold some.
 */
export async function blankLines(path: string): Promise<number[]> {
  const fh = await open(path, 'r');
  const out: number[] = [];
  const CHUNK = 1 << 20;
  const buf = Buffer.allocUnsafe(CHUNK);
  // 0 cell start, 1 unquoted cell, 2 quoted cell, 3 quote inside a quoted cell
  let state = 0;
  let line = 1;
  let empty = true; // nothing but \r on this physical line so far
  try {
    for (;;) {
      const { bytesRead: n } = await fh.read(buf, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (state === 2) {
          if (b === 0x22) state = 3;
          else if (b === 0x0a) line++;
          continue;
        }
        if (b === 0x0a) {
          if (empty) out.push(line);
          line++;
          state = 0;
          empty = true;
          continue;
        }
        if (b === 0x0d) continue;
        empty = false;
        if (state === 3) state = b === 0x22 ? 2 : b === 0x2c ? 0 : 1;
        else if (b === 0x2c) state = 0;
        else if (b === 0x22 && state === 0) state = 2;
        else state = 1;
      }
    }
  } finally {
    await fh.close();
  }
  return out;
}
