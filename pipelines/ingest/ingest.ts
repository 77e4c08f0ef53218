import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DuckDBConnection as Connection } from '@duckdb/node-api';
import type { Database } from '../../db/database.ts';
import { guardRealLoad, holdsDemo } from '../../db/datasets.ts';
import { AppError, isAppError } from '../../lib/errors.ts';
import { detectMapping, unrecognised } from './detect.ts';
import { BUILT_IN, assertMappingColumns, canonicalMapping, parseMapping } from './mappings.ts';
import type { TableColumn } from './mappings.ts';
import { mergeSheet, prepareParsed } from './merge.ts';
export { warmKeys } from './merge.ts';
import { dropStaged, sniff, stageFile } from './read.ts';
import type { LoadOptions } from './resolve.ts';
import { fillFor, KEYS, STICKY, targetColumns, type Fill } from './targets.ts';
import { planParse, type ParsePlan } from './transform.ts';
import { TARGETS, type Mapping, type StagedFile, type StagedSheet, type Target } from './types.ts';
import { installValueParsers } from './values.ts';
import { alreadyLoaded, describe, empty, keptDemo, type FileStatus, type FileSummary, type IngestSummary, type Known, type QuarantinedRow, QUARANTINE_SAMPLE } from './summary.ts';
export { QUARANTINE_SAMPLE, type FileStatus, type FileSummary, type IngestSummary, type QuarantinedRow } from './summary.ts';
import { entitiesFirst } from './order.ts';
import { liveOverlap } from './overlap.ts';

export interface IngestOptions extends LoadOptions {
  kind?: Target;
  /** A user's mapping file (JSON, the built-in format). */
  mappingFile?: string;
  replaceDemo?: boolean;
  dryRun?: boolean;
  /** Key for hashing personal ids (see key.ts). */
  hashKey: string;
  /** The name a file is reported under (an upload's original name); default its base name. */
  displayName?: (path: string) => string;
  onProgress?: (file: string, bytesDone: number, bytesTotal: number) => void;
  log?: (line: string) => void;
}

const REFUSED = new Set(['demo_present', 'db_locked']);

/** One reused 1 MB buffer: about twice as fast as a read stream's 64 KB chunks over a large file. */
async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (!bytesRead) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

/**
 * Thrown inside a load's transaction to roll it back, carrying the file's summaries: a dry run
 * (what would have happened), or a file that would replace the demo and lands no row.
 */
class RolledBack extends Error { constructor(readonly summaries: FileSummary[]) { super('rolled back'); } }

/**
 * Load files, each in one transaction through the single write path: the same file twice adds
 * nothing, a failure leaves the database as it was, and readers never see half a file.
 */
export async function ingestFiles(db: Database, paths: string[], opts: IngestOptions): Promise<IngestSummary> {
  const userMapping = opts.mappingFile ? parseMapping(readFileSync(opts.mappingFile, 'utf8'), opts.mappingFile) : undefined;
  const files: FileSummary[] = [];
  // Files other rows name first (bases, merchants, accounts): a folder is walked in name order.
  const ordered = userMapping ? paths : await entitiesFirst(paths, db);
  for (const path of ordered) files.push(...await ingestFile(db, path, opts, userMapping));
  return { dataVersion: db.dataVersion, files };
}

