import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus } from 'node:os';
import { migrate } from './migrate.ts';
import { loadReference } from './reference.ts';
import { ConnectionPool } from './pool.ts';
import { beginTracking, endTracking, hasDerivedTables, refreshDerived, type RefreshSummary } from './derived.ts';
import { AppError } from '../lib/errors.ts';

export type SqlParams = Record<string, string | number | boolean | null>;

const DATA_VERSION_SQL = 'SELECT data_version::INTEGER AS v FROM data_state WHERE id = 1';

/** Rows as plain JSON-safe objects: BIGINT/HUGEINT become numbers, DECIMAL numbers, instants ISO strings. */
export type Row = Record<string, string | number | boolean | null>;

export interface WriteOptions {
  /**
   * How the rollups follow (db/derived.ts): `false` not at all (the caller knows nothing they
   * read changed); `'full'` rebuilt from all rows; `'incremental'` only the days and slices the
   * write recorded with `touchRows`/`touchDataset` (nothing, if it recorded nothing); `true`
   * (the default) incrementally when it recorded its changes, in full when it did not. An
   * incremental refresh still rebuilds in full when it cannot be exact or would not be cheaper
   * (a dataset removed unrecorded, rollups of older declarations, a large share).
   */
  derived?: boolean | 'full' | 'incremental';
  /**
   * Work on the write connection just before and after the transaction, in the same turn of the
   * queue: a load reads its file into TEMP tables there (`before`) and drops them (`after`,
   * whatever happened). Such tables hold no data of the database, so they need no atomicity;
   * and DuckDB fills a table from one committed before the transaction with every core, from
   * one created inside it with one (bench/RESULTS.md).
   */
  scratch?: { before(con: DuckDBConnection): Promise<void>; after(con: DuckDBConnection): Promise<void> };
  /**
   * Whether the write moves the data version (and `updated_at`), which answers, caches and the
   * warm-up follow. By default it does; `false` for a write no reader is answered from (a load's
   * "started" log line, written before its own transaction). A write that keeps the version calls
   * no commit listener.
   */
  version?: boolean;
}

export interface OpenOptions {
  /** Read connections in the pool; the writer has its own. */
  readers?: number;
  /** Skip the reference-data reload (tests that build their own reference rows). */
  skipReference?: boolean;
  /**
   * DuckDB threads for reads (default: DuckDB's own, one per core). Loads always use every core.
   * A server wants 1: its queries are small rollup reads, and running many at once on one
   * thread each beats splitting each across threads (see bench/RESULTS.md).
   */
  threads?: number;
  /**
   * Move the data version on open even when nothing in the file changed (default true): a server
   * starting a new build of the app may answer the same question differently, and a browser's
   * answers are kept by version. A command-line open (ingest, datasets) passes false: it moves
   * the version only when the reference data or the rollups did, so a no-op command does not.
   */
  newVersionOnOpen?: boolean;
}

/**
 * One DuckDB instance per process (DuckDB allows one writer process per file), a pool of
 * read connections, and one write connection through which every load goes.
 */
/**
 * What holds a database's lock, from DuckDB's message (it names the holder's PID) and, where the
 * system shows it (/proc), that process's command line: a load still running is waited for, a
 * server is stopped (or handed the work: the CLI finds it by its server file), so the advice differs.
 */
