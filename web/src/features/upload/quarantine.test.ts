import { describe, expect, it } from 'vitest';
import type { FileSummaryBody } from '../../../../server/api/schemas/ingest.ts';
import { quarantineView, reasonIn } from './quarantine.ts';
import { WHOLE_ROW } from '../../../../lib/quarantine.ts';

const file = (over: Partial<FileSummaryBody> = {}): FileSummaryBody => ({
  file: 'orders.csv', sheet: null, platform: 'douyin', kind: 'orders', mapping: 'douyin-orders-csv', datasetId: 7,
  rowsRead: 10, loaded: 8, updated: 0, skipped: 0, duplicates: 0, quarantined: 2, status: 'loaded', message: '', messageZh: '',
  quarantineSample: [
    { line: 3, record: 2, column: '订单应付金额', value: '-5.00', reason: '小于允许的最小值 0 / below the smallest allowed value 0' },
    { line: 4, record: 3, column: '支付完成时间', value: '2026/02/30 10:00:00', reason: '无法读取为 timestamp / cannot be read as timestamp' },
  ],
  ...over,
});

describe('quarantine reasons', () => {
  it('show only the page language\'s half of "中文 / English"', () => {
    expect(reasonIn('缺少必填值 / required value missing', 'zh')).toBe('缺少必填值');
    expect(reasonIn('缺少必填值 / required value missing', 'en')).toBe('required value missing');
    // Only the first separator splits: the English half may hold a slash of its own.
    expect(reasonIn('金额无效 / amount is not a number / text', 'en')).toBe('amount is not a number / text');
    // A slash inside a half without spaces around it does not split.
    const pattern = '编号格式不符（可能被截断；请从平台重新导出） / id does not have the expected shape (6.9E+18/cut: export it again)';
    expect(reasonIn(pattern, 'zh')).toBe('编号格式不符（可能被截断；请从平台重新导出）');
    expect(reasonIn(pattern, 'en')).toBe('id does not have the expected shape (6.9E+18/cut: export it again)');
    // Not bilingual: as given.
    expect(reasonIn('unpaid', 'zh')).toBe('unpaid');
  });
});

describe('quarantine sample', () => {
  it('says how many of the quarantined rows it shows, without pointing at a table the web never shows', () => {
    expect(quarantineView(file(), 'zh')?.title).toBe('orders.csv：隔离的 2 行');
    expect(quarantineView(file({ quarantined: 40, sheet: '订单' }), 'en')?.title).toBe('orders.csv · 订单: first 2 of 40 quarantined rows');
    expect(quarantineView(file({ quarantined: 40 }), 'zh')?.title).toBe('orders.csv：前 2 条隔离行（共隔离 40 条）');
    expect(quarantineView(file(), 'en')?.rows.map((r) => r.reasonText)).toEqual(['below the smallest allowed value 0', 'cannot be read as timestamp']);
  });

  it('says "the one row" for one, and names a whole-row fault in the page\'s language', () => {
    const cut = file({ quarantined: 1, quarantineSample: [
      { line: 9, record: 8, column: WHOLE_ROW, value: null, reason: '文件在这一行中间结束 / the file ends in the middle of this row' }] });
    expect(quarantineView(cut, 'en')?.title).toBe('orders.csv: the one quarantined row');
    expect(quarantineView(cut, 'zh')?.title).toBe('orders.csv：隔离的 1 行');
    expect(quarantineView(cut, 'en')?.rows[0].columnText).toBe('(whole row)');
    expect(quarantineView(cut, 'zh')?.rows[0].columnText).toBe('（整行）');
    // A file's own column is shown as written, even with " / " in its name.
    const slash = file({ quarantineSample: [{ line: 3, record: 2, column: '金额 / 元', value: 'x', reason: 'a / b' }] });
    expect(quarantineView(slash, 'en')?.rows[0].columnText).toBe('金额 / 元');
  });

  it('shows for a refused file too (it would have replaced the demo but landed no row), and not without a sample', () => {
    const refused = file({ status: 'refused', loaded: 0, quarantined: 10, rowsRead: 10, datasetId: null });
    expect(quarantineView(refused, 'zh')?.rows).toHaveLength(2);
    expect(quarantineView(file({ quarantineSample: undefined, quarantined: 0 }), 'en')).toBeNull();
  });

  it('links every quarantined row as CSV when the load kept them: not for a dry run or a refused file', () => {
    expect(quarantineView(file(), 'en')?.csvHref).toBe('/api/datasets/7/quarantine?format=csv&lang=en');
    expect(quarantineView(file({ status: 'dry_run', datasetId: null }), 'zh')?.csvHref).toBeNull();
    expect(quarantineView(file({ status: 'refused', datasetId: null }), 'zh')?.csvHref).toBeNull();
  });
});
