/**
 * Requests started as the app boots, before React renders and before a page's code has loaded, and handed
 * over (once) to the page that needs them: the analysis page's data and the session are fetched while the
 * chart code downloads, instead of after it.
 *
 * An answer that has already arrived when the page first renders can be taken synchronously (`takeSettled`), so
 * that the page's first render is its full one: no "Loading…" commit, then an effect, then a second render.
 */
import { api } from './api';

interface Pending {
  promise: Promise<unknown>;
  /** Set once the request has succeeded. */
  done?: { value: unknown };
}
const pending = new Map<string, Pending>();

export function prefetch(url: string): void {
  if (pending.has(url)) return;
  const entry: Pending = { promise: api<unknown>(url) };
  entry.promise.then(
    (value) => (entry.done = { value }),
    () => undefined, // handled when taken
  );
  pending.set(url, entry);
}

/** The prefetched request for this URL (once), or a new one. */
export function fetchOnce<T>(url: string, init: { signal?: AbortSignal } = {}): Promise<T> {
  const entry = pending.get(url);
  if (entry) {
    pending.delete(url);
    return entry.promise as Promise<T>;
  }
  return api<T>(url, init);
}

/**
 * The answer of the prefetched request for this URL if it has already succeeded (taken: a later fetchOnce makes
 * a new request), else undefined (the request, pending or failed, stays for fetchOnce).
 */
export function takeSettled<T>(url: string): T | undefined {
  const entry = pending.get(url);
  if (!entry?.done) return undefined;
  pending.delete(url);
  return entry.done.value as T;
}
