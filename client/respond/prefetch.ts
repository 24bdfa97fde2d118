/**
 * The respondent page's data is requested as soon as the app starts on `/r/:token`, in parallel with the
 * download of the survey code (the largest chunk), instead of after it.
 */
import { api } from '../api';

const pending = new Map<string, Promise<unknown>>();

export function respondUrl(token: string): string {
  return `/api/respond/${encodeURIComponent(token)}`;
}

export function prefetchRespond(token: string): void {
  if (pending.has(token)) return;
  const p = api<unknown>(respondUrl(token));
  p.catch(() => undefined); // handled when taken
  pending.set(token, p);
}

/** The prefetched request (once), or a new one. */
export function loadRespond<T>(token: string): Promise<T> {
  const p = pending.get(token);
  pending.delete(token);
  return (p as Promise<T> | undefined) ?? api<T>(respondUrl(token));
}
