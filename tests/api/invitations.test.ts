import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN_EMAIL,
  ANALYST_EMAIL,
  expectError,
  jsonInit,
  snapshotTables,
  startTestApp,
  tokenOfUrl,
  type TestApp,
} from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
});
afterAll(async () => {
  await t.close();
});

const invite = (body: unknown, cookie: string | null = admin, surveyId: number | string = t.surveyId) =>
  fetch(`${t.url}/api/surveys/${surveyId}/invitations`, jsonInit('POST', body, cookie ? { Cookie: cookie } : {}));
const linkCount = () => (t.db.prepare('SELECT count(*) AS n FROM links').get() as { n: number }).n;
const city = (code: string) => t.cities.find((c) => c.code === code)!;

test('an admin lists the cities of the roster, by name, with their networks', async () => {
  const res = await fetch(`${t.url}/api/cities`, { headers: { Cookie: admin } });
  expect(res.status).toBe(200);
  const base = { nameFr: null, sizeBand: null, population: null, joinedYear: null, lastIndexYear: null, isSynthetic: true };
  expect(await res.json()).toEqual([
    { id: city('AAR').id, code: 'AAR', name: 'Aarhus (test)', country: 'DK', networks: ['ICC'], ...base },
    { id: city('BIL').id, code: 'BIL', name: 'Bilbao (test)', country: 'ES', networks: ['ICC', 'RECI'], ...base },
    { id: city('LYO').id, code: 'LYO', name: 'Lyon (test)', country: 'FR', networks: ['ICC'], ...base },
    { id: city('ZUR').id, code: 'ZUR', name: 'Zürich (test)', country: 'CH', networks: [], ...base },
  ]);
});

test('an analyst lists the cities too', async () => {
  const res = await fetch(`${t.url}/api/cities`, { headers: { Cookie: analyst } });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { code: string }[]).map((c) => c.code)).toEqual(['AAR', 'BIL', 'LYO', 'ZUR']);
});

test('listing the cities without signing in answers 401', async () => {
  await expectError(await fetch(`${t.url}/api/cities`), 401, 'unauthorised');
});

test('inviting a city returns its link, ending in /r/<token>, which opens the survey', async () => {
  const aar = city('AAR');
  const res = await invite({ cityIds: [aar.id] });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { cityId: number; url: string }[];
  expect(body).toHaveLength(1);
  expect(body[0]!.cityId).toBe(aar.id);
  expect(body[0]!.url).toMatch(new RegExp(`^${t.url.replace(/\./g, '\\.')}/r/[A-Za-z0-9_-]{43}$`));

  const open = await fetch(`${t.url}/api/respond/${tokenOfUrl(body[0]!.url)}`);
  expect(open.status).toBe(200);
  const page = (await open.json()) as Record<string, any>;
  expect(page.status).toBe('draft');
  expect(page.revision).toBe(0);
  expect(page.data).toEqual({});
  expect(page.city).toEqual({ code: 'AAR', name: 'Aarhus (test)', nameFr: null, country: 'DK' });
});

test('inviting the same city again returns the same working link', async () => {
  const bil = city('BIL');
  const first = (await (await invite({ cityIds: [bil.id] })).json()) as { url: string }[];
  const count = linkCount();
  const second = (await (await invite({ cityIds: [bil.id] })).json()) as { url: string }[];
  expect(second).toEqual(first);
  expect(linkCount()).toBe(count);
  expect((await fetch(`${t.url}/api/respond/${tokenOfUrl(second[0]!.url)}`)).status).toBe(200);
});

test('inviting several cities returns one link each, once per city', async () => {
  const ids = [city('LYO').id, city('ZUR').id, city('LYO').id];
  const body = (await (await invite({ cityIds: ids })).json()) as { cityId: number; url: string }[];
  expect(body.map((b) => b.cityId)).toEqual([city('LYO').id, city('ZUR').id]);
  expect(new Set(body.map((b) => b.url)).size).toBe(2);
});

