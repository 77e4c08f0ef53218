import type { DatasetItem, Lang } from '../../lib/api/types.ts';
import { formatDateTime, formatDecimal } from '../../lib/format.ts';
import { t, type MessageKey } from '../../lib/i18n/messages.ts';
import { quarantineCsvUrl } from '../../lib/api/endpoints.ts';

export interface HistoryRow extends DatasetItem {
  /** The load's time in Beijing: YYYY-MM-DD HH:mm in both languages. */
  when: string;
  /** The file (and sheet), or what made the load (the demo generator). */
  what: string;
  /** The platform, or "all" for the demo (it spans every platform). */
  platformLabel: string;
  /** The table it loaded into, named in the page's language, or "all" for the demo. */
  tableLabel: string;
  /** The row counts with thousands separators (the demo's read 1000000). */
  counts: Record<(typeof COUNT_KEYS)[number], string>;
  /** Every quarantined row of the load as CSV in the page's language, when it kept some. */
  quarantineHref: string | null;
  /** A real load that added and changed nothing (all duplicates, skipped or quarantined). */
  landedNothing: boolean;
}

export const COUNT_KEYS = ['rowsRead', 'loaded', 'updated', 'skipped', 'duplicates', 'quarantined'] as const;

/** The facts of /api/meta, whose labels name the fact tables. */
export type FactLabels = readonly { id: string; label: { zh: string; en: string } }[] | undefined;

/**
 * A data kind (= the table a file loads into: orders, live_sessions …) in the page's language: a
 * fact by the catalog's own label (/api/meta), an entity table (merchants, bases …) by the
 * page's messages; a kind this build does not know keeps its id rather than showing nothing.
 */
export function kindLabel(kind: string, lang: Lang, facts: FactLabels): string {
  const fact = facts?.find((f) => f.id === kind);
  if (fact) return fact.label[lang] || fact.label.zh;
  const key = `upload.kind.${kind}` as MessageKey;
  const text = t(lang, key);
  return text === key ? kind : text;
}

/** The history table's rows, newest first: what was loaded, when (Beijing time) and from where. */
export function historyRows(datasets: readonly DatasetItem[], lang: Lang, demoName: string, platformLabel: (id: string) => string, facts?: FactLabels): HistoryRow[] {
  return [...datasets].sort((a, b) => b.datasetId - a.datasetId).map((d) => ({
    ...d,
    when: formatDateTime(d.loadedAt),
    what: d.kind === 'demo' ? demoName : `${d.fileName ?? d.source}${d.sheet ? ` · ${d.sheet}` : ''}`,
    platformLabel: d.platform ? platformLabel(d.platform) : d.kind === 'demo' ? t(lang, 'upload.history.all') : '',
    tableLabel: d.targetTable ? kindLabel(d.targetTable, lang, facts) : d.kind === 'demo' ? t(lang, 'upload.history.all') : '',
    counts: Object.fromEntries(COUNT_KEYS.map((k) => [k, formatDecimal(d[k], lang, 0)])) as HistoryRow['counts'],
    quarantineHref: d.quarantined > 0 ? quarantineCsvUrl(d.datasetId, lang) : null,
    landedNothing: d.kind === 'real' && d.loaded === 0 && d.updated === 0,
  }));
}
