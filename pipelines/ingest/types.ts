import type { Label } from '../../catalog/types.ts';

/**
 * The vocabulary of real-export ingestion. A file is read into a staging table of text
 * columns (read.ts), recognised by its headers (detect.ts), converted by a mapping (a JSON
 * description of one export variant, mappings/*.json) into canonical rows with SQL (load.ts),
 * and loaded in one transaction. Every input row ends in exactly one place.
 */

export const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'wechat_channels'] as const;
export type PlatformId = (typeof PLATFORMS)[number];

/** The canonical tables a file can load into. */
export const TARGETS = ['orders', 'live_sessions', 'session_minutes', 'listings', 'production_batches',
  'merchants', 'merchant_accounts', 'live_bases', 'hubs', 'base_returns'] as const;
export type Target = (typeof TARGETS)[number];

export type FileFormat = 'csv' | 'xlsx' | 'parquet';
export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** One sheet (CSV and Parquet files have one) read into a staging table. */
export interface StagedSheet {
  /** XLSX sheet name; null for CSV and Parquet. */
  sheet: string | null;
  /** Header cells as written (untrimmed), in column order; column i of the table is `c<i>`. */
  headers: string[];
  /**
   * A temporary table with VARCHAR columns `c0` … `c<n-1>` (cells as text, null for an empty
   * cell), `record` (1 = first data row) and `line` (the physical line, or XLSX row, where the
   * record starts). Column names never come from the file.
   */
  table: string;
  rows: number;
  /**
   * The last record, when the file stops in the middle of it (no line end after it, and a quote
   * left open or fewer cells than the header): a download cut off. It is quarantined, never
   * loaded with its missing cells as blanks.
   */
  truncatedRecord?: number;
  /**
   * The table has `cells` (CSV): a row's cell count where it differs from the header's (csv.ts);
   * the value is the number of columns the header names.
   */
  cellCounts?: number;
}

export interface StagedFile {
  file: string;
  format: FileFormat;
  /** For CSV: the encoding detected from the bytes (or given). */
  encoding: Encoding | null;
  sheets: StagedSheet[];
}

/** How a cell becomes a canonical value: one parser (values.sql) shared by every mapping. */
export type ParseKind =
  | 'text'       // trimmed text; '-', '--', blank → null
  | 'id'         // text with "\t…", leading = or ' and ="…" wrappers removed
  | 'num'        // number: 万/w/亿 suffixes, ¥/元, thousands separators, percent strings → fraction
  | 'int'        // num that must be whole
  | 'money'      // num rounded to fen, DECIMAL(18,2)
  | 'money_fen'  // an integer of fen (WeChat Channels' API), ÷ 100
  | 'rate'       // a fraction (0.0137) or a percent string ("1.37%") → fraction
  | 'time'       // local (Asia/Shanghai) date-time in the formats exports use, or an Excel serial
  | 'date'       // local date
  | 'month'      // a month (2026-03, 2026年3月, 202603, or any date in it) → its first day
  | 'duration_s' // seconds: "1分23秒", "00:01:23", or a number of seconds
  | 'minutes_s'  // a number of minutes → seconds
  | 'bool';      // true/false, 1/0, 是/否 (canonical files)

export interface ColumnRule {
  /** Header of the source column (compared after trimming spaces). */
  from: string;
  parse: ParseKind;
  /** A row without it is quarantined. */
  required?: boolean;
  /** A regular expression the parsed text must match (ids: Douyin order ids are 19 digits). */
  pattern?: string;
  /** The smallest allowed value (amounts ≥ 0). */
  min?: number;
  /** Multiply the parsed number by this (e.g. minutes → seconds), then by `per`'s value. */
  scale?: number;
  /** Another canonical column of the row to multiply by (average watch minutes × viewers). */
  per?: string;
  /** Text values mapped to other text (流量来源 → channel); unlisted values take `otherwise`. */
  map?: Record<string, string>;
  otherwise?: string | null;
  /** Split the text on white space and take this part (1 = first): 收货地址 → province, city. */
  part?: number;
  /** Keep only a keyed hash of the value (buyer ids): the value itself is personal data. */
  hash?: boolean;
  /** The value must name a row of this table (e.g. a return's base): otherwise the row is quarantined. */
  ref?: RefTarget;
  /**
   * What an empty cell or a placeholder (`-`) means, where the export writes one for "none" and
   * none is a number (a session that sold nothing: 直播间成交金额 `-` is GMV 0). Without it such a
   * cell is unknown (null), and a required column's row is quarantined.
   */
  emptyAs?: number;
}

/** Tables and key columns a mapping may check values against (an allow-list: they reach SQL). */
export const REF_TARGETS = ['live_bases.base_id', 'merchants.merchant_id', 'hubs.hub_id', 'belts.belt_id', 'platforms.platform_id',
  'categories.category_id', 'merchant_kinds.kind', 'size_classes.size_class', 'venues.venue', 'operator_models.operator_model'] as const;
export type RefTarget = (typeof REF_TARGETS)[number];

/**
 * A value every row of the export shares. `fallback`: the export does not know the value, and
 * this one stands in (Taobao's channel: unknown): new rows take it, a known row keeps its own.
 * A const null is always such a stand-in.
 */
export interface ConstRule { const: string | number | boolean | null; fallback?: boolean }

/** A Douyin-style after-sale state: which states mean a full refund, which mean none. */
export interface RefundStateRule {
  from: string;
  parse: 'refund_state';
  /** States that mean the line was refunded in full (退款成功). */
  refunded: string[];
  /** States that mean no refund; an empty cell or '-' always does. */
  none: string[];
}

export interface SkipRule {
  /** Source column whose (trimmed) value decides. */
  column: string;
  /** Skip when the value is one of these… */
  in?: string[];
  /** …or when the cell is empty (an unpaid order has no payment time). */
  empty?: boolean;
  reason: Label;
}

export interface Mapping {
  id: string;
  label: Label;
  /** Documentation: what the export is and where it comes from. */
  description: Label;
  platform: PlatformId | null;
  target: Target;
  formats: FileFormat[];
  /** Recognised when every one of these headers is present (and, for XLSX, the sheet name matches if given). */
  detect: { headers: string[]; sheet?: string };
  /** Canonical column → how to read it. `duration_s` (a session's length) gives `ended_at` when there is no end time. */
  columns: Record<string, ColumnRule | RefundStateRule | ConstRule>;
  skip?: SkipRule[];
  /** Personal data: never kept, not even in quarantine rows. */
  drop?: string[];
  /** Live exports without a start time need --date: the session starts at local midnight of that day. */
  needsDate?: boolean;
}
