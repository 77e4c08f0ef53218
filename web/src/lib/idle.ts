/**
 * Resolves when the browser has a moment with nothing else to do (at most `timeoutMs` later):
 * for work a page wants soon but not before its first screen, e.g. the overview's map, whose
 * code and outlines would otherwise compile beside the first chart on a first visit.
 * Browsers without requestIdleCallback (Safari) wait one short timeout instead.
 */
export function whenIdle(timeoutMs = 1500): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 200);
  });
}
