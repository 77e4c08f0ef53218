import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { AppError } from '../../../lib/errors.ts';
import type { StagedSheet } from '../types.ts';
import { colNames, type Fraction } from './common.ts';
import * as E from './errors.ts';

/**
 * exceljs' streaming reader, made to wait for the workbook part (exceljs#3064). It reads the zip
 * in its stored order and parses a worksheet on arrival once the shared strings and the
 * workbook's relations are in, but `xl/workbook.xml` (sheet names, the 1904 date flag) may be
 * stored after the worksheets (exceljs itself writes it last, in an order that varies from run to
 * run): the sheet was then parsed without it and the read failed with "Cannot read properties of
 * undefined (reading 'sheets')". The relations read as absent until the workbook part is in, so a
 * worksheet stored before it goes down exceljs' own deferred path (a temporary file, parsed after
 * the last entry), which is what it already does for a worksheet stored before the shared strings.
 */
class OrderedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  private relsRead?: unknown;
  get workbookRels(): unknown { return this.model ? this.relsRead : undefined; }
  set workbookRels(v: unknown) { this.relsRead = v; }
}

/**
 * Sheet names by worksheet part number (sheet3.xml → its name), read from the workbook part and
 * its relations. exceljs' streaming reader names a worksheet stored before both the shared
 * strings and the workbook part Sheet1… (about one workbook in eight exceljs itself writes), and
 * a sheet's name decides which mapping reads it. Read only for a sheet named so.
 */
