import { describe, expect, it } from 'vitest';
import { WHOLE_ROW } from '../../lib/quarantine.ts';
import { quarantineCsv } from '../../server/api/datasets.ts';

describe('a load\'s quarantine as CSV', () => {
  const doc = {
    dataVersion: 3, datasetId: 7, fileName: 'cut.csv', total: 2, truncated: false,
    rows: [
      { line: 3, record: 2, sheet: null, column: '金额 / 元', value: 'x', reason: '无法读取为金额 / cannot be read as an amount of money', raw: null },
      { line: 9, record: 8, sheet: null, column: WHOLE_ROW, value: null, reason: '文件在这一行中间结束 / the file ends in the middle of this row', raw: null },
    ],
  };

  it('names a whole-row fault and gives the reason in the language asked, a file\'s own column as written', () => {
    const en = quarantineCsv(doc, 'en').replace(/^\uFEFF/, '').split('\r\n');
    expect(en[2]).toBe('3,2,,金额 / 元,x,cannot be read as an amount of money,');
    expect(en[3]).toBe('9,8,,(whole row),,the file ends in the middle of this row,');
    const zh = quarantineCsv(doc, 'zh').replace(/^\uFEFF/, '').split('\r\n');
    expect(zh[3]).toBe('9,8,,（整行）,,文件在这一行中间结束,');
  });
});
