/**
 * Errors are values with a code and a message a user can act on, in both languages.
 * The HTTP layer turns them into `{error:{code, message, …}}`; anything else becomes a
 * generic 500 with no stack trace or path.
 */
export class AppError extends Error {
  readonly code: string;
  readonly messageZh: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, messageZh: string, status = 400, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.messageZh = messageZh;
    this.status = status;
    this.details = details;
  }

  toJSON(lang: 'zh' | 'en' = 'en') {
    return { error: { code: this.code, message: lang === 'zh' ? this.messageZh : this.message, messages: { zh: this.messageZh, en: this.message }, ...this.details } };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
