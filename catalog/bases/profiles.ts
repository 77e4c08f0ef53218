import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';

/**
 * Assessment profiles: the thresholds a base is scored and flagged against, as data
 * (data/reference/base-profiles/<id>.json), so a province can add its own file without code.
 * A criterion names a base measure (BASE_CRITERION_MEASURES) or `null` when the data cannot
 * check it (it is listed, never scored).
 */

/** The figures a criterion can check, each a base figure of the assessment (catalog/bases/assess.ts). */
export const BASE_CRITERION_MEASURES = [
  'area_m2', 'rooms', 'monthly_live_gmv', 'merchants', 'resident_merchants', 'training_events_per_year',
  'utilization', 'sessions_per_room_week',
] as const;
export type CriterionMeasure = (typeof BASE_CRITERION_MEASURES)[number];

const label = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const criterion = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  measure: z.enum(BASE_CRITERION_MEASURES).nullable(),
  min: z.number().nonnegative(),
  unit: z.string(),
  label,
});
const share = z.number().min(0).max(1);

/** The flags' thresholds: validated here, and sent as they are with the profile's info (/api/bases). */
export const profileFlagsSchema = z.strictObject({
  underused: z.strictObject({ utilization_below: share, weeks: z.number().int().min(1).max(52) }),
  declining: z.strictObject({ months: z.number().int().min(1).max(12) }),
  single_merchant: z.strictObject({ share_above: share }),
  anchors_leaving: z.strictObject({ churn_above: share }),
  return_mismatch: z.strictObject({ difference_above: z.number().positive() }),
});

export const baseProfileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: label,
  source: label,
  demo_scaled: z.boolean(),
  criteria: z.strictObject({ vertical: z.array(criterion), comprehensive: z.array(criterion) }),
  flags: profileFlagsSchema,
});

export type BaseProfile = z.infer<typeof baseProfileSchema>;
export type BaseCriterion = z.infer<typeof criterion>;

export const profilesDir = (): string =>
  process.env.BELTSCOPE_PROFILES_DIR ?? fileURLToPath(new URL('../../data/reference/base-profiles/', import.meta.url));

/** The profile ids on disk (file names without .json). */
export function listProfiles(dir = profilesDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^[a-z0-9-]+\.json$/.test(f)).map((f) => f.slice(0, -5)).sort();
}

const cache = new Map<string, { mtime: string; profile: BaseProfile }>();

/** Read and check one profile; a bad file is a clear error naming the file and the field. */
export function loadProfile(id: string, dir = profilesDir()): BaseProfile {
  const ids = listProfiles(dir);
  if (!ids.includes(id)) {
    throw new AppError('invalid_param', `Unknown profile "${id}". Profiles are the JSON files in data/reference/base-profiles/: ${ids.join(', ')}.`,
      `未知的评估标准 "${id}"。标准是 data/reference/base-profiles/ 下的 JSON 文件：${ids.join('、')}。`, 400, { param: 'profile', allowed: ids });
  }
  const file = `${dir.replace(/\/?$/, '/')}${id}.json`;
  const text = readFileSync(file, 'utf8');
  const hit = cache.get(file);
  if (hit && hit.mtime === text) return hit.profile;
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) {
    throw new AppError('bad_profile', `Profile file ${id}.json is not valid JSON: ${(e as Error).message}`,
      `评估标准文件 ${id}.json 不是有效的 JSON：${(e as Error).message}`, 500);
  }
  const parsed = baseProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.') || '(top level)';
    throw new AppError('bad_profile', `Profile file ${id}.json: ${where}: ${issue.message}. See README "Assessment profiles".`,
      `评估标准文件 ${id}.json：${where}：${issue.message}。格式见 README「Assessment profiles」。`, 500);
  }
  if (parsed.data.id !== id) {
    throw new AppError('bad_profile', `Profile file ${id}.json says its id is "${parsed.data.id}"; the id must be the file name.`,
      `评估标准文件 ${id}.json 中的 id 为 "${parsed.data.id}"，须与文件名一致。`, 500);
  }
  cache.set(file, { mtime: text, profile: parsed.data });
  return parsed.data;
}

/** The database's default: the demo profile for the demo database, the published Shenzhen criteria otherwise. */
export const defaultProfileId = (demo: boolean) => (demo ? 'demo' : 'shenzhen-2023');
