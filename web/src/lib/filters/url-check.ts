/**
 * What in a link the page cannot use, and where a window lies against the data. A shared link
 * may carry a window the data does not reach (2030), a date that is no calendar day
 * (2026-13-45) or a belt id the catalog does not know: each is said on the page, never
 * answered with zeros or dropped without a word. Pure: unit-tested in filters.test.ts.
 */

import type { Lang, MetaResponse } from '../api/types.ts';
import { formatDate } from '../format.ts';
import { t } from '../i18n/messages.ts';
import { dimensionLabel } from './chips.ts';
import { CHART_GRAINS, CHART_MEASURES, COMPARES, FILTER_LISTS, RANK_KEYS, isIsoDay, type FilterList } from './filters.ts';
import type { DateRange } from './presets.ts';

/** Where a window lies against the data's days: wholly before them, after them, or (null) touching them. */
export function outsideData(range: DateRange | null, data: DateRange | null): 'before' | 'after' | null {
  if (!range || !data) return null;
  if (range.to < data.from) return 'before';
  if (range.from > data.to) return 'after';
  return null;
}

/** A value of the link left out: a date that is no day, or a filter value the catalog does not list. */
export interface DroppedParam {
  param: 'from' | 'to' | FilterList | ChoiceParam | 'profile';
  raw: string;
  /**
   * `reversed`: a `to` before the link's `from` (the window would hold no day); `choice`: a
   * grain, comparison, measure or ranking that is not one of the page's (the default is shown);
   * `profile`: a base assessment profile the server does not have (found by the bases pages).
   */
  reason: 'date' | 'unknown' | 'reversed' | 'choice' | 'profile';
}

/** The link's parameters that pick one of a fixed list, each with its list and its control's label. */
const CHOICES = {
  grain: { allowed: CHART_GRAINS, label: 'notice.param.grain' },
  compare: { allowed: COMPARES, label: 'notice.param.compare' },
  measure: { allowed: CHART_MEASURES, label: 'notice.param.measure' },
  rank: { allowed: RANK_KEYS, label: 'notice.param.rank' },
} as const;
type ChoiceParam = keyof typeof CHOICES;

/**
 * The link's values the page cannot use. Filter values are checked only against dimensions the
 * catalog lists (and only once it is in: `meta` undefined checks the dates and the choices of
 * grain, comparison and measure alone; an empty value is the default, not an error); the catalog
 * lists the caller's scope, so a value outside it reads as unknown too.
 */
export function unusableParams(get: (key: string) => string | null, meta: MetaResponse | undefined): DroppedParam[] {
  const out: DroppedParam[] = [];
  for (const param of ['from', 'to'] as const) {
    const raw = get(param);
    if (raw !== null && raw !== '' && !isIsoDay(raw)) out.push({ param, raw, reason: 'date' });
  }
  const [from, to] = [get('from'), get('to')];
  if (from && to && isIsoDay(from) && isIsoDay(to) && to < from) out.push({ param: 'to', raw: to, reason: 'reversed' });
  for (const [param, c] of Object.entries(CHOICES) as [ChoiceParam, (typeof CHOICES)[ChoiceParam]][]) {
    const raw = get(param);
    if (raw !== null && raw !== '' && !(c.allowed as readonly string[]).includes(raw)) out.push({ param, raw, reason: 'choice' });
  }
  if (!meta) return out;
  for (const param of FILTER_LISTS) {
    const listed = meta.dimensions?.find((d) => d.id === param)?.listed && meta.values?.[param];
    if (!listed) continue;
    const known = new Set(listed.map((v) => v.id));
    for (const raw of (get(param) ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!known.has(raw)) out.push({ param, raw, reason: 'unknown' });
    }
  }
  return out;
}

/** The URL patch that removes the dropped values (a list keeps its other values). */
export function dropPatch(get: (key: string) => string | null, dropped: readonly DroppedParam[]): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const param of new Set(dropped.map((d) => d.param))) {
    // Dates the wrong way round are swapped: the user meant that window, not one of a single day.
    if (param === 'to' && dropped.some((d) => d.reason === 'reversed')) Object.assign(patch, { from: get('to'), to: get('from') });
    else if (param === 'from' || param === 'to' || param in CHOICES) patch[param] = null;
    else {
      const gone = new Set(dropped.filter((d) => d.param === param).map((d) => d.raw));
      const kept = (get(param) ?? '').split(',').map((s) => s.trim()).filter((s) => s && !gone.has(s));
      patch[param] = kept.length ? kept.join(',') : null;
    }
  }
  return patch;
}

/** The notice's sentence for a value taken out of the link, in the page's language. */
export function droppedLine(d: DroppedParam, lang: Lang, meta: MetaResponse | undefined): string {
  // Mid-sentence in English: "the link's from date", "the link's belt".
  const word = (s: string) => (lang === 'en' ? s.toLowerCase() : s);
  if (d.reason === 'date') return t(lang, 'notice.date', { param: word(t(lang, d.param === 'from' ? 'filter.from' : 'filter.to')), raw: d.raw });
  if (d.reason === 'reversed') return t(lang, 'notice.reversed', { raw: d.raw });
  if (d.reason === 'profile') return t(lang, 'notice.profile', { raw: d.raw });
  if (d.reason === 'choice') return t(lang, 'notice.choice', { param: t(lang, CHOICES[d.param as ChoiceParam].label), raw: d.raw });
  return t(lang, 'notice.unknown', { dim: word(dimensionLabel(meta, d.param, lang)), raw: d.raw });
}

/** The notice of a window outside the data, or null when the window touches the data. */
export function outsideNotice(range: DateRange | null, data: DateRange | null, lang: Lang): { text: string; reset: string } | null {
  const where = outsideData(range, data);
  if (!where || !range || !data) return null;
  const p = { from: range.from, to: range.to, dataFrom: data.from, dataTo: data.to };
  return { text: t(lang, where === 'before' ? 'notice.outside.before' : 'notice.outside.after', p), reset: t(lang, 'notice.reset', p) };
}

/**
 * The page's header note: the window the figures cover (`key`: its label, 时间范围 / Window),
 * then the data's own range, so a window reaching past the data reads as such.
 */
export function windowNote(range: DateRange, data: DateRange | null, lang: Lang, key: 'overview.range' | 'bases.range' = 'overview.range'): string {
  const win = t(lang, key, { from: formatDate(range.from, lang), to: formatDate(range.to, lang) });
  return data ? `${win} · ${t(lang, 'overview.dataRange', { from: formatDate(data.from, lang), to: formatDate(data.to, lang) })}` : win;
}

/** A panel's status when the window lies outside the data: empty (with `outsideMessage`), never blank axes or zeros. */
export function outsideStatus<S extends string>(status: S, outside: boolean): S | 'empty' {
  return outside && status !== 'error' ? 'empty' : status;
}
