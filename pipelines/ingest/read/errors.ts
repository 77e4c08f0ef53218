import { basename } from 'node:path';
import { AppError } from '../../../lib/errors.ts';

/**
 * The errors a file can fail with before any mapping is tried: each names the file and says
 * what to do, in English and Chinese. `details.file` is the file's name (never its directory).
 */
const err = (code: string, path: string, en: string, zh: string) =>
  new AppError(code, en, zh, 400, { file: basename(path) });

export const emptyFile = (path: string) => {
  const f = basename(path);
  return err('empty_file', path,
    `${f} is empty: it has no header row. Export it again from the platform's back office and import the new file.`,
    `文件 ${f} 是空的（没有表头行）。请从平台后台重新导出后再导入。`);
};

export const passwordProtected = (path: string) => {
  const f = basename(path);
  return err('password_protected', path,
    `${f} is protected with a password, so it cannot be read. Open it in Excel or WPS, save it again without a password (File → Info → Protect Workbook → remove the password), and import that copy.`,
    `文件 ${f} 设置了打开密码，无法读取。请用 Excel 或 WPS 打开，取消密码后另存为不加密的文件，再导入新文件。`);
};

export const oldExcel = (path: string) => {
  const f = basename(path);
  return err('unsupported_format', path,
    `${f} is an old Excel 97–2003 workbook (.xls), which cannot be imported. Open it in Excel or WPS and save it as an Excel Workbook (.xlsx) or as CSV UTF-8, then import that file.`,
    `文件 ${f} 是旧版 Excel 97-2003 工作簿（.xls），不支持导入。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx）或 CSV UTF-8 格式后再导入。`);
};

export const otherOffice = (path: string) => {
  const f = basename(path);
  return err('unsupported_format', path,
    `${f} is an Office document but not an Excel workbook this tool reads. Export the data as .xlsx or CSV and import that file.`,
    `文件 ${f} 是 Office 文档，但不是可导入的 Excel 工作簿。请将数据导出为 .xlsx 或 CSV 格式后再导入。`);
};

export const binaryWorkbook = (path: string) => {
  const f = basename(path);
  return err('unsupported_format', path,
    `${f} is an Excel binary workbook (.xlsb), which cannot be imported. Open it in Excel or WPS and save it as an Excel Workbook (.xlsx) or as CSV UTF-8.`,
    `文件 ${f} 是 Excel 二进制工作簿（.xlsb），不支持导入。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx）或 CSV UTF-8 格式后再导入。`);
};

export const cutZip = (path: string, workbook: boolean) => {
  const f = basename(path);
  const [what, zh] = workbook ? ['an Excel workbook', 'Excel 工作簿'] : ['a zip archive', '压缩包'];
  return err('unreadable', path,
    `${f} is ${what} cut off before its end (an interrupted download or copy): download or export it again, and import the new file.`,
    `文件 ${f} 是不完整的${zh}（下载或复制被中断，文件缺少结尾部分）：请重新下载或导出，再导入新文件。`);
};

export const zipNotWorkbook = (path: string) => {
  const f = basename(path);
  return err('unsupported_format', path,
    `${f} is a zip archive, not an Excel workbook. Unzip it and import the CSV or .xlsx files inside.`,
    `文件 ${f} 是压缩包，不是 Excel 工作簿。请先解压，再导入其中的 CSV 或 .xlsx 文件。`);
};

export const utf16Text = (path: string) => {
  const f = basename(path);
  return err('unsupported_format', path,
    `${f} is UTF-16 text (Excel's "Unicode Text"), which cannot be imported. Open it in Excel or WPS and save it as CSV UTF-8 (comma delimited) or as .xlsx.`,
    `文件 ${f} 是 UTF-16 文本（Excel 的"Unicode 文本"），不支持导入。请用 Excel 或 WPS 打开，另存为 CSV UTF-8（逗号分隔）或 .xlsx 格式后再导入。`);
};

export const notText = (path: string) => {
  const f = basename(path);
  return err('unreadable', path,
    `${f} is not a CSV, Excel (.xlsx) or Parquet file: its content is binary data or text in an unknown encoding. Export the data again as CSV or .xlsx and import that file.`,
    `文件 ${f} 不是 CSV、Excel（.xlsx）或 Parquet 文件：内容是二进制数据或无法识别编码的文字。请重新导出为 CSV 或 .xlsx 格式后再导入。`);
};

/**
 * A CSV that stops being UTF-8 past what sniffing read: where (`at`: firstBadUtf8), and what to
 * do, in both languages (the generic unreadable() would put an English reason into the Chinese).
 */
export const notUtf8 = (path: string, at: { line: number; cutAtEnd: boolean } | null) => {
  const f = basename(path);
  if (at?.cutAtEnd) {
    return err('unreadable', path,
      `${f} ends in the middle of a character (line ${at.line}): the download or copy was cut short. Download or export the file again and import the new file.`,
      `文件 ${f} 在一个字符的中间结束（第 ${at.line} 行）：下载或复制被中断了。请重新下载或导出后再导入。`);
  }
  const where = at ? [` from line ${at.line}`, `第 ${at.line} 行起`] : ['', ''];
  return err('unreadable', path,
    `${f} is not UTF-8 text${where[0]}: that part is in another encoding, or the file is damaged there. Save it again as CSV UTF-8 (or export it again) and import that file.`,
    `文件 ${f} ${where[1]}不是 UTF-8 文本：那部分是其他编码，或文件在那里已损坏。请另存为 CSV UTF-8（或重新导出）后再导入。`);
};

/** A file of a known format that could not be read (damaged, cut short, malformed). */
export const unreadable = (path: string, what: 'CSV' | 'XLSX' | 'Parquet', reason: string) => {
  const f = basename(path);
  const r = reason.split('\n')[0].slice(0, 300);
  const zh = { CSV: 'CSV', XLSX: 'Excel 工作簿', Parquet: 'Parquet' }[what];
  // The XLSX reader's own failure on XML it does not expect (a tool that writes cells without
  // their positions, say) is a JavaScript TypeError: meaningless to a user, and the workbook is
  // often fine in a spreadsheet, which can save it again in the usual layout.
  if (what === 'XLSX' && /Cannot read propert|is not a function|is not iterable|undefined/.test(r)) {
    return err('unreadable', path,
      `${f} could not be read as XLSX: its sheets are not laid out as Excel writes them (some tools write cells without their positions), or it is damaged. Open it in Excel or WPS and save it again as .xlsx, or export it as CSV, and import that file.`,
      `无法按 Excel 工作簿格式读取文件 ${f}：其工作表的结构与 Excel 写出的不同（有些工具写出的单元格不带位置），或文件已损坏。请用 Excel 或 WPS 打开后另存为 .xlsx，或导出为 CSV，再导入。`);
  }
  return err('unreadable', path,
    `${f} could not be read as ${what}: ${r}. The file may be damaged or cut short; export it again and import the new file.`,
    `无法按 ${zh} 格式读取文件 ${f}：${r}。文件可能已损坏或不完整，请重新导出后再导入。`);
};
