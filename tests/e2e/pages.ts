/**
 * Every page of the app as the whole-app browser tests visit it (accessibility, layout): its
 * path on the small demo, a short name for screenshots, `ready` (its panels have answered) and
 * `drawn` (its last chart or late panel is on screen too). A new page is added here once.
 */
export const EVERY_PAGE = [
  { path: '/', name: 'overview', ready: '[data-testid=merchants][data-state=ready]', drawn: '[data-testid=map] [data-rendered=true]' },
  { path: '/upload', name: 'upload', ready: '[data-testid=coverage]', drawn: '[data-testid=coverage]' },
  { path: '/belts', name: 'belts', ready: '[data-testid=belts-growth][data-state=ready]', drawn: '[data-testid=belts-growth][data-state=ready]' },
  { path: '/bases', name: 'bases', ready: '[data-testid=bases][data-state=ready]', drawn: '[data-testid=bases][data-state=ready] [data-testid=spark]' },
  { path: '/bases/base-jdz-1', name: 'base', ready: '[data-testid=base-page][data-state=ready]', drawn: '[data-testid=base-page][data-state=ready]' },
  // The demo's largest Jingdezhen shop (the demo is deterministic at the browser tests' 20k orders).
  { path: '/merchant?merchant=M-JDZ-08050', name: 'merchant', ready: '[data-testid=merchant-benchmark][data-state=ready]', drawn: '[data-testid=merchant-benchmark][data-state=ready]' },
  { path: '/nowhere', name: 'not-found', ready: 'main h1', drawn: '[data-testid=not-found]' },
] as const;
