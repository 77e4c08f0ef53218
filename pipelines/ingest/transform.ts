import type { SqlParams } from '../../db/database.ts';
import { WHOLE_ROW } from '../../lib/quarantine.ts';
import { normHeader } from './detect.ts';
import { REF_TARGETS, type ColumnRule, type ConstRule, type Mapping, type ParseKind, type RefundStateRule, type StagedSheet } from './types.ts';

/**
 * The SQL that turns a staged sheet (text cells c0…) into parsed canonical values with one
 * mapping: every cell through the shared value parser (values.sql), every check in SQL. The
 * result table has `record`, `line`, `p_<column>` per mapped column, `skip` (a reason, or null)
 * and `err` (the first problem: {col, raw, reason}, or null). Nothing here loops over rows.
 * Header names and all values from the file or the mapping are bound parameters.
 */
export interface ParsePlan {
  sql: string;
  params: SqlParams;
  /** Canonical columns the mapping gives (p_<col> in the result). */
  columns: string[];
  /** Source headers of required columns the sheet lacks: the file cannot load. */
  missing: string[];
  /**
   * Canonical columns the file says nothing of: read from a header the sheet lacks, or given only
   * as a stand-in (a const null, or a const marked fallback). An update keeps their stored value.
   */
  absent: string[];
  /**
   * Staged columns a quarantine row keeps (rawJsonSql): those the mapping reads, less personal
   * ones (dropped, or kept only as a hash). An allow-list, because an export's columns no mapping
   * names (a receiver's name in a column a platform added, an invoice title) may be personal too:
   * a row's other cells stay in the user's own file.
   */
  kept: number[];
  /** The file's header each canonical column is read from (quarantine rows name the column as the file does). */
  sources: Record<string, string>;
  /** Canonical columns the mapping checks against an id pattern (rounded.ts judges them for rounding). */
  patterned: string[];
}

const MACRO: Record<ParseKind, (x: string) => string> = {
  text: (x) => `bs_text(${x})`, id: (x) => `bs_id(${x})`, num: (x) => `bs_num(${x})`, int: (x) => `bs_int(${x})`,
  money: (x) => `bs_money(${x})`, money_fen: (x) => `bs_money_fen(${x})`, rate: (x) => `bs_rate(${x})`,
  time: (x) => `bs_time(${x})`, date: (x) => `bs_date(${x})`, month: (x) => `bs_month(${x})`, duration_s: (x) => `bs_duration_s(${x})`,
  minutes_s: (x) => `bs_minutes_s(${x})`,
  bool: (x) => `bs_bool(${x})`,
};

/** What a value of each kind is, in words a user reads in a quarantine reason. */
const KIND_WORDS: Record<ParseKind, [zh: string, en: string]> = {
  text: ['文本', 'text'], id: ['编号', 'an id'], num: ['数字', 'a number'], int: ['整数', 'a whole number'],
  money: ['金额', 'an amount of money'], money_fen: ['以分计的金额', 'an amount in fen'], rate: ['比率或百分数', 'a rate or percentage'],
  time: ['日期时间', 'a date and time'], date: ['日期', 'a date'], month: ['月份', 'a month'], duration_s: ['时长', 'a duration'],
  minutes_s: ['分钟数', 'a number of minutes'], bool: ['是/否', 'yes or no'],
};

/** Tables loads fill (a value missing there can be loaded first), as against reference data. */
const ENTITY_TABLES = new Set(['live_bases', 'merchants', 'hubs']);

