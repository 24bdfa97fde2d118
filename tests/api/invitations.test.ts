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
import { parseMail, startSmtpCapture } from '../helpers/smtp-capture';

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

// ---------------------------------------------------------------------------------------------------------------
// Reissue and resend (issue 5): a team member left; one action revokes the city's link, issues a new one and
// emails it to the remaining consenting members. Its own app, with a real SMTP server in the process.

test('reissue-and-resend: old token refused, new token works, draft kept, email to the consenting members only', async () => {
  const smtp = await startSmtpCapture({ user: 'u', pass: 'smtp pass 1' });
  const app = await startTestApp({ env: { SMTP_URL: `smtp://u:${encodeURIComponent('smtp pass 1')}@127.0.0.1:${smtp.port}` } });
  try {
    const cookie = app.sessionCookie(ADMIN_EMAIL);
    const lyo = app.cities.find((c) => c.code === 'LYO')!;
    const add = async (body: Record<string, unknown>) => {
      const res = await fetch(`${app.url}/api/cities/${lyo.id}/people`, jsonInit('POST', { role: 'staff', ...body }, { Cookie: cookie }));
      expect(res.status).toBe(201);
      return (await res.json()) as { id: number };
    };
    await add({ name: 'Léa Restante', email: 'lea@lyon.example.org', lang: 'fr', consent: true });
    await add({ name: 'Sam Stays', email: 'sam@lyon.example.org', lang: 'en', consent: true });
    await add({ name: 'Nina Noconsent', email: 'nina@lyon.example.org', lang: 'en', consent: false });
    const leaver = await add({ name: 'Paul Leaves', email: 'paul@lyon.example.org', lang: 'fr', consent: true });

    // The city answered a little with its first link.
    const old = app.linkFor(app.surveyId, lyo.id);
    const saved = await fetch(`${app.url}/api/respond/${old}`, jsonInit('PUT', { data: { kept_answer: 'draft before the reissue' }, revision: 0 }));
    expect(saved.status).toBe(200);
    const { revision } = (await saved.json()) as { revision: number };

    // The leaver is removed from the team, then the Unit reissues and resends.
    expect((await fetch(`${app.url}/api/cities/${lyo.id}/people/${leaver.id}`, jsonInit('DELETE', undefined, { Cookie: cookie }))).status).toBe(204);
    const before = smtp.received.length;
    const res = await fetch(`${app.url}/api/surveys/${app.surveyId}/cities/${lyo.id}/reissue`, jsonInit('POST', {}, { Cookie: cookie }));
    expect(res.status).toBe(200);
    const out = (await res.json()) as { cityId: number; url: string; queued: number; withoutConsent: number };
    expect(out).toMatchObject({ cityId: lyo.id, queued: 2, withoutConsent: 1 });
    const fresh = tokenOfUrl(out.url);
    expect(fresh).not.toBe(old);

    // Old token: the 'replaced' answer, for reading and saving; new token: works, with the draft.
    const refused = await expectError(await fetch(`${app.url}/api/respond/${old}`), 404, 'not_found');
    expect(refused.error.reason).toBe('revoked');
    expect((await fetch(`${app.url}/api/respond/${old}`, jsonInit('PUT', { data: { x: 1 }, revision }))).status).toBe(404);
    const opened = await fetch(`${app.url}/api/respond/${fresh}`);
    expect(opened.status).toBe(200);
    const page = (await opened.json()) as { data: Record<string, unknown>; revision: number };
    expect(page.data.kept_answer).toBe('draft before the reissue');
    expect(page.revision).toBe(revision);

    // The emails: the two remaining consenting members, each in their language, with the new link only.
    await app.mail.whenIdle();
    const got = smtp.received.slice(before);
    expect(got.flatMap((m) => m.to).sort()).toEqual(['lea@lyon.example.org', 'sam@lyon.example.org']);
    for (const m of got) {
      const parsed = parseMail(m.raw);
      expect(parsed.text).toContain(`/r/${fresh}`);
      expect(parsed.text).not.toContain(old);
      expect(parsed.headers['content-language']).toBe(m.to[0] === 'lea@lyon.example.org' ? 'fr' : 'en');
    }
    // The contract's endpoint keeps returning one working link per city: the new one.
    const again = (await (await fetch(`${app.url}/api/surveys/${app.surveyId}/invitations`, jsonInit('POST', { cityIds: [lyo.id] }, { Cookie: cookie }))).json()) as { url: string }[];
    expect(again).toEqual([{ cityId: lyo.id, url: out.url }]);
    // Audited.
    const audit = app.db.prepare("SELECT detail FROM audit_log WHERE action = 'link.reissue_and_resend'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).not.toContain(fresh);
  } finally {
    await app.close();
    await smtp.close();
  }
});

test('reissue-and-resend is for admins (403 analyst, 401 anonymous), 404 for an unknown city, and 400 for a body', async () => {
  const aar = city('AAR');
  const reissue = (cookie: string | null, cityId: number | string = aar.id, body: unknown = {}) =>
    fetch(`${t.url}/api/surveys/${t.surveyId}/cities/${cityId}/reissue`, jsonInit('POST', body, cookie ? { Cookie: cookie } : {}));
  const before = snapshotTables(t.db);
  await expectError(await reissue(analyst), 403, 'forbidden');
  await expectError(await reissue(null), 401, 'unauthorised');
  await expectError(await reissue(admin, 999999), 404, 'not_found');
  await expectError(await reissue(admin, aar.id, { cityIds: [1] }), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(before);
});
