import { addDays, addMonths, daysBetween, monthEnd, monthStart } from '../server/query/window.ts';

/**
 * The dashboard's query mix, each query with random filters and windows drawn from a seed.
 *
 * `snap` decides the windows: `days` (what users pick: a window starting and ending on any day)
 * or `months` (the same windows widened to whole months). Query i draws the same numbers in
 * both, so the months mix is the days mix snapped outward to month boundaries.
 *
 * The kinds are the dashboard's panels. Exact distinct buyers (`buyers_aov`) cost what their
 * buyer-days cost, not what a rollup of merchant-days costs, so the bench times them on their
 * own and adds them to the load mixes only with `withBuyers`; `kpis` here leaves out the
 * overview's AOV card for the same reason (the card reads the buyer rollup beside the others,
 * ~1.4 s for the default year at 10M, answered from the cache the server's warm-up fills).
 */
const BELTS = ['jingdezhen-ceramics', 'haining-leather', 'yixing-zisha', 'suzhou-silk', 'hangzhou-textiles', 'lianyungang-seafood'];
const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'wechat_channels'];

export type Snap = 'days' | 'months';
export interface MixQuery { kind: string; qs: string }

function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export const DASHBOARD_KINDS = ['trend_by_belt', 'kpis', 'top_merchants', 'platform_mix', 'daily_trend', 'ship_map', 'bases'] as const;
export const BUYER_KINDS = ['buyers_aov'] as const;

export function queryMix(range: { from: string; to: string }, seed: number, opts: { snap?: Snap; withBuyers?: boolean; only?: string } = {}) {
  const snap = opts.snap ?? 'months';
  const months = Math.max(1, Math.round(daysBetween(range.from, range.to) / 30.4));
  return (i: number): MixQuery => {
    const r = rng(seed * 1_000_003 + i);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const some = <T>(xs: T[]) => xs.filter(() => r() < 0.5).concat(pick(xs)).filter((x, j, a) => a.indexOf(x) === j);
    // A window of 3–14 whole months …
    const startM = Math.floor(r() * Math.max(1, months - 3));
    const mFrom = addMonths(monthStart(range.from), startM);
    const mTo = monthEnd(addMonths(mFrom, 2 + Math.floor(r() * Math.min(12, months - startM - 1))));
    // … and inside it, one that starts and ends on random days (up to 4 weeks in from each end).
    const cutFrom = Math.floor(r() * 28);
    const cutTo = Math.floor(r() * 28);
    const [from, to] = snap === 'months' ? [mFrom, mTo] : [addDays(mFrom, cutFrom), addDays(mTo, -cutTo)];
    // Day-grain panels and exact buyers: 2–10 weeks from any day, in both mixes.
    const dayFrom = addDays(range.from, Math.floor(r() * Math.max(1, daysBetween(range.from, range.to) - 90)));
    const dayTo = addDays(dayFrom, 14 + Math.floor(r() * 60));
    const kinds: Record<string, () => string> = {
      trend_by_belt: () => `measures=gmv,orders&by=belt&grain=month&from=${from}&to=${to}&belt=${some(BELTS).join(',')}`,
      kpis: () => `measures=gmv,orders,live_gmv,gpm&from=${from}&to=${to}&platform=${some(PLATFORMS).join(',')}`,
      top_merchants: () => `measures=gmv,orders&by=merchant&belt=${pick(BELTS)}&from=${from}&to=${to}&sort=-gmv&limit=10`,
      platform_mix: () => `measures=gmv,live_gmv,gpm,conversion&by=belt,platform&from=${from}&to=${to}`,
      daily_trend: () => `measures=gmv,non_standard_share&grain=day&belt=${pick(BELTS)}&from=${dayFrom}&to=${dayTo}`,
      ship_map: () => `measures=gmv&by=ship_province&platform=${pick(PLATFORMS)}&belt=${pick(BELTS)}&from=${from}&to=${to}`,
      bases: () => `measures=live_gmv,sessions,live_hours,gpm&by=base&from=${from}&to=${to}&compare=previous_year`,
      buyers_aov: () => `measures=buyers,aov&by=platform&belt=${pick(BELTS)}&from=${dayFrom}&to=${dayTo}`,
    };
    const names: string[] = opts.only ? [opts.only] : [...DASHBOARD_KINDS, ...(opts.withBuyers ? BUYER_KINDS : [])];
    const kind = pick(names);
    return { kind, qs: kinds[kind]() };
  };
}
