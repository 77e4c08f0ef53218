import { describe, expect, it } from 'vitest';
import { filesToKeep, statusLabel } from './status.ts';

describe('the status a file shows', () => {
  it('is "nothing loaded" for a load that landed no row and found none already there; otherwise the API status', () => {
    expect(statusLabel({ status: 'loaded', loaded: 0, updated: 0, duplicates: 0 })).toBe('nothing_loaded'); // all quarantined, skipped, or a header alone
    expect(statusLabel({ status: 'loaded', loaded: 0, updated: 1, duplicates: 0 })).toBe('loaded');
    // All duplicates (a file exported again): nothing new, as the load history says, not "Loaded" in green.
    expect(statusLabel({ status: 'loaded', loaded: 0, updated: 0, duplicates: 4 })).toBe('nothing_new');
    expect(statusLabel({ status: 'loaded', loaded: 1, updated: 0, duplicates: 4 })).toBe('loaded');
    expect(statusLabel({ status: 'already_loaded', loaded: 0, updated: 0, duplicates: 0 })).toBe('already_loaded');
    expect(statusLabel({ status: 'dry_run', loaded: 0, updated: 0, duplicates: 0 })).toBe('dry_run_nothing');
    expect(statusLabel({ status: 'dry_run', loaded: 3, updated: 0, duplicates: 0 })).toBe('dry_run');
    expect(statusLabel({ status: 'failed', loaded: 0, updated: 0, duplicates: 0 })).toBe('failed');
  });
});

describe('the files that stay chosen after an answer', () => {
  it('keeps a refused, failed or dry-run file to send again; a loaded one is done', () => {
    const chosen = [{ name: 'a.csv' }, { name: 'b.csv' }, { name: 'c.xlsx' }, { name: 'd.csv' }];
    expect(filesToKeep(chosen, [
      { file: 'a.csv', status: 'refused' }, { file: 'b.csv', status: 'loaded' },
      { file: 'c.xlsx', status: 'loaded' }, { file: 'c.xlsx', status: 'failed' }, { file: 'd.csv', status: 'already_loaded' },
    ])).toEqual([{ name: 'a.csv' }, { name: 'c.xlsx' }]);
    expect(filesToKeep(chosen, [{ file: 'd.csv', status: 'dry_run' }])).toEqual([{ name: 'd.csv' }]);
  });
});
