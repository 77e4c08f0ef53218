import { describe, expect, it } from 'vitest';
import { MEASURES } from '../../catalog/measures.ts';
import type { MetaResponse } from '../../web/src/lib/api/types.ts';
import { formulaText } from '../../web/src/lib/formulas.ts';

// Every catalog measure's formula as the pages show it, in both languages: a message key of
// another measure's (order_value's quantiles once held `formula.order_value`, with a {p}) or a
// placeholder left unfilled would show as such in "how is this computed".
describe('formulas as pages show them', () => {
  const meta = { measures: MEASURES.map(({ id, label, description, formula, unit, format }) => ({ id, label, description, formula, unit, format })) } as unknown as MetaResponse;
  it.each(MEASURES.map((m) => m.id))('%s reads whole in zh and en', (id) => {
    for (const lang of ['zh', 'en'] as const) {
      const text = formulaText(meta, id, lang);
      expect(text, lang).toBeTruthy();
      expect(text, lang).not.toMatch(/[{}]/);
    }
  });
  it('the mean order value and the quantiles of order values read apart', () => {
    expect(formulaText(meta, 'order_value', 'zh')).toBe('Σ amount / 成交订单数（同平台同主订单只计一次）');
    expect(formulaText(meta, 'order_value_p50', 'zh')).toContain('p = 0.5');
  });
});
