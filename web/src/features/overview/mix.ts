import type { Lang, MetaResponse, MetricsResponse } from '../../lib/api/types.ts';
import { toNumber } from '../../lib/format.ts';
import { valueLabel } from '../../lib/meta.ts';

export interface MixModel {
  /** Belts, biggest first. */
  belts: { id: string; name: string; total: number }[];
  /** One stacked series per platform: each belt's share (0–1) and value. */
  platforms: { id: string; name: string; shares: number[]; values: number[] }[];
}

/** Pivots `{belt, platform, <measure>}` rows into each belt's platform shares (of the belt's total). */
export function buildMix(metrics: MetricsResponse | undefined, meta: MetaResponse | undefined, lang: Lang, measure: string): MixModel {
  const cells = new Map<string, Map<string, number>>();
  const platformIds = new Set<string>();
  for (const row of metrics?.rows ?? []) {
    const belt = row.belt;
    const platform = row.platform;
    const v = toNumber(row[measure]);
    if (belt === null || belt === undefined || platform === null || platform === undefined || v === null) continue;
    platformIds.add(String(platform));
    let m = cells.get(String(belt));
    if (!m) cells.set(String(belt), (m = new Map()));
    m.set(String(platform), (m.get(String(platform)) ?? 0) + v);
  }
  const belts = [...cells].map(([id, m]) => ({ id, name: valueLabel(meta, 'belt', id, lang), total: [...m.values()].reduce((a, b) => a + b, 0) }))
    .filter((b) => b.total > 0)
    .sort((a, b) => b.total - a.total || a.id.localeCompare(b.id));
  const order = (meta?.values?.platform ?? []).map((v) => v.id);
  const platforms = [...platformIds]
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map((id) => {
      const values = belts.map((b) => cells.get(b.id)?.get(id) ?? 0);
      return { id, name: valueLabel(meta, 'platform', id, lang), values, shares: values.map((v, i) => v / belts[i].total) };
    });
  return { belts, platforms };
}
