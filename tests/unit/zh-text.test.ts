import { describe, expect, it } from 'vitest';
import { MEASURES } from '../../catalog/measures.ts';
import { DIMENSIONS } from '../../catalog/dimensions.ts';
import { messages } from '../../web/src/lib/i18n/messages.ts';

// Chinese text takes full-width punctuation (，：；（）？！): ASCII marks beside a Chinese
// character read as a typo to a Chinese reader.
const CJK = '[\\u4e00-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]';
const bad = new RegExp(`${CJK}[,:;()?!]|[(,:;]${CJK}`);

const zhStrings = (): [string, string][] => [
  ...MEASURES.flatMap((m) => [[`measure ${m.id} label`, m.label.zh], [`measure ${m.id} description`, m.description.zh]] as [string, string][]),
  ...DIMENSIONS.flatMap((d) => [[`dimension ${d.id} label`, d.label.zh], [`dimension ${d.id} description`, d.description.zh]] as [string, string][]),
  ...Object.entries(messages.zh).map(([k, v]) => [`message ${k}`, String(v)] as [string, string]),
];

describe('Chinese text', () => {
  it('has full-width punctuation in the catalog and the page messages', () => {
    const offenders = zhStrings().filter(([, s]) => bad.test(s));
    expect(offenders).toEqual([]);
  });
});
