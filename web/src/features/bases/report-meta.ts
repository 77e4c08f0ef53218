import type { Lang } from '../../lib/api/types.ts';

/** The report's generation time in Beijing time, whatever the reader's (or the server's) time zone: 2026-11-30 20:05. */
export function generatedAt(now: Date, lang: Lang): string {
  const parts = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
