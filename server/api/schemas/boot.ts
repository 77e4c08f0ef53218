import type { HealthResponse } from './health.ts';
import type { MetaResponse } from './meta.ts';

/**
 * What the server writes into the app shell (server/api/shell.ts) and the web app reads first
 * (web/src/lib/boot.ts): its /api/health and /api/meta answers, in the element with this id.
 * No runtime imports: the web bundle carries this file.
 */
export const BOOT_ELEMENT_ID = 'beltscope-boot';

export interface Boot {
  health: HealthResponse;
  meta: MetaResponse;
}
