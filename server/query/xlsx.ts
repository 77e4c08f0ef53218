import { PassThrough, Readable } from 'node:stream';
import type { Lang } from '../../catalog/types.ts';
import type { ExportColumn, ExportTable } from './formats.ts';

/** Excel's number format for a measure column: thousands separators, its decimals, ratios as %. */
export function numFmt(c: ExportColumn): string | undefined {
  if (c.decimals === undefined) return undefined;
  if (c.format === 'percent') return `0${c.decimals > 2 ? `.${'0'.repeat(c.decimals - 2)}` : ''}%`;
  return `#,##0${c.decimals > 0 ? `.${'0'.repeat(c.decimals)}` : ''}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SHEETS = { zh: { data: '数据', about: '说明' }, en: { data: 'Data', about: 'About' } };

/**
 * The table as an .xlsx workbook, streamed as it is written (exceljs' streaming writer: each row
 * is committed and zipped on the way out, so the whole file is never held twice). Sheet one:
 * the header row and the rows, values as numbers (ratios as ratios with a % format, so a
 * formula over them is right); sheet two: the comment lines a CSV starts with.
 */
export function toXlsxStream(t: ExportTable, lang: Lang): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const write = async () => {
    // Loaded on the first download, not with the server: the library takes ~0.5 s to load,
    // which every start and every command-line call (even --help) would otherwise pay.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = 'Beltscope';
    const data = wb.addWorksheet(SHEETS[lang].data, { views: [{ state: 'frozen', ySplit: 1 }] });
    data.columns = t.columns.map((c) => ({
      header: c.header,
      width: Math.min(40, Math.max(10, [...c.header].length * 2 + 2)),
      style: numFmt(c) ? { numFmt: numFmt(c) } : {},
    }));
    data.getRow(1).font = { bold: true };
    data.getRow(1).commit();
    for (const row of t.rows) data.addRow(row).commit();
    data.commit();
    const about = wb.addWorksheet(SHEETS[lang].about);
    about.getColumn(1).width = 120;
    for (const c of t.comments) about.addRow([c]).commit();
    about.commit();
    await wb.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
