/**
 * Who reads a load's messages: someone at the command line (`beltscope ingest`, which may hand
 * its files to a running server), a client of the upload form (`POST /api/ingest` from curl or a
 * script), or someone on the dashboard's upload page. A message that says which option to add
 * names it as they know it.
 */
export type Audience = 'cli' | 'form' | 'web';

/** Yes/no options: a flag alone on the command line, `true` in a form. */
const SWITCHES = new Set(['replace-demo', 'dry-run']);

/** The upload page's labels for the options (web/src/lib/i18n/messages.ts, upload.field.* and upload.replaceDemo). */
export const LABELS: Record<string, { en: string; zh: string }> = {
  platform: { en: 'Platform', zh: '平台' },
  kind: { en: 'Kind', zh: '数据类型' },
  merchant: { en: 'Merchant', zh: '商家' },
  belt: { en: 'Belt', zh: '产业带' },
  category: { en: 'Category', zh: '品类' },
  date: { en: 'Date', zh: '日期' },
  base: { en: 'Live-stream base', zh: '直播基地' },
  venue: { en: 'Venue', zh: '直播场地' },
  'replace-demo': { en: 'Replace demo data', zh: '替换示例数据' },
  'dry-run': { en: 'Dry run', zh: '试运行' },
};

/** A placeholder (ID, YYYY-MM-DD, FILE, a|b|c), not a value the user gave. */
const isPlaceholder = (arg: string) => /^@?[A-Z][A-Z-]*$/.test(arg) || arg.includes('|') || arg === '…';

/**
 * An option as the reader of a message (in `lang`) knows it: `--merchant ID` on the command
 * line; `merchant=ID` in the upload form (`-F merchant=ID` with curl), a yes/no option as
 * `--replace-demo` or `replace_demo=true`; on the upload page its label, "Merchant" or 「商家」,
 * followed by a value the user gave (placeholders are left out there). The command line's form
 * is the default. In `zh` a flag or field comes with a space on each side, a label with none:
 * write it into Chinese text without spaces.
 */
export function flag(via: Audience | undefined, name: string, arg?: string, lang: 'en' | 'zh' = 'en'): string {
  if (via === 'web') {
    const label = LABELS[name]?.[lang] ?? name;
    const quoted = lang === 'zh' ? `「${label}」` : `"${label}"`;
    return arg !== undefined && !isPlaceholder(arg) ? `${quoted}${lang === 'zh' ? '' : ':'} ${arg}` : quoted;
  }
  const written = via !== 'form' ? (arg ? `--${name} ${arg}` : `--${name}`)
    : `${name.replace(/-/g, '_')}=${SWITCHES.has(name) ? 'true' : arg ?? '…'}`;
  // Chinese text puts no spaces between words: a flag or field gets them from here, a label none.
  return lang === 'zh' ? ` ${written} ` : written;
}