test('the links table stores only hashes of the tokens, never the tokens', async () => {
  const all = (await (await invite({ cityIds: t.cities.map((c) => c.id) })).json()) as { url: string }[];
  const tokens = all.map((l) => tokenOfUrl(l.url));
  const rows = t.db.prepare('SELECT * FROM links').all() as Record<string, unknown>[];
  const hashes = rows.map((r) => r.token_hash);
  for (const token of tokens) {
    expect(hashes).toContain(crypto.createHash('sha256').update(token).digest('hex'));
    for (const row of rows) for (const value of Object.values(row)) expect(String(value)).not.toContain(token);
  }
  // Nor anywhere in the database files (main file and write-ahead log).
  t.db.pragma('wal_checkpoint(TRUNCATE)');
  const files = fs.readdirSync(t.dir).filter((f) => f.startsWith('test.sqlite'));
  for (const f of files) {
    const bytes = fs.readFileSync(path.join(t.dir, f)).toString('latin1');
    for (const token of tokens) expect(bytes.includes(token)).toBe(false);
  }
});

test('inviting an unknown city answers 404 and creates no link at all', async () => {
  const newSurvey = t.stores.surveys.create({ year: 2025, code: 'extra', title: 'Extra', definition: {}, now: t.clock.now() });
  const before = snapshotTables(t.db);
  const body = await expectError(await invite({ cityIds: [city('AAR').id, 99999] }, admin, newSurvey), 404, 'not_found');
  expect(body.error.message).toBe('No city with id 99999.');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('inviting for an unknown survey answers 404, for a bad survey id 400', async () => {
  const before = snapshotTables(t.db);
  await expectError(await invite({ cityIds: [city('AAR').id] }, admin, 99999), 404, 'not_found');
  await expectError(await invite({ cityIds: [city('AAR').id] }, admin, 'abc'), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('a malformed invitation body answers 400 and creates nothing', async () => {
  const before = snapshotTables(t.db);
  for (const body of [{}, { cityIds: [] }, { cityIds: 'all' }, { cityIds: ['1'] }, { cityIds: [1.5] }, { cityIds: [0] }, { cityIds: [-3] }, [1, 2]]) {
    const res = await invite(body);
    const error = await expectError(res, 400, 'invalid');
    expect(error.error.problems.length).toBeGreaterThan(0);
  }
  await expectError(await invite({ cityIds: Array.from({ length: 1001 }, (_, i) => i + 1) }), 400, 'invalid');
  await expectError(await invite('{"cityIds": [1,'), 400, 'bad_request');
  await expectError(await invite(''), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('an invitation body over 512 KB answers 413', async () => {
  const body = `{"cityIds":[1],"pad":"${'x'.repeat(600 * 1024)}"}`;
  await expectError(await invite(body), 413, 'too_large');
});

test('an analyst may not invite (403) and an anonymous caller must sign in (401)', async () => {
  const before = snapshotTables(t.db);
  await expectError(await invite({ cityIds: [city('AAR').id] }, analyst), 403, 'forbidden');
  await expectError(await invite({ cityIds: [city('AAR').id] }, null), 401, 'unauthorised');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('reissuing a link revokes the old one: the old token answers 404 revoked, the new one works', async () => {
  const zur = city('ZUR');
  const old = t.linkFor(t.surveyId, zur.id);
  const res = await fetch(
    `${t.url}/api/surveys/${t.surveyId}/cities/${zur.id}/link`,
    jsonInit('POST', { reissue: true }, { Cookie: admin }),
  );
  expect(res.status).toBe(200);
  const { cityId, url } = (await res.json()) as { cityId: number; url: string };
  expect(cityId).toBe(zur.id);
  expect(tokenOfUrl(url)).not.toBe(old);
  const body = await expectError(await fetch(`${t.url}/api/respond/${old}`), 404, 'not_found');
  expect(body.error.reason).toBe('revoked');
  expect((await fetch(`${t.url}/api/respond/${tokenOfUrl(url)}`)).status).toBe(200);
  // Inviting again now returns the new link.
  const again = (await (await invite({ cityIds: [zur.id] })).json()) as { url: string }[];
  expect(again[0]!.url).toBe(url);
});
