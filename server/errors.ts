/** Expected failures are values with a code; they are mapped to HTTP in one place (app.ts). */
export type ErrorCode =
  | 'bad_request'
  | 'invalid'
  | 'unauthorised'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'submitted'
  | 'closed'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'validation_failed'
  | 'not_open'
  | 'password_change_required';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid: 400,
  unauthorised: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  submitted: 409,
  closed: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  validation_failed: 422,
  not_open: 403,
  password_change_required: 403,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields merged into the `error` object of the response (e.g. `problems`, `questions`). */
    readonly details: Record<string, unknown> = {},
    /** Extra top-level fields of the response body (e.g. the current `data` and `revision` of a conflict). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (message = 'Not found') => new AppError('not_found', message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const unauthorised = (message = 'Please sign in') => new AppError('unauthorised', message);
export const invalid = (message: string, details: Record<string, unknown> = {}) => new AppError('invalid', message, details);
