import { describe, expect, it } from 'vitest';
import { memberColors } from './member-colors.ts';
import { PALETTE } from './theme.ts';

describe('member colours', () => {
  const listed = ['a', 'b', 'c'];

  it('gives each member the colour of its place in the catalog, whatever else is shown', () => {
    expect(Object.fromEntries(memberColors(['c', 'a'], listed))).toEqual({ a: PALETTE[0], c: PALETTE[2] });
    expect(Object.fromEntries(memberColors(['c'], listed))).toEqual({ c: PALETTE[2] });
  });

  it('puts members the catalog does not list after it, in id order', () => {
    expect(Object.fromEntries(memberColors(['zz', 'b', 'yy'], listed))).toEqual({ b: PALETTE[1], yy: PALETTE[3], zz: PALETTE[4] });
  });

  it('past the palette, gives the later of two members with one colour the first colour free', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const c = memberColors(['m8', 'm0'], ten);
    expect(c.get('m0')).toBe(PALETTE[0]);
    expect(c.get('m8')).toBe(PALETTE[1]);
    // Alone, m8 keeps the colour of its place.
    expect(memberColors(['m8'], ten).get('m8')).toBe(PALETTE[0]);
  });
});
