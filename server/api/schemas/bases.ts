import { z } from 'zod';
import { profileFlagsSchema } from '../../../catalog/bases/profiles.ts';
import { label, localDate } from './common.ts';

/**
 * GET /api/bases and /api/bases/{id}: live-stream bases assessed over a window of local days.
 * Every figure is computed in the catalog (catalog/bases/); README "Live-base assessment" says how.
 */

const count = z.number().int().nonnegative();
const ratio = (description: string) => z.number().nullable().meta({ description });
const cny = (description: string) => z.number().meta({ description: `${description}, CNY` });

export const BASE_FLAG_IDS = ['underused', 'declining', 'single_merchant', 'anchors_leaving', 'return_mismatch'] as const;
export type BaseFlagId = (typeof BASE_FLAG_IDS)[number];

/** A flag with its reason: the rule applied, with the profile's threshold, and the numbers that triggered it. */
export const baseFlag = z.strictObject({
  id: z.enum(BASE_FLAG_IDS),
  rule: label.meta({ description: 'The rule, with the threshold of the profile, in words' }),
  values: z.record(z.string(), z.union([z.number(), z.string(), z.null(), z.array(z.union([z.number(), z.string(), z.null()]))]))
    .meta({ description: 'The figures the rule looked at (e.g. the weekly utilizations, the months and their values)' }),
});
export type BaseFlag = z.infer<typeof baseFlag>;

/** The profile the bases are scored against. */
export const baseProfileInfo = z.strictObject({
  id: z.string().meta({ description: 'File name under data/reference/base-profiles/, without .json' }),
  name: label,
  source: label.meta({ description: 'Where the thresholds come from' }),
  demo_scaled: z.boolean().meta({ description: 'True when the thresholds are scaled to the demo data, not published criteria' }),
  is_default: z.boolean().meta({ description: 'True when no ?profile= was given and this is the database\'s default (demo for the demo database)' }),
  unchecked: z.array(label).meta({ description: 'Criteria of the profile the data cannot check, not scored' }),
  flags: profileFlagsSchema.meta({ description: 'The flags\' thresholds (underused: utilization below `utilization_below` in each of the last `weeks` weeks, …), so a page can say why a base has no flag' }),
  choices: z.array(z.strictObject({ id: z.string(), name: label, demo_scaled: z.boolean() }))
    .meta({ description: 'Every profile this server has, this one included, in id order: each is asked for with ?profile=<id>' }),
});
export type BaseProfileInfo = z.infer<typeof baseProfileInfo>;

export const baseRow = z.strictObject({
  base_id: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  belt_id: z.string(),
  operator_model: z.string().meta({ description: 'operator_models.operator_model: state_owned, private, association, three_party' }),
  base_type: z.enum(['vertical', 'comprehensive']).meta({ description: 'vertical: one category; comprehensive: several, with public rooms' }),
  opened_on: localDate,
  rooms: count.meta({ description: 'Rooms on the window\'s last day: the latest monthly return\'s room count at or before it, else live_bases.rooms' }),
  room_hours: z.number().meta({ description: 'Σ (ended − started) of the base\'s sessions, hours' }),
  utilization: ratio('room_hours / Σ over the window\'s open days of rooms × operating_hours_per_day; null when the base has no open day with data in the window'),
  days: count.meta({ description: 'Days in [max(from, opened_on, first session day), min(to, last session day)]: the days the loaded session exports cover' }),
  sessions: count,
  sessions_per_room_week: ratio('sessions / rooms / (days / 7); null when days = 0 or rooms = 0'),
  evening_share: ratio('Share of streamed hours in 19:00–23:00 Beijing time; null without hours, or when a session\'s start time is unknown (live_sessions.start_known false)'),
  merchants: count.meta({ description: 'Distinct merchants with a base session in the window' }),
  resident_merchants: count.meta({ description: 'Merchants streaming at the base in ≥ 3 of the four 7-day blocks ending on `to`' }),
  visiting_merchants: count.meta({ description: 'merchants − resident_merchants' }),
  new_merchants: count.nullable().meta({ description: 'Merchants whose first session at the base (in the data) falls in the window; null when the data begin with the window at a base open before them (every merchant would read as new)' }),
  prior_in_data: z.boolean().meta({ description: 'The data reach the previous period (or the base opened after the data begin): false makes anchor_churn null' }),
  anchors: count.meta({ description: 'Distinct anchors (coalesce(anchor_id, account)) of the base\'s sessions' }),
  anchor_churn: ratio('Anchors of the previous period of the same length absent now ÷ anchors of the previous period; null when there were none, or when the data do not reach that period (prior_in_data false)'),
  live_gmv: cny('Σ gmv of the base\'s sessions'),
  belt_live_share: ratio('live_gmv / Σ gmv of all the belt\'s sessions in the window'),
  gpm: ratio('Σ gmv / Σ views × 1000 of the base\'s sessions'),
  conversion: ratio('Σ buyers / Σ viewers of the base\'s sessions'),
  workshop_gpm: ratio('GPM of the same merchants\' workshop sessions in the window'),
  workshop_conversion: ratio('Conversion of the same merchants\' workshop sessions in the window'),
  investment_cny: z.number().nullable(),
  investment_per_wan_gmv: ratio('investment_cny / (live_gmv × 365 / days / 10,000): CNY invested per 万 CNY of annual live GMV; null without GMV or investment'),
  score: z.number().nullable().meta({ description: 'Share of the profile\'s checkable criteria met, 0–100; null when none applies, or when days = 0 (no session data in the window)' }),
  flags: z.array(baseFlag),
});
export type BaseRow = z.infer<typeof baseRow>;

