import { Hono } from 'hono';
import { WHOLE_ROW, wholeRowIn } from '../../lib/quarantine.ts';
import { sql } from '../../catalog/dialect.ts';
import type { Database } from '../../db/database.ts';
import { removeDataset } from '../../db/removeDataset.ts';
import { AppError } from '../../lib/errors.ts';
import type { AppContext } from './app.ts';
import { VersionedCache } from '../query/cache.ts';
import { assertMayWrite, assertSameOrigin } from './writeGuards.ts';
import type { DatasetRemovedResponse, DatasetsResponse, QuarantineResponse } from './schemas/datasets.ts';
import { toCsv } from '../query/formats.ts';

const month = (instant: string) => `left(CAST(${sql.bucket('month', sql.localDate(instant))} AS VARCHAR), 7)`;

/**
 * Every dataset, and which merchant × platform × local month holds orders or live sessions of
 * real datasets: a month without a loaded export shows as a gap here instead of reading as a
 * decline on a chart. The demo has no missing exports to find (and over its 4,000 merchants the
 * grid was 5 MB an upload page did not show).
 */
export async function readDatasets(db: Database): Promise<DatasetsResponse> {
  const { result: [datasets, coverage], dataVersion } = await db.stableRead((q) => Promise.all([
    q(`SELECT dataset_id, kind, source, file_name, sheet, platform, target_table, mapping,
        coalesce(rows_read, 0) AS rows_read, coalesce(rows_loaded, 0) AS loaded, coalesce(rows_updated, 0) AS updated,
        coalesce(rows_skipped, 0) AS skipped, coalesce(rows_duplicate, 0) AS duplicates, coalesce(rows_quarantined, 0) AS quarantined,
        loaded_at, coalesce(status, 'loaded') AS status
      FROM datasets ORDER BY dataset_id`),
    q(`WITH real AS (SELECT dataset_id FROM datasets WHERE kind = 'real'),
      o AS (
        SELECT merchant_id, platform_id, ${month('paid_at')} AS month, count(DISTINCT parent_order_id) AS orders
        FROM orders WHERE dataset_id IN (SELECT dataset_id FROM real) GROUP BY ALL),
      s AS (
        SELECT merchant_id, platform_id, ${month('started_at')} AS month, count(*) AS sessions
        FROM live_sessions WHERE dataset_id IN (SELECT dataset_id FROM real) GROUP BY ALL)
      SELECT coalesce(o.merchant_id, s.merchant_id) AS merchant_id, coalesce(o.platform_id, s.platform_id) AS platform_id,
        coalesce(o.month, s.month) AS month, coalesce(o.orders, 0) AS orders, coalesce(s.sessions, 0) AS sessions
      FROM o FULL JOIN s USING (merchant_id, platform_id, month)
      ORDER BY 1, 2, 3`),
  ]));
  return {
    dataVersion,
    datasets: datasets.map((d) => ({
      datasetId: Number(d.dataset_id),
      kind: d.kind === 'demo' ? 'demo' as const : 'real' as const,
      source: String(d.source ?? ''),
      fileName: (d.file_name as string | null) ?? null,
      sheet: (d.sheet as string | null) ?? null,
      platform: (d.platform as string | null) ?? null,
      targetTable: (d.target_table as string | null) ?? null,
      mapping: (d.mapping as string | null) ?? null,
      rowsRead: Number(d.rows_read),
      loaded: Number(d.loaded),
      updated: Number(d.updated),
      skipped: Number(d.skipped),
      duplicates: Number(d.duplicates),
      quarantined: Number(d.quarantined),
      loadedAt: String(d.loaded_at),
      status: String(d.status),
    })),
    coverage: coverage.map((r) => ({
      merchantId: String(r.merchant_id),
      platformId: String(r.platform_id),
      month: String(r.month),
      orders: Number(r.orders),
      sessions: Number(r.sessions),
    })),
  };
}

/** A dataset id from a path or the command line: a whole number, else a 400 naming it. */
export function parseDatasetId(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) {
    throw new AppError('invalid_param', `A dataset id is a whole number (got "${raw}").`, `数据集ID必须是整数（实际为 "${raw}"）。`, 400, { param: 'id' });
  }
  return Number(raw);
}

/** How many quarantined rows one answer lists: enough to see every kind of mistake a file has. */
export const QUARANTINE_LIMIT = 100_000;

