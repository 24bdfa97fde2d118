/**
 * Requests started as the app boots, before React renders and before a page's code has loaded, and handed
 * over (once) to the page that needs them: the analysis page's data and the session are fetched while the
 * chart code downloads, instead of after it.
 */
import { api } from './api';

const pending = new Map<string, Promise<unknown>>();

export function prefetch(url: string): void {
  if (pending.has(url)) return;
  const p = api<unknown>(url);
  p.catch(() => undefined); // handled when taken
  pending.set(url, p);
}

/** The prefetched request for this URL (once), or a new one. */
export function fetchOnce<T>(url: string, init: { signal?: AbortSignal } = {}): Promise<T> {
  const p = pending.get(url);
  if (p) {
    pending.delete(url);
    return p as Promise<T>;
  }
  return api<T>(url, init);
}
