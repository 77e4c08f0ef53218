import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The layout's promise: lower layers never import higher ones, so no folder imports a folder
// that imports it back. catalog → db → pipelines / server → cli, and lib under all of them.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS: Record<string, string[]> = {
  lib: [],
  catalog: ['lib'],
  db: ['lib', 'catalog'],
  pipelines: ['lib', 'catalog', 'db'],
  server: ['lib', 'catalog', 'db'],
  cli: ['lib', 'catalog', 'db', 'pipelines', 'server'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(n) ? [p] : [];
  });
}

/** Every relative import (static, dynamic, type-only) of a file, as a path from the root. */
function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => relative(ROOT, resolve(dirname(file), m[1])));
}

describe('layout', () => {
  it('imports only downwards between top-level folders', () => {
    const wrong: string[] = [];
    for (const [folder, allowed] of Object.entries(LAYERS)) {
      for (const f of files(join(ROOT, folder))) {
        for (const target of imports(f)) {
          const top = target.split('/')[0];
          if (top !== folder && !allowed.includes(top)) wrong.push(`${relative(ROOT, f)} → ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
