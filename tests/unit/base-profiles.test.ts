import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listProfiles, loadProfile, profilesDir } from '../../catalog/bases/profiles.ts';
import { isAppError } from '../../lib/errors.ts';

const shipped = JSON.parse(readFileSync(join(profilesDir(), 'shenzhen-2023.json'), 'utf8'));

describe('assessment profiles', () => {
  it('ships the published Shenzhen 2023 criteria and the demo profile', () => {
    expect(listProfiles()).toEqual(['demo', 'shenzhen-2023']);
    const sz = loadProfile('shenzhen-2023');
    const mins = (t: 'vertical' | 'comprehensive') => Object.fromEntries(sz.criteria[t].map((c) => [c.id, [c.measure, c.min]]));
    expect(mins('vertical')).toEqual({ area: ['area_m2', 1000], team: [null, 20], monthly_gmv: ['monthly_live_gmv', 15_000_000] });
    expect(mins('comprehensive')).toEqual({
      area: ['area_m2', 2000], rooms: ['rooms', 10], events: ['training_events_per_year', 6], firms: ['merchants', 10],
      monthly_gmv: ['monthly_live_gmv', 20_000_000],
    });
    expect(loadProfile('demo').demo_scaled).toBe(true);
  });

  const dirWith = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
    return dir;
  };
  const failure = (fn: () => unknown) => { try { fn(); } catch (e) { if (isAppError(e)) return e; throw e; } throw new Error('no error'); };

  it('loads a province\'s own file; refuses a malformed one naming the file and the field', () => {
    const own = { ...shipped, id: 'my-prov' };
    const dir = dirWith({ 'my-prov.json': own, 'broken.json': '{ nope', 'bad-measure.json': { ...shipped, id: 'bad-measure',
      criteria: { ...shipped.criteria, vertical: [{ ...shipped.criteria.vertical[0], measure: 'floor' }] } }, 'other.json': shipped });
    expect(loadProfile('my-prov', dir).id).toBe('my-prov');
    expect(failure(() => loadProfile('broken', dir)).message).toMatch(/broken\.json is not valid JSON/);
    const bad = failure(() => loadProfile('bad-measure', dir));
    expect(bad.message).toMatch(/bad-measure\.json: criteria\.vertical\.0\.measure/);
    expect(bad.messageZh).toMatch(/评估标准文件 bad-measure\.json/);
    expect(failure(() => loadProfile('other', dir)).message).toMatch(/id is "shenzhen-2023"; the id must be the file name/);
    const unknown = failure(() => loadProfile('nope', dir));
    expect(unknown.status).toBe(400);
    expect(unknown.details).toMatchObject({ param: 'profile', allowed: ['bad-measure', 'broken', 'my-prov', 'other'] });
  });
});
