import { describe, expect, it } from 'vitest';
import { merchantIdFor } from './upload-state.svelte.ts';

describe('the upload page\'s merchant field', () => {
  const options = [{ id: 'S-HN-001', name: '示例皮草工厂' }, { id: 'S-HN-002', name: 'Twin' }, { id: 'S-HN-003', name: 'twin' }];
  it('sends an id as typed, a suggested shop\'s exact name as its id, anything else as typed (a new id)', () => {
    expect(merchantIdFor(' S-HN-001 ', options)).toBe('S-HN-001');
    expect(merchantIdFor('示例皮草工厂', options)).toBe('S-HN-001');
    expect(merchantIdFor('Twin', options)).toBe('Twin'); // two shops of that name: left for the server to refuse
    expect(merchantIdFor('S-NEW-9', options)).toBe('S-NEW-9');
  });
});
