import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/api/app.ts';
import type { Database } from '../../db/database.ts';
import type { Scope } from '../../server/query/scope.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';
import { requester } from '../fixtures/request.ts';

// A scope narrows every fact, totals included, and no request parameter widens it.
let db: Database;
beforeAll(async () => { db = await openFixedDatabase(); });
afterAll(async () => db.close());

const scoped = (scope: Partial<Scope>) => {
  const { app } = createApp({ db, scope: () => ({ rows: {}, merchantNames: true, minCohort: 0, ...scope }) });
  return requester(() => app);
};
const ALL = 'measures=gmv,live_gmv,listings,batches,live_minutes,hhi,order_value_p50';

describe('scopes', () => {
  it('a belt scope narrows every fact and the totals', async () => {
    const { body } = await scoped({ rows: { belt: ['jingdezhen-ceramics'] } })(`/api/metrics?${ALL}`);
    expect(body.totals).toMatchObject({ gmv: 1110, live_gmv: 950, listings: 3, batches: 2, live_minutes: 2 });
    expect(body.totals.order_value_p50).toBe(115); // 20, 60, 80, 150, 300, 500
  });

  it('a merchant scope reaches facts that name their merchant through the session', async () => {
    const { body } = await scoped({ rows: { merchant: ['m1'] } })(`/api/metrics?${ALL}&by=belt`);
    expect(body.rows).toEqual([{ belt: 'jingdezhen-ceramics', gmv: 730, live_gmv: 650, listings: 3, batches: 2, live_minutes: 2, hhi: 10_000, order_value_p50: 150 }]);
  });

  it('a region scope works like the belts of that region', async () => {
    const region = (await db.query(`SELECT region_code AS r FROM belts WHERE belt_id = 'haining-leather'`))[0].r as string;
    const { body } = await scoped({ rows: { region: [region] } })('/api/metrics?measures=gmv,sessions&by=belt');
    expect(body.rows).toEqual([{ belt: 'haining-leather', gmv: 2100, sessions: 1 }]);
  });

  it('parameters only narrow: a belt outside the scope is answered as an unknown one, never with its figures', async () => {
    const get = scoped({ rows: { belt: ['jingdezhen-ceramics'] } });
    const other = await get('/api/metrics?measures=gmv,live_gmv,batches&belt=haining-leather&lang=en');
    const typo = await get('/api/metrics?measures=gmv,live_gmv,batches&belt=no-such-belt&lang=en');
    // The same answer as for an id that does not exist, listing only what /api/meta lists to this scope.
    for (const r of [other, typo]) {
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ param: 'belt', allowed: ['jingdezhen-ceramics'] });
    }
    expect(other.body.error.message.replace('haining-leather', 'no-such-belt')).toBe(typo.body.error.message);
    const regions = await get('/api/metrics?measures=gmv&region=nope');
    expect(regions.body.error.allowed).toEqual((await get('/api/meta')).body.values.region.map((v: any) => v.id));
    const mine = await get('/api/metrics?measures=gmv&belt=jingdezhen-ceramics&by=belt');
    expect(mine.body.rows).toEqual([{ belt: 'jingdezhen-ceramics', gmv: 1110 }]);
    const prev = await get('/api/metrics?measures=gmv&compare=previous_year&from=2026-01-01&to=2026-01-31');
    expect(prev.body.totals).toMatchObject({ gmv: 80 }); // Haining's January order (1200) is out of scope
  });

  it('hides figures over fewer merchants than the minimum cohort, and says so', async () => {
    const { body } = await scoped({ minCohort: 2 })('/api/metrics?measures=gmv,sessions&by=belt&sort=-gmv&lang=en');
    // Jingdezhen: m1 and m2 sold and streamed; Haining: m3 alone. Hidden figures sort last.
    expect(body.rows).toEqual([
      { belt: 'jingdezhen-ceramics', gmv: 1110, sessions: 2 },
      { belt: 'haining-leather', gmv: null, sessions: null },
    ]);
    expect(body.totals).toEqual({ gmv: 3210, sessions: 3 });
    expect(body.notes).toContainEqual({ measure: '*', message: expect.stringMatching(/fewer than 2 merchants are hidden/) });
  });

  it('without merchant names, merchants cannot be listed one by one', async () => {
    const { status, body } = await scoped({ merchantNames: false })('/api/metrics?measures=gmv&by=merchant&lang=en');
    expect(status).toBe(403);
    expect(body.error).toMatchObject({ code: 'scope_forbidden', param: 'by' });
    const csv = await scoped({ merchantNames: false })('/api/metrics?measures=gmv&by=belt');
    expect(csv.status).toBe(200);
  });

  it('is part of the cache key: the same query in two scopes gets two answers', async () => {
    let scope: Scope = { rows: {}, merchantNames: true, minCohort: 0 };
    const { app } = createApp({ db, scope: () => scope });
    const get = requester(() => app);
    expect((await get('/api/metrics?measures=gmv')).body.totals.gmv).toBe(3210);
    scope = { ...scope, rows: { belt: ['haining-leather'] } };
    expect((await get('/api/metrics?measures=gmv')).body.totals.gmv).toBe(2100);
  });
});
