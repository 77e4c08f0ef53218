import { ApiError, isAbort, toApiError } from '../../lib/api/client.ts';
import { getValues } from '../../lib/api/endpoints.ts';
import { postForm } from '../../lib/api/upload.ts';
import { filesToKeep } from './status.ts';
import type { Lang, ValueMeta } from '../../lib/api/types.ts';
import { pickedMerchant } from '../../lib/pick-merchant.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import type { INGEST_KINDS, INGEST_PLATFORMS, IngestResponse } from '../../../../server/api/schemas/ingest.ts';

// The server's vocabularies, repeated (a value import would pull zod into the bundle); the
// type check fails if one names something the server does not accept.
export const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'wechat_channels'] as const satisfies readonly (typeof INGEST_PLATFORMS)[number][];
export const KINDS = ['orders', 'live_sessions', 'session_minutes', 'listings', 'production_batches',
  'merchants', 'merchant_accounts', 'live_bases', 'hubs', 'base_returns'] as const satisfies readonly (typeof INGEST_KINDS)[number][];

export const UPLOAD_FIELDS = ['platform', 'kind', 'merchant', 'belt', 'category', 'date', 'base', 'venue'] as const;
export type UploadField = (typeof UPLOAD_FIELDS)[number];
export type UploadFile = IngestResponse['files'][number];

/** The multipart form POST /api/ingest takes: each file as `file`, then the fields given. */
export function ingestForm(files: File[], fields: Partial<Record<UploadField, string>>, dryRun: boolean, replaceDemo = false): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    // A base says the venue (base): a venue chosen before the base was is not sent beside it.
    if (k === 'venue' && fields.base?.trim()) continue;
    if (v && v.trim()) form.append(k, v.trim());
  }
  if (dryRun) form.append('dry_run', 'true');
  if (replaceDemo) form.append('replace_demo', 'true');
  for (const f of files) form.append('file', f, f.name);
  return form;
}

/** A file's message in the page's language. */
export const fileMessage = (f: UploadFile, lang: Lang) => (lang === 'zh' ? f.messageZh || f.message : f.message || f.messageZh);

/**
 * The upload page's state: the chosen files and fields, and the last answer. After a load the
 * app checks /api/health at once, so the other pages re-query the new data without a reload.
 */
export class UploadState {
  files = $state.raw<File[]>([]);
  fields = $state<Partial<Record<UploadField, string>>>({});
  dryRun = $state(false);
  /** While the demo is loaded: remove it in the same load (else the server refuses real data). */
  replaceDemo = $state(false);
  /** Merchants matching what is typed in the merchant field (/api/values), for its suggestions. */
  merchantOptions = $state.raw<ValueMeta[]>([]);
  #search: { timer?: ReturnType<typeof setTimeout>; controller?: AbortController } = {};
  /** Share of the request body sent, 0–1, while sending; null otherwise. */
  progress = $state<number | null>(null);
  status = $state<'idle' | 'sending' | 'done' | 'error'>('idle');
  result = $state.raw<IngestResponse | undefined>(undefined);
  error = $state.raw<ApiError | undefined>(undefined);
  #app: AppState;
  #controller: AbortController | undefined;

  constructor(app: AppState) {
    this.#app = app;
  }

  addFiles(list: FileList | File[] | null | undefined): void {
    if (!list) return;
    const known = new Set(this.files.map((f) => `${f.name}:${f.size}`));
    this.files = [...this.files, ...[...list].filter((f) => !known.has(`${f.name}:${f.size}`))];
  }

  removeFile(i: number): void {
    this.files = this.files.filter((_, j) => j !== i);
  }

  /** Suggests merchants by id or name as the field is typed in (a new id is fine too). */
  searchMerchants(q: string): void {
    clearTimeout(this.#search.timer);
    this.#search.controller?.abort();
    if (!q.trim()) { this.merchantOptions = []; return; }
    const controller = new AbortController();
    this.#search = {
      controller,
      timer: setTimeout(() => {
        const lang = this.#app.lang;
        getValues({ dimension: 'merchant', q: q.trim(), limit: 20 }, { lang, signal: controller.signal })
          .then((r) => { this.merchantOptions = r.values; })
          .catch(() => { /* suggestions only: a failed search leaves the field as typed */ });
      }, 200),
    };
  }

  async submit(): Promise<void> {
    if (!this.files.length || this.status === 'sending') return;
    this.#controller = new AbortController();
    this.status = 'sending';
    this.error = undefined;
    const lang = this.#app.lang;
    this.progress = 0;
    // A shop's name typed in full becomes its id, in the field too (what is sent is what is shown).
    if (this.fields.merchant) this.fields.merchant = pickedMerchant(this.fields.merchant, this.merchantOptions);
    try {
      const form = ingestForm(this.files, this.fields, this.dryRun, this.replaceDemo && this.#app.demo);
      const body = await postForm<IngestResponse>(`/api/ingest?lang=${lang}`, form, (p) => (this.progress = p), this.#controller.signal);
      this.result = body;
      this.status = 'done';
      this.files = filesToKeep(this.files, body.files);
    } catch (err) {
      if (isAbort(err)) return;
      this.error = err instanceof ApiError ? err : toApiError(err);
      this.status = 'error';
    } finally {
      this.progress = null;
      // New data: the app asks /api/health now rather than in 15 s.
      void this.#app.refresh();
    }
  }

  destroy(): void {
    clearTimeout(this.#search.timer);
    this.#search.controller?.abort();
    this.#controller?.abort();
  }
}
