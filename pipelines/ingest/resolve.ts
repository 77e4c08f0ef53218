import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../lib/errors.ts';
import { flag, type Audience } from '../../lib/flags.ts';
import type { LoadOptions } from '../../lib/loadOptions.ts';
import type { Mapping } from './types.ts';

export type { LoadOptions } from '../../lib/loadOptions.ts';

const one = async (con: DuckDBConnection, sql: string, params: Record<string, string>) =>
  (await con.runAndReadAll(sql, params)).getRowObjectsJS()[0] as Record<string, unknown> | undefined;

/** A merchant --merchant --belt created: its belt, and the known ids it may be a slip for (S-HN-01 beside S-HN-001). */
export interface CreatedMerchant { merchant: string; belt: string; similar: string[] }

/**
 * The merchant a shop export belongs to. Back-office exports do not name their shop: --merchant
 * names it; an existing merchant gives the belt, `--merchant ID --belt B` creates it with exactly
 * that id, as part of the load (`datasetId`): undoing the load takes it, unless later loads use
 * it (db/removeDataset.ts hands it to the newest of them). With `write` false it only says what
 * it would give (a load's preparation, see ingest.ts).
 */
export async function resolveMerchant(con: DuckDBConnection, o: LoadOptions, file: string, write = true,
  datasetId: number | null = null): Promise<{ merchant: string; belt: string; created: CreatedMerchant | null }> {
  if (!o.merchant) {
    throw new AppError('merchant_needed', `${file}: this export does not name its shop. Pass ${flag(o.via, 'merchant', 'ID')} (and ${flag(o.via, 'belt', 'B')} to create a new merchant).`,
      `${file}：此导出文件不含店铺信息。请用${flag(o.via, 'merchant', 'ID', 'zh')}指定商家ID（新商家再加${flag(o.via, 'belt', 'B', 'zh')}指定产业带）。`);
  }
  const m = await one(con, 'SELECT belt_id FROM merchants WHERE merchant_id = $id', { id: o.merchant });
  if (m) {
    if (o.belt && o.belt !== m.belt_id) {
      throw new AppError('belt_mismatch', `Merchant ${o.merchant} belongs to ${m.belt_id}, not ${o.belt}.`, `商家 ${o.merchant} 属于 ${m.belt_id}，而不是 ${o.belt}。`);
    }
    return { merchant: o.merchant, belt: String(m.belt_id), created: null };
  }
  if (!o.belt) {
    // A shop's name typed where its id belongs would otherwise create a second merchant.
    const near = await similarMerchants(con, o.merchant);
    const [hint, hintZh] = near.length
      ? [` Known merchants close to it: ${near.map((m) => `${m.id} (${m.name})`).join(', ')}.`, `相近的已有商家：${near.map((m) => `${m.id}（${m.name}）`).join('、')}。`]
      : ['', ''];
    throw new AppError('unknown_merchant', `Merchant "${o.merchant}" is not known.${hint} If the shop is already loaded, give its merchant id, not its name; to create it, give its belt (${flag(o.via, 'belt', 'B')}).`,
      `商家 "${o.merchant}" 不存在。${hintZh}若该店铺已导入过，请填它的商家ID（不是店名）；若要新建，请加${flag(o.via, 'belt', 'B', 'zh')}指定它的产业带。`);
  }
  await assertKnown(con, 'belts', 'belt_id', o.belt, 'belt', o.via);
  // A typo of a known id creates a second shop without a word otherwise: said in the load's message.
  const similar = (await similarMerchants(con, o.merchant)).map((m) => m.id);
  if (write) {
    await con.run(`INSERT INTO merchants (merchant_id, belt_id, name, dataset_id) VALUES ($id, $belt, $id, $ds)`,
      { id: o.merchant, belt: o.belt, ds: datasetId });
  }
  return { merchant: o.merchant, belt: o.belt, created: { merchant: o.merchant, belt: o.belt, similar } };
}

/**
 * Known merchants a typed id may mean: the same id in another case (s-hn-001), one within two
 * edits of it (S-HN-01), or a shop whose name it is (示例皮草工厂). At most three, nearest first.
 */
async function similarMerchants(con: DuckDBConnection, typed: string): Promise<{ id: string; name: string }[]> {
  return (await con.runAndReadAll(`SELECT merchant_id AS id, name FROM merchants
      WHERE lower(merchant_id) = lower($t) OR trim(name) = trim($t)
         OR (length($t) >= 4 AND levenshtein(lower(merchant_id), lower($t)) <= 2)
      ORDER BY trim(name) = trim($t) DESC, levenshtein(lower(merchant_id), lower($t)), merchant_id LIMIT 3`, { t: typed }))
    .getRowObjectsJS().map((r) => ({ id: String(r.id), name: String(r.name ?? r.id) }));
}

/** A line without a category takes --category or the belt's main category. */
export async function resolveCategory(con: DuckDBConnection, o: LoadOptions, belt: string): Promise<string> {
  if (o.category) { await assertKnown(con, 'categories', 'category_id', o.category, 'category', o.via); return o.category; }
  const b = await one(con, 'SELECT category_id FROM belts WHERE belt_id = $b', { b: belt });
  // A merchant of a belt the reference data does not know (loaded before canonical files were checked against it).
  if (!b) {
    throw new AppError('unknown_belt', `The merchant's belt ${belt} is not a known belt, so its main category is unknown. Pass ${flag(o.via, 'category', 'ID')}, or correct the merchant's belt_id in a merchants file and load it.`,
      `该商家所属的产业带 ${belt} 不存在，无法确定其主品类。请用${flag(o.via, 'category', 'ID', 'zh')}指定品类，或在商家文件中改正其 belt_id 后重新导入。`);
  }
  return String(b.category_id);
}

/** Reference ids given on the command line (or in the form) must exist: a typo would otherwise load silently. */
export async function assertKnown(con: DuckDBConnection, table: 'belts' | 'categories' | 'live_bases' | 'venues' | 'platforms', col: string, id: string,
  option: string, via?: Audience) {
  const r = await one(con, `SELECT 1 AS x FROM ${table} WHERE ${col} = $id`, { id });
  if (!r) {
    const all = (await con.runAndReadAll(`SELECT ${col} AS id FROM ${table} ORDER BY 1`)).getRowObjectsJS().map((x) => String(x.id));
    throw new AppError('unknown_value', `${flag(via, option, id)} is not known. Known: ${all.slice(0, 20).join(', ')}${all.length > 20 ? ', …' : ''}.`,
      `${flag(via, option, id, 'zh').trim()} 不存在。可选：${all.slice(0, 20).join('、')}${all.length > 20 ? '…' : ''}。`, 400, { allowed: all });
  }
}

/** The platform of a file: the mapping's, else --platform; a file's rows all share it. */
export function resolvePlatform(m: Mapping, o: LoadOptions, file: string): string | null {
  if (m.platform && o.platform && m.platform !== o.platform) {
    throw new AppError('platform_mismatch', `${file}: this is a ${m.platform} export (${m.id}), but ${flag(o.via, 'platform', o.platform)} says otherwise.`,
      `${file}：这是 ${m.platform} 的导出（${m.id}），但指定了${flag(o.via, 'platform', o.platform, 'zh').trimEnd()}。`);
  }
  return m.platform ?? o.platform ?? null;
}
