/**
 * Empty shells crowd the scatter's origin (little use, little GMV), and each must stay named.
 * ECharts' own `moveOverlap: 'shiftY'` pushes labels down, into the x-axis and its ticks; these
 * labels are stacked upward instead: points are given from the lowest up, and a label that would
 * cover one already placed moves above it (and keeps a line to its point).
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 1;

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The y (top) at which `label` covers none of `placed`: its own, or just above those in its way. */
export function stackedY(placed: readonly Box[], label: Box): number {
  let y = label.y;
  // Each move goes above one placed box, so at most placed.length moves.
  for (let i = 0; i <= placed.length; i++) {
    const blocker = placed.find((b) => overlaps({ ...label, y }, b));
    if (!blocker) return y;
    y = blocker.y - label.height - GAP;
  }
  return y;
}

/**
 * For an ECharts `labelLayout` callback: labels of one series whose data is ordered from the
 * lowest point up. ECharts lays out a series' labels in data order, starting again at index 0 on
 * every layout (a resize, new data), so each label is stacked on those of lower indexes.
 */
export function labelStack(): (dataIndex: number, label: Box) => number {
  let placed: Box[] = [];
  return (dataIndex, label) => {
    if (dataIndex === 0) placed = [];
    const y = stackedY(placed.slice(0, dataIndex), label);
    placed[dataIndex] = { ...label, y };
    return y;
  };
}

/**
 * Where a working base's label goes: beside its point as ECharts put it, or, when that covers a
 * label or point already placed, just above the point, then just below it (same x, so a label
 * kept inside the canvas stays inside). When all three are covered: null, the label keeps its place
 * and ECharts' hideOverlap hides it (the tooltip and the table still name the base). ECharts'
 * `moveOverlap` does not move a label that is still attached to its point; this one does.
 * `symbol` is the point's own box.
 */
export function placedLabel(placed: readonly Box[], label: Box, symbol: Box): Box | null {
  const candidates = [
    label,
    { ...label, y: symbol.y - label.height - GAP },
    { ...label, y: symbol.y + symbol.height + GAP },
  ];
  return candidates.find((c) => !placed.some((b) => overlaps(c, b))) ?? null;
}

/**
 * For an ECharts `labelLayout` callback over one series: each label placed against the labels and
 * points of lower indexes (placedLabel), as last laid out.
 */
export function labelPlacer(): (dataIndex: number, label: Box, symbol: Box) => Box | null {
  // By index, as labelStack: a label is placed against those of lower indexes whatever order
  // ECharts lays them out in (after an update it may reuse points out of data order).
  const placed: { label: Box | null; symbol: Box }[] = [];
  return (dataIndex, label, symbol) => {
    const before = placed.slice(0, dataIndex).filter((p) => p !== undefined)
      .flatMap((p) => (p.label ? [p.label, p.symbol] : [p.symbol]));
    const box = placedLabel(before, label, symbol);
    placed[dataIndex] = { label: box, symbol };
    return box;
  };
}
