import { addDays, addMonths, daysBetween, monthEnd, monthStart } from '../server/query/window.ts';

/** The dashboard's query mix, each query with random filters and windows drawn from a seed. */
const BELTS = ['jingdezhen-ceramics', 'haining-leather', 'yixing-zisha', 'suzhou-silk', 'hangzhou-textiles', 'lianyungang-seafood'];
const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'wechat_channels'];

function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export function queryMix(range: { from: string; to: string }, seed: number) {
  const months = Math.max(1, Math.round(daysBetween(range.from, range.to) / 30.4));
  return (i: number): { kind: string; qs: string } => {
    const r = rng(seed * 1_000_003 + i);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    const some = <T>(xs: T[]) => xs.filter(() => r() < 0.5).concat(pick(xs)).filter((x, j, a) => a.indexOf(x) === j);
    const startM = Math.floor(r() * Math.max(1, months - 3));
    const from = addMonths(monthStart(range.from), startM);
    const to = monthEnd(addMonths(from, 2 + Math.floor(r() * Math.min(12, months - startM - 1))));
    const dayFrom = addDays(range.from, Math.floor(r() * Math.max(1, daysBetween(range.from, range.to) - 90)));
    const dayTo = addDays(dayFrom, 14 + Math.floor(r() * 60));
    const kinds = [
      () => `trend_by_belt|measures=gmv,orders&by=belt&grain=month&from=${from}&to=${to}&belt=${some(BELTS).join(',')}`,
      () => `kpis|measures=gmv,orders,live_gmv,gpm&from=${from}&to=${to}&platform=${some(PLATFORMS).join(',')}`,
      () => `top_merchants|measures=gmv,orders&by=merchant&belt=${pick(BELTS)}&from=${from}&to=${to}&sort=-gmv&limit=10`,
      () => `platform_mix|measures=gmv,live_gmv,gpm,conversion&by=belt,platform&from=${from}&to=${to}`,
      () => `daily_trend|measures=gmv,non_standard_share&grain=day&belt=${pick(BELTS)}&from=${dayFrom}&to=${dayTo}`,
      () => `ship_map|measures=gmv&by=ship_province&belt=${pick(BELTS)}&from=${from}&to=${to}`,
      () => `bases|measures=live_gmv,sessions,live_hours,gpm&by=base&from=${from}&to=${to}&compare=previous_year`,
      () => `buyers_aov|measures=buyers,aov&by=platform&belt=${pick(BELTS)}&from=${dayFrom}&to=${dayTo}`,
    ];
    const [kind, qs] = pick(kinds)().split('|');
    return { kind, qs };
  };
}
