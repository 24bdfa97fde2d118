/**
 * The respondent page's data is requested as soon as the app starts on `/r/:token`, in parallel with the
 * download of the survey code (the largest chunk), instead of after it (through client/prefetch.ts).
 */
import { fetchOnce, prefetch, takeSettled } from '../prefetch';

export function respondUrl(token: string): string {
  return `/api/respond/${encodeURIComponent(token)}`;
}

export function prefetchRespond(token: string): void {
  prefetch(respondUrl(token));
}

/** The prefetched request (once), or a new one. */
export function loadRespond<T>(token: string): Promise<T> {
  return fetchOnce<T>(respondUrl(token));
}

/** The prefetched answer if it has already arrived (taken), for the page's first render; else undefined. */
export function takeRespond<T>(token: string): T | undefined {
  return takeSettled<T>(respondUrl(token));
}
