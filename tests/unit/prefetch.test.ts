/**
 * client/prefetch.ts: requests started at boot are handed over once, and an answer that has already arrived can be
 * taken synchronously by a page's first render. `fetch` is replaced by a fake whose answers the test releases.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

type Release = (status: number, body: unknown) => void;
let releases: Map<string, Release>;
let requested: string[];

beforeEach(() => {
  vi.resetModules();
  releases = new Map();
  requested = [];
  vi.stubGlobal('fetch', (url: string) => {
    requested.push(url);
    return new Promise<Response>((resolve) => {
      releases.set(url, (status, body) => resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));
    });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** Lets the fake's answer reach the module's own `then` callbacks. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('prefetch, fetchOnce and takeSettled', () => {
  test('an answer not yet arrived is not taken synchronously; fetchOnce then hands over the same request', async () => {
    const { prefetch, takeSettled, fetchOnce } = await import('../../client/prefetch');
    prefetch('/api/session');
    expect(takeSettled('/api/session')).toBeUndefined();
    const taken = fetchOnce<{ role: string }>('/api/session');
    releases.get('/api/session')!(200, { role: 'admin' });
    expect(await taken).toEqual({ role: 'admin' });
    expect(requested).toEqual(['/api/session']);
  });

  test('an arrived answer is taken once; afterwards the URL is requested anew', async () => {
    const { prefetch, takeSettled, fetchOnce } = await import('../../client/prefetch');
    prefetch('/api/surveys/3/draft');
    prefetch('/api/surveys/3/draft'); // a second prefetch of the same URL is the same request
    releases.get('/api/surveys/3/draft')!(200, { number: 2 });
    await settle();
    expect(takeSettled('/api/surveys/3/draft')).toEqual({ number: 2 });
    expect(takeSettled('/api/surveys/3/draft')).toBeUndefined();
    const again = fetchOnce('/api/surveys/3/draft');
    expect(requested).toEqual(['/api/surveys/3/draft', '/api/surveys/3/draft']);
    releases.get('/api/surveys/3/draft')!(200, { number: 3 });
    expect(await again).toEqual({ number: 3 });
  });

  test('a failed answer is never taken synchronously: fetchOnce still gets its error', async () => {
    const { prefetch, takeSettled, fetchOnce } = await import('../../client/prefetch');
    prefetch('/api/session');
    releases.get('/api/session')!(401, { error: { code: 'unauthorised', message: 'Sign in first' } });
    await settle();
    expect(takeSettled('/api/session')).toBeUndefined();
    await expect(fetchOnce('/api/session')).rejects.toMatchObject({ status: 401, code: 'unauthorised' });
    expect(requested).toEqual(['/api/session']);
  });

  test("the respondent page's prefetch goes through the same hand-over", async () => {
    const { prefetchRespond, loadRespond, respondUrl } = await import('../../client/respond/prefetch');
    prefetchRespond('AbC_dEf-123');
    const url = respondUrl('AbC_dEf-123');
    releases.get(url)!(200, { city: 'Lyon' });
    expect(await loadRespond('AbC_dEf-123')).toEqual({ city: 'Lyon' });
    expect(requested).toEqual([url]);
  });
});
