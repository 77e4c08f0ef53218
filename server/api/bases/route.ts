import { Hono } from 'hono';
import { assessDetail, assessRow, type FigureRow, type MonthRow, type WeekRow } from '../../../catalog/bases/assess.ts';
import { mondayOf } from '../../../catalog/bases/flags.ts';
import { defaultProfileId, listProfiles, loadProfile, type BaseProfile } from '../../../catalog/bases/profiles.ts';
import { HAS_RETURNS_SQL, baseQuery } from '../../../catalog/bases/queries.ts';
import type { SqlParams } from '../../../db/database.ts';
import { AppError } from '../../../lib/errors.ts';
import { assertSingleValued } from '../../query/params.ts';
import { cohortNote, scopeKey, type Scope } from '../../query/scope.ts';
import type { AppContext } from '../app.ts';
import { VersionedCache } from '../../query/cache.ts';
import type { BaseDetailResponse, BaseProfileInfo, BasesResponse } from '../schemas/bases.ts';
import { allowedValues, inList, sessionScope } from '../scopeSql.ts';
import { parseBaseDetailParams, parseBasesParams, type BasesQuery } from './params.ts';
import { assertListedValues } from '../meta.ts';

/** GET /api/bases and /api/bases/:id: live-base assessment, computed by catalog/bases/, inside the caller's scope. */

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function profileInfo(p: BaseProfile, isDefault: boolean): BaseProfileInfo {
  const unchecked = [...p.criteria.vertical, ...p.criteria.comprehensive].filter((c) => c.measure === null).map((c) => c.label);
  const seen = new Set<string>();
  return { id: p.id, name: p.name, source: p.source, demo_scaled: p.demo_scaled, is_default: isDefault, flags: p.flags,
    // Filled by the routes after the cache (profileChoices): the folder may change meanwhile.
    unchecked: unchecked.filter((l) => !seen.has(l.en) && seen.add(l.en)), choices: [] };
}

/**
 * Every profile on disk, read each time (loadProfile keeps each parsed until its text changes):
 * one a bureau adds to the folder is offered without a restart. A file that does not load is
 * left out; asked for by id, it answers with its own error.
 */
function profileChoices(): BaseProfileInfo['choices'] {
  return listProfiles().flatMap((id) => {
    try { const c = loadProfile(id); return [{ id: c.id, name: c.name, demo_scaled: c.demo_scaled }]; } catch { return []; }
  });
}

/**
 * `weeks`: the last N Monday-started weeks up to `to`, whole weeks even where they start before
 * `from` (the underused flag looks at them); `windowWeeks` (the detail's series): the weeks
 * touching the window, each counted over its days inside the window only.
 */
interface Assessed { figures: FigureRow[]; weeks: WeekRow[]; windowWeeks: WeekRow[]; months: MonthRow[] }

async function assess(ctx: AppContext, scope: Scope, q: BasesQuery, profile: BaseProfile, baseId: string | null,
  series: boolean): Promise<Assessed> {
  const { sessionRange } = await ctx.info.get();
  const params: SqlParams = {};
  const baseWhere: string[] = [];
  if (q.belts) baseWhere.push(inList('b.belt_id', q.belts, 'f_belt', params));
  if (baseId !== null) { baseWhere.push('b.base_id = $base_id'); params.base_id = baseId; }
  const allowed = allowedValues('base', scope, params);
  if (allowed) baseWhere.push(`b.base_id IN (${allowed})`);
  const sessionWhere = sessionScope(scope, params, 's');
  // Open days are the days the session exports cover (DataInfo.sessionRange): without sessions,
  // no open day, so utilization is null rather than 0 over days nothing was recorded.
  const dfrom = sessionRange.from ?? '9999-12-31';
  const dto = sessionRange.to ?? '0001-01-01';
  const { from, to } = q.window;
  const weeksBack = addDays(mondayOf(to), -7 * (profile.flags.underused.weeks - 1));
  const { result } = await ctx.db.stableRead(async (run) => {
    const [has] = await run(HAS_RETURNS_SQL);
    const input = (extra: SqlParams) => ({ baseWhere, sessionWhere, hasReturns: has.has === true,
      params: { ...params, dfrom, dto, from, to, pfrom: q.previous.from, pto: q.previous.to, ...extra } });
    const f = baseQuery('figures', input({ lo: from, hi: to }));
    // The flag's whole weeks; when they all start inside the window, the window's series holds them unchanged.
    const apart = weeksBack < from;
    const w = baseQuery('weekly', input({ lo: apart || !series ? weeksBack : from, hi: to }));
    const ws = series && apart ? baseQuery('weekly', input({ lo: from, hi: to })) : null;
    const m = baseQuery('monthly', input({ lo: dfrom < from ? `${dfrom.slice(0, 7)}-01` : `${from.slice(0, 7)}-01`, hi: to }));
    const [figures, weeks, months, clipped] = await Promise.all([run(f.sql, f.params), run(w.sql, w.params), run(m.sql, m.params),
      ws ? run(ws.sql, ws.params) : null]);
    return { figures: figures as unknown as FigureRow[], weeks: weeks as unknown as WeekRow[], months: months as unknown as MonthRow[],
      windowWeeks: (clipped ?? (series ? weeks : [])) as unknown as WeekRow[] };
  }, ctx.budgetMs);
  return result;
}

