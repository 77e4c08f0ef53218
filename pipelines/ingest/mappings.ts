import { readFileSync, readdirSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { FILL_INPUTS } from './targets.ts';
import { PLATFORMS, REF_TARGETS, TARGETS, type Mapping, type RefTarget } from './types.ts';

/**
 * Export mappings are data: one JSON file per export variant in mappings/, and a user's own
 * (`--mapping FILE`) in the same format, validated by the schema below so a new variant needs
 * no code change. Canonical files (columns named as the tables' columns) need no mapping file:
 * canonicalMapping() builds one from the live schema.
 */
const label = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const PARSE_KINDS = ['text', 'id', 'num', 'int', 'money', 'money_fen', 'rate', 'time', 'date', 'month', 'duration_s', 'minutes_s', 'bool'] as const;

const columnRule = z.strictObject({
  from: z.string().min(1),
  parse: z.enum(PARSE_KINDS),
  required: z.boolean().optional(),
  pattern: z.string().refine((p) => { try { new RegExp(p); return true; } catch { return false; } }, 'not a valid regular expression').optional(),
  min: z.number().optional(),
  scale: z.number().optional(),
  per: z.string().optional(),
  map: z.record(z.string(), z.string()).optional(),
  otherwise: z.string().nullable().optional(),
  part: z.number().int().min(1).optional(),
  hash: z.boolean().optional(),
  ref: z.enum(REF_TARGETS).optional(),
  emptyAs: z.number().optional(),
});
const refundRule = z.strictObject({
  from: z.string().min(1), parse: z.literal('refund_state'), refunded: z.array(z.string()), none: z.array(z.string()),
});
const constRule = z.strictObject({ const: z.union([z.string(), z.number(), z.boolean(), z.null()]), fallback: z.boolean().optional() });

export const mappingSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
  label,
  description: label,
  platform: z.enum(PLATFORMS).nullable(),
  target: z.enum(TARGETS),
  formats: z.array(z.enum(['csv', 'xlsx', 'parquet'])).min(1),
  detect: z.strictObject({ headers: z.array(z.string().min(1)).min(1), sheet: z.string().optional() }),
  columns: z.record(z.string().regex(/^[a-z_]+$/), z.union([refundRule, columnRule, constRule])),
  skip: z.array(z.strictObject({
    column: z.string().min(1), in: z.array(z.string()).optional(), empty: z.boolean().optional(), reason: label,
  })).optional(),
  drop: z.array(z.string()).optional(),
  needsDate: z.boolean().optional(),
});

const dir = new URL('./mappings/', import.meta.url);

/** The built-in mappings, most specific first (more detect headers win ties). */
export const BUILT_IN: Mapping[] = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => parseMapping(readFileSync(new URL(f, dir), 'utf8'), `pipelines/ingest/mappings/${f}`));

/** Validate a mapping's JSON text, or throw an AppError that says where it is wrong. */
export function parseMapping(text: string, source: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // V8 says where as a character position; an editor shows lines and columns.
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    const where = at ? (() => {
      const before = text.slice(0, Number(at[1])).split('\n');
      return { line: before.length, col: before.at(-1)!.length + 1 };
    })() : null;
    const en = where ? ` (line ${where.line}, column ${where.col})` : '';
    const zh = where ? `（第 ${where.line} 行第 ${where.col} 列）` : '';
    throw new AppError('bad_mapping', `Mapping ${source} is not valid JSON${en}: ${msg}. A comma missing or left over, or a quote not closed, is the usual cause.`,
      `映射文件 ${source} 不是有效的 JSON${zh}：${msg}。常见原因是缺少或多了逗号，或引号未闭合。`);
  }
  // A parse kind misspelt reads as "Invalid input" through the union of rule shapes: said plainly.
  const cols = (json as { columns?: unknown })?.columns;
  if (cols && typeof cols === 'object') {
    for (const [col, rule] of Object.entries(cols as Record<string, unknown>)) {
      const parse = (rule as { parse?: unknown } | null)?.parse;
      if (parse !== undefined && parse !== 'refund_state' && !(PARSE_KINDS as readonly unknown[]).includes(parse)) {
        const kinds = [...PARSE_KINDS, 'refund_state'].join(', ');
        throw new AppError('bad_mapping', `Mapping ${source}: columns.${col}.parse: "${String(parse)}" is not a kind of value; use one of ${kinds}. See the README's "Your own mapping".`,
          `映射文件 ${source}：columns.${col}.parse 的 "${String(parse)}" 不是可用的值类型，请用：${kinds}。格式见 README 的「Your own mapping」一节。`);
      }
    }
  }
  const r = mappingSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    const at = i.path.join('.') || '(top level)';
    throw new AppError('bad_mapping', `Mapping ${source}: ${at}: ${i.message}. See the README's "Your own mapping" for the format.`,
      `映射文件 ${source}：${at}：${i.message}。格式见 README 的「Your own mapping」一节。`);
  }
  const m = r.data as Mapping;
  for (const [col, rule] of Object.entries(m.columns)) {
    if ('per' in rule && rule.per && !m.columns[rule.per]) {
      throw new AppError('bad_mapping', `Mapping ${source}: columns.${col}.per names "${rule.per}", which the mapping does not read.`,
        `映射文件 ${source}：columns.${col}.per 引用的 "${rule.per}" 不在映射中。`);
    }
  }
  return m;
}

