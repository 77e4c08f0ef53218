import type { ApiError } from '../api/client.ts';
import type { Lang } from '../api/types.ts';
import { t } from './messages.ts';

/** The API's own message when it sent one (already in `lang`), else a translated fallback. */
export function errorMessage(err: ApiError, lang: Lang): string {
  if (err.apiMessage) return err.apiMessage;
  if (err.code === 'network') return t(lang, 'error.network');
  if (err.code === 'bad_response') return t(lang, 'error.bad_response');
  if (err.code.startsWith('http_')) return t(lang, 'error.http', { status: err.status });
  return t(lang, 'error.unexpected');
}
