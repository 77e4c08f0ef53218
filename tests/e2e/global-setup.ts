/**
 * Once per test run, for every browser test: the web app built from the current sources, and a
 * 20k-order demo database that each test file copies (building and seeding took ~6 s a file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../../cli/serve.ts';
import { Database } from '../../db/database.ts';
import { buildWeb, E2E_DEMO_ORDERS } from './helpers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built web app (index.html and assets). */
    e2eWeb: string;
    /** A closed demo database of 20k orders, to copy, never to open. */
    e2eDemo: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'beltscope-e2e-shared-'));
  const demo = join(dir, 'demo.duckdb');
  const [web] = await Promise.all([
    buildWeb(join(dir, 'web')),
    (async () => {
      const db = await Database.open(demo);
      try {
        await seedDemo(db, E2E_DEMO_ORDERS, 1, () => {});
      } finally {
        await db.close();
      }
    })(),
  ]);
  project.provide('e2eWeb', web);
  project.provide('e2eDemo', demo);
  return () => rmSync(dir, { recursive: true, force: true });
}
