import { sql } from '../catalog/dialect.ts';
import { FACTS } from '../catalog/facts.ts';
import type { Database } from './database.ts';

export interface DataInfo {
  dataVersion: number;
  /** True while the database holds the generated demo dataset. */
  demo: boolean;
  dataRange: { from: string | null; to: string | null };
  /**
   * The first and last local day of the live sessions loaded: the days the session exports
   * cover. A base's capacity is counted over these only, so weeks no session file covers are
   * unknown, never 0 % used (the base returns or orders may reach further).
   */
  sessionRange: { from: string | null; to: string | null };
  counts: Record<string, number>;
}

/** Each belt's first local day of data: its first sale, live session or batch. */
export type BeltStarts = Record<string, string>;

/** The facts that carry belt_id on the row and place it by an instant (orders, live sessions, batches). */
const BELT_FACTS = FACTS.filter((f) => f.dimensions.belt?.raw === 'f.belt_id' && !f.dimensions.belt.joins?.length && f.timeType !== 'date');

/** Every fact of the registry, the entities and the quarantine. */
const COUNTED = [...FACTS.map((f) => f.table), 'merchants', 'live_bases', 'hubs', 'quarantine'];

/** Facts about the loaded data, read once per data version. */
export class DataInfoService {
  #cached: Promise<DataInfo> | null = null;
  #version = -1;
  #belts: { version: number; starts: Promise<BeltStarts> } | null = null;
  constructor(private db: Database) {}

  /**
   * Each belt's first day, read once per data version when first asked for (a comparison by
   * belt needs it: a belt loaded a year after the others has no previous year). Kept out of
   * get(): ~70 ms at 10M order lines, which every first request after a load would otherwise pay.
   */
  beltStarts(): Promise<BeltStarts> {
    const version = this.db.dataVersion;
    if (this.#belts?.version !== version) {
      const starts = this.readBeltStarts().catch((e) => { this.#belts = null; throw e; });
      this.#belts = { version, starts };
    }
    return this.#belts.starts;
  }

  /** As read() does for the whole range: the local day of each group's first instant. */
  private async readBeltStarts(): Promise<BeltStarts> {
    const rows = await this.db.query(`SELECT belt, CAST(min(d) AS VARCHAR) AS "from" FROM (
        ${BELT_FACTS.map((f) => `SELECT f.belt_id AS belt, ${sql.localDate(`min(f.${f.time})`)} AS d FROM ${f.table} f GROUP BY 1`).join(' UNION ALL ')})
      WHERE belt IS NOT NULL GROUP BY belt`);
    return Object.fromEntries(rows.map((b) => [String(b.belt), String(b.from)]));
  }

  get(): Promise<DataInfo> {
    if (this.#version !== this.db.dataVersion || !this.#cached) {
      this.#version = this.db.dataVersion;
      this.#cached = this.read(this.#version).catch((e) => { this.#cached = null; throw e; });
    }
    return this.#cached;
  }

  /**
   * The range takes the local date of each fact's first and last instant, not the first and last
   * of every row's local date: the same days (a later instant is never an earlier local day), but
   * one conversion per fact instead of one per row — over the 1M demo's 5M session minutes that
   * was ~2 s, paid by the first /api/health, /api/meta and /api/metrics after every start and load.
   */
  private async read(dataVersion: number): Promise<DataInfo> {
    const [row] = await this.db.query(`
      SELECT
        CAST(least(${FACTS.map((f) => `(SELECT ${sql.localDate(`min(${f.time})`)} FROM ${f.table})`).join(', ')}) AS VARCHAR) AS "from",
        CAST(greatest(${FACTS.map((f) => `(SELECT ${sql.localDate(`max(${f.time})`)} FROM ${f.table})`).join(', ')}) AS VARCHAR) AS "to",
        CAST((SELECT ${sql.localDate('min(started_at)')} FROM live_sessions) AS VARCHAR) AS s_from,
        CAST((SELECT ${sql.localDate('max(started_at)')} FROM live_sessions) AS VARCHAR) AS s_to,
        EXISTS (SELECT 1 FROM datasets WHERE kind = 'demo') AS demo,
        ${COUNTED.map((t) => `(SELECT count(*) FROM ${t})::INTEGER AS "${t}"`).join(',\n        ')}`);
    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = Number(row[t]);
    return {
      dataVersion,
      demo: row.demo === true,
      dataRange: { from: (row.from as string) ?? null, to: (row.to as string) ?? null },
      sessionRange: { from: (row.s_from as string) ?? null, to: (row.s_to as string) ?? null },
      counts,
    };
  }
}
