import { describe, expect, it } from 'vitest';
import { statusLabel } from './status.ts';

describe('the status a file shows', () => {
  it('is "nothing loaded" for a load that landed no row and quarantined some; otherwise the API status', () => {
    expect(statusLabel({ status: 'loaded', loaded: 0, updated: 0, quarantined: 6 })).toBe('nothing_loaded');
    expect(statusLabel({ status: 'loaded', loaded: 0, updated: 1, quarantined: 6 })).toBe('loaded');
    expect(statusLabel({ status: 'loaded', loaded: 0, updated: 0, quarantined: 0 })).toBe('loaded'); // all duplicates: fine
    expect(statusLabel({ status: 'already_loaded', loaded: 0, updated: 0, quarantined: 6 })).toBe('already_loaded');
    expect(statusLabel({ status: 'dry_run', loaded: 0, updated: 0, quarantined: 6 })).toBe('dry_run');
  });
});