/** The rows a load quarantined, in line order, with what was wrong: what a user fixes the file from. */
export async function readQuarantine(db: Database, id: number, limit = QUARANTINE_LIMIT): Promise<QuarantineResponse> {
  const { result: [d, rows], dataVersion } = await db.stableRead((q) => Promise.all([
    q(`SELECT file_name, coalesce(rows_quarantined, 0)::BIGINT AS total FROM datasets WHERE dataset_id = $id`, { id }),
    q(`SELECT line, record, sheet, column_name, raw_value, reason, raw FROM quarantine WHERE dataset_id = $id
      ORDER BY line NULLS LAST, record LIMIT ${Math.trunc(limit)}`, { id }),
  ]));
  if (!d.length) {
    throw new AppError('dataset_not_found', `There is no dataset ${id}. \`beltscope datasets list\` (or GET /api/datasets) lists them.`,
      `没有数据集 ${id}。可用 \`beltscope datasets list\`（或 GET /api/datasets）查看。`, 404);
  }
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const total = Number(d[0].total);
  return {
    dataVersion, datasetId: id, fileName: str(d[0].file_name), total, truncated: total > rows.length,
    rows: rows.map((r) => ({
      line: num(r.line), record: num(r.record), sheet: str(r.sheet), column: str(r.column_name), value: str(r.raw_value),
      reason: String(r.reason), raw: str(r.raw),
    })),
  };
}

/** The quarantine of a load as CSV: headers in the chosen language, the reason in it too. */
export function quarantineCsv(r: QuarantineResponse, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  // Reasons are stored "中文 / English": the first separator splits them (an English half may hold another).
  const half = (reason: string) => {
    const i = reason.indexOf(' / ');
    return i < 0 ? reason : (zh ? reason.slice(0, i) : reason.slice(i + 3)).trim() || reason;
  };
  return toCsv({
    columns: (zh ? ['行号', '记录', '工作表', '列', '值', '原因', '原始行'] : ['line', 'record', 'sheet', 'column', 'value', 'reason', 'raw row']).map((header) => ({ header })),
    rows: r.rows.map((x) => [x.line, x.record, x.sheet, x.column === WHOLE_ROW ? wholeRowIn(lang) : x.column, x.value, half(x.reason), x.raw]),
    comments: [
      `beltscope dataVersion=${r.dataVersion} dataset=${r.datasetId} file=${r.fileName ?? '-'}`,
      ...(r.truncated ? [zh ? `已截断：共 ${r.total} 行，仅含前 ${r.rows.length} 行` : `truncated: the first ${r.rows.length} of ${r.total} rows`] : []),
    ],
  });
}

/** Remove a dataset through the single write path: its rows everywhere, in one transaction. */
export async function deleteDataset(db: Database, id: number, force = false): Promise<DatasetRemovedResponse> {
  const removed = await db.write((con) => removeDataset(con, id, { force }));
  return { dataVersion: db.dataVersion, ...removed };
}

/** GET /api/datasets and DELETE /api/datasets/:id */
export function datasetsRoute(ctx: AppContext, opts: { host?: string } = {}) {
  const cache = new VersionedCache<DatasetsResponse>(ctx.cache, 4);
  return new Hono()
    .get('/datasets', async (c) => {
      assertMayWrite(ctx.scopeOf(c.req.raw));
      const extra = Object.keys(c.req.query()).filter((k) => k !== 'lang');
      if (extra.length) {
        throw new AppError('invalid_param', `Unknown parameter "${extra[0]}".`, `未知参数 "${extra[0]}"。`, 400, { param: extra[0], allowed: ['lang'] });
      }
      return c.json(await cache.get(ctx.db.dataVersion, 'all', () => readDatasets(ctx.db)) satisfies DatasetsResponse);
    })
    .get('/datasets/:id/quarantine', async (c) => {
      assertMayWrite(ctx.scopeOf(c.req.raw));
      const extra = Object.keys(c.req.query()).filter((k) => k !== 'lang' && k !== 'format');
      if (extra.length) {
        throw new AppError('invalid_param', `Unknown parameter "${extra[0]}".`, `未知参数 "${extra[0]}"。`, 400, { param: extra[0], allowed: ['lang', 'format'] });
      }
      const format = c.req.query('format') ?? 'json';
      if (format !== 'json' && format !== 'csv') {
        throw new AppError('invalid_param', 'Parameter "format" must be json or csv.', '参数 "format" 必须是 json 或 csv。', 400, { param: 'format', allowed: ['json', 'csv'] });
      }
      const id = parseDatasetId(c.req.param('id'));
      const r = await readQuarantine(ctx.db, id);
      if (format === 'json') return c.json(r satisfies QuarantineResponse);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="beltscope-quarantine-${id}.csv"`);
      return c.body(quarantineCsv(r, c.req.query('lang') === 'en' ? 'en' : 'zh'));
    })
    .delete('/datasets/:id', async (c) => {
      assertSameOrigin(c, opts.host);
      assertMayWrite(ctx.scopeOf(c.req.raw));
      const force = c.req.query('force');
      if (force !== undefined && force !== 'true' && force !== 'false') {
        throw new AppError('invalid_param', 'Parameter "force" must be true or false.', '参数 "force" 必须是 true 或 false。', 400, { param: 'force', allowed: ['true', 'false'] });
      }
      return c.json(await deleteDataset(ctx.db, parseDatasetId(c.req.param('id')), force === 'true') satisfies DatasetRemovedResponse);
    });
}
