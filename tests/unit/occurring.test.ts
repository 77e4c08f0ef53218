import { describe, expect, it } from 'vitest';
import { occurring } from '../fixtures/occurring.ts';

// The lake export's privacy test relies on this matcher: it must agree with String.includes.
describe('occurring (Aho–Corasick)', () => {
  it('finds every pattern String.includes finds, overlapping, nested and at the edges', () => {
    const patterns = ['he', 'she', 'his', 'hers', 'S-JDZ-001', '景德镇', 'x', 'abcabd', 'bca', 'never'];
    const texts = ['ushers', 'S-JDZ-0011,景德镇陶瓷', 'abcabcabd', 'x', '', 'h', 'hishe'];
    for (const t of texts) expect(occurring(t, patterns), t).toEqual(patterns.filter((p) => t.includes(p)));
  });

  it('agrees with String.includes on random texts and patterns', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const word = (n: number) => Array.from({ length: n }, () => 'abc'[Math.floor(rnd() * 3)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = Array.from({ length: 20 }, () => word(1 + Math.floor(rnd() * 5)));
      const text = word(200);
      expect(occurring(text, patterns)).toEqual(patterns.filter((p) => text.includes(p)));
    }
  });
});