/** How a cell of each kind may be written, for the reason a user corrects a cell by. */
const KIND_EXAMPLES: Record<ParseKind, [zh: string, en: string]> = {
  text: ['任意文字', 'any text'], id: ['如 6917000000000000001', 'such as 6917000000000000001'],
  num: ['如 12.5、1.2万、3%', 'such as 12.5, 1.2万 or 3%'], int: ['如 12、1.2万', 'such as 12 or 1.2万'],
  money: ['如 1234.50、¥1,234.50、1.2万元', 'such as 1234.50, ¥1,234.50 or 1.2万元'], money_fen: ['以分计的整数，如 12350', 'whole fen, such as 12350'],
  rate: ['如 0.0123 或 1.23%', 'such as 0.0123 or 1.23%'],
  time: ['如 2026-03-21 19:15:15、2026/3/21 19:15', 'such as 2026-03-21 19:15:15 or 2026/3/21 19:15'],
  date: ['如 2026-03-21 或 2026/3/21', 'such as 2026-03-21 or 2026/3/21'], month: ['如 2026-03', 'such as 2026-03'],
  duration_s: ['如 1分23秒、00:01:23', 'such as 1分23秒 or 00:01:23'], minutes_s: ['分钟数，如 90', 'minutes, such as 90'],
  bool: ['是/否、true/false、1/0', '是/否, true/false or 1/0'],
};

/** How a totals row starts (Excel's and the platforms' own summary rows). */
const TOTALS_PREFIXES = ['合计', '总计', '小计', '汇总', '合 计', '总 计'];

/** SQL: text `x` (trimmed, or NULL) reads as a totals row's label. Prefixes are constants of this module. */
const isTotalsText = (x: string) =>
  `coalesce(${TOTALS_PREFIXES.map((p) => `starts_with(${x}, '${p}')`).join(' OR ')} OR lower(${x}) LIKE 'total%', false)`;

/**
 * SQL: an id cell `x` that is a totals label and nothing else (合计, 总计：, Total). Whole-word, as
 * an account may well start with one (TotalBeauty_official): a prefix would skip its rows.
 */
export const isTotalsWord = (x: string) =>
  `coalesce(regexp_full_match(${x}, '(?i)(?:合\\s*计|总\\s*计|小计|汇总|totals?|grand total)\\s*[:：]?'), false)`;

/** Reasons are stored "中文 / English": the upload page shows the half in its language. */
const REASON = {
  totals: '合计行，不是一条记录 / a totals row, not a record',
  header: '重复的表头行（多个导出文件被拼在了一起） / the header line again (exports joined into one file)',
  wholeRow: WHOLE_ROW,
  truncated: '文件在这一行中间结束（下载或复制可能被中断）：请重新下载或导出该文件'
    + ' / the file ends in the middle of this row (a download or copy may have been cut off): download or export the file again',
  missing: '缺少必填值 / required value missing',
  // {n}: the row's count, filled in SQL.
  fewerCells: (header: number) => `此行只有 {n} 个单元格，表头有 ${header} 个（可能缺了单元格，或混入了另一种导出的行）：各列会错位，请检查文件中的这一行`
    + ` / this row has {n} cells where the header has ${header} (a cell may be missing, or the line comes from another export): its values would land in the wrong columns, so check this line of the file`,
  moreCells: (header: number) => `此行的单元格多于表头的 ${header} 个（可能某个单元格里有未加引号的逗号）：各列会错位，请检查文件中的这一行`
    + ` / this row has more cells than the header's ${header} (a cell may hold a comma without quotes): its values would land in the wrong columns, so check this line of the file`,
  unreadable: (k: ParseKind) => `无法读取为${KIND_WORDS[k][0]}（${KIND_EXAMPLES[k][0]}） / cannot be read as ${KIND_WORDS[k][1]} (${KIND_EXAMPLES[k][1]})`,
  pattern: '编号格式不符（可能被表格软件改成了科学计数法或截断；请从平台重新导出，不要用表格软件打开后另存）'
    + ' / id does not have the expected shape (a spreadsheet may have turned it into 6.9E+18 or cut it: export it again from the platform, without opening and saving it in a spreadsheet)',
  min: (n: number) => `小于允许的最小值 ${n} / below the smallest allowed value ${n}`,
  ref: (table: string) => ENTITY_TABLES.has(table)
    ? `未知编号：${table} 中没有此值（请先导入，或改正编号） / unknown id: ${table} has no such value (load it first, or correct the id)`
    : `不是 ${table} 的已知值（可选值见 data/reference/${table}.csv；新增需编辑该文件并重启） / not a known value of ${table} (data/reference/${table}.csv lists them; to add one, edit that file and restart)`,
};

