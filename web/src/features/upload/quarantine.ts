import type { FileSummaryBody, QuarantinedRowBody } from '../../../../server/api/schemas/ingest.ts';
import type { Lang } from '../../lib/api/types.ts';
import { quarantineCsvUrl } from '../../lib/api/endpoints.ts';
import { t } from '../../lib/i18n/messages.ts';
import { WHOLE_ROW, wholeRowIn } from '../../../../lib/quarantine.ts';

/**
 * The quarantine sample of one uploaded file as the page shows it. The server sends it for any
 * file that quarantined rows, whatever its status: a refused file (it would have replaced the
 * demo but landed no row) needs its sample most, since it says what to fix.
 */

/** The separator of a bilingual reason (pipelines/ingest/transform.ts writes "中文 / English"). */
const SEPARATOR = / \/ /;

/** The reason stored bilingual as "中文 / English" (the first separator splits): the page language's half. */
export function reasonIn(reason: string, lang: Lang): string {
  const m = SEPARATOR.exec(reason);
  if (!m) return reason;
  const part = lang === 'zh' ? reason.slice(0, m.index) : reason.slice(m.index + m[0].length);
  return part.trim() || reason;
}

export interface SampleView {
  title: string;
  /** `columnText`: the file's column, or "whole row" in the page's language. */
  rows: (QuarantinedRowBody & { reasonText: string; columnText: string | null })[];
  /** Every quarantined row as CSV, when the load kept them (not a dry run, nor a refused file). */
  csvHref: string | null;
}

/** The table's caption (the first n of the N quarantined rows) and its rows; null when there is none. */
export function quarantineView(file: FileSummaryBody, lang: Lang): SampleView | null {
  const sample = file.quarantineSample ?? [];
  if (!sample.length) return null;
  const name = file.sheet ? `${file.file} · ${file.sheet}` : file.file;
  const total = Math.max(file.quarantined, sample.length);
  const title = sample.length < total
    ? t(lang, 'upload.quarantine.title', { file: name, n: sample.length, total })
    : sample.length === 1 ? t(lang, 'upload.quarantine.titleOne', { file: name })
    : t(lang, 'upload.quarantine.titleAll', { file: name, n: sample.length });
  const kept = file.datasetId !== null && (file.status === 'loaded' || file.status === 'already_loaded');
  return { title, rows: sample.map((r) => ({ ...r, reasonText: reasonIn(r.reason, lang),
    columnText: r.column === WHOLE_ROW ? wholeRowIn(lang) : r.column })), csvHref: kept ? quarantineCsvUrl(file.datasetId!, lang) : null };
}
