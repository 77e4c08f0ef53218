/**
 * Lines a wrapping legend takes in a phone-wide chart (~330 px), estimated from its names: a CJK
 * character ~12 px, a Latin one ~6.5 px, a marker and the gap to the next item ~30 px. ECharts
 * does not make room for a legend itself, so a chart moves its plot down by this many lines; a
 * scrolling legend instead showed two of six belts behind a 1/3 pager.
 */
export function legendLines(names: readonly string[], width = 330): number {
  const widthOf = (s: string) => 30 + [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 12 : 6.5), 0);
  let lines = 1;
  let used = 0;
  for (const n of names) {
    const w = widthOf(n);
    if (used > 0 && used + w > width) {
      lines++;
      used = 0;
    }
    used += w;
  }
  return lines;
}
