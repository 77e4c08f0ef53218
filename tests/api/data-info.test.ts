import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { DataInfoService } from '../../db/dataInfo.ts';
import { openFixedDatabase } from '../fixtures/fixed.ts';

let db: Database;
beforeAll(async () => { db = await openFixedDatabase(); });
afterAll(async () => db.close());

/** The data's first and last local (Beijing) day, every row's own day compared: the slow, obvious way. */
async function rowByRowRange(): Promise<{ from: string; to: string }> {
  const [r] = await db.query(`
    WITH days AS (
      SELECT paid_at::DATE AS d FROM orders UNION ALL SELECT started_at::DATE FROM live_sessions
      UNION ALL SELECT minute_at::DATE FROM session_minutes UNION ALL SELECT listed_at::DATE FROM listings
      UNION ALL SELECT month::DATE FROM base_returns UNION ALL SELECT fired_at::DATE FROM production_batches)
    SELECT CAST(min(d) AS VARCHAR) AS "from", CAST(max(d) AS VARCHAR) AS "to" FROM days`);
  return { from: String(r.from), to: String(r.to) };
}

describe('the data range of /api/health and /api/meta', () => {
  it('is the first and last local day of any fact, as comparing every row gives', async () => {
    expect((await new DataInfoService(db).get()).dataRange).toEqual(await rowByRowRange());
  });

  it('takes the Beijing day of an instant near midnight, not its UTC day', async () => {
    // 2025-05-31 16:30 UTC is 00:30 on 1 June in Beijing: the earliest row, but not a May day.
    // 2026-01-06 16:10 UTC is 00:10 on 7 January in Beijing: the latest row, on the 7th.
    await db.write(async (con) => {
      await con.run(`INSERT INTO production_batches VALUES ('B0', 'm1', 'jingdezhen-ceramics', '2025-05-31 16:30:00+00', 10, 9, 0, 1),
        ('B9', 'm1', 'jingdezhen-ceramics', '2026-01-06 16:10:00+00', 10, 9, 0, 1)`);
    }, { derived: false });
    const range = (await new DataInfoService(db).get()).dataRange;
    expect(range).toEqual({ from: '2025-06-01', to: '2026-01-07' });
    expect(range).toEqual(await rowByRowRange());
  });
});
