import type { BaseDetailResponse, BaseStandard, Lang } from '../../lib/api/types.ts';
import { EMPTY_VALUE, formatDate } from '../../lib/format.ts';
import { outsideData } from '../../lib/filters/url-check.ts';
import { t, type MessageKey } from '../../lib/i18n/messages.ts';
import { fmt, fmtExact, formatScore, pct1, signedPct, type SpecId } from './format.ts';

type Base = BaseDetailResponse['base'];

/** One tile of the scorecard: a message key for its label, the shown value and every digit. */
export interface ScoreItem {
  id: string;
  label: MessageKey;
  value: string;
  exact: string;
  /** Why the value is unknown ("—"), as a message key; absent when there is a value. */
  why?: MessageKey;
}

/** Why a figure of the assessment is null (server/api/schemas/bases.ts says when each is). */
export function whyNull(id: string, base: Pick<Base, 'investment_cny' | 'live_gmv' | 'days' | 'room_hours'> & { opened_on?: string; prior_in_data?: boolean },
  windowTo?: string): MessageKey | undefined {
  // A window that ends before the base opened has nothing to show: not a missing export.
  if (windowTo && base.opened_on && base.opened_on > windowTo && base.days === 0 && id !== 'investment_per_wan_gmv') return 'base.why.notYetOpen';
  switch (id) {
    case 'investment_per_wan_gmv': return base.investment_cny === null ? 'base.why.noInvestment' : 'base.why.noGmv';
    case 'utilization': return 'base.why.noOpenDay';
    case 'sessions_per_room_week': return 'base.why.noRoomDays';
    // With hours, a null evening share means a start time the export did not give.
    case 'evening_share': return base.room_hours > 0 ? 'base.why.noStartTimes' : 'base.why.noHours';
    case 'anchor_churn': return base.prior_in_data === false ? 'base.why.prevNotInData' : 'base.why.noPrevAnchors';
    case 'new_merchants': return 'base.why.noHistory';
    case 'belt_live_share': return 'base.why.noBeltLive';
    case 'gpm': return 'base.why.noViews';
    case 'conversion': return 'base.why.noViewers';
    case 'score': return base.days === 0 ? 'base.why.noSessionData' : 'base.why.noCriteria';
    default: return undefined;
  }
}

/** What a base is, not what it did: shown whatever the window (the rooms on record, its investment). */
const STANDING = new Set<keyof Base>(['rooms', 'investment_per_wan_gmv']);

const item = (id: keyof Base, spec: SpecId, base: Base, lang: Lang, windowTo?: string): ScoreItem => {
  // A window before the base opened: its zero GMV and sessions are no measurement, said as the
  // other figures are (¥0.00 and 0.0 % beside "—, not yet open" read as an idle base).
  if (!STANDING.has(id) && whyNull(id, base, windowTo) === 'base.why.notYetOpen') {
    return { id, label: `base.k.${id}` as MessageKey, value: EMPTY_VALUE, exact: EMPTY_VALUE, why: 'base.why.notYetOpen' };
  }
  const v = base[id] as number | null;
  return {
    id, label: `base.k.${id}` as MessageKey, value: spec === 'ratio' ? pct1(v, lang) : fmt(v, spec, lang), exact: fmtExact(v, spec, lang),
    ...(v === null ? { why: whyNull(id, base, windowTo) } : {}),
  };
};

/** The scorecard's measures and their formats, in the order a bureau reads them: capacity and use, who it serves, what flows, what it cost. */
const BEFORE_RESIDENT: [keyof Base, SpecId][] = [
  ['utilization', 'ratio'], ['rooms', 'count'], ['room_hours', 'decimal'], ['sessions', 'count'],
  ['sessions_per_room_week', 'decimal'], ['evening_share', 'ratio'], ['merchants', 'count'],
];
const AFTER_RESIDENT: [keyof Base, SpecId][] = [
  ['new_merchants', 'count'], ['anchors', 'count'], ['anchor_churn', 'ratio'], ['live_gmv', 'cny'],
  ['belt_live_share', 'ratio'], ['gpm', 'cny'], ['conversion', 'ratio'], ['investment_per_wan_gmv', 'cny'],
];

