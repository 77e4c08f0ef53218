import { describe, expect, it } from 'vitest';
import { labelStack, stackedY } from './label-stack.ts';

const box = (x: number, y: number, width = 100, height = 13) => ({ x, y, width, height });

describe('shell labels stacked upward', () => {
  it('keeps a label where nothing is in its way', () => {
    expect(stackedY([box(0, 100)], box(0, 50))).toBe(50);
    // Side by side, not covering: stays.
    expect(stackedY([box(0, 100)], box(200, 100))).toBe(100);
  });

  it('moves a label just above the placed label it would cover, and on above the next', () => {
    expect(stackedY([box(0, 100)], box(20, 95))).toBe(100 - 13 - 1);
    // Above the first it meets the second: goes above that too.
    expect(stackedY([box(0, 100), box(10, 80)], box(20, 95))).toBe(80 - 13 - 1);
  });

  it('stacks a crowd at the origin from the lowest point up, starting again on each layout', () => {
    const stack = labelStack();
    const ys = () => [box(0, 200), box(5, 199), box(8, 198), box(300, 198)].map((b, i) => stack(i, b));
    expect(ys()).toEqual([200, 186, 172, 198]);
    // A second layout pass (a resize) gives the same, not labels stacked on the last pass's.
    expect(ys()).toEqual([200, 186, 172, 198]);
  });
});
