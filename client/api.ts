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

/**
 * What a page says when a request failed: the server's message for an API error (it names what was wrong),
 * else the page's "could not reach the server" text.
 */
export function errorText(err: unknown, t: (key: 'networkError') => string): string {
  return err instanceof ApiError ? err.message : t('networkError');
}
