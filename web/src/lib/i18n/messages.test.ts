import { describe, expect, it } from 'vitest';
import { messages, t, type MessageKey } from './messages.ts';

describe('messages', () => {
  it('makes an English noun agree with its count', () => {
    expect(t('en', 'base.bvw.note', { n: 1 })).toBe('The same 1 merchant, streaming both at the base and from their own workshops in the window.');
    expect(t('en', 'base.bvw.note', { n: 3 })).toMatch(/^The same 3 merchants,/);
    expect(t('en', 'upload.undo.doneRestored', { id: 4, n: 1, m: 2 })).toBe('Load #4 undone: 1 row removed, 2 rows back to their values before it.');
    expect(t('en', 'upload.coverage.cellData', { month: '2026-03', orders: 1, sessions: 0 })).toBe('2026-03: 1 order, 0 live sessions');
  });

  it('uses the count form only in English, each naming a placeholder the message fills', () => {
    for (const key of Object.keys(messages.en) as MessageKey[]) {
      expect(messages.zh[key] ?? '', key).not.toMatch(/\{\w+\|/);
      for (const [, name] of messages.en[key].matchAll(/\{(\w+)\|[^}]*\}/g)) expect(messages.en[key], key).toContain(`{${name}}`);
    }
  });
});