const of = <T extends { base_id: string }>(rows: T[], id: string) => rows.filter((r) => r.base_id === id);

/**
 * Under a scope with a minimum cohort, a base whose window has at least one but fewer merchants
 * than the cohort is not shown: each of its figures (hours, sessions, GMV, flags, score) is those
 * merchants' own streams and sales. A base without any merchant identifies nobody and stays
 * (the empty shells are what the assessment is for).
 */
const hidden = (scope: Scope, f: { merchants: number }) => scope.minCohort > 0 && f.merchants > 0 && f.merchants < scope.minCohort;

export function basesRoute(ctx: AppContext) {
  const lists = new VersionedCache<BasesResponse>(ctx.cache);
  const details = new VersionedCache<BaseDetailResponse | 'missing' | 'hidden'>(ctx.cache);
  const chooseProfile = async (q: BasesQuery) => {
    const info = await ctx.info.get();
    const id = q.profile ?? defaultProfileId(info.demo);
    return { profile: loadProfile(id), isDefault: q.profile === null };
  };

  return new Hono()
    .get('/bases', async (c) => {
      assertSingleValued(c.req.queries());
      const info = await ctx.info.get();
      const q = parseBasesParams(c.req.query(), info.dataRange);
      const { profile, isDefault } = await chooseProfile(q);
      const scope = ctx.scopeOf(c.req.raw);
      await assertListedValues(ctx, scope, { belt: q.belts ?? undefined });
      const body = await lists.get(ctx.db.dataVersion, `${scopeKey(scope)}|${JSON.stringify(q)}|${profile.id}`, async () => {
        const a = await assess(ctx, scope, q, profile, null, false);
        const shown = a.figures.filter((f) => !hidden(scope, f));
        const rows = shown.map((f) => assessRow(f, of(a.weeks, f.base_id), of(a.months, f.base_id), profile, q.window, scope.merchantNames));
        rows.sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || y.live_gmv - x.live_gmv || x.base_id.localeCompare(y.base_id));
        const suppressed = a.figures.filter((f) => hidden(scope, f)).sort((x, y) => x.base_id.localeCompare(y.base_id))
          .map((f) => ({ base_id: f.base_id, name_zh: f.name_zh, name_en: f.name_en, belt_id: f.belt_id }));
        return { profile: profileInfo(profile, isDefault), window: q.window, rows, suppressed,
          notes: scope.minCohort > 0 ? [cohortNote(scope)] : [] };
      });
      // The profile's choices are read after the cache: a profile added to the folder is offered at once.
      return c.json({ ...body, profile: { ...body.profile, choices: profileChoices() } } satisfies BasesResponse);
    })
    .get('/bases/:id', async (c) => {
      assertSingleValued(c.req.queries());
      const info = await ctx.info.get();
      const q = parseBaseDetailParams(c.req.query(), info.dataRange);
      const { profile, isDefault } = await chooseProfile(q);
      const id = c.req.param('id');
      const scope = ctx.scopeOf(c.req.raw);
      const body = await details.get(ctx.db.dataVersion, `${scopeKey(scope)}|${JSON.stringify([q, id])}|${profile.id}`, async () => {
        const a = await assess(ctx, scope, q, profile, id, true);
        const f = a.figures[0];
        if (!f) return 'missing';
        if (hidden(scope, f)) return 'hidden';
        return { profile: profileInfo(profile, isDefault), window: q.window, ...assessDetail(f, a.weeks, a.windowWeeks, a.months, profile, q.window, scope.merchantNames) };
      });
      if (body === 'missing') {
        // Outside the scope is the same as absent: the answer must not tell them apart.
        throw new AppError('not_found', `No live base "${id}" (or it is outside what this account may see).`,
          `没有直播基地 "${id}"（或不在此账户的可见范围内）。`, 404);
      }
      if (body === 'hidden') {
        const { from, to } = q.window;
        throw new AppError('scope_forbidden',
          `Live base "${id}" had fewer than ${scope.minCohort} merchants streaming there from ${from} to ${to}; this account does not see figures over so few merchants, so that no single merchant can be identified. Choose a longer window (from, to).`,
          `直播基地 "${id}" 在 ${from} 至 ${to} 期间的直播商家少于 ${scope.minCohort} 个；此账户不显示这么少商家的数值，以免识别出单个商家。请选择更长的时间范围（from、to）。`,
          403, { param: 'from' });
      }
      return c.json({ ...body, profile: { ...body.profile, choices: profileChoices() } } satisfies BaseDetailResponse);
    });
}
