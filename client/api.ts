/** Thin fetch wrapper: JSON in, JSON out, errors as ApiError with the server's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A failure to reach the server at all (offline, DNS, connection reset). */
export class NetworkError extends Error {}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      signal: init.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError((err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // a proxy's HTML error page, for instance
  }
  if (!res.ok) {
    const error = (body.error ?? {}) as { code?: string; message?: string };
    throw new ApiError(res.status, error.code ?? 'http_' + res.status, error.message ?? res.statusText, body);
  }
  return body as T;
}

/** The messages errorText may use (all in client/i18n.ts, so every page has them). */
export type ErrorMessageKey =
  | 'networkError'
  | 'errorClosed'
  | 'errorSubmittedAlready'
  | 'notOpen'
  | 'linkRevoked'
  | 'linkExpired'
  | 'linkUnknown'
  | 'errorTooMany'
  | 'errorTooLarge'
  | 'errorServer'
  | 'errorSignedOut'
  | 'errorForbidden'
  | 'errorServerSaid';

/**
 * Why the server refused a coordinator's link, as the message to show: the survey is not open yet, or the link
 * was replaced, has expired or is unknown (a 404 naming its reason); undefined for any other failure.
 */
export function linkProblem(err: unknown): 'notOpen' | 'linkRevoked' | 'linkExpired' | 'linkUnknown' | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'not_open') return 'notOpen';
  if (err.status !== 404) return undefined;
  const reason = (err.body.error as { reason?: unknown } | undefined)?.reason;
  return reason === 'revoked' ? 'linkRevoked' : reason === 'expired' ? 'linkExpired' : reason === 'unknown' ? 'linkUnknown' : undefined;
}

/**
 * What a page says when a request failed, in the page's language. The server's messages are English sentences
 * that name what was wrong; the failures anyone can meet (no connection, a closed or submitted survey, a link
 * replaced or expired, too many requests, too large a body, a server error, a session ended, a role without the
 * right) have their own text in English and French. Any other message of the server is shown as it is, framed
 * in French as the server's English words.
 */
export function errorText(err: unknown, t: (key: ErrorMessageKey, vars?: Record<string, string | number>) => string): string {
  if (!(err instanceof ApiError)) return t('networkError');
  if (err.code === 'closed') return t('errorClosed');
  if (err.code === 'submitted') return t('errorSubmittedAlready');
  const problem = linkProblem(err);
  if (problem) return t(problem);
  if (err.status === 429) return t('errorTooMany');
  if (err.status === 413) return t('errorTooLarge');
  if (err.status >= 500) return t('errorServer', { ref: /reference ([0-9a-f-]{8,})/i.exec(err.message)?.[1] ?? `HTTP ${err.status}` });
  if (err.status === 401) return t('errorSignedOut');
  if (err.status === 403) return t('errorForbidden');
  return t('errorServerSaid', { message: err.message });
}
