import { Hono } from 'hono';
import { z } from 'zod';
import { assertSingleValued } from '../../query/params.ts';
import { DATE_HELP, LANG_HELP, dateParam, parseParams } from '../params.ts';
import { renderReportPdf, type PdfOptions } from './pdf.ts';

/** GET /api/bases/{id}/report.pdf */
export const baseReportParams = z.strictObject({
  from: dateParam.optional().meta({ description: 'First local day of the window, inclusive (default: 364 days before `to`)', example: '2025-11-01' }),
  to: dateParam.optional().meta({ description: 'Last local day of the window, inclusive (default: the data\'s last day)', example: '2026-10-31' }),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of the report (Chinese by default) and of error messages' }),
  profile: z.string().regex(/^[a-z0-9-]{1,64}$/).optional()
    .meta({ description: 'Assessment profile, as for GET /api/bases/{id} (default: the database\'s)', example: 'shenzhen-2023' }),
});

/** Headers that say who the caller is: the report's own requests carry them, so it sees what the caller sees. */
const CREDENTIALS = ['cookie', 'authorization'];

export function baseReportRoute(opts: PdfOptions & { fetchSelf: (r: Request) => Promise<Response> }) {
  return new Hono().get('/bases/:id/report.pdf', async (c) => {
    assertSingleValued(c.req.queries());
    const p = parseParams(baseReportParams, c.req.query(), { from: DATE_HELP, to: DATE_HELP, lang: LANG_HELP,
      profile: { en: 'must be a profile id: lower-case letters, digits and -', zh: '必须是评估标准ID：小写字母、数字和 -' } });
    const id = c.req.param('id');
    const lang = p.lang ?? 'zh';
    const credentials: Record<string, string> = {};
    for (const h of CREDENTIALS) { const v = c.req.header(h); if (v) credentials[h] = v; }
    const search = new URLSearchParams();
    if (p.from) search.set('from', p.from);
    if (p.to) search.set('to', p.to);
    if (p.profile) search.set('profile', p.profile);
    // The base must exist for this caller, and the window must hold, before a browser starts:
    // the detail route's own 400 or 404 is the answer.
    const probe = await opts.fetchSelf(new Request(`http://beltscope.report/api/bases/${encodeURIComponent(id)}?${search}&lang=${lang}`, { headers: credentials }));
    if (!probe.ok) return new Response(probe.body, { status: probe.status, headers: { 'content-type': 'application/json' } });
    // The window the detail settled on (the default one when the link gave none), the profile
    // asked for and the language name the file, so two reports do not overwrite each other.
    const { window } = await probe.json() as { window: { from: string; to: string } };
    const pdf = await renderReportPdf(opts, { id, search, lang, credentials }, opts.fetchSelf);
    const name = `base-report-${id}-${window.from}_${window.to}${p.profile ? `-${p.profile}` : ''}-${lang}.pdf`;
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    });
  });
}
