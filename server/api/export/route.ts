import { Hono } from 'hono';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataKey } from '../../../db/key.ts';
import { exportLake } from '../../../db/lake/export.ts';
import { assertSlice } from '../../../db/lake/slice.ts';
import { AppError } from '../../../lib/errors.ts';
import { assertSingleValued } from '../../query/params.ts';
import type { AppContext } from '../app.ts';
import { parseExportParams } from './params.ts';
import { removeFolder, zipFolder } from './zip.ts';

const busy = () => new AppError('export_busy', 'Another export is being written; try again when it is done.',
  '另一个导出正在进行，请稍后再试。', 503);

/**
 * GET /api/export: the lake export (db/lake) of the caller's scope, or the slice asked for,
 * as a zip. Written to a temporary folder first (DuckDB streams each table to its files), then
 * zipped as the client reads and removed afterwards; one export at a time per server.
 */
export function exportRoute(ctx: AppContext) {
  let running = false;
  return new Hono().get('/export', async (c) => {
    assertSingleValued(c.req.queries());
    const q = parseExportParams(c.req.query());
    const scope = ctx.scopeOf(c.req.raw);
    if (q.names && !scope.merchantNames) {
      throw new AppError('scope_forbidden', 'This account cannot export merchant names; leave out names=true for pseudonyms.',
        '此账户不能导出商家名称；去掉 names=true 即可导出假名数据。', 403, { param: 'names' });
    }
    // HEAD runs GET routes but drops the body unread: an export would be written for nothing
    // and its folder never cleaned up.
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'application/zip' });
    if (running) throw busy();
    running = true;
    let dir: string | null = null;
    try {
      const slice = { from: q.from, to: q.to, belts: q.belts, scope: scope.rows };
      await assertSlice(ctx.db, slice);
      dir = await mkdtemp(join(tmpdir(), 'beltscope-export-'));
      const r = await exportLake(ctx.db, { out: dir, format: q.format, names: q.names, key: dataKey(ctx.db.path), slice });
      const folder = dir;
      const body = zipFolder(folder, r.files, async () => { running = false; await removeFolder(folder); });
      return new Response(body, {
        headers: {
          'Content-Type': 'application/zip',
          // Named by its window (all: from the data's first day, or to its last), as the compare CSV.
          'Content-Disposition': `attachment; filename="beltscope-lake-${q.from ?? 'all'}_${q.to ?? 'all'}-v${r.dataVersion}.zip"`,
          'X-Data-Version': String(r.dataVersion),
        },
      });
    } catch (err) {
      running = false;
      if (dir) await removeFolder(dir);
      throw err;
    }
  });
}
