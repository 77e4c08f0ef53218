import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';
import { AppError } from '../lib/errors.ts';
import type { Row, SqlParams } from './database.ts';

/**
 * The one place DuckDB values become JSON values: BIGINT/HUGEINT and DECIMAL to numbers
 * (counts and CNY amounts stay far below 2^53), instants to ISO strings.
 */
export function toJsonValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export const convertRow = (o: Record<string, unknown>): Row => {
  const out: Row = {};
  for (const k in o) out[k] = toJsonValue(o[k]);
  return out;
};

const closedError = () => new AppError('unavailable', 'The database is closed (the server is shutting down); try again once it is back.',
  '数据库已关闭（服务正在停止），请在服务恢复后重试。', 503);

const timeoutError = (budgetMs: number) => new AppError('query_timeout',
  `The query took longer than ${budgetMs} ms and was stopped. Narrow the date range or filters, or use fewer dimensions.`,
  `查询超过 ${budgetMs} 毫秒被中止。请缩小日期范围或筛选条件，或减少维度。`, 503);

/**
 * A fixed set of read connections handed out one request at a time. DuckDB's interrupt()
 * stops only the query on its own connection, so a time budget needs a connection per query.
 */
export class ConnectionPool {
  #free: DuckDBConnection[];
  #waiting: { resolve: (c: DuckDBConnection) => void; reject: (e: Error) => void }[] = [];
  #closed = false;
  /**
   * Prepared statements per connection, by SQL text. The catalog emits a few dozen query shapes
   * whose values are all bound parameters, so planning once saves ~25 % of a rollup query.
   * Cleared when the data version changes (a load recreates the rollup tables).
   */
  #prepared = new Map<DuckDBConnection, { version: number; byText: Map<string, DuckDBPreparedStatement> }>();
  static readonly MAX_PREPARED = 256;
  readonly size: number;

  private constructor(conns: DuckDBConnection[]) {
    this.#free = conns;
    this.size = conns.length;
  }

  static async create(instance: DuckDBInstance, size: number): Promise<ConnectionPool> {
    const conns: DuckDBConnection[] = [];
    for (let i = 0; i < size; i++) conns.push(await instance.connect());
    return new ConnectionPool(conns);
  }

  /** A free connection, or the next one released; rejects with a 503 error after `timeoutMs`. */
  acquire(timeoutMs?: number, budgetMs = timeoutMs): Promise<DuckDBConnection> {
    // A closed pool answers at once: a query after shutdown must fail, not wait for ever.
    if (this.#closed) return Promise.reject(closedError());
    const c = this.#free.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (con: DuckDBConnection) => { if (timer) clearTimeout(timer); resolve(con); },
        reject: (e: Error) => { if (timer) clearTimeout(timer); reject(e); },
      };
      const timer = timeoutMs !== undefined ? setTimeout(() => {
        this.#waiting = this.#waiting.filter((w) => w !== waiter);
        reject(timeoutError(budgetMs!));
      }, timeoutMs) : undefined;
      this.#waiting.push(waiter);
    });
  }

  release(c: DuckDBConnection): void {
    if (this.#closed) { c.closeSync(); return; }
    const w = this.#waiting.shift();
    if (w) w.resolve(c);
    else this.#free.push(c);
  }

  /**
   * Run `fn` on a connection of its own. The budget counts from this call, so time spent
   * waiting for a busy pool counts too; past it a running query is interrupted.
   */
  async use<T>(fn: (c: DuckDBConnection) => Promise<T>, budgetMs?: number): Promise<T> {
    const started = Date.now();
    const con = await this.acquire(budgetMs, budgetMs);
    let timedOut = false;
    const left = budgetMs === undefined ? undefined : Math.max(1, budgetMs - (Date.now() - started));
    const timer = left !== undefined ? setTimeout(() => { timedOut = true; con.interrupt(); }, left) : undefined;
    try {
      return await fn(con);
    } catch (err) {
      if (timedOut) throw timeoutError(budgetMs!);
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      this.release(con);
    }
  }

  run(sql: string, params: SqlParams = {}, budgetMs?: number): Promise<Row[]> {
    return this.use(async (con) => {
      const r = await con.runAndReadAll(sql, params);
      return r.getRowObjectsJS().map(convertRow);
    }, budgetMs);
  }

  /** Like run(), through a statement prepared once per connection and data version. */
  runPrepared(sql: string, params: SqlParams, dataVersion: number, budgetMs?: number): Promise<Row[]> {
    return this.use((con) => this.#execPrepared(con, sql, params, dataVersion), budgetMs);
  }

  /**
   * Several statements in one read transaction on one connection: they all see the same
   * snapshot, so a load that commits meanwhile cannot pair rows of one version with totals of
   * the next.
   */
  snapshot<T>(fn: (query: (sql: string, params?: SqlParams) => Promise<Row[]>) => Promise<T>, dataVersion: number, budgetMs?: number): Promise<T> {
    return this.use(async (con) => {
      await con.run('BEGIN TRANSACTION');
      try {
        const result = await fn((sql, params = {}) => this.#execPrepared(con, sql, params, dataVersion));
        await con.run('COMMIT');
        return result;
      } catch (err) {
        await con.run('ROLLBACK').catch(() => {});
        throw err;
      }
    }, budgetMs);
  }

  async #execPrepared(con: DuckDBConnection, sql: string, params: SqlParams, dataVersion: number): Promise<Row[]> {
    // Only the connection's holder touches its statements, so none is destroyed mid-query.
    let cache = this.#prepared.get(con);
    if (cache && cache.version !== dataVersion) {
      for (const st of cache.byText.values()) st.destroySync();
      cache = undefined;
    }
    if (!cache) this.#prepared.set(con, (cache = { version: dataVersion, byText: new Map() }));
    const byText = cache.byText;
    let st = byText.get(sql);
    if (!st) {
      st = await con.prepare(sql);
      if (byText.size >= ConnectionPool.MAX_PREPARED) {
        const [oldest, old] = byText.entries().next().value!;
        old.destroySync();
        byText.delete(oldest);
      }
      byText.set(sql, st);
    }
    st.bind(params);
    const r = await st.runAndReadAll();
    return r.getRowObjectsJS().map(convertRow);
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) w.reject(closedError());
    for (const m of this.#prepared.values()) for (const st of m.byText.values()) st.destroySync();
    this.#prepared.clear();
    for (const c of this.#free) c.closeSync();
    this.#free = [];
  }
}
