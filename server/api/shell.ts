import type { Context } from 'hono';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Scope } from '../query/scope.ts';
import type { HealthOf } from './health.ts';
import type { MetaOf } from './meta.ts';
import { BOOT_ELEMENT_ID, type Boot } from './schemas/boot.ts';

export interface ShellOptions {
  staticDir: string;
  health: HealthOf;
  meta: MetaOf;
  scopeOf: (req: Request) => Scope;
}

/**
 * JSON that can sit inside a `<script>` element: `<` is written as its escape, so no label
 * (a belt named `</script><script>…`) can end the element. JSON.parse reads it back unchanged.
 */
export const scriptSafeJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The app shell (index.html) with /api/health and /api/meta written into it. Every page needs
 * both before it can ask for its data (the data range gives the default window), so answering
 * them in the shell takes a whole round trip, after the entry script, off every first paint.
 * The shell is never cached by the browser (see app.ts), so the data it carries is current;
 * the web app polls /api/health from then on. If either answer fails, the plain shell goes out
 * and the app asks the API itself, showing the error there.
 */
export function shellHandler(opts: ShellOptions) {
  const file = join(opts.staticDir, 'index.html');
  let template: { mtimeMs: number; html: string } | null = null;
  const read = (): string => {
    const { mtimeMs } = statSync(file);
    if (template?.mtimeMs !== mtimeMs) template = { mtimeMs, html: readFileSync(file, 'utf8') };
    return template.html;
  };

  return async (c: Context) => {
    const html = read();
    let boot = '';
    try {
      const [health, meta] = await Promise.all([opts.health(), opts.meta(opts.scopeOf(c.req.raw))]);
      boot = `<script id="${BOOT_ELEMENT_ID}" type="application/json">${scriptSafeJson({ health, meta } satisfies Boot)}</script>`;
    } catch (err) {
      console.error('[beltscope] app shell without its health and catalog:', err);
    }
    return c.html(boot ? html.replace('</head>', `${boot}</head>`) : html);
  };
}
