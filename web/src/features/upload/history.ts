import type { DatasetItem, Lang } from '../../lib/api/types.ts';

export interface HistoryRow extends DatasetItem {
  /** The load's time in Beijing, formatted for the page's language. */
  when: string;
  /** The file (and sheet), or what made the load (the demo generator). */
  what: string;
  platformLabel: string;
}

const fmt = (lang: Lang) => new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** The history table's rows, newest first: what was loaded, when (Beijing time) and from where. */
export function historyRows(datasets: readonly DatasetItem[], lang: Lang, demoName: string, platformLabel: (id: string) => string): HistoryRow[] {
  const f = fmt(lang);
  return [...datasets].sort((a, b) => b.datasetId - a.datasetId).map((d) => {
    const at = new Date(d.loadedAt);
    return {
      ...d,
      when: Number.isNaN(at.getTime()) ? d.loadedAt : f.format(at),
      what: d.kind === 'demo' ? demoName : `${d.fileName ?? d.source}${d.sheet ? ` · ${d.sheet}` : ''}`,
      platformLabel: d.platform ? platformLabel(d.platform) : '',
    };
  });
}
