import { flagsFor, gmvDifference, weekUtilization, wholeMonth, type Flag, type Label, type MonthFigures, type WeekFigures } from './flags.ts';
import type { BaseProfile, CriterionMeasure } from './profiles.ts';

/**
 * From the rows of figures.sql, weekly.sql and monthly.sql to a base's assessment: the ratios
 * (ratios of sums, null when the denominator is 0), the standards checklist and score, the
 * flags, ROI by year and the returns beside the sessions. README "Live-base assessment" gives
 * every formula.
 */

/** A row of figures.sql. */
export interface FigureRow {
  base_id: string; name_zh: string; name_en: string; belt_id: string; operator_model: string; base_type: string;
  opened_on: string; area_m2: number | null; operating_hours_per_day: number; investment_cny: number | null;
  rooms: number; days: number; capacity_hours: number | null; sessions: number; room_hours: number; evening_hours: number | null;
  merchants: number; resident_merchants: number; new_merchants: number | null; prior_in_data: boolean; anchors: number; prev_anchors: number; gone_anchors: number;
  live_gmv: number; belt_gmv: number | null; views: number; viewers: number; buyers: number;
  top_merchant: string | null; top_merchant_gmv: number | null;
  both_merchants: number; b_sessions: number; b_gmv: number; b_views: number; b_viewers: number; b_buyers: number;
  w_sessions: number; w_gmv: number; w_views: number; w_viewers: number; w_buyers: number;
}
/** A row of weekly.sql. */
export interface WeekRow extends WeekFigures { base_id: string; rooms: number; sessions: number; live_gmv: number }
/** A row of monthly.sql. */
export interface MonthRow extends MonthFigures {
  base_id: string; capacity_hours: number | null; sessions: number; merchants: number; new_merchants: number; anchors: number;
  r_rooms: number | null; r_sessions: number | null; r_merchants: number | null; r_training_events: number | null; r_jobs: number | null;
}

const div = (a: number, b: number | null | undefined) => (b ? a / b : null);
const gpm = (gmv: number, views: number) => div(gmv * 1000, views);

export interface Standard { id: string; label: Label; threshold: number; unit: string; value: number | null; met: boolean | null }

/** Months of the returns overlapping the window, and their training events annualised (null without any). */
function eventsPerYear(months: MonthRow[], from: string, to: string): number | null {
  const inWindow = months.filter((m) => m.month >= `${from.slice(0, 7)}-01` && m.month <= to && m.r_training_events !== null);
  if (!inWindow.length) return null;
  return inWindow.reduce((s, m) => s + m.r_training_events!, 0) / inWindow.length * 12;
}

export function criterionValue(measure: CriterionMeasure, f: FigureRow, months: MonthRow[], window: { from: string; to: string }): number | null {
  switch (measure) {
    case 'area_m2': return f.area_m2;
    case 'rooms': return f.rooms;
    case 'monthly_live_gmv': return f.days > 0 ? f.live_gmv / f.days * 365 / 12 : null;
    case 'merchants': return f.merchants;
    case 'resident_merchants': return f.resident_merchants;
    case 'training_events_per_year': return eventsPerYear(months, window.from, window.to);
    case 'utilization': return div(f.room_hours, f.capacity_hours);
    case 'sessions_per_room_week': return f.days > 0 && f.rooms > 0 ? f.sessions / f.rooms / (f.days / 7) : null;
  }
}

/**
 * The profile's criteria for the base's type, each checked where the data can; score = met /
 * checked × 100. A window without a day of session data has no score: the static criteria
 * (floor area) alone would score 100 a base nothing is known of.
 */
export function standardsFor(f: FigureRow, months: MonthRow[], profile: BaseProfile, window: { from: string; to: string }) {
  const criteria = profile.criteria[f.base_type === 'comprehensive' ? 'comprehensive' : 'vertical'];
  const standards: Standard[] = criteria.map((c) => {
    const value = c.measure ? criterionValue(c.measure, f, months, window) : null;
    return { id: c.id, label: c.label, threshold: c.min, unit: c.unit, value, met: value === null ? null : value >= c.min };
  });
  const checked = standards.filter((s) => s.met !== null);
  const score = f.days > 0 && checked.length ? Math.round(1000 * checked.filter((s) => s.met).length / checked.length) / 10 : null;
  return { standards, score };
}

