import { BOOT_ELEMENT_ID, type Boot } from '../../../server/api/schemas/boot.ts';

export { BOOT_ELEMENT_ID, type Boot };

/**
 * The health and catalog the shell carries, so the first page asks for its data without first
 * waiting for them; null when the shell has none (Vite's dev server, or the server could not
 * answer) or it does not parse, and the app then asks the API as before.
 */
export function readBoot(doc: Pick<Document, 'getElementById'> | undefined = globalThis.document): Boot | null {
  const text = doc?.getElementById(BOOT_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    const boot = JSON.parse(text) as Partial<Boot> | null;
    const ok = typeof boot?.health?.dataVersion === 'number' && typeof boot.meta?.dataVersion === 'number' && Array.isArray(boot.meta.measures);
    return ok ? (boot as Boot) : null;
  } catch {
    return null;
  }
}
