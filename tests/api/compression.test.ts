import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
});
afterAll(async () => {
  await t?.close();
});

test('JSON and streamed CSV are sent gzipped to clients that accept it, and arrive whole', async () => {
  const definition = await fetch(`${t.url}/api/surveys/${t.surveyId}/definition`, {
    headers: { Cookie: admin, 'Accept-Encoding': 'gzip' },
  });
  expect(definition.status).toBe(200);
  expect(definition.headers.get('content-encoding')).toBe('gzip');
  expect(((await definition.json()) as { pages: unknown[] }).pages.length).toBeGreaterThan(5);

  const csv = await fetch(`${t.url}/api/surveys/${t.surveyId}/codebook.csv`, { headers: { Cookie: admin, 'Accept-Encoding': 'gzip' } });
  expect(csv.headers.get('content-encoding')).toBe('gzip');
  const text = await csv.text();
  expect(text.startsWith('column,question,type')).toBe(true);
  expect(text.trimEnd().split('\r\n').length).toBeGreaterThan(100);
});

test('small answers and clients without gzip get plain bodies', async () => {
  const health = await fetch(`${t.url}/api/health`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(health.headers.get('content-encoding')).toBeNull();
  const plain = await fetch(`${t.url}/api/surveys/${t.surveyId}/definition`, { headers: { Cookie: admin, 'Accept-Encoding': 'identity' } });
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(Number(plain.headers.get('content-length') ?? 0) || (await plain.text()).length).toBeGreaterThan(10_000);
});
