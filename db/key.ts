import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let memoryKey: string | null = null;

/**
 * The key for hashing personal ids (buyers at load time; merchants, accounts, anchors and
 * products in the lake export): kept in the data folder beside the database, made on first use
 * (mode 0600), so the same id hashes alike across loads and exports but the hash cannot be
 * reversed, or recomputed from a guessed id, by anyone without the folder. An in-memory database gets a key that
 * lives as long as the process.
 */
export function dataKey(dbPath: string): string {
  if (dbPath === ':memory:') return (memoryKey ??= randomBytes(32).toString('hex'));
  const file = join(dirname(dbPath), 'beltscope.key');
  if (!existsSync(file)) {
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (e) {
      // Another process made it first: read theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
