import { describe, expect, it } from 'vitest';
import { dateRuns, langRuns, nameLang } from './text-lang.ts';

describe('the language of names from the data', () => {
  it('marks a Chinese name on an English page, nothing else', () => {
    expect(nameLang('景德镇青花瓷坊', 'en')).toBe('zh-CN');
    expect(nameLang('Shop M-JDZ-08050', 'en')).toBeUndefined();
    expect(nameLang('景德镇青花瓷坊', 'zh')).toBeUndefined();
  });

  it('cuts a sentence quoting a Chinese name into runs', () => {
    expect(langRuns('海宁皮草（旗舰店） · belt: Haining leather', 'en')).toEqual([
      { text: '海宁皮草（旗舰店）', lang: 'zh-CN' }, { text: ' · belt: Haining leather' },
    ]);
    expect(langRuns('Shop A · belt: B', 'en')).toEqual([{ text: 'Shop A · belt: B' }]);
    expect(langRuns('海宁皮草 · 产业带：海宁皮革', 'zh')).toEqual([{ text: '海宁皮草 · 产业带：海宁皮革' }]);
  });
});

describe('dates kept on one line', () => {
  it('cuts a text at its ISO dates', () => {
    expect(dateRuns('Shop · 2025-11-01 to 2026-10-31')).toEqual([
      { text: 'Shop · ' }, { text: '2025-11-01', date: true }, { text: ' to ' }, { text: '2026-10-31', date: true },
    ]);
    expect(dateRuns('no date')).toEqual([{ text: 'no date' }]);
    expect(dateRuns('')).toEqual([{ text: '' }]);
  });
});