/**
 * Text `x` is one of `values` (bound parameters). Not `x IN (…)`: DuckDB plans an IN list of five
 * or more constants as a hash join of its own under the projection; a list function stays a function.
 */
const oneOf = (x: string, values: string[]) => `list_contains([${values.map((v) => `CAST(${v} AS VARCHAR)`).join(', ')}], ${x})`;

const isConst = (r: Mapping['columns'][string]): r is ConstRule => 'const' in r;
const isRefund = (r: Mapping['columns'][string]): r is RefundStateRule => 'parse' in r && r.parse === 'refund_state';

export function planParse(sheet: StagedSheet, m: Mapping, hashKey: string): ParsePlan {
  const params: SqlParams = {};
  let n = 0;
  const bind = (v: string | number | boolean | null) => { const k = `v${n++}`; params[k] = v; return `$${k}`; };
  const index = (from: string) => sheet.headers.findIndex((h) => normHeader(h) === normHeader(from));
  const personal = new Set<number>();
  for (const h of m.drop ?? []) { const i = index(h); if (i >= 0) personal.add(i); }

  const level1: string[] = [];
  const final: string[] = [];
  const errors: string[] = [];
  // Errors of id columns (those with a shape): such a row is not a record at all (a totals row),
  // so it is quarantined even where a skip rule would otherwise explain it.
  const idErrors: string[] = [];
  const missing: string[] = [];
  const absent: string[] = [];
  const columns = Object.keys(m.columns);
  const sources: Record<string, string> = {};
  const patterned: string[] = [];
  const used = new Set<number>();
  const parts = new Set<number>();
  const idCells = new Set<number>();

  for (const [col, rule] of Object.entries(m.columns)) {
    if (isConst(rule)) {
      if (rule.const === null || rule.fallback) absent.push(col);
      level1.push(`CAST(${bind(rule.const)} AS VARCHAR) AS v_${col}`);
      continue;
    }
    const i = index(rule.from);
    if (i < 0) {
      if ('required' in rule && rule.required) missing.push(rule.from);
      absent.push(col);
      level1.push(`NULL AS v_${col}`);
      continue;
    }
    used.add(i);
    if ('parse' in rule && rule.parse === 'id') idCells.add(i);
    sources[col] = rule.from;
    // The cell's trimmed text, computed once per row in the inner layer; the parsers read it
    // (each gives the same value for a cell and for its trimmed text, see values.sql).
    const t0 = `t${i}`;
    if (isRefund(rule)) {
      // '-' or blank means no after-sale; a completed refund is the line amount; any other state is unknown.
      level1.push(`CASE WHEN ${t0} IS NULL${rule.none.length ? ` OR ${oneOf(t0, rule.none.map(bind))}` : ''} THEN 'none'
        WHEN ${rule.refunded.length ? oneOf(t0, rule.refunded.map(bind)) : 'false'} THEN 'refunded' END AS v_${col}`);
      continue;
    }
    const r = rule as ColumnRule;
    if (r.hash) personal.add(i);
    let text = t0;
    if (r.part) {
      // The parts of a cell, split once per row in the inner layer however many columns read them.
      parts.add(i);
      text = `nullif(a${i}[${Number(r.part)}], '')`;
    }
    let value = r.map
      ? `CASE ${Object.entries(r.map).map(([a, b]) => `WHEN ${text} = ${bind(a)} THEN ${bind(b)}`).join(' ')} ELSE ${r.otherwise === undefined ? text : `CAST(${bind(r.otherwise)} AS VARCHAR)`} END`
      : r.parse === 'text' && !r.part ? text : MACRO[r.parse](text);
    if (r.hash) value = `CASE WHEN ${text} IS NOT NULL THEN sha256(${bind(hashKey)} || ${text}) END`;
    // A literal (a finite number, validated with the mapping), not a parameter: a parameter is a
    // DOUBLE, and the CASE would turn a money column's exact DECIMAL into a binary fraction.
    if (r.emptyAs !== undefined && Number.isFinite(r.emptyAs)) value = `CASE WHEN ${text} IS NULL THEN ${Number(r.emptyAs)} ELSE ${value} END`;
    if (r.scale !== undefined) value = `(${value}) * ${bind(r.scale)}`;
    level1.push(`${value} AS v_${col}`);

    // The first failed check of a row, column by column in mapping order.
    const raw = personal.has(i) ? 'NULL' : t0;
    const err = (cond: string, reason: string) => `CASE WHEN ${cond} THEN struct_pack(col := ${bind(r.from)}, raw := ${raw}, reason := ${bind(reason)}) END`;
    const list = r.pattern ? idErrors : errors;
    if (r.required) list.push(err(`v_${col} IS NULL AND ${t0} IS NULL`, REASON.missing));
    if (!r.map) list.push(err(`v_${col} IS NULL AND ${text} IS NOT NULL`, REASON.unreadable(r.parse)));
    if (r.pattern) list.push(err(`v_${col} IS NOT NULL AND NOT regexp_full_match(CAST(v_${col} AS VARCHAR), ${bind(r.pattern)})`, REASON.pattern));
    if (r.pattern) patterned.push(col);
    if (r.min !== undefined) errors.push(err(`v_${col} < ${bind(r.min)}`, REASON.min(r.min)));
    if (r.ref) {
      if (!REF_TARGETS.includes(r.ref)) throw new Error(`mapping ${m.id}: ref ${r.ref} is not an allowed table.column`);
      // Table and column from the allow-list REF_TARGETS (validated with the mapping), never from the file.
      const [table, key] = r.ref.split('.');
      errors.push(err(`v_${col} IS NOT NULL AND CAST(v_${col} AS VARCHAR) NOT IN (SELECT ${key} FROM ${table})`, REASON.ref(table)));
    }
  }

  for (const [col, rule] of Object.entries(m.columns)) {
    if (isRefund(rule)) {
      final.push(`CASE v_${col} WHEN 'none' THEN 0 WHEN 'refunded' THEN v_amount END AS p_${col}`);
    } else if (!isConst(rule) && (rule as ColumnRule).per) {
      final.push(`v_${col} * v_${(rule as ColumnRule).per} AS p_${col}`);
    } else {
      final.push(`v_${col} AS p_${col}`);
    }
  }

  const skips = (m.skip ?? []).flatMap((s) => {
    const i = index(s.column);
    if (i < 0) return [];
    used.add(i);
    const reason = bind(`${s.reason.zh} / ${s.reason.en}`);
    const conds = [
      ...(s.in?.length ? [oneOf(`t${i}`, s.in.map(bind))] : []),
      ...(s.empty ? [`t${i} IS NULL`] : []),
    ];
    return conds.map((c) => `WHEN ${c} THEN ${reason}`);
  });

  // A totals row (合计 / 总计 … in its first cells) that fails the checks is skipped as what it is,
  // not quarantined as an order with its id missing.
  const first = sheet.headers.slice(0, 3).map((_, i) => `c${i}`);
  const totalsText = first.length ? `ltrim(coalesce(${first.join(', ')}), ' \t\u3000')` : 'NULL';
  const isTotal = isTotalsText(totalsText);
  // An id column (an account, an order id) that itself reads 合计 is a totals row even where every
  // check passes (Compass's totals line has an account cell and sums in every other).
  const idTotal = [...idCells].map((i) => isTotalsWord(`t${i}`));
  const totalsReason = bind(REASON.totals);
  // A row with more or fewer cells than the header (csv.ts): read shifted, so quarantined whole.
  const pass = `${sheet.cellCounts ? ', cells' : ''}, is_head`;
  // The header again, further down (exports joined into one file): skipped as such, not
  // quarantined with its id "turned into 6.9E+18" by a spreadsheet.
  const [h0, h1] = sheet.headers;
  // The second file's own BOM comes along when files are joined (\uFEFF主订单编号).
  const isHead = h0?.trim() && h1?.trim() ? `coalesce(ltrim(c0, chr(65279)) = ${bind(h0)} AND c1 = ${bind(h1)}, false)` : 'false';
  const headReason = bind(REASON.header);
  if (sheet.cellCounts) {
    idErrors.unshift(`CASE WHEN cells IS NOT NULL THEN struct_pack(col := ${bind(REASON.wholeRow)}, raw := NULL::VARCHAR,
      reason := CASE WHEN cells < 0 THEN ${bind(REASON.moreCells(sheet.cellCounts))} ELSE replace(${bind(REASON.fewerCells(sheet.cellCounts))}, '{n}', CAST(cells AS VARCHAR)) END) END`);
  }
  // A file cut off mid-row: its last record is quarantined whole, before any other check reads it.
  if (sheet.truncatedRecord !== undefined) {
    idErrors.unshift(`CASE WHEN record = ${bind(sheet.truncatedRecord)} THEN struct_pack(col := ${bind(REASON.wholeRow)}, raw := NULL::VARCHAR, reason := ${bind(REASON.truncated)}) END`);
  }
  const cells = [...used].sort((a, b) => a - b);
  const texts = cells.map((i) => `bs_text(c${i}) AS t${i}`);
  const split = cells.map((i) => parts.has(i) ? `t${i}, regexp_split_to_array(t${i}, '[\\s\u3000]+') AS a${i}` : `t${i}`);
  const noErr = 'NULL::STRUCT(col VARCHAR, raw VARCHAR, reason VARCHAR)';
  // Layers, each a projection computed once per row: trimmed texts; split parts; values; the
  // first failed check of the id columns (e_id) and of the others; skip reason and error.
  const failed = `is_total AND (e_id IS NOT NULL OR e_other IS NOT NULL${idTotal.map((x) => ` OR ${x}`).join('')})`;
  const sql = `SELECT record, line, ${columns.map((c) => `p_${c}`).join(', ')},
    CASE WHEN is_head THEN ${headReason} WHEN ${failed} THEN ${totalsReason}${skips.length ? ` WHEN e_id IS NULL THEN CASE ${skips.join(' ')} END` : ''} END AS skip,
    CASE WHEN NOT is_head AND NOT (${failed}) THEN coalesce(e_id, e_other) END AS err
  FROM (SELECT record, line, is_total, is_head, ${final.join(', ')}${cells.length ? `, ${cells.map((i) => `t${i}`).join(', ')}` : ''},
      ${idErrors.length ? `coalesce(${idErrors.join(',\n      ')})` : noErr} AS e_id,
      ${errors.length ? `coalesce(${errors.join(',\n      ')})` : noErr} AS e_other
    FROM (SELECT record, line, is_total${pass}${cells.length ? `, ${cells.map((i) => `t${i}`).join(', ')}` : ''}${parts.size ? `, ${[...parts].map((i) => `a${i}`).join(', ')}` : ''}, ${level1.join(',\n      ')}
      FROM (SELECT record, line, is_total${pass}${split.length ? `, ${split.join(', ')}` : ''}
        FROM (SELECT record, line, ${isTotal} AS is_total${sheet.cellCounts ? ', cells' : ''}, ${isHead} AS is_head${texts.length ? `, ${texts.join(', ')}` : ''} FROM ${sheet.table}))))`;
  const kept = cells.filter((i) => !personal.has(i));
  return { sql, params, columns, missing, absent, kept, sources, patterned };
}

/** JSON of a staged row's kept cells (ParsePlan.kept): what quarantine.raw holds. */
export function rawJsonSql(sheet: StagedSheet, kept: number[], params: SqlParams, prefix = 'h'): string {
  const pairs = kept.map((i) => {
    params[`${prefix}${i}`] = normHeader(sheet.headers[i]) || `column ${i + 1}`;
    return `$${prefix}${i}, s.c${i}`;
  });
  return pairs.length ? `json_object(${pairs.join(', ')})::VARCHAR` : `'{}'`;
}
