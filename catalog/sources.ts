import { FACTS, type RollupDecl } from './facts.ts';
import type { FactId } from './types.ts';

export type { Partial } from './facts.ts';

/**
 * Where a fact's numbers can be read from: its rollups (declared with the fact in facts.ts)
 * and its raw table. db/derived.ts builds each rollup from its declaration and the planner
 * reads it through the same declaration, so the two cannot drift. The planner takes the first
 * source of a fact that can answer a query exactly.
 */
export interface Source {
  id: string;
  fact: FactId;
  table: string;
  raw: boolean;
  /** How time is stored: an instant column, a local day, or a local month's first day. */
  time: { col: string; unit: 'instant' | 'day' | 'month' };
  /** Columns a rollup holds (dimension keys and partial sums); raw tables hold all. */
  cols?: ReadonlySet<string>;
  /** How a rollup is built: `from` is a relation (the fact's rollup input) or a finer rollup's id. */
  build?: Omit<RollupDecl, 'id' | 'unit'>;
}

const rollupSource = (fact: (typeof FACTS)[number], r: RollupDecl): Source => ({
  id: r.id, fact: fact.id, table: r.id, raw: false, time: { col: r.unit, unit: r.unit },
  build: { ...r, from: r.from === 'raw' ? (fact.rollupInput ?? fact.table) : r.from },
  cols: new Set([...r.keys, ...r.partials.map((x) => x.col)]),
});

/** Per fact: its rollups in declared order, then its raw table. */
export const SOURCES: Source[] = FACTS.flatMap((f) => [
  ...f.rollups.map((r) => rollupSource(f, r)),
  { id: f.table, fact: f.id, table: f.table, raw: true, time: { col: f.time, unit: 'instant' as const } },
]);

const ROLLUPS = SOURCES.filter((s) => !s.raw);
const isRollup = (id: string) => ROLLUPS.some((r) => r.id === id);
/** Build order: rollups of raw rows first, then those re-aggregating another rollup. */
export const ROLLUP_BUILD_ORDER = [...ROLLUPS.filter((r) => !isRollup(r.build!.from)), ...ROLLUPS.filter((r) => isRollup(r.build!.from))];
export const DERIVED_TABLES = ROLLUPS.map((s) => s.table);
