import { daysBetween, PEOPLE_FLAGS_MIN_DAYS } from '../../../../catalog/bases/flags.ts';
import type { BaseFlag, Lang } from '../../lib/api/types.ts';
import { formatDate, formatMonth } from '../../lib/format.ts';
import { t } from '../../lib/i18n/messages.ts';
import { fmtExact, pct1, signedPct } from './format.ts';

/**
 * A flag as the page shows it: its name, the rule in words (with the profile's threshold) and
 * every figure that triggered it, formatted, so a flag is never a bare colour.
 */
export interface FlagView {
  id: BaseFlag['id'];
  name: string;
  rule: string;
  details: { label: string; value: string }[];
}

type Value = BaseFlag['values'][string];

const NAMES: Record<BaseFlag['id'], Record<Lang, string>> = {
  underused: { zh: '利用率低', en: 'Underused' },
  declining: { zh: '持续下滑', en: 'Declining' },
  single_merchant: { zh: '依赖单一商家', en: 'One merchant' },
  anchors_leaving: { zh: '主播流失', en: 'Anchors leaving' },
  return_mismatch: { zh: '月报与数据不符', en: 'Return mismatch' },
};

const LABELS: Record<string, Record<Lang, string>> = {
  weeks: { zh: '周', en: 'Week' },
  utilization: { zh: '利用率', en: 'Utilization' },
  months: { zh: '月份', en: 'Month' },
  room_hours: { zh: '直播时长（间·小时）', en: 'Room-hours' },
  merchant_id: { zh: '商家', en: 'Merchant' },
  merchant_gmv: { zh: '该商家直播成交额', en: 'Merchant live GMV' },
  live_gmv: { zh: '基地直播成交额', en: 'Base live GMV' },
  share: { zh: '占比', en: 'Share' },
  previous_anchors: { zh: '上期主播数', en: 'Anchors, previous period' },
  gone: { zh: '本期未出现', en: 'Absent now' },
  churn: { zh: '流失率', en: 'Churn' },
  reported_gmv: { zh: '月报成交额', en: 'Reported GMV' },
  observed_gmv: { zh: '场次成交额', en: 'Sessions GMV' },
  difference: { zh: '差异', en: 'Difference' },
};

const RATIOS = new Set(['utilization', 'share', 'churn']);
const MONEY = new Set(['merchant_gmv', 'live_gmv', 'reported_gmv', 'observed_gmv']);

export const flagName = (id: BaseFlag['id'], lang: Lang): string => NAMES[id]?.[lang] ?? id;

/** One figure of a flag, in the unit its key says. */
export function formatFlagValue(key: string, v: Value, lang: Lang): string {
  const one = (x: number | string | null): string => {
    if (x === null) return '—';
    if (typeof x === 'string') {
      if (key === 'months' && /^\d{4}-\d{2}/.test(x)) return formatMonth(x.slice(0, 7), lang);
      if (key === 'weeks' && /^\d{4}-\d{2}-\d{2}$/.test(x)) return formatDate(x, lang);
      return x;
    }
    if (RATIOS.has(key)) return pct1(x, lang);
    if (key === 'difference') return signedPct(x, lang);
    if (MONEY.has(key)) return fmtExact(x, 'cny', lang);
    if (key === 'room_hours') return fmtExact(x, 'decimal', lang);
    return fmtExact(x, 'count', lang);
  };
  if (Array.isArray(v)) return v.map(one).join(lang === 'zh' ? '、' : ', ');
  return one(v);
}

/**
 * The figures of a flag. Parallel lists (weeks with their utilizations, months with their
 * values) become one line per week or month, so each number sits beside what it measures.
 */
export function formatFlag(flag: BaseFlag, lang: Lang): FlagView {
  const entries = Object.entries(flag.values);
  const axis = entries.find(([k, v]) => (k === 'weeks' || k === 'months') && Array.isArray(v)) as [string, (string | number | null)[]] | undefined;
  const details: FlagView['details'] = [];
  if (axis) {
    const [axisKey, points] = axis;
    const series = entries.filter(([k, v]) => k !== axisKey && Array.isArray(v) && v.length === points.length) as [string, (string | number | null)[]][];
    points.forEach((p, i) => {
      details.push({
        label: formatFlagValue(axisKey, p, lang),
        value: series.map(([k, v]) => `${label(k, lang)} ${formatFlagValue(k, v[i], lang)}`).join(' · '),
      });
    });
    for (const [k, v] of entries) if (k !== axisKey && !series.some(([s]) => s === k)) details.push({ label: label(k, lang), value: formatFlagValue(k, v, lang) });
  } else {
    for (const [k, v] of entries) details.push({ label: label(k, lang), value: formatFlagValue(k, v, lang) });
  }
  return { id: flag.id, name: flagName(flag.id, lang), rule: flag.rule[lang] || flag.rule.zh, details };
}

function label(key: string, lang: Lang): string {
  return LABELS[key]?.[lang] ?? key;
}

/**
 * A window shorter than the merchants' and anchors' flags need (PEOPLE_FLAGS_MIN_DAYS, the
 * server's rule): said where the flags are, since their absence would read as "no risk".
 */
export function shortWindowNote(window: { from: string; to: string } | null | undefined, lang: Lang): string | null {
  if (!window) return null;
  const days = daysBetween(window.from, window.to); // the server's own count
  return days < PEOPLE_FLAGS_MIN_DAYS ? t(lang, 'bases.shortWindow', { days, min: PEOPLE_FLAGS_MIN_DAYS }) : null;
}
