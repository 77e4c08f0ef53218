import { AppError } from '../../lib/errors.ts';
import { flag, type Audience } from '../../lib/flags.ts';
import type { Mapping, StagedSheet } from './types.ts';

/** Header cells compare without surrounding white space (exports pad some: Taobao's 订单付款时间 ). */
export const normHeader = (h: string) => h.replace(/^[\s\u3000\uFEFF]+|[\s\u3000]+$/g, '');

export interface DetectOptions {
  platform?: string;
  target?: string;
  /** A mapping given by the user (--mapping): the only candidate, for every sheet it matches. */
  mapping?: Mapping;
  /** Who reads the error (see lib/flags.ts). */
  via?: Audience;
}

/** A mapping the --platform and --kind flags (if given) allow. */
const allowed = (m: Mapping, opts: DetectOptions) =>
  (!opts.platform || m.platform === null || m.platform === opts.platform) && (!opts.target || m.target === opts.target);

/**
 * The mapping that reads a sheet, from its headers (and sheet name), never the file name. The
 * candidates are the user's mapping, the built-in ones and the canonical ones; flags narrow
 * them. Returns null when none matches: the caller says what it saw and which flag to pass.
 */
export function detectMapping(sheet: StagedSheet, candidates: Mapping[], opts: DetectOptions): Mapping | null {
  const headers = new Set(sheet.headers.map(normHeader));
  const fits = (m: Mapping) =>
    allowed(m, opts) &&
    m.detect.headers.every((h) => headers.has(normHeader(h))) &&
    (!m.detect.sheet || sheet.sheet === null || sheet.sheet === m.detect.sheet);
  if (opts.mapping) return fits(opts.mapping) ? opts.mapping : null;
  // The most specific wins: more of its headers seen, then fewer headers of the sheet unexplained.
  const ranked = candidates.filter(fits).sort((a, b) => b.detect.headers.length - a.detect.headers.length);
  return ranked[0] ?? null;
}

/**
 * The mapping a sheet nearly fits: most of its identifying headers present (at least two, and at
 * least half), within the flags given. A canonical file short of one required column then hears
 * which, rather than that nothing recognises it.
 */
export function nearestMapping(sheet: StagedSheet, candidates: Mapping[], opts: DetectOptions): { m: Mapping; missing: string[] } | null {
  const headers = new Set(sheet.headers.map(normHeader));
  let best: { m: Mapping; missing: string[]; seen: number } | null = null;
  for (const m of candidates) {
    if (!allowed(m, opts)) continue;
    const missing = m.detect.headers.filter((h) => !headers.has(normHeader(h)));
    const seen = m.detect.headers.length - missing.length;
    if (seen < 2 || seen * 2 < m.detect.headers.length) continue;
    if (!best || seen > best.seen || (seen === best.seen && missing.length < best.missing.length)) best = { m, missing, seen };
  }
  return best && { m: best.m, missing: best.missing };
}

/** The error for a sheet no mapping recognises: the file, what was seen, the nearest mapping's missing headers, which flag to pass. */
export function unrecognised(file: string, sheet: StagedSheet, opts: DetectOptions, candidates: Mapping[] = []): AppError {
  const seen = sheet.headers.slice(0, 8).map(normHeader).join(', ') + (sheet.headers.length > 8 ? ', …' : '');
  const where = sheet.sheet ? ` (sheet "${sheet.sheet}")` : '';
  const whereZh = sheet.sheet ? `（工作表「${sheet.sheet}」）` : '';
  const f = (name: string, arg?: string, lang: 'en' | 'zh' = 'en') => flag(opts.via, name, arg, lang);
  const narrowed = opts.platform || opts.target ? ` for ${f('platform', opts.platform ?? '*')} ${f('kind', opts.target ?? '*')}` : '';
  // Your own mapping goes up as a file part (curl's -F mapping=@FILE); the upload page takes none.
  const own = opts.via === 'web' ? ['', '']
    : [`, or ${f('mapping', opts.via === 'form' ? '@FILE' : 'FILE')} with your own mapping (README: "Your own mapping")`,
      `，或用${f('mapping', opts.via === 'form' ? '@FILE' : 'FILE', 'zh')}提供自己的映射（见 README 的「Your own mapping」一节）`];
  const near = nearestMapping(sheet, candidates, opts);
  const nearEn = near ? ` The nearest is ${near.m.label.en} (${near.m.id}), which also needs the column(s) ${near.missing.join(', ')}.` : '';
  const nearZh = near ? `最接近的是「${near.m.label.zh}」（${near.m.id}），它还需要列：${near.missing.join('、')}。` : '';
  // Advice that asks for the flags already given would send the user round in a circle.
  const both = !!opts.platform && !!opts.target;
  const choose = both
    ? [`If it is a platform export, check that it is ${opts.platform} ${opts.target} (the flags given)${own[0]}; `,
      `若这是平台导出，请核对它确是 ${opts.platform} 的 ${opts.target}（所给的参数）${own[1]}；`]
    : [`If it is a platform export, pass ${f('platform')} and ${f('kind')} to choose${own[0]}; `,
      `若这是平台导出，请用${f('platform', undefined, 'zh')}和${f('kind', undefined, 'zh')}指定${own[1]}；`];
  // One header cell holding the others behind ; or a tab: a CSV separated otherwise than by commas.
  const sep = sheet.sheet === null && sheet.headers.length === 1 ? (/;/.test(sheet.headers[0]) ? ';' : /\t/.test(sheet.headers[0]) ? 'tab' : null) : null;
  if (sep) {
    const [en, zh] = sep === ';' ? ['semicolons (;)', '分号（;）'] : ['tabs', '制表符'];
    return new AppError('unrecognised',
      `${file}: its columns are separated by ${en}, not commas: the header reads as one column (${seen.slice(0, 60)}). Save it again as CSV with commas (Excel: "CSV UTF-8 (Comma delimited)"), or export it again from the platform, and load that file.`,
      `${file}：各列以${zh}而非逗号分隔，表头被读成了一列（${seen.slice(0, 60)}）。请另存为以逗号分隔的 CSV（Excel：「CSV UTF-8（逗号分隔）」），或从平台重新导出，再导入。`);
  }
  return new AppError('unrecognised',
    `${file}${where}: no export mapping recognises these headers${narrowed}: ${seen}.${nearEn} ${choose[0]}`
      + 'if it is not, load the export file itself, as the platform\'s back office downloads it (CSV or XLSX).',
    `${file}${whereZh}：没有映射能识别这些表头：${seen}。${nearZh}${choose[1]}`
      + '若不是，请导入平台后台下载的导出文件本身（CSV 或 XLSX）。');
}
