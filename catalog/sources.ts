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
  build?: Omit<RollupDecl, 'id' | 'unit' | 'edges'>;
  /** A month rollup's day rollup for the edge days of a window that cuts a month, and from how many whole months. */
  edges?: { day: string; minMonths: number };
  /**
   * A composed source (no table of its own): the whole months of a window from `months`, the
   * days before and after them from `days`. Its rows are month rows and day rows side by side,
   * each placed at its first day, holding the columns both hold.
   */
  compose?: { months: Source; days: Source };
}

const rollupSource = (fact: (typeof FACTS)[number], r: RollupDecl): Source => {
  const { id: _id, unit: _unit, edges, ...build } = r;
  return {
    id: r.id, fact: fact.id, table: r.id, raw: false, time: { col: r.unit, unit: r.unit },
    build: { ...build, from: r.from === 'raw' ? (fact.rollupInput ?? fact.table) : r.from },
    cols: new Set([...r.keys, ...r.partials.map((x) => x.col)]),
    edges,
  };
};

/** Per fact: its rollups in declared order, then its raw table. */
export const SOURCES: Source[] = FACTS.flatMap((f) => [
  ...f.rollups.map((r) => rollupSource(f, r)),
  { id: f.table, fact: f.id, table: f.table, raw: true, time: { col: f.time, unit: f.timeType === 'date' ? 'day' as const : 'instant' as const } },
]);

const ROLLUPS = SOURCES.filter((s) => !s.raw);
/** Build order: each rollup after the rollup it re-aggregates (rollups of raw rows first). */
export const ROLLUP_BUILD_ORDER: Source[] = [];
const depth = (r: Source): number => { const f = ROLLUPS.find((x) => x.id === r.build!.from); return f ? 1 + depth(f) : 0; };
for (let d = 0; ROLLUP_BUILD_ORDER.length < ROLLUPS.length; d++) ROLLUP_BUILD_ORDER.push(...ROLLUPS.filter((r) => depth(r) === d));
export const DERIVED_TABLES = ROLLUPS.map((s) => s.table);

/**
 * Per month rollup with `edges`, the composed source reading it with its day rollup, id
 * `<month rollup>+<day rollup>`. Exact for every measure either rollup answers: both hold
 * partial sums of the same fact over disjoint sets of its rows (the whole months, and the days
 * outside them), so the rows of both together are one more partition of the window's rows into
 * groups by the same keys, which is all a rollup is; a measure that re-aggregates partials
 * (Σ, max, or a distinct count of a key column) gives on it what it gives on either rollup.
 */
export const COMPOSED: ReadonlyMap<string, Source> = new Map(ROLLUPS.filter((m) => m.edges).map((months) => {
  const days = ROLLUPS.find((d) => d.id === months.edges!.day);
  if (!days || days.fact !== months.fact || months.time.unit !== 'month' || days.time.unit !== 'day') {
    throw new Error(`rollup ${months.id}: edges must name a day rollup of the same fact, not ${months.edges!.day}`);
  }
  const cols = new Set([...months.cols!].filter((c) => days.cols!.has(c)));
  const src: Source = {
    id: `${months.id}+${days.id}`, fact: months.fact, table: `${months.id}+${days.id}`, raw: false,
    time: { col: 'day', unit: 'month' }, cols, compose: { months, days }, edges: months.edges,
  };
  return [months.id, src];
}));
