import { describe, expect, it } from 'vitest';
import { labelPlacer, labelStack, placedLabel, stackedY } from './label-stack.ts';

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

describe('working-base labels placed around their point', () => {
  const dot = (x: number, y: number) => ({ x: x - 5, y: y - 5, width: 10, height: 10 });

  it('keeps the label ECharts placed when nothing is in its way', () => {
    const label = box(110, 94);
    expect(placedLabel([box(110, 50)], label, dot(100, 100))).toBe(label);
  });

  it('moves it above its point, then below, when its place is taken', () => {
    const label = box(110, 94);
    expect(placedLabel([box(150, 96)], label, dot(100, 100))).toEqual(box(110, 95 - 13 - 1));
    // A label in the way of both beside and above: below the point.
    expect(placedLabel([box(150, 92)], label, dot(100, 100))).toEqual(box(110, 105 + 1));
  });

  it('gives up (null: the label hides) when every place is taken', () => {
    expect(placedLabel([box(150, 96), box(150, 75), box(150, 110)], box(110, 94), dot(100, 100))).toBeNull();
  });

  it('places each label against the labels and points of lower indexes, afresh on each layout', () => {
    const place = labelPlacer();
    const run = () => [
      place(0, box(110, 94), dot(100, 100)),
      // On the first label: moves above its own point.
      place(1, box(130, 90), dot(120, 96)),
      // On the first label, and above it the second: below its own point.
      place(2, box(90, 95), dot(80, 101)),
    ];
    expect(run()).toEqual([box(110, 94), box(130, 91 - 13 - 1), box(90, 106 + 1)]);
    // A second layout pass (a resize) gives the same.
    expect(run()).toEqual([box(110, 94), box(130, 91 - 13 - 1), box(90, 106 + 1)]);
    // Laid out out of data order (ECharts may reuse points after an update): the same places.
    const again = labelPlacer();
    const late = again(2, box(90, 95), dot(80, 101));
    again(0, box(110, 94), dot(100, 100));
    again(1, box(130, 90), dot(120, 96));
    // Index 2 first saw nothing below it; laid out again in order it lands where it did above.
    expect(late).toEqual(box(90, 95));
    expect(again(2, box(90, 95), dot(80, 101))).toEqual(box(90, 106 + 1));
  });
});
