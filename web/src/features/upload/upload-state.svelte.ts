import { ApiError, isAbort, toApiError } from '../../lib/api/client.ts';
import type { Lang } from '../../lib/api/types.ts';
import type { AppState } from '../../lib/app-state.svelte.ts';
import type { INGEST_KINDS, INGEST_PLATFORMS, IngestResponse } from '../../../../server/api/schemas/ingest.ts';

// The server's vocabularies, repeated (a value import would pull zod into the bundle); the
// type check fails if one names something the server does not accept.
export const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'wechat_channels'] as const satisfies readonly (typeof INGEST_PLATFORMS)[number][];
export const KINDS = ['orders', 'live_sessions', 'session_minutes', 'listings', 'production_batches',
  'merchants', 'merchant_accounts', 'live_bases', 'hubs', 'base_returns'] as const satisfies readonly (typeof INGEST_KINDS)[number][];

export const UPLOAD_FIELDS = ['platform', 'kind', 'merchant', 'belt', 'category', 'date'] as const;
export type UploadField = (typeof UPLOAD_FIELDS)[number];
export type UploadFile = IngestResponse['files'][number];

/** The multipart form POST /api/ingest takes: each file as `file`, then the fields given. */
export function ingestForm(files: File[], fields: Partial<Record<UploadField, string>>, dryRun: boolean): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v && v.trim()) form.append(k, v.trim());
  if (dryRun) form.append('dry_run', 'true');
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

  async submit(): Promise<void> {
    if (!this.files.length || this.status === 'sending') return;
    this.#controller = new AbortController();
    this.status = 'sending';
    this.error = undefined;
    const lang = this.#app.lang;
    try {
      const res = await fetch(`/api/ingest?lang=${lang}`, {
        method: 'POST',
        body: ingestForm(this.files, this.fields, this.dryRun),
        signal: this.#controller.signal,
        headers: { accept: 'application/json' },
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const e = body?.error;
        throw e?.code ? new ApiError(e.code, res.status, e.message, e) : new ApiError(`http_${res.status}`, res.status, null);
      }
      this.result = body as IngestResponse;
      this.status = 'done';
      this.files = [];
    } catch (err) {
      if (isAbort(err)) return;
      this.error = err instanceof ApiError ? err : err instanceof TypeError ? new ApiError('network', 0, null) : toApiError(err);
      this.status = 'error';
    } finally {
      // New data: the app asks /api/health now rather than in 15 s.
      void this.#app.refresh();
    }
  }

  destroy(): void {
    this.#controller?.abort();
  }
}
