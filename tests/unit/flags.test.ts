import { describe, expect, it } from 'vitest';
import { flag } from '../../lib/flags.ts';

// How a load's messages name an option, for each kind of reader (lib/flags.ts).
describe('flag', () => {
  it('writes a flag for the command line, a field for the upload form, a label for the upload page', () => {
    expect([undefined, 'cli', 'form', 'web'].map((via) => flag(via as never, 'merchant', 'ID')))
      .toEqual(['--merchant ID', '--merchant ID', 'merchant=ID', '"Merchant"']);
    expect(['cli', 'form', 'web'].map((via) => flag(via as never, 'replace-demo')))
      .toEqual(['--replace-demo', 'replace_demo=true', '"Replace demo data"']);
    expect(['cli', 'form', 'web'].map((via) => flag(via as never, 'platform')))
      .toEqual(['--platform', 'platform=…', '"Platform"']);
  });

  it('keeps a value the user gave on the upload page, drops a placeholder', () => {
    expect(flag('web', 'belt', 'no-such-belt')).toBe('"Belt": no-such-belt');
    expect(flag('web', 'belt', 'B')).toBe('"Belt"');
    expect(flag('web', 'date', 'YYYY-MM-DD')).toBe('"Date"');
    expect(flag('web', 'platform', 'douyin|kuaishou')).toBe('"Platform"');
    expect(flag('web', 'belt', 'no-such-belt', 'zh')).toBe('「产业带」 no-such-belt');
  });

  it('in Chinese text, spaces a flag or field off and a label not', () => {
    const zh = (via: 'cli' | 'form' | 'web') => `请用${flag(via, 'merchant', 'ID', 'zh')}指定商家ID`;
    expect(zh('cli')).toBe('请用 --merchant ID 指定商家ID');
    expect(zh('form')).toBe('请用 merchant=ID 指定商家ID');
    expect(zh('web')).toBe('请用「商家」指定商家ID');
  });
});

describe('the upload page labels messages name', () => {
  it('are the labels the page shows (each page label starts with it, in both languages)', async () => {
    const { LABELS } = await import('../../lib/flags.ts');
    const { messages } = await import('../../web/src/lib/i18n/messages.ts');
    const key = (name: string) => (name === 'replace-demo' ? 'upload.replaceDemo' : name === 'dry-run' ? 'upload.dryRun' : `upload.field.${name}`);
    for (const [name, label] of Object.entries(LABELS)) {
      for (const lang of ['zh', 'en'] as const) {
        expect((messages[lang] as Record<string, string>)[key(name)], `${name} (${lang})`).toMatch(new RegExp(`^${label[lang]}(?:$|[ （(])`));
      }
    }
  });
});