/**
 * The scorecard. `windowTo`: the window's last day, so a window before the base opened says so
 * rather than blame the exports.
 */
export function scorecard(base: Base, lang: Lang, windowTo?: string): ScoreItem[] {
  const items = (list: [keyof Base, SpecId][]) => list.map(([id, spec]) => item(id, spec, base, lang, windowTo));
  return [
    { id: 'score', label: 'base.k.score', value: formatScore(base.score, lang), exact: formatScore(base.score, lang), ...(base.score === null ? { why: whyNull('score', base, windowTo) } : {}) },
    ...items(BEFORE_RESIDENT),
    {
      id: 'resident',
      label: 'base.k.resident',
      value: `${fmt(base.resident_merchants, 'count', lang)} / ${fmt(base.visiting_merchants, 'count', lang)}`,
      exact: `${fmtExact(base.resident_merchants, 'count', lang)} / ${fmtExact(base.visiting_merchants, 'count', lang)}`,
    },
    ...items(AFTER_RESIDENT),
  ];
}

/** Units the shipped profiles use, in Chinese; a province's own unit is shown as written. */
const UNITS_ZH: Record<string, string> = { people: '人', merchants: '家', rooms: '间', 'events/year': '场/年', 'sessions/week': '场/周' };

/** A standard's threshold or value in its unit: CNY as money, ratios as %, others as counts with the unit. */
export function formatStandardValue(v: number | null, unit: string, lang: Lang): string {
  if (v === null) return EMPTY_VALUE;
  if (unit === 'CNY') return fmtExact(v, 'cny', lang);
  if (unit === 'ratio') return pct1(v, lang);
  const n = Number.isInteger(v) ? fmtExact(v, 'count', lang) : fmtExact(v, 'decimal', lang);
  const u = lang === 'zh' ? (UNITS_ZH[unit] ?? unit) : v === 1 ? (UNITS_EN_ONE[unit] ?? unit) : unit;
  return lang === 'zh' && u in { 人: 1, 家: 1, 间: 1 } ? `${n}${u}` : `${n} ${u}`;
}

/** The shipped profiles' plural units for exactly one ("1 rooms" read wrong). */
const UNITS_EN_ONE: Record<string, string> = { people: 'person', merchants: 'merchant', rooms: 'room' };

export interface StandardRow {
  id: string;
  label: string;
  threshold: string;
  value: string;
  met: BaseStandard['met'];
}

export const standardRows = (standards: readonly BaseStandard[], lang: Lang): StandardRow[] =>
  standards.map((s) => ({
    id: s.id,
    label: s.label[lang] || s.label.zh,
    threshold: `≥ ${formatStandardValue(s.threshold, s.unit, lang)}`,
    value: formatStandardValue(s.value, s.unit, lang),
    met: s.met,
  }));

export interface ReturnRow {
  month: string;
  reported: string | null;
  /** What the return reports besides GMV and sessions: merchants served, training events, jobs created ("—" when a filed return leaves one out). */
  merchantsServed: string;
  training: string;
  jobs: string;
  observed: string;
  difference: string;
  sessions: string;
  /** The month is one the return_mismatch flag names. */
  flagged: boolean;
  /** A return whose month lies partly outside the window or the data: not compared with the sessions. */
  partial: boolean;
  /**
   * The month lies wholly outside the window: shown for the base's history, never flagged (the
   * flag judges the window's months), so a gap as large as a flagged month's carries no mark.
   */
  outside: boolean;
}

/** Months with a return or sessions, newest first, with the months the return_mismatch flag names marked. */
/** The last day of the month starting `month` (YYYY-MM-01). */
const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