/**
 * A user's mapping names only columns its target table has (or a fill input, FILL_INPUTS): a misspelt one ("amont") would be
 * read by nothing, and every row quarantined for the column it meant. Checked against the live
 * schema when a file is planned (the tables' columns are the database's).
 */
export function assertMappingColumns(m: Mapping, columns: readonly TableColumn[], source: string): void {
  const known = new Set([...columns.map((c) => c.name), ...(FILL_INPUTS[m.target] ?? [])]);
  const wrong = Object.keys(m.columns).filter((c) => !known.has(c));
  if (!wrong.length) return;
  const list = columns.map((c) => c.name).filter((c) => c !== 'dataset_id').join(', ');
  throw new AppError('bad_mapping', `Mapping ${source}: ${wrong.map((c) => `columns.${c}`).join(', ')}: ${m.target} has no such column; its columns are ${list}.`,
    `映射文件 ${source}：${wrong.map((c) => `columns.${c}`).join('、')}：${m.target} 表没有这一列；可用的列为 ${list}。`);
}

export interface TableColumn {
  name: string; type: string; notNull: boolean;
  /** The schema's DEFAULT (SQL from the migrations, e.g. 'vertical'): what a file that leaves the column out or blank gets. */
  default?: string | null;
}

/** Canonical columns that name a person: kept only as a keyed hash, as every export mapping keeps them. */
const CANONICAL_PERSONAL = new Set(['orders.buyer_id']);

/** Canonical columns checked against the table they name: a return of an unknown base is quarantined. */
/**
 * Columns of canonical entity files checked against what they name: a merchant of a belt or kind
 * the reference data does not know would load, then break the loads that read it (a shop
 * export's category comes from the merchant's belt). Entity files are small, so the checks cost
 * nothing a user waits for; fact files are not checked here (a column per row of a million).
 */
const CANONICAL_REFS: Record<string, RefTarget> = {
  'base_returns.base_id': 'live_bases.base_id',
  'merchants.belt_id': 'belts.belt_id', 'merchants.kind': 'merchant_kinds.kind',
  'merchants.size_class': 'size_classes.size_class', 'merchants.home_venue': 'venues.venue',
  'merchant_accounts.platform_id': 'platforms.platform_id', 'merchant_accounts.merchant_id': 'merchants.merchant_id',
  'live_bases.belt_id': 'belts.belt_id', 'live_bases.operator_model': 'operator_models.operator_model',
  'hubs.belt_id': 'belts.belt_id',
};

/** A mapping for a file whose headers are the canonical column names of `table`. */
export function canonicalMapping(table: (typeof TARGETS)[number], columns: TableColumn[]): Mapping {
  const parse = (t: string): Mapping['columns'][string] => {
    const kind = t.startsWith('DECIMAL') ? 'money' : /INT/.test(t) ? 'int' : t === 'DOUBLE' ? 'num'
      : t.startsWith('TIMESTAMP') ? 'time' : t === 'DATE' ? 'date' : t === 'BOOLEAN' ? 'bool' : 'text';
    return { from: '', parse: kind as never };
  };
  const own = columns.filter((c) => c.name !== 'dataset_id');
  const special = (c: TableColumn): Partial<Record<'parse' | 'ref', string>> & { hash?: true } => ({
    ...(CANONICAL_PERSONAL.has(`${table}.${c.name}`) ? { hash: true as const } : {}),
    ...(c.name === 'month' && c.type === 'DATE' ? { parse: 'month' } : {}),
    ...(CANONICAL_REFS[`${table}.${c.name}`] ? { ref: CANONICAL_REFS[`${table}.${c.name}`] } : {}),
  });
  return {
    id: `canonical-${table.replace(/_/g, '-')}`,
    label: { zh: `规范格式：${table}`, en: `Canonical ${table}` },
    description: { zh: `列名即 ${table} 表的列名`, en: `Columns named as the ${table} table's columns` },
    platform: null,
    target: table,
    formats: ['csv', 'xlsx', 'parquet'],
    detect: { headers: own.filter((c) => c.notNull).map((c) => c.name) },
    columns: Object.fromEntries(own.map((c) => [c.name, { ...parse(c.type), ...special(c), from: c.name } as Mapping['columns'][string]])),
  };
}