function lockHolder(msg: string): [string, string] {
  const pid = /PID (\d+)/.exec(msg)?.[1];
  let args: string[] = [];
  try {
    if (pid) args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch { /* another system, or the process has just ended */ }
  // The command: the argument after the CLI's script (a path may hold any word: data/demo.duckdb).
  const script = args.findIndex((a) => /(?:^|\/)(?:beltscope(?:\.js)?|main\.ts)$/.test(a));
  const command = script >= 0 ? args[script + 1] : undefined;
  const at = pid ? ` ${pid}` : '';
  if (command === 'ingest') return [`a load still running, beltscope ingest, process${at}`, `仍在运行的导入 beltscope ingest，进程${at}`];
  if (command === 'demo') return [`the demo being generated, beltscope demo, process${at}`, `正在生成的示例数据 beltscope demo，进程${at}`];
  if (command === 'serve') return [`a running server, process${at}`, `正在运行的服务器，进程${at}`];
  if (command) return [`another beltscope command (${command}), process${at}`, `另一个 beltscope 命令（${command}），进程${at}`];
  return pid ? [`process ${pid}: a running server, or a load?`, `进程 ${pid}：服务器或导入是否在运行？`] : ['a running server, or a load?', '服务器或导入是否在运行？'];
}

export class Database {
  readonly path: string;
  readonly pool: ConnectionPool;
  #instance: DuckDBInstance;
  #writer: DuckDBConnection;
  #writeQueue: Promise<unknown> = Promise.resolve();
  #pendingWrites = 0;
  #lastWriteAt = 0;
  #dataVersion = 0;
  /** Odd while a load is committing, even otherwise: readers check it did not move (see stableRead). */
  #commitSeq = 0;
  #readThreads: number | null = null;
  #lastRefresh: RefreshSummary | null = null;
  #commitListeners = new Set<(dataVersion: number) => void>();

  private constructor(path: string, instance: DuckDBInstance, writer: DuckDBConnection, pool: ConnectionPool) {
    this.path = path;
    this.#instance = instance;
    this.#writer = writer;
    this.pool = pool;
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (err) {
      const msg = String((err as Error).message ?? err);
      if (/lock/i.test(msg)) {
        const [en, zh] = lockHolder(msg);
        throw new AppError('db_locked',
          `The database ${path} is in use by another process (${en}). Wait for it to finish or stop it, or pass --db for another file.`,
          `数据库 ${path} 正被另一个进程使用（${zh}）。请等它结束或停止它，或用 --db 指定另一个文件。`);
      }
      throw err;
    }
    const writer = await instance.connect();
    // The session time zone must be Beijing's before any date is bucketed: DuckDB defaults to UTC here.
    await writer.run(`SET GLOBAL TimeZone = 'Asia/Shanghai'`);
    const readThreads = options.threads ? Math.max(1, Math.floor(options.threads)) : null;
    if (readThreads) await writer.run(`SET GLOBAL threads = ${readThreads}`);
    await migrate(writer);
    const readers = options.readers ?? 4;
    const pool = await ConnectionPool.create(instance, readers);
    const db = new Database(path, instance, writer, pool);
    db.#readThreads = readThreads;
    // Rollups are built by every load; a new or older file gets them on first open.
    const derived = !(await hasDerivedTables(writer));
    if (!options.skipReference || derived) {
      // This moves the data version even when nothing in the file changed (newVersionOnOpen).
      const always = options.newVersionOnOpen !== false || derived;
      await db.write(async (con) => {
        // Changed reference rows move the version in the same transaction as the change.
        const changed = !options.skipReference && await loadReference(con);
        if (changed && !always) await con.run('UPDATE data_state SET data_version = data_version + 1, updated_at = now() WHERE id = 1');
      }, { derived, version: always });
    }
    db.#dataVersion = await db.readDataVersion();
    return db;
  }

  get dataVersion(): number {
    return this.#dataVersion;
  }

  /**
   * Run several read queries (each on its own pooled connection, in parallel) so that they all
   * see one data version: accepted only when no load committed from start to finish, else tried
   * again; after three tries they run in one transaction on one connection instead.
   */
  async stableRead<T>(
    fn: (query: (sql: string, params?: SqlParams) => Promise<Row[]>) => Promise<T>,
    budgetMs?: number,
  ): Promise<{ result: T; dataVersion: number }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const seq = this.#commitSeq;
      const version = this.#dataVersion;
      if (seq % 2 === 0) {
        const result = await fn((sql, params = {}) => this.pool.runPrepared(sql, params, version, budgetMs));
        if (this.#commitSeq === seq) return { result, dataVersion: version };
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const version = this.#dataVersion;
    return this.pool.snapshot(async (q) => {
      const result = await fn(q);
      const [v] = await q('SELECT data_version::INTEGER AS v FROM data_state WHERE id = 1');
      return { result, dataVersion: Number(v.v) };
    }, version, budgetMs);
  }

  /** How the last write refreshed the rollups (full or incremental, and why), if it did. */
  get lastRefresh(): RefreshSummary | null {
    return this.#lastRefresh;
  }

  /**
   * The single write path for every load: one transaction that writes the rows, refreshes
   * the derived tables and bumps data_version, so readers see all of a load or none of it.
   * Writes are serialised: a second load waits for the first. See WriteOptions for how the
   * rollups follow (`derived`) and for work just outside the transaction (`scratch`).
   */
  write<T>(fn: (con: DuckDBConnection) => Promise<T>, opts: WriteOptions = {}): Promise<T> {
    const run = async () => {
      const con = this.#writer;
      const derived = opts.derived ?? true;
      if (this.#readThreads) await con.run(`SET GLOBAL threads = ${cpus().length}`);
      try {
        await opts.scratch?.before(con);
        return await this.#transaction(con, fn, derived, opts.version ?? true);
      } finally {
        // Cleanup of the scratch step's TEMP tables: its failure must not hide the write's own
        // outcome (a commit already announced, or the error that stopped it).
        await opts.scratch?.after(con).catch(() => {});
        if (this.#readThreads) await con.run(`SET GLOBAL threads = ${this.#readThreads}`);
      }
    };
    this.#pendingWrites++;
    this.#lastWriteAt = performance.now();
    const next = this.#writeQueue.then(run, run);
    this.#writeQueue = next.catch(() => {}).finally(() => { this.#pendingWrites--; this.#lastWriteAt = performance.now(); });
    return next;
  }

  async #transaction<T>(con: DuckDBConnection, fn: (con: DuckDBConnection) => Promise<T>, derived: NonNullable<WriteOptions['derived']>,
    bump: boolean): Promise<T> {
    await con.run('BEGIN TRANSACTION');
    try {
      if (derived !== false) await beginTracking(con);
      const result = await fn(con);
      if (derived !== false) this.#lastRefresh = await refreshDerived(con, derived === true ? 'auto' : derived);
      if (bump) await con.run(`UPDATE data_state SET data_version = data_version + 1, updated_at = now() WHERE id = 1`);
      this.#commitSeq++;
      try {
        await con.run('COMMIT');
        if (bump) this.#dataVersion = await this.readDataVersion();
      } finally {
        this.#commitSeq++;
      }
      if (bump) this.#notifyCommit();
      return result;
    } catch (err) {
      await con.run('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      if (derived !== false) await endTracking(con);
    }
  }

  /**
   * Resolves once no write has run or waited for `quietMs`: for background readers (the server's
   * warm-up) that should not compete with a load. A load is several writes in a row (its log
   * entry, then the rows), hence the quiet period rather than the first gap.
   */
  async writesSettled(quietMs = 500): Promise<void> {
    for (;;) {
      if (this.#pendingWrites > 0) { await this.#writeQueue; continue; }
      const wait = this.#lastWriteAt + quietMs - performance.now();
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * Calls `fn` with the new data version after every committed write that moves it (not after a
   * rollback, nor after a write with `version: false`).
   * It runs inside the write path: it must only schedule work, never wait for it. Returns the
   * function that stops the calls.
   */
  onCommit(fn: (dataVersion: number) => void): () => void {
    this.#commitListeners.add(fn);
    return () => { this.#commitListeners.delete(fn); };
  }

  #notifyCommit(): void {
    for (const fn of this.#commitListeners) {
      try { fn(this.#dataVersion); } catch (err) { console.error('[beltscope] a commit listener failed:', err); }
    }
  }

  /** Run a read query on a pooled connection, with an optional time budget in ms. */
  async query(sql: string, params: SqlParams = {}, budgetMs?: number): Promise<Row[]> {
    return this.pool.run(sql, params, budgetMs);
  }

  private async readDataVersion(): Promise<number> {
    const r = await this.#writer.runAndReadAll(DATA_VERSION_SQL);
    return Number(r.getRowObjectsJS()[0]?.v ?? 0);
  }

  /**
   * A database file's data version, read with the file opened read-only: no migration, no
   * reference reload (Database.open does both, and moves the very version it would report).
   * Throws when the file cannot be opened so (locked by a writer) or has no data_state.
   */
  static async peekVersion(path: string): Promise<number> {
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    try {
      const con = await instance.connect();
      try {
        const r = await con.runAndReadAll(DATA_VERSION_SQL);
        return Number(r.getRowObjectsJS()[0]?.v ?? 0);
      } finally {
        con.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  }

  async close(): Promise<void> {
    await this.#writeQueue;
    this.pool.close();
    this.#writer.closeSync();
    this.#instance.closeSync();
  }
}