async function ingestFile(db: Database, path: string, opts: IngestOptions, userMapping?: Mapping): Promise<FileSummary[]> {
  const name = opts.displayName?.(path) ?? basename(path);
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  let known: Known | undefined;
  try {
    const kind = await sniff(path);
    if (kind.passwordProtected) {
      throw new AppError('password_protected', `${name} is password-protected. Open it, save it again without a password, and load that file.`,
        `${name} 设有密码。请打开后另存为不加密的文件，再导入。`);
    }
    const hash = await sha256(path);
    const seenSql = `SELECT dataset_id, sheet, target_table, platform, mapping, rows_read, rows_loaded, rows_updated,
        rows_quarantined, rows_skipped FROM datasets WHERE kind = 'real' AND file_sha256 = $h ORDER BY dataset_id`;
    const seen = await db.query(seenSql, { h: hash });
    if (seen.length) return seen.map((d) => alreadyLoaded(name, d, opts.via));
    // Committed before the file's own transaction: a load killed half-way shows as started, never
    // loaded. No reader is answered from the log: the data version stays (the load moves it).
    if (!opts.dryRun) {
      await db.write(async (con) => {
        await con.run(`INSERT INTO ingest_log VALUES (NULL, now(), 'info', $m)`, { m: `started ${name} sha256=${hash}` });
      }, { derived: false, version: false });
    }
    const summaries: FileSummary[] = [];
    // Before the load's transaction (see WriteOptions.scratch), the file is read into TEMP tables
    // and, when nothing the transaction writes first can change the result, parsed: they hold
    // nothing of the database, and every later step reads them with every core. The transaction
    // then removes the demo or creates a merchant if it must, and writes the rows.
    let staged: StagedFile | undefined;
    const sheets: PreparedSheet[] = [];
    // A workbook's sheets no mapping recognises (a 说明 or 汇总 sheet): said in the file's first summary.
    const leftOut: string[] = [];
    const scratch = {
      before: async (con: Connection) => {
        // A load that would be refused is refused before the file is read (checked again inside).
        if (!opts.replaceDemo) await guardRealLoad(con, { replaceDemo: false, via: opts.via });
        await installValueParsers(con);
        // Progress only when asked for: tracking it turns DuckDB's progress bar on around each read.
        const onProgress = opts.onProgress;
        staged = await stageFile(con, path, { onProgress: onProgress && ((d, t) => onProgress(name, d, t)) });
        const planned = await planSheets(con, staged, opts, name, userMapping, log, leftOut);
        if (planned.length) {
          // Said only where every sheet agrees (a workbook's sheets may load different tables).
          const one = <T,>(values: T[]) => (values.every((v) => v === values[0]) ? values[0] : null);
          known = { sheet: one(planned.map((x) => x.s.sheet)), platform: opts.platform ?? one(planned.map((x) => x.m.platform ?? null)),
            kind: one(planned.map((x) => x.m.target)), mapping: one(planned.map((x) => x.m.id)) };
        }
        // The parse (its id checks and joins read live_bases, merchants, accounts …) is made here
        // only when nothing the transaction writes before it can change what it reads: one sheet
        // (a workbook's earlier sheets may load bases or accounts its later ones name), no demo
        // to remove, and a fill that creates nothing (stable). Otherwise all of it runs inside.
        const ahead = planned.length === 1 && planned[0].plan.missing.length === 0
          && !(opts.replaceDemo && await holdsDemo(con));
        for (const sheet of planned) {
          if (!ahead) { sheets.push(sheet); continue; }
          const fill = await fillFor(con, sheet.m, sheet.s, opts, name, false);
          const parsed = fill.stable ? await prepareParsed(con, { ...sheet, fill: fill.fill, fillParams: fill.params, joins: fill.joins }) : undefined;
          sheets.push({ ...sheet, parsed, fillKey: fillKey(fill) });
        }
      },
      after: async (con: Connection) => {
        for (const t of sheets.flatMap((x) => (x.parsed ? [x.parsed] : []))) await con.run(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
        if (staged) await dropStaged(con, staged).catch(() => {});
      },
    };
    const work = async (con: Connection) => {
      // Again inside the transaction: the same file uploaded twice at once passed the check above
      // in both requests, and the second must find the first's load, not land as a second dataset.
      const landed = (await con.runAndReadAll(seenSql, { h: hash })).getRowObjectsJS();
      if (landed.length) throw new RolledBack(landed.map((d) => alreadyLoaded(name, d, opts.via)));
      const replacing = !!opts.replaceDemo && await holdsDemo(con);
      await guardRealLoad(con, { replaceDemo: opts.replaceDemo ?? false, via: opts.via });
      for (const sheet of sheets) {
        const { s, m, plan, columns } = sheet;
        if (plan.missing.length) {
          throw new AppError('missing_columns', `${name}${s.sheet ? ` [${s.sheet}]` : ''}: required column(s) missing for ${m.id}: ${plan.missing.join(', ')}.`,
            `${name}${s.sheet ? `［${s.sheet}］` : ''}：缺少 ${m.id} 所需的列：${plan.missing.join('、')}。`);
        }
        // A dry run rolls back, but a sequence does not: it takes no id from it (a negative id,
        // one per sheet, is never a load's), so the ids of real loads stay without gaps a user
        // would ask about.
        const [{ id }] = opts.dryRun ? [{ id: -1 - summaries.length }]
          : (await con.runAndReadAll(`SELECT nextval('dataset_ids')::INTEGER AS id`)).getRowObjectsJS() as { id: number }[];
        const filled = await fillFor(con, m, s, opts, name, true, id);
        const { fill, params, joins, fallback } = filled;
        // A safety net: the parse made ahead stands only for the very fill computed here.
        const parsed = fillKey(filled) === sheet.fillKey ? sheet.parsed : undefined;
        const c = await mergeSheet(con, {
          sheet: s, plan, target: m.target, columns, keys: KEYS[m.target],
          fill, fillParams: params, joins, fallback, sticky: STICKY[m.target], datasetId: id, file: name, parsed,
        });
        const platform = (params.platform as string | undefined) ?? m.platform;
        await con.run(`INSERT INTO datasets (dataset_id, kind, source, file_name, file_sha256, params, rows_loaded, rows_quarantined, loaded_at,
            target_table, platform, sheet, mapping, rows_read, rows_updated, rows_skipped, rows_duplicate, status, elapsed_ms, keeps_replaced)
          VALUES ($id, 'real', $source, $file, $hash, $params, $loaded, $quarantined, now(), $target, $platform, $sheet, $mapping,
            $read, $updated, $skipped, $dup, 'loaded', $ms, true)`, {
          id, source: m.id, file: name, hash, params: JSON.stringify(loadParams(opts)), loaded: c.loaded, quarantined: c.quarantined,
          target: m.target, platform: platform ?? null, sheet: s.sheet, mapping: m.id, read: c.rowsRead, updated: c.updated,
          skipped: c.skipped, dup: c.duplicates, ms: Date.now() - t0,
        } as never);
        const skippedText = Object.entries(c.skipReasons).map(([r, n]) => `${n} × ${r}`).join('; ');
        await con.run(`INSERT INTO ingest_log VALUES ($id, now(), 'info', $m)`, {
          id, m: `loaded ${name}${s.sheet ? ` [${s.sheet}]` : ''} with ${m.id}: read ${c.rowsRead}, loaded ${c.loaded}, updated ${c.updated}, duplicates ${c.duplicates}, skipped ${c.skipped}${skippedText ? ` (${skippedText})` : ''}, quarantined ${c.quarantined}`,
        } as never);
        const status: FileStatus = opts.dryRun ? 'dry_run' : 'loaded';
        const sample = c.quarantined > 0 ? await quarantineSample(con, id) : [];
        const overlap = m.target === 'live_sessions' && c.loaded + c.updated > 0 ? await liveOverlap(con, id) : null;
        summaries.push({
          file: name, sheet: s.sheet, platform: platform ?? null, kind: m.target, mapping: m.id, datasetId: opts.dryRun ? null : id,
          rowsRead: c.rowsRead, loaded: c.loaded, updated: c.updated, skipped: c.skipped, duplicates: c.duplicates, quarantined: c.quarantined,
          ...(sample.length ? { quarantineSample: sample } : {}), status,
          ...describe(c, status, { merchant: opts.merchant, leftOut: summaries.length ? [] : leftOut, overlap, datasetId: id, created: filled.created, via: opts.via }),
        });
      }
      // Every row quarantined or skipped: replacing the demo would leave an empty dashboard for
      // nothing, so the demo stays and the file is refused, with its reasons (quarantineSample).
      if (replacing && summaries.every((x) => x.loaded + x.updated === 0)) {
        throw new RolledBack(summaries.map((x) => ({ ...x, datasetId: null, status: 'refused' as const, ...keptDemo(name, x) })));
      }
      if (opts.dryRun) throw new RolledBack(summaries);
    };
    try {
      await db.write(work, { derived: !opts.dryRun, scratch });
    } catch (e) {
      if (!(e instanceof RolledBack)) throw e;
      // The same file landed meanwhile (found inside the transaction): the "started" line above
      // gets its outcome, or it would read as a load killed half-way.
      if (!opts.dryRun && e.summaries.length && e.summaries.every((x) => x.status === 'already_loaded')) {
        await db.write(async (con) => {
          await con.run(`INSERT INTO ingest_log VALUES (NULL, now(), 'info', $m)`, { m: `${name}: already loaded as dataset ${e.summaries[0].datasetId} by a load that finished first; nothing changed` });
        }, { derived: false, version: false });
      }
      return e.summaries;
    }
    return summaries;
  } catch (e) {
    if (!isAppError(e)) {
      log(`${name}: ${(e as Error).stack ?? e}`);
      return [empty(name, 'failed', `${name} could not be loaded: ${(e as Error).message}`, `${name} 无法导入：${(e as Error).message}`, known)];
    }
    return [empty(name, REFUSED.has(e.code) ? 'refused' : 'failed', e.message, e.messageZh, known)];
  }
}

interface PreparedSheet {
  s: StagedSheet;
  m: Mapping;
  plan: ParsePlan;
  /** The target table's columns. */
  columns: TableColumn[];
  /** The sheet parsed before the transaction (prepareParsed), when that parse stands for the load. */
  parsed?: string;
  /** The fill that parse used (fillKey). */
  fillKey?: string;
}

const fillKey = (f: Fill) => JSON.stringify([f.fill, f.params, f.joins ?? null]);

/**
 * The mapping and parse plan of every sheet some mapping recognises (a plan may list missing
 * required columns: the transaction refuses that sheet in its turn); an error when none does.
 */
async function planSheets(con: Connection, staged: StagedFile, opts: IngestOptions, name: string, userMapping: Mapping | undefined,
  log: (line: string) => void, leftOut: string[]): Promise<Omit<PreparedSheet, 'parsed' | 'fillKey'>[]> {
  const schema = await targetColumns(con);
  const canonical = TARGETS.map((t) => canonicalMapping(t, schema.get(t)!));
  if (userMapping) assertMappingColumns(userMapping, schema.get(userMapping.target)!, opts.mappingFile ?? userMapping.id);
  const candidates = userMapping ? [userMapping] : [...BUILT_IN, ...canonical];
  const detectOpts = { platform: opts.platform, target: opts.kind, mapping: userMapping, via: opts.via };
  const mapped = staged.sheets.map((s) => ({ s, m: detectMapping(s, candidates, detectOpts) }));
  if (!mapped.some((x) => x.m)) throw unrecognised(name, staged.sheets[0] ?? { sheet: null, headers: [], table: '', rows: 0 }, detectOpts, candidates);
  const out: Omit<PreparedSheet, 'parsed' | 'fillKey'>[] = [];
  for (const { s, m } of mapped) {
    if (!m) {
      log(`${name}${s.sheet ? ` [${s.sheet}]` : ''}: no mapping recognises this sheet; left out`);
      leftOut.push(s.sheet ?? name);
      continue;
    }
    out.push({ s, m, plan: planParse(s, m, opts.hashKey), columns: schema.get(m.target)! });
  }
  return out;
}

/** Read inside the load's transaction, so a dry run shows the rows it would have quarantined. */
async function quarantineSample(con: Connection, datasetId: number): Promise<QuarantinedRow[]> {
  const rows = (await con.runAndReadAll(`SELECT line, record, column_name, raw_value, reason FROM quarantine
    WHERE dataset_id = $ds ORDER BY line NULLS LAST, record LIMIT ${QUARANTINE_SAMPLE}`, { ds: datasetId } as never)).getRowObjectsJS();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    line: num(r.line), record: num(r.record), column: (r.column_name as string | null) ?? null,
    value: (r.raw_value as string | null) ?? null, reason: r.reason as string,
  }));
}

const loadParams = (o: IngestOptions) => Object.fromEntries(
  (['platform', 'kind', 'merchant', 'belt', 'category', 'base', 'venue', 'date'] as const).filter((k) => o[k]).map((k) => [k, o[k]]));
