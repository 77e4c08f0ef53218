import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shared pieces of the ingestion tests: the samples folder and files written for one test. */
export const SAMPLES = fileURLToPath(new URL('../../data/samples/', import.meta.url));
export const sample = (name: string) => join(SAMPLES, name);

export const tempDir = () => mkdtempSync(join(tmpdir(), 'beltscope-ingest-'));

const cell = (c: string | number) => {
  const s = String(c);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const csvText = (rows: (string | number)[][]) => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

export function writeCsv(dir: string, name: string, rows: (string | number)[][], bom = true): string {
  const path = join(dir, name);
  writeFileSync(path, `${bom ? '\uFEFF' : ''}${csvText(rows)}`);
  return path;
}

export async function writeXlsx(dir: string, name: string, sheets: { name: string; rows: unknown[][] }[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) wb.addWorksheet(s.name).addRows(s.rows);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

/** A Douyin shop order export's header, and one paid line of it (the rest '-'). */
export const DOUYIN_HEAD = ['主订单编号', '子订单编号', '选购商品', '商品规格', '商品数量', '商品ID', '商家编码', '商品单价', '订单应付金额', '运费',
  '优惠总金额', '支付方式', '省', '市', '区', '订单提交时间', '支付完成时间', '订单完成时间', '发货时间', '流量来源', '流量渠道',
  '订单状态', '订单类型', '达人ID', '达人昵称', '售后状态', '仓库ID', '仓库名称'];
export function douyinLine(o: { parent: string; line?: string; amount: string; paid: string; after?: string; status?: string; qty?: number; source?: string }) {
  const row: Record<string, string | number> = {
    主订单编号: `\t${o.parent}`, 子订单编号: `\t${o.line ?? o.parent}`, 选购商品: '测试商品', 商品数量: o.qty ?? 1, 订单应付金额: o.amount,
    订单提交时间: o.paid, 支付完成时间: o.paid, 流量来源: o.source ?? '直播', 订单状态: o.status ?? '已完成', 售后状态: o.after ?? '-', 省: '浙江省', 市: '杭州市',
  };
  return DOUYIN_HEAD.map((h) => row[h] ?? '-');
}