export function returnRows(d: BaseDetailResponse, lang: Lang): ReturnRow[] {
  const flag = d.base.flags.find((f) => f.id === 'return_mismatch');
  const months = new Set((Array.isArray(flag?.values.months) ? flag.values.months : []).map((m) => String(m).slice(0, 7)));
  return [...d.returns].reverse().map((r) => ({
    month: r.month,
    reported: r.reported ? fmtExact(r.reported.gmv_cny, 'cny', lang) : null,
    merchantsServed: fmtExact(r.reported?.merchants_served, 'count', lang),
    training: fmtExact(r.reported?.training_events, 'count', lang),
    jobs: fmtExact(r.reported?.jobs_created, 'count', lang),
    observed: fmtExact(r.observed.live_gmv, 'cny', lang),
    difference: r.whole_month || !r.reported ? signedPct(r.gmv_difference, lang) : t(lang, 'base.ret.partial'),
    sessions: `${r.reported?.sessions == null ? EMPTY_VALUE : fmtExact(r.reported.sessions, 'count', lang)} / ${fmtExact(r.observed.sessions, 'count', lang)}`,
    flagged: months.has(r.month.slice(0, 7)),
    partial: !r.whole_month && r.reported !== null,
    // Compared, but not wholly in the window (before it, or a window from the 20th holds part of
    // its first month): the return_mismatch flag leaves such a month out, as the window's
    // reported GMV does. A part month (the window's last, cut at its end) says so already.
    outside: (r.whole_month || r.reported === null) && (r.month < d.window.from || lastDay(r.month) > d.window.to),
  }));
}

/** Whether any month has a filed return (the returns chart is drawn only then). */
export const hasReturns = (d: BaseDetailResponse): boolean => d.returns.some((r) => r.reported !== null);

export interface RoiRow {
  year: number;
  days: string;
  liveGmv: string;
  perWan: string;
  /** Why the figure is unknown: no investment on file for the base, or no live GMV that year. */
  why?: MessageKey;
}

/** The yearly return on investment, each unknown figure with its reason. */
export function roiRows(d: BaseDetailResponse, lang: Lang): RoiRow[] {
  return d.roi.map((y) => ({
    year: y.year,
    days: fmtExact(y.days, 'count', lang),
    liveGmv: fmtExact(y.live_gmv, 'cny', lang),
    perWan: fmtExact(y.investment_per_wan_gmv, 'cny', lang),
    ...(y.investment_per_wan_gmv === null ? { why: d.base.investment_cny === null ? 'base.why.noInvestment' as const : 'base.why.noGmvYear' as const } : {}),
  }));
}

/**
 * What a base's page says in place of the window's figures when the window lies wholly outside
 * the live-session data (`data`: the sessions' first and last day; null when it touches them):
 * every figure of a base comes from sessions, and the API answers such a window with zeros and a
 * churn against the last period that had anchors, which would read as an idle base — also for
 * a window inside the orders' days when the session exports stop earlier.
 */
export function outsideNote(window: { from: string; to: string }, data: { from: string; to: string } | null, lang: Lang): string | null {
  const where = outsideData(window, data);
  if (!where || !data) return null;
  const d = (s: string) => formatDate(s, lang);
  return t(lang, where === 'before' ? 'base.outside.before' : 'base.outside.after',
    { from: d(window.from), to: d(window.to), dataFrom: d(data.from), dataTo: d(data.to) });
}

/**
 * The weeks the weekly chart stars: fewer than 7 of their days are open days in the window (the
 * window starts or ends inside the week, or the base opened in it). Their live GMV covers only
 * those days and reads as a dip; utilization is per open day and compares as it is. A week with
 * no open day at all has sessions streamed before the base's opening date (weekly.sql's full
 * join keeps them): said as that, not as "0 of 7 days".
 */
export function partialWeeksNote(weeks: readonly { week: string; days: number }[], lang: Lang): string | null {
  const part = weeks.filter((w) => w.days < 7);
  if (!part.length) return null;
  const list = part.map((w) => t(lang, w.days > 0 ? 'base.weekly.partialWeek' : 'base.weekly.beforeOpening', { week: formatDate(w.week, lang), days: w.days }));
  return t(lang, 'base.weekly.partial', { weeks: list.join(lang === 'zh' ? '、' : ', ') });
}
