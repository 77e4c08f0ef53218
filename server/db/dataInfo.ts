import type { Database } from './database.ts';

export interface DataInfo {
  dataVersion: number;
  /** True while the database holds the generated demo dataset. */
  demo: boolean;
  dataRange: { from: string | null; to: string | null };
  counts: Record<string, number>;
}

const COUNTED = ['orders', 'live_sessions', 'merchants', 'live_bases', 'hubs', 'session_minutes', 'listings', 'production_batches', 'quarantine'] as const;

/** Facts about the loaded data, read once per data version. */
export class DataInfoService {
  #cached: Promise<DataInfo> | null = null;
  #version = -1;
  constructor(private db: Database) {}

  get(): Promise<DataInfo> {
    if (this.#version !== this.db.dataVersion || !this.#cached) {
      this.#version = this.db.dataVersion;
      this.#cached = this.read(this.#version).catch((e) => { this.#cached = null; throw e; });
    }
    return this.#cached;
  }

  private async read(dataVersion: number): Promise<DataInfo> {
    const [row] = await this.db.query(`
      SELECT
        (SELECT CAST(least(min(paid_at)::DATE, (SELECT min(started_at)::DATE FROM live_sessions)) AS VARCHAR) FROM orders) AS "from",
        (SELECT CAST(greatest(max(paid_at)::DATE, (SELECT max(started_at)::DATE FROM live_sessions)) AS VARCHAR) FROM orders) AS "to",
        EXISTS (SELECT 1 FROM datasets WHERE kind = 'demo') AS demo,
        ${COUNTED.map((t) => `(SELECT count(*) FROM ${t})::INTEGER AS "${t}"`).join(',\n        ')}`);
    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = Number(row[t]);
    return {
      dataVersion,
      demo: row.demo === true,
      dataRange: { from: (row.from as string) ?? null, to: (row.to as string) ?? null },
      counts,
    };
  }
}