export const baseWindow = z.strictObject({ from: localDate, to: localDate });

/** A base left out of the list because the caller's scope hides figures over so few merchants. */
export const suppressedBase = z.strictObject({ base_id: z.string(), name_zh: z.string(), name_en: z.string(), belt_id: z.string() });

/** GET /api/bases */
export const basesResponse = z.strictObject({
  profile: baseProfileInfo,
  window: baseWindow,
  rows: z.array(baseRow).meta({ description: 'Every base in scope (and belt filter), by score then live GMV, descending; under a scope with a minimum cohort, without the bases in `suppressed`' }),
  suppressed: z.array(suppressedBase).meta({ description: 'Bases left out because their sessions in the window come from at least one but fewer merchants than the caller\'s minimum cohort (every figure of a base is its merchants\' streams and sales); a base with no merchant in the window identifies nobody and stays in `rows`. Empty without a minimum cohort' }),
  notes: z.array(label).meta({ description: 'What the scope hides, when it hides anything (the minimum cohort)' }),
});
export type BasesResponse = z.infer<typeof basesResponse>;

export const baseWeek = z.strictObject({
  week: localDate.meta({ description: 'Monday of the week' }),
  days: count.meta({ description: 'Open days with data in the week (inside the window)' }),
  rooms: count,
  room_hours: z.number(),
  utilization: ratio('null when days = 0'),
  sessions: count,
  live_gmv: z.number(),
});
export type BaseWeek = z.infer<typeof baseWeek>;

export const baseMonth = z.strictObject({
  month: localDate.meta({ description: 'First day of the month' }),
  merchants: count,
  new_merchants: count,
  anchors: count,
  sessions: count,
  room_hours: z.number(),
  live_gmv: z.number(),
});
export type BaseMonth = z.infer<typeof baseMonth>;

const venueFigures = z.strictObject({
  sessions: count,
  live_gmv: z.number(),
  views: count,
  viewers: count,
  buyers: count,
  gpm: ratio('Σ gmv / Σ views × 1000'),
  conversion: ratio('Σ buyers / Σ viewers'),
});

/** Base vs workshop: the base's merchants who also streamed from their workshops in the window. */
export const baseVsWorkshop = z.strictObject({
  merchants: count.meta({ description: 'Merchants with sessions both at the base and in their workshop in the window' }),
  base: venueFigures,
  workshop: venueFigures,
});

export const baseStandard = z.strictObject({
  id: z.string(),
  label,
  threshold: z.number(),
  unit: z.string(),
  value: z.number().nullable(),
  met: z.boolean().nullable().meta({ description: 'null when the data cannot check it (then it is not scored)' }),
});
export type BaseStandard = z.infer<typeof baseStandard>;

export const baseReturnMonth = z.strictObject({
  month: localDate,
  reported: z.strictObject({
    rooms: count.nullable(), sessions: count.nullable(), merchants_served: count.nullable(), gmv_cny: z.number().nullable(),
    training_events: count.nullable(), jobs_created: count.nullable(),
  }).nullable().meta({ description: 'The base\'s monthly return; null when none was filed' }),
  observed: z.strictObject({ sessions: count, merchants: count, live_gmv: z.number() }).meta({
    description: 'The sessions of the month inside the window and the data (part of the month where whole_month is false)' }),
  whole_month: z.boolean().meta({ description: 'The window and the session data cover every day of the month the base was open' }),
  gmv_difference: ratio('(reported GMV − observed GMV) / observed GMV; null without a return, without observed GMV, or when whole_month is false (a month\'s return against part of its sessions)'),
});
export type BaseReturnMonth = z.infer<typeof baseReturnMonth>;

export const baseRoiYear = z.strictObject({
  year: z.number().int(),
  days: count,
  live_gmv: z.number(),
  investment_per_wan_gmv: ratio('investment / (live GMV annualised over the year\'s open days with data / 10,000)'),
});

/** GET /api/bases/{id} */
export const baseDetailResponse = z.strictObject({
  profile: baseProfileInfo,
  window: baseWindow,
  base: baseRow.extend({
    area_m2: z.number().nullable(),
    operating_hours_per_day: z.number(),
  }),
  weekly: z.array(baseWeek).meta({ description: 'Monday-started weeks touching the window, oldest first; the first and last are counted over their days inside the window only (the underused flag looks at whole weeks, see its values)' }),
  monthly: z.array(baseMonth).meta({ description: 'Merchants, anchors, sessions, hours and GMV by month, since the base opened or data begins, up to `to`' }),
  base_vs_workshop: baseVsWorkshop,
  standards: z.array(baseStandard),
  returns: z.array(baseReturnMonth).meta({ description: 'Months up to `to` with a return or sessions, oldest first' }),
  roi: z.array(baseRoiYear).meta({ description: 'Investment per 万 CNY of annual live GMV, per calendar year since opening' }),
});
export type BaseDetailResponse = z.infer<typeof baseDetailResponse>;
