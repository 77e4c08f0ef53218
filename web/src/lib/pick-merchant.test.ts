import { describe, expect, it } from 'vitest';
import { pickedMerchant } from './pick-merchant.ts';

describe('the merchant a typed shop names (benchmark picker, upload field)', () => {
  const options = [
    { id: 'S-JDZ-001', label: { zh: '示例青花坊', en: 'Sample Blue Kiln' } },
    { id: 'S-JDZ-002', label: { zh: '示例窑', en: 'Twin' } },
    { id: 'S-JDZ-003', label: { zh: '示例窑', en: 'Twin' } },
  ] as never;

  it('takes an id as it is or in any case, a listed shop name as its id, and leaves an ambiguous or unknown text as typed', () => {
    expect(pickedMerchant(' S-JDZ-002 ', options)).toBe('S-JDZ-002');
    expect(pickedMerchant('s-jdz-001', options)).toBe('S-JDZ-001');
    expect(pickedMerchant('示例青花坊', options)).toBe('S-JDZ-001');
    expect(pickedMerchant('sample blue kiln', options)).toBe('S-JDZ-001');
    expect(pickedMerchant('示例窑', options)).toBe('示例窑');
    expect(pickedMerchant('无此店', options)).toBe('无此店');
  });

  it('without the text the suggestions answer, never takes part of an id or name (an upload\'s new id stays new)', () => {
    expect(pickedMerchant('青花', options)).toBe('青花');
    expect(pickedMerchant('S-JDZ-00', options)).toBe('S-JDZ-00');
  });

  it('with it, takes the one shop whose id or name contains the text; two such are left to the page', () => {
    expect(pickedMerchant('青花', options, '青花')).toBe('S-JDZ-001');
    expect(pickedMerchant('blue', options, 'blue')).toBe('S-JDZ-001');
    expect(pickedMerchant('示例', options, '示例')).toBe('示例');
    expect(pickedMerchant('JDZ-00', options, 'JDZ-00')).toBe('JDZ-00');
    // Matches of an earlier text (the search is debounced) are not taken for part of this one.
    expect(pickedMerchant('青花', [options[0]], '示例青花坊二')).toBe('青花');
    // An exact id or name needs no fresh search.
    expect(pickedMerchant('s-jdz-001', options, 'something else')).toBe('S-JDZ-001');
  });
});
