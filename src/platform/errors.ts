// Error factories with stable ids. The central handler (platform/http.ts) turns them into pages or problem+json.
import type { MessageKey } from './i18n/index.ts';

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable id, e.g. "group_not_found". */
    readonly code: string,
    /** Message key shown to people (translated by the handler). */
    readonly messageKey: MessageKey,
    readonly fields: FieldProblem[] = [],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (code = 'not_found'): AppError => new AppError(404, code, 'error.notFound');
export const forbidden = (code = 'forbidden'): AppError => new AppError(403, code, 'error.forbidden');
export const loginRequired = (): AppError => new AppError(401, 'login_required', 'error.loginRequired');
export const tooManyRequests = (code = 'too_many_requests'): AppError => new AppError(429, code, 'error.tooMany');
export const badRequest = (code: string, fields: FieldProblem[] = []): AppError =>
  new AppError(400, code, 'error.badRequest', fields);
export const csrfFailed = (): AppError => new AppError(403, 'csrf_invalid', 'error.csrf');
