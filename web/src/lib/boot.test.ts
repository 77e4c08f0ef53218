import { describe, expect, it } from 'vitest';
import { BOOT_ELEMENT_ID, readBoot } from './boot.ts';

/** A document holding one element with `text`, as the server writes it. */
const docWith = (text: string | null) => ({
  getElementById: (id: string) => (id === BOOT_ELEMENT_ID && text !== null ? ({ textContent: text } as HTMLElement) : null),
});

const health = { status: 'ok', dataVersion: 3, demo: true, dataRange: { from: '2025-11-01', to: '2026-10-31' }, updatedAt: null, dbPath: '/x', counts: {} };
const meta = { dataVersion: 3, demo: true, dataRange: health.dataRange, measures: [], dimensions: [], facts: [], grains: [], values: {} };

describe('readBoot', () => {
  it('reads the health and catalog the server wrote into the shell', () => {
    expect(readBoot(docWith(JSON.stringify({ health, meta })))).toEqual({ health, meta });
  });

  it('reads escaped labels back unchanged', () => {
    const m = { ...meta, values: { belt: [{ id: 'x', label: { zh: '</script>', en: 'a<b' } }] } };
    expect(readBoot(docWith(JSON.stringify({ health, meta: m }).replace(/</g, '\\u003c')))?.meta).toEqual(m);
  });

  it('is null without boot data, for a shell that does not parse, or one of another shape, so the app asks the API', () => {
    expect(readBoot(docWith(null))).toBeNull();
    expect(readBoot(docWith(''))).toBeNull();
    expect(readBoot(docWith('{"health":'))).toBeNull();
    expect(readBoot(docWith('null'))).toBeNull();
    expect(readBoot(docWith(JSON.stringify({ health })))).toBeNull();
    expect(readBoot(docWith(JSON.stringify({ health, meta: { ...meta, measures: undefined } })))).toBeNull();
    expect(readBoot(undefined)).toBeNull();
  });
});
