/**
 * Natural keys of the entity tables the loaders write (facts have theirs in the facts registry,
 * `Fact.grain`). Documented in the README's data model and not enforced by an index (the loaders'
 * anti-joins decide new against known); read by the ingest merge (what a row is "the same" as) and
 * by the lake export's datapackage.json (each resource's primaryKey).
 */
export const ENTITY_KEYS = {
  merchants: ['merchant_id'],
  merchant_accounts: ['platform_id', 'account'],
  live_bases: ['base_id'],
  hubs: ['hub_id'],
} as const satisfies Record<string, readonly string[]>;

export type EntityTable = keyof typeof ENTITY_KEYS;

export const entityKey = (table: string): readonly string[] | undefined => (ENTITY_KEYS as Record<string, readonly string[]>)[table];