/** The row of /api/bases for one base. */
export function assessRow(f: FigureRow, weeks: WeekRow[], months: MonthRow[], profile: BaseProfile,
  window: { from: string; to: string }, showNames: boolean) {
  const { score } = standardsFor(f, months, profile, window);
  // Churn against a previous period the data do not reach is unknown, and so is its flag.
  const flags: Flag[] = flagsFor({ f: { ...f, ...window, prev_anchors: f.prior_in_data ? f.prev_anchors : 0 }, weeks, months, profile, showNames });
  const annual = f.days > 0 ? f.live_gmv * 365 / f.days : null;
  return {
    base_id: f.base_id, name_zh: f.name_zh, name_en: f.name_en, belt_id: f.belt_id, operator_model: f.operator_model,
    base_type: (f.base_type === 'comprehensive' ? 'comprehensive' : 'vertical') as 'vertical' | 'comprehensive',
    opened_on: f.opened_on, rooms: f.rooms, room_hours: f.room_hours,
    utilization: div(f.room_hours, f.capacity_hours), days: f.days, sessions: f.sessions,
    sessions_per_room_week: criterionValue('sessions_per_room_week', f, months, window),
    evening_share: f.evening_hours === null ? null : div(f.evening_hours, f.room_hours),
    merchants: f.merchants, resident_merchants: f.resident_merchants, visiting_merchants: f.merchants - f.resident_merchants,
    new_merchants: f.new_merchants, prior_in_data: f.prior_in_data, anchors: f.anchors,
    anchor_churn: f.prior_in_data ? div(f.gone_anchors, f.prev_anchors) : null,
    live_gmv: f.live_gmv, belt_live_share: div(f.live_gmv, f.belt_gmv),
    gpm: gpm(f.live_gmv, f.views), conversion: div(f.buyers, f.viewers),
    workshop_gpm: gpm(f.w_gmv, f.w_views), workshop_conversion: div(f.w_buyers, f.w_viewers),
    investment_cny: f.investment_cny,
    investment_per_wan_gmv: f.investment_cny === null || !annual ? null : f.investment_cny / (annual / 10_000),
    score, flags,
  };
}

/**
 * The detail of one base: the row plus its series, base vs workshop, checklist, returns and ROI
 * by year. `weeks` are the whole weeks the underused flag looks at; `windowWeeks` the series,
 * counted over the window's days only (weekly.sql run from `from`).
 */
export function assessDetail(f: FigureRow, weeks: WeekRow[], windowWeeks: WeekRow[], months: MonthRow[], profile: BaseProfile,
  window: { from: string; to: string }, showNames: boolean) {
  const row = assessRow(f, weeks, months, profile, window, showNames);
  const side = (sessions: number, gmv: number, views: number, viewers: number, buyers: number) =>
    ({ sessions, live_gmv: gmv, views, viewers, buyers, gpm: gpm(gmv, views), conversion: div(buyers, viewers) });
  const years = new Map<number, { days: number; gmv: number }>();
  for (const m of months) {
    if (m.days === 0) continue;
    const y = Number(m.month.slice(0, 4));
    const acc = years.get(y) ?? { days: 0, gmv: 0 };
    years.set(y, { days: acc.days + m.days, gmv: acc.gmv + m.live_gmv });
  }
  return {
    base: { ...row, area_m2: f.area_m2, operating_hours_per_day: f.operating_hours_per_day },
    weekly: windowWeeks.map((w) => ({ week: w.week, days: w.days, rooms: w.rooms, room_hours: w.room_hours,
      utilization: weekUtilization(w), sessions: w.sessions, live_gmv: w.live_gmv })),
    monthly: months.filter((m) => m.days > 0 || m.sessions > 0).map((m) => ({ month: m.month, merchants: m.merchants,
      new_merchants: m.new_merchants, anchors: m.anchors, sessions: m.sessions, room_hours: m.room_hours, live_gmv: m.live_gmv })),
    base_vs_workshop: {
      merchants: f.both_merchants,
      base: side(f.b_sessions, f.b_gmv, f.b_views, f.b_viewers, f.b_buyers),
      workshop: side(f.w_sessions, f.w_gmv, f.w_views, f.w_viewers, f.w_buyers),
    },
    standards: standardsFor(f, months, profile, window).standards,
    // The base's history of returns, each month beside all its sessions (the page marks the
    // months not wholly in the window, which the return_mismatch flag leaves out).
    returns: months.filter((m) => m.has_return || m.sessions > 0).map((m) => ({
      month: m.month,
      whole_month: wholeMonth(m, f.opened_on),
      reported: m.has_return ? { rooms: m.r_rooms, sessions: m.r_sessions, merchants_served: m.r_merchants, gmv_cny: m.r_gmv,
        training_events: m.r_training_events, jobs_created: m.r_jobs } : null,
      observed: { sessions: m.sessions, merchants: m.merchants, live_gmv: m.live_gmv },
      gmv_difference: m.has_return && wholeMonth(m, f.opened_on) ? gmvDifference(m.r_gmv, m.live_gmv) : null,
    })),
    roi: [...years].sort(([a], [b]) => a - b).map(([year, y]) => ({
      year, days: y.days, live_gmv: y.gmv,
      investment_per_wan_gmv: f.investment_cny === null || y.gmv === 0 ? null : f.investment_cny / (y.gmv * 365 / y.days / 10_000),
    })),
  };
}