async function sheetNamesOf(path: string): Promise<Map<string, string>> {
  const parts = unzipSync(new Uint8Array(await readFile(path)), { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
  const text = (n: string) => (parts[n] ? strFromU8(parts[n]) : '');
  const attr = (tag: string, a: string) => new RegExp(`\\b${a}="([^"]*)"`).exec(tag)?.[1];
  const targets = new Map<string, string>();
  for (const tag of text('xl/_rels/workbook.xml.rels').match(/<Relationship\b[^>]*>/g) ?? []) {
    const no = /worksheets\/sheet(\d+)\.xml$/.exec(attr(tag, 'Target') ?? '')?.[1];
    const id = attr(tag, 'Id');
    if (no && id) targets.set(id, no);
  }
  const names = new Map<string, string>();
  for (const tag of text('xl/workbook.xml').match(/<sheet\b[^>]*>/g) ?? []) {
    const no = targets.get(attr(tag, 'r:id') ?? '');
    const name = attr(tag, 'name');
    if (no && name !== undefined) names.set(no, decodeXml(name));
  }
  return names;
}

const decodeXml = (s: string) => s.replace(/&(?:(lt|gt|quot|apos|amp)|#(\d+)|#x([0-9a-fA-F]+));/g, (_, e: string | undefined, dec?: string, hex?: string) =>
  (e ? { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[e]! : String.fromCodePoint(Number.parseInt(dec ?? hex!, dec ? 10 : 16))));

/**
 * The shared strings, read from the zip directly: exceljs' streaming reader leaves a worksheet's
 * text cells unresolved ({sharedString: n}, which read as "[object Object]") when the shared
 * strings part is stored after it and last in the file (exceljs#683). Each item's text is its
 * <t> elements joined (rich text runs), less phonetic guides (<rPh>). Read only when met.
 */
async function sharedStringsOf(path: string): Promise<string[]> {
  const parts = unzipSync(new Uint8Array(await readFile(path)), { filter: (f) => f.name === 'xl/sharedStrings.xml' });
  const xml = parts['xl/sharedStrings.xml'] ? strFromU8(parts['xl/sharedStrings.xml']) : '';
  // Elements may carry a namespace prefix (x:si); an empty <t/> holds no text and no closing tag.
  const items = (xml.match(/<(?:\w+:)?si(?:\s[^>]*)?\/>|<(?:\w+:)?si(?:\s[^>]*)?>[\s\S]*?<\/(?:\w+:)?si>/g) ?? []).map((si) =>
    [...si.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '').matchAll(/<(?:\w+:)?t(?:\s[^>]*[^/>])?>([\s\S]*?)<\/(?:\w+:)?t>/g)]
      .map((m) => decodeXml(m[1])).join(''));
  // Text cells point into this list: without it they would all read as empty, silently.
  if (!items.length) throw E.unreadable(path, 'XLSX', 'its text cells point to shared strings the workbook does not hold');
  return items;
}

/**
 * XLSX → one staging table per sheet. exceljs' streaming reader parses each sheet's XML row by
 * row (the only JS loop over rows in reading) and DuckDB's appender takes the cells as they
 * come, with `record` and `line` (the worksheet row number). For 100k rows × 20 columns the
 * appender cost about 0.35–0.9 s of CPU against 0.9–1.05 s for writing a temporary CSV and
 * reading it with read_csv; exceljs' own parsing (~8 s) dominates either way.
 */

const DAY_MS = 86_400_000;
/** Title rows skipped above a header at most (a sheet of more one-value rows is one column wide). */
const TITLE_ROWS_AT_MOST = 9;
/** A header under title rows names at least this many columns. */
const TITLE_OVER_AT_LEAST = 3;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const dateFormats = new Map<string, boolean>();
/** exceljs' own test for a date number format (after dropping [..] and "..." parts), cached. */
function isDateFormat(fmt: string): boolean {
  let d = dateFormats.get(fmt);
  if (d === undefined) {
    d = /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
    if (dateFormats.size < 10_000) dateFormats.set(fmt, d);
  }
  return d;
}

/** A number as plain decimal text: no exponent, whatever its size. */
export function numberText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  if (Number.isInteger(n)) return BigInt(n).toString();
  const [mant, expPart] = s.toLowerCase().split('e');
  const exp = Number(expPart);
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '');
  const point = mant.replace(/^-/, '').indexOf('.');
  const intLen = (point < 0 ? mant.replace(/^-/, '').length : point) + exp;
  const body = intLen <= 0 ? `0.${'0'.repeat(-intLen)}${digits}` : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return (neg ? '-' : '') + body.replace(/\.?0+$/, '');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A date cell as wall time `YYYY-MM-DD HH:MM:SS` (Excel stores no time zone: exceljs puts the
 * wall time in the Date's UTC fields), rounded to the second; a time of day alone (serial < 1)
 * as `HH:MM:SS`.
 */
export function dateText(d: Date): string | null {
  const ms = Math.round(d.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return null;
  const t = new Date(ms);
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  if (ms >= EXCEL_EPOCH_MS && ms < EXCEL_EPOCH_MS + DAY_MS) return time;
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${time}`;
}

/** A cell's value as text; null for an empty cell. `shared`: the shared strings, for a text cell exceljs left unresolved. */
export function cellText(v: unknown, numFmt?: string, date1904 = false, shared?: readonly string[]): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') {
    // exceljs turns date-formatted numbers into Dates, but not a formula's cached result.
    if (numFmt && isDateFormat(numFmt)) {
      return dateText(new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * DAY_MS)));
    }
    return numberText(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      const s = (o.richText as { text?: string | null }[]).map((r) => r.text ?? '').join('');
      return s === '' ? null : s;
    }
    if ('sharedString' in o) return shared ? cellText(shared[Number(o.sharedString)]) : null;
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result, numFmt, date1904);
    if ('error' in o) return String(o.error);
    if ('text' in o) return cellText(o.text, numFmt, date1904); // hyperlink
    if ('result' in o) return cellText(o.result, numFmt, date1904);
  }
  return String(v);
}

/**
 * Read every sheet of the workbook at `path` into TEMP tables `<prefix>_<sheet index>` (sheet
 * index counts every sheet, 0-based); sheets without a header row are left out. Names of
 * tables are pushed to `created` as soon as they exist.
 */
export async function stageXlsx(con: DuckDBConnection, path: string, prefix: string,
  report?: Fraction, created: string[] = []): Promise<StagedSheet[]> {
  const size = (await stat(path)).size;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  let read = 0;
  input.on('data', (chunk) => {
    read += chunk.length;
    report?.((0.95 * read) / Math.max(1, size));
  });
  const reader = new OrderedWorkbookReader(input, {
    entries: 'emit', sharedStrings: 'cache', worksheets: 'emit', styles: 'cache', hyperlinks: 'ignore',
  });
  const sheets: StagedSheet[] = [];
  let namesInZip: Map<string, string> | undefined;
  let sharedInZip: string[] | undefined;
  let index = -1;
  try {
    for await (const ws of reader) {
      index++;
      const date1904 = !!(reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904;
      // exceljs names a sheet it could not match to the workbook part Sheet<n>: checked there.
      const given = (ws as unknown as { name?: string }).name;
      const fallback = !given || /^Sheet\d+$/.test(given);
      const name = (fallback ? (namesInZip ??= await sheetNamesOf(path)).get(String((ws as unknown as { id?: string | number }).id)) : undefined)
        ?? given ?? `Sheet${index + 1}`;
      const table = `${prefix}_${index}`;
      let headers: string[] | null = null;
      let width = 0;
      let record = 0;
      let appender: DuckDBAppender | null = null;
      const start = async (cells: (string | undefined)[]) => {
        width = cells.length;
        headers = Array.from({ length: width }, (_, i) => cells[i] ?? '');
        created.push(table);
        await con.run(`CREATE TEMP TABLE ${table} (${colNames(width).map((c) => `${c} VARCHAR`).join(', ')}, record BIGINT, line BIGINT)`);
        appender = await con.createAppender(table, 'main', 'temp');
      };
      const append = (cells: (string | undefined)[], line: number) => {
        let data = false;
        for (let i = 0; i < width; i++) if (cells[i] !== undefined) { data = true; break; }
        if (!data) return; // content only past the header's width
        const a = appender!;
        for (let i = 0; i < width; i++) {
          const c = cells[i];
          if (c === undefined) a.appendNull(); else a.appendVarchar(c);
        }
        a.appendBigInt(BigInt(++record));
        a.appendBigInt(BigInt(line));
        a.endRow();
      };
      // Rows above the header that hold one text (a title: 直播间明细, merged across the columns,
      // which stores it in the first cell alone; 导出时间：…), or one text repeated in three cells
      // or more (a title some writers copy into every merged cell): the header is the first row
      // otherwise (日期, 日期 is a header). A sheet whose first rows are all such rows is one
      // column wide: its first row heads it.
      const above: { cells: (string | undefined)[]; line: number }[] = [];
      const texts = (cells: (string | undefined)[]) => cells.filter((c): c is string => c !== undefined && c.trim() !== '');
      const filled = (cells: (string | undefined)[]) => texts(cells).length;
      const isTitle = (cells: (string | undefined)[]) => {
        const t = texts(cells);
        return t.length <= 1 || (t.length >= 3 && new Set(t).size === 1);
      };
      const startFromAbove = async () => {
        const [first, ...rest] = above.splice(0);
        await start(first.cells);
        for (const r of rest) append(r.cells, r.line);
      };
      try {
        for await (const row of ws) {
          let cells: (string | undefined)[] = [];
          let any = false;
          let unresolved = false;
          const read = () => row.eachCell({ includeEmpty: false }, (cell, col) => {
            const v = cell.value;
            if (!sharedInZip && v !== null && typeof v === 'object' && 'sharedString' in v) unresolved = true;
            const t = cellText(v, cell.numFmt, date1904, sharedInZip);
            if (t !== null) { cells[col - 1] = t; any = true; }
          });
          read();
          if (unresolved) {
            sharedInZip = await sharedStringsOf(path);
            cells = [];
            read();
          }
          if (!any) continue;
          if (!headers) {
            if (!isTitle(cells)) {
              // Rows above a header of fewer than three names are more likely that sheet's own
              // (账号 and an unnamed column, then its data) than a title: titles sit over wide exports.
              if (above.length && filled(cells) < TITLE_OVER_AT_LEAST) {
                above.push({ cells, line: row.number });
                await startFromAbove();
                continue;
              }
              above.length = 0;
              await start(cells);
            } else {
              above.push({ cells, line: row.number });
              if (above.length >= TITLE_ROWS_AT_MOST + 1) await startFromAbove();
            }
            continue;
          }
          append(cells, row.number);
        }
        if (!headers && above.length) await startFromAbove();
      } finally {
        (appender as DuckDBAppender | null)?.closeSync();
      }
      if (headers) sheets.push({ sheet: name, headers, table, rows: record });
    }
  } catch (err) {
    input.destroy();
    if (err instanceof AppError) throw err;
    throw E.unreadable(path, 'XLSX', String((err as Error).message ?? err));
  }
  report?.(1);
  return sheets;
}
