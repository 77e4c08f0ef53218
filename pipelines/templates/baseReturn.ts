import type { Database } from '../../db/database.ts';
import { BUILT_IN } from '../ingest/mappings.ts';
import type { ColumnRule, Mapping } from '../ingest/types.ts';

/**
 * The monthly return a bureau sends its live-stream bases to fill in (月报模板), as XLSX: a
 * returns sheet whose bilingual headers are exactly those the `base-returns-xlsx` mapping reads
 * (taken from it, so the template and the loader cannot drift), an instructions sheet, and the
 * bases on record with their ids. A filled copy loads with `beltscope ingest` like any export.
 */
export const RETURN_MAPPING_ID = 'base-returns-xlsx';
export const SHEETS = { returns: '月报 Returns', instructions: '填写说明 Instructions', bases: '基地列表 Bases' } as const;

export interface BaseOnRecord {
  base_id: string;
  name_zh: string;
  name_en: string;
  belt_id: string | null;
  operator_model: string | null;
  rooms: number | null;
}

/** The columns of the returns sheet, in order: canonical column and the header the mapping reads. */
export function returnColumns(): { column: string; header: string; rule: ColumnRule }[] {
  const m: Mapping | undefined = BUILT_IN.find((x) => x.id === RETURN_MAPPING_ID);
  if (!m) throw new Error(`the built-in mapping ${RETURN_MAPPING_ID} is missing`);
  return Object.entries(m.columns).map(([column, rule]) => ({ column, header: (rule as ColumnRule).from, rule: rule as ColumnRule }));
}

/** The bases on record, for the list sheet (and the id drop-down). */
export async function basesOnRecord(db: Database): Promise<BaseOnRecord[]> {
  const rows = await db.query(`SELECT base_id, name_zh, name_en, belt_id, operator_model, rooms::INTEGER AS rooms FROM live_bases ORDER BY base_id`);
  return rows.map((r) => ({
    base_id: String(r.base_id), name_zh: String(r.name_zh), name_en: String(r.name_en),
    belt_id: (r.belt_id as string | null) ?? null, operator_model: (r.operator_model as string | null) ?? null,
    rooms: r.rooms === null || r.rooms === undefined ? null : Number(r.rooms),
  }));
}

const INSTRUCTIONS: [string, string][] = [
  ['每行填写一个基地一个月的数据；同一基地同一月份再次报送时，以后导入的为准。', 'One row per base and month; a later return for the same base and month replaces the earlier one.'],
  ['基地编号：从「基地列表」工作表中选择（下拉框），须为系统中已有的基地。', 'Base ID: pick it from the "Bases" sheet (drop-down); it must be a base on record.'],
  ['月份：写作 2026-03、2026年3月，或该月任一日期（记为当月第一天）。', 'Month: write 2026-03, 2026年3月, or any day of the month (it counts as the month\'s first day).'],
  ['直播间数：当月在用的公共直播间数量，自该月起生效。', 'Live rooms: public live rooms in use that month; the count applies from that month on.'],
  ['成交额：当月经基地直播间成交的金额（元），可写 1.2万、12,000 或 12000元。', 'GMV: the month\'s GMV through the base\'s rooms, CNY; 1.2万, 12,000 and 12000元 are all read.'],
  ['不清楚的数字请留空，不要填 0：留空表示未报送，0 表示确实为零。', 'Leave a figure you do not know blank, not 0: blank means not reported, 0 means none.'],
  ['不要修改表头和工作表名称；可以删除未用的行。', 'Do not change the headers or the sheet names; unused rows can be deleted.'],
  ['导入：beltscope ingest 文件.xlsx（或在「上传」页上传）；有误的行进入隔离表并注明原因。', 'Load it with `beltscope ingest FILE.xlsx` (or the Upload page); a row with a mistake is quarantined with its reason.'],
];

/** Write the template to `out`. `rows` pre-fills the returns sheet (the sample return uses it). */
export async function writeBaseReturnTemplate(out: string, bases: BaseOnRecord[], rows: (string | number | null)[][] = []): Promise<void> {
  const cols = returnColumns();
  // Loaded here, not with the command line: every `beltscope` call would pay its ~0.5 s.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Beltscope';
  // A fixed date: the same bases give the same file.
  wb.created = new Date('2026-01-01T00:00:00Z');
  wb.modified = wb.created;

  const ws = wb.addWorksheet(SHEETS.returns, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, key: c.column, width: Math.max(16, c.header.length * 1.6) }));
  ws.getRow(1).font = { bold: true };
  // Text cells: Excel would otherwise turn 2026-03 into a date and long ids into numbers.
  for (const c of ['base_id', 'month']) ws.getColumn(c).numFmt = '@';
  for (const r of rows) ws.addRow(r);
  const last = Math.max(500, rows.length + 100);
  const listEnd = Math.max(2, bases.length + 1);
  for (let i = 2; i <= last; i++) {
    ws.getCell(i, 1).dataValidation = {
      type: 'list', allowBlank: true, formulae: [`'${SHEETS.bases}'!$A$2:$A$${listEnd}`],
      showErrorMessage: true, errorTitle: '基地编号 Base ID', error: '请从基地列表中选择 / Pick a base from the list',
    };
    for (let j = 3; j <= cols.length; j++) {
      ws.getCell(i, j).dataValidation = {
        type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0],
        showErrorMessage: true, error: '须为不小于 0 的数字 / Must be a number ≥ 0',
      };
    }
  }

  const help = wb.addWorksheet(SHEETS.instructions);
  help.columns = [{ header: '说明', width: 70 }, { header: 'Notes', width: 90 }];
  help.getRow(1).font = { bold: true };
  help.addRows(INSTRUCTIONS);
  help.addRow([]);
  help.addRow(['各列说明', 'Columns']);
  for (const c of cols) {
    const need = c.rule.required ? '必填 / required' : '可留空 / may be blank';
    help.addRow([c.header, `${c.column}: ${c.rule.parse}, ${need}`]);
  }

  const list = wb.addWorksheet(SHEETS.bases);
  list.columns = [
    { header: '基地编号 Base ID', width: 18 }, { header: '基地名称', width: 30 }, { header: 'Name', width: 44 },
    { header: '产业带 Belt', width: 22 }, { header: '运营模式 Operator', width: 18 }, { header: '在册直播间数 Rooms on record', width: 22 },
  ];
  list.getRow(1).font = { bold: true };
  for (const b of bases) list.addRow([b.base_id, b.name_zh, b.name_en, b.belt_id, b.operator_model, b.rooms]);

  await wb.xlsx.writeFile(out);
}
