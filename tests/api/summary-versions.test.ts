/**
 * Kept versions of a published summary (issue 7): publishing again adds a version instead of overwriting; the
 * latest is the public one, earlier ones stay readable with ?version=N while the year is published, and
 * unpublishing then publishing again continues the numbering.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let year = 0;
type Json = Record<string, any>;

async function save(cityId: number, data: Json): Promise<void> {
  const res = await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, cityId)}`, jsonInit('PUT', { data, revision: 0 }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
}
// A fresh session each time: the tests move the clock by weeks, past a session's lifetime.
const signedIn = () => (admin = t.sessionCookie('admin@test.example'));
const publish = () => fetch(`${t.url}/api/surveys/${t.surveyId}/summary/publish`, jsonInit('POST', undefined, { Cookie: signedIn() }));
const getPublic = (path: string) => fetch(`${t.url}/api/public/summaries${path}`);

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie('admin@test.example');
  year = t.stores.surveys.get({ id: t.surveyId })!.year;
  await save(t.cities[0]!.id, { chg: { education: 'yes' }, prog: { education: 4 } });
  t.admin.setStatus({ id: t.surveyId, status: 'closed' });
});
afterAll(async () => {
  await t?.close();
});

test('publishing again keeps the earlier version; the latest is shown, earlier ones are listed and readable', async () => {
  t.clock.set(new Date('2026-01-10T10:00:00.000Z'));
  let res = await publish();
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ year, version: 1 });

  // A late answer: the Unit reopens, the city answers, the Unit closes and publishes again.
  t.admin.setStatus({ id: t.surveyId, status: 'open' });
  await save(t.cities[1]!.id, { chg: { education: 'no' }, prog: { education: 1 } });
  t.admin.setStatus({ id: t.surveyId, status: 'closed' });
  t.clock.set(new Date('2026-02-20T10:00:00.000Z'));
  res = await publish();
  expect(await res.json()).toMatchObject({ year, version: 2, publishedAt: '2026-02-20T10:00:00.000Z' });

  const latest = (await (await getPublic(`/${year}`)).json()) as Json;
  expect(latest).toMatchObject({ year, version: 2, latestVersion: 2, publishedAt: '2026-02-20T10:00:00.000Z' });
  expect(latest.summary.n).toBe(2);
  expect(latest.versions).toEqual([
    { version: 2, publishedAt: '2026-02-20T10:00:00.000Z' },
    { version: 1, publishedAt: '2026-01-10T10:00:00.000Z' },
  ]);
  const first = await getPublic(`/${year}?version=1`);
  expect(first.status).toBe(200);
  const v1 = (await first.json()) as Json;
  expect(v1).toMatchObject({ version: 1, latestVersion: 2, publishedAt: '2026-01-10T10:00:00.000Z' });
  expect(v1.summary.n).toBe(1);
  expect(first.headers.get('etag')).not.toBe((await getPublic(`/${year}`)).headers.get('etag'));
  // ?version= of the latest is the latest.
  expect(((await (await getPublic(`/${year}?version=2`)).json()) as Json).summary.n).toBe(2);

  // Tables of an earlier version, too.
  const file = v1.tables[0].file as string;
  const table1 = await getPublic(`/${year}/${file}?version=1`);
  expect(table1.status).toBe(200);
  expect(table1.headers.get('content-disposition')).toContain(`icc-summary-${year}-v1-${file}`);

  const status = (await (await fetch(`${t.url}/api/surveys/${t.surveyId}/summary`, { headers: { Cookie: signedIn() } })).json()) as Json;
  expect(status.published.version).toBe(2);
});

test('unknown or malformed versions are refused', async () => {
  await expectError(await getPublic(`/${year}?version=3`), 404, 'not_found');
  await expectError(await getPublic(`/${year}?version=0`), 400, 'invalid');
  await expectError(await getPublic(`/${year}?version=abc`), 400, 'invalid');
  await expectError(await getPublic(`/${year}/rec19_changes.csv?version=9`), 404, 'not_found');
});

test('unpublishing withdraws every version; publishing again continues the numbering', async () => {
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/summary/unpublish`, jsonInit('POST', undefined, { Cookie: signedIn() }));
  expect(res.status).toBe(200);
  await expectError(await getPublic(`/${year}`), 404, 'not_found');
  await expectError(await getPublic(`/${year}?version=1`), 404, 'not_found');
  expect(t.stores.publishedSummaries.listVersions({ year }).map((v) => v.version)).toEqual([2, 1]);

  t.clock.set(new Date('2026-03-01T10:00:00.000Z'));
  expect(await (await publish()).json()).toMatchObject({ version: 3 });
  const view = (await (await getPublic(`/${year}`)).json()) as Json;
  expect(view.versions.map((v: Json) => v.version)).toEqual([3, 2, 1]);
  expect(((await (await getPublic(`/${year}?version=1`)).json()) as Json).summary.n).toBe(1);
});
