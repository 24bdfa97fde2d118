/**
 * Published summaries (issue 7 part 2): the Unit publishes and withdraws a year's summary; anyone reads it
 * without signing in; the figures on a small dataset checked by hand; suppression below 5 cities; no city code,
 * name or text answer anywhere in what is public; the snapshot does not move when the data do.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
let year = 0;
type Json = Record<string, any>;

const EXTRA = [
  { code: 'TSA', name: 'Testville Alpha' },
  { code: 'TSB', name: 'Testville Bravo' },
  { code: 'TSC', name: 'Testville Charlie' },
  { code: 'TSD', name: 'Testville Delta' },
];
const ids: Record<string, number> = {};
const CHANNELS = ['email_targeted', 'newsletter', 'portal', 'collab_tool', 'webinars', 'social_media'];

async function save(code: string, data: Json, surveyId = t.surveyId): Promise<void> {
  const res = await fetch(`${t.url}/api/respond/${t.linkFor(surveyId, ids[code]!)}`, jsonInit('PUT', { data, revision: 0 }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
}
const post = (path: string, cookie?: string) => fetch(`${t.url}/api/surveys/${path}`, jsonInit('POST', undefined, cookie ? { Cookie: cookie } : {}));
const getPublic = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}/api/public/summaries${path}`, { headers });
const area = (s: Json, code: string, family: 'rec19' | 'rec17') => s[family].areas.find((a: Json) => a.area === code);

/** Every city's code and name, and every text answer: none may appear in anything public. */
function forbiddenStrings(): string[] {
  return [...t.stores.cities.list().flatMap((c) => [c.code, c.name]), 'SECRET', 'Mayor Smith'];
}

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie('admin@test.example');
  analyst = t.sessionCookie(ANALYST_EMAIL);
  for (const c of t.cities) ids[c.code] = c.id;
  for (const c of EXTRA) ids[c.code] = t.stores.cities.create({ ...c, country: 'IT', isSynthetic: true }, ['ICC']);
  const current = t.stores.surveys.get({ id: t.surveyId })!;
  year = current.year;

  // Last year only Aarhus answered: a panel of 1 city, suppressed.
  const definition = t.stores.surveys.latestVersion({ surveyId: t.surveyId })!.definition as Record<string, unknown>;
  const previousId = t.admin.create({ definition, year: year - 1, code: current.code });
  t.admin.setStatus({ id: previousId, status: 'open' });
  await save('AAR', { chg: { education: 'no' }, prog: { education: 2 } }, previousId);
  t.admin.setStatus({ id: previousId, status: 'closed' });

  // Seven of the eight cities answer (Zürich does not). Education: change yes/no with ratings, score 0-4.
  // Language: only Aarhus and Bilbao (2 cities: suppressed). Channels ranked by five cities.
  const rows: [string, 'yes' | 'no', number | undefined, number, string[] | undefined][] = [
    ['AAR', 'yes', 4, 4, CHANNELS],
    ['BIL', 'yes', 5, 2, CHANNELS],
    ['LYO', 'no', undefined, 1, CHANNELS],
    ['TSA', 'yes', 1, 0, ['portal', 'email_targeted', 'newsletter', 'collab_tool', 'webinars', 'social_media']],
    ['TSB', 'no', undefined, 4, ['webinars', 'email_targeted', 'portal', 'collab_tool', 'social_media', 'newsletter']],
    ['TSC', 'no', undefined, 3, undefined],
    ['TSD', 'yes', 3, 2, undefined],
  ];
  for (const [code, change, rating, score, ranking] of rows) {
    await save(code, {
      chg: { education: change, ...(code === 'AAR' ? { language: 'no' } : code === 'BIL' ? { language: 'yes' } : {}) },
      ...(rating === undefined ? {} : { chg_insp_education: rating }),
      ...(code === 'BIL' ? { chg_insp_language: 2 } : {}),
      chg_svc_education: ['index_report', `SECRET-service-${code}`],
      chg_txt_education: `SECRET-${code} plan with Mayor Smith`,
      prog: { education: score, ...(code === 'AAR' ? { language: 2 } : {}) },
      ...(ranking ? { comm_channels: ranking } : {}),
      final_comment: `SECRET-${code} final`,
    });
  }
});
afterAll(async () => {
  await t?.close();
});

describe('before publication', () => {
  test('nothing is public: an empty list, 404 for the year and its tables', async () => {
    const list = await getPublic('');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ summaries: [] });
    await expectError(await getPublic(`/${year}`), 404, 'not_found');
    await expectError(await getPublic(`/${year}/rec19_changes.csv`), 404, 'not_found');
    await expectError(await getPublic('/20x5'), 400, 'invalid');
  });

  test('the Unit reviews the preview; publishing needs an admin and a closed survey', async () => {
    await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/summary`), 401, 'unauthorised');
    const status = (await (await fetch(`${t.url}/api/surveys/${t.surveyId}/summary`, { headers: { Cookie: analyst } })).json()) as Json;
    expect(status.published).toBeNull();
    expect(status.preview).toMatchObject({ year, n: 7, N: 8 });

    await expectError(await post(`${t.surveyId}/summary/publish`), 401, 'unauthorised');
    await expectError(await post(`${t.surveyId}/summary/publish`, analyst), 403, 'forbidden');
    await expectError(await post(`${t.surveyId}/summary/unpublish`, analyst), 403, 'forbidden');
    const open = await expectError(await post(`${t.surveyId}/summary/publish`, admin), 409, 'conflict');
    expect(open.error.reason).toBe('not_closed');
    await expectError(await post('999999/summary/publish', admin), 404, 'not_found');
    expect((await getPublic('')).status).toBe(200);
    expect(t.stores.auditLog.list({ action: 'summary.', limit: 10 })).toEqual([]);
  });
});

describe('after publication', () => {
  let body: Json;

  beforeAll(async () => {
    t.admin.setStatus({ id: t.surveyId, status: 'closed' });
    const res = await post(`${t.surveyId}/summary/publish`, admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ year, path: `/summary/${year}` });
    // Read without any cookie.
    const pub = await getPublic(`/${year}`);
    expect(pub.status).toBe(200);
    body = (await pub.json()) as Json;
  });

  test('publishing is audited, and the year is listed', async () => {
    const [entry] = t.stores.auditLog.list({ action: 'summary.publish', limit: 10 });
    expect(entry).toMatchObject({ actor: 'admin@test.example (admin)', action: 'summary.publish' });
    const list = (await (await getPublic('')).json()) as Json;
    expect(list.summaries).toEqual([{ year, title: body.summary.title, publishedAt: body.publishedAt, n: 7, N: 8 }]);
  });

  test('headline figures, checked by hand', () => {
    const s = body.summary;
    expect(s).toMatchObject({ year, n: 7, N: 8, minCell: 5, threshold: 3 });
    expect(s.responseRate).toMatchObject({ responded: 7, invited: 8, p: 7 / 8 });
    expect(s.responseRate.ci95[0]).toBeLessThan(7 / 8);

    // Education: yes for AAR, BIL, TSA, TSD (4 of 7); attributed (yes and rating ≥ 3): AAR 4, BIL 5, TSD 3.
    const education = area(s, 'education', 'rec19');
    expect(education.change).toMatchObject({ k: 4, n: 7, suppressed: false });
    expect(education.change.p).toBeCloseTo(4 / 7, 12);
    expect(education.attributed).toMatchObject({ k: 3, n: 7, suppressed: false });
    expect(s.rec19.overall.change).toMatchObject({ k: 4, n: 7 });
    expect(s.rec19.overall.attributed).toMatchObject({ k: 3, n: 7 });
    // Services: the questionnaire's choices only (the SECRET values saved through the API are left out).
    expect(s.rec19.services.n).toBe(7);
    expect(s.rec19.services.items.find((x: Json) => x.value === 'index_report').share).toMatchObject({ k: 7, n: 7, p: 1 });

    // Progress, education: 100, 50, 25, 0, 100, 75, 50 → mean 400/7, median 50.
    const progress = area(s, 'education', 'rec17');
    expect(progress).toMatchObject({ n: 7, median: 50, suppressed: false });
    expect(progress.mean).toBeCloseTo(400 / 7, 10);
    // Overall: Aarhus (100 + 50) / 2 = 75, the others their education score.
    expect(s.rec17.overall.n).toBe(7);
    expect(s.rec17.overall.mean).toBeCloseTo(375 / 7, 10);

    // Channels: email first for 3 of 5, social media last for 4 of 5.
    expect(s.rec11).toMatchObject({ n: 5, suppressed: false });
    expect(s.rec11.emailPreferred).toMatchObject({ k: 3, n: 5, p: 0.6 });
    expect(s.rec11.preferred).toMatchObject({ value: 'email_targeted', share: { k: 3, n: 5 } });
    expect(s.rec11.leastFavourite).toMatchObject({ value: 'social_media', share: { k: 4, n: 5 } });
    expect(s.labels.areas.education).toEqual({ en: 'Education', fr: 'Éducation' });
    expect(body.tables.map((x: Json) => x.file)).toContain('rec19_changes.csv');
  });

  test('suppression: figures describing fewer than 5 cities are published as suppressed, without n', () => {
    const s = body.summary;
    expect(area(s, 'language', 'rec19').change).toEqual({ k: null, n: null, p: null, ci95: null, suppressed: true });
    expect(area(s, 'language', 'rec17')).toMatchObject({ n: null, mean: null, median: null, suppressed: true });
    // Last year only Aarhus answered: the panel change is suppressed.
    expect(s.rec17.overall.panel).toEqual({ previousYear: year - 1, n: null, meanChange: null, ci95: null, suppressed: true });
    expect(s.rec19.overall.panel).toMatchObject({ n: null, suppressed: true });
  });

  test('no city-level data: no city code or name, no text answer, in the JSON, the list or any table', async () => {
    const texts = [JSON.stringify(body), await (await getPublic('')).text()];
    for (const { file } of body.tables as Json[]) {
      const res = await getPublic(`/${year}/${file}`);
      expect(res.status, file).toBe(200);
      texts.push(await res.text());
    }
    expect(texts.length).toBeGreaterThan(5);
    // No per-city structure at all.
    expect(JSON.stringify(body)).not.toMatch(/"cities"|"city"|citiesByTopic|"texts"/);
    for (const text of texts) for (const s of forbiddenStrings()) expect(text, `public output contains ${s}`).not.toContain(s);
  });

  test('public caching: short max-age, ETag, 304 on revalidation; CSV with BOM on request', async () => {
    const res = await getPublic(`/${year}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    // fetch adds `Cache-Control: no-cache` to conditional requests (an end-to-end reload) unless one is given.
    expect((await getPublic(`/${year}`, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' })).status).toBe(304);

    const csv = await getPublic(`/${year}/rec19_changes.csv?bom=1`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="icc-summary-${year}-rec19_changes.csv"`);
    const csvEtag = csv.headers.get('etag')!;
    expect(csvEtag).not.toBe(etag);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Json>(bytes.subarray(3).toString('utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.area === 'education')).toMatchObject({ area_en: 'Education', change_k: '4', change_n: '7', attributed_k: '3', change_suppressed: 'false' });
    expect(rows.find((r) => r.area === 'language')).toMatchObject({ change_k: '', change_n: '', change_suppressed: 'true' });
    expect((await getPublic(`/${year}/rec19_changes.csv?bom=1`, { 'If-None-Match': csvEtag, 'Cache-Control': 'max-age=0' })).status).toBe(304);
    await expectError(await getPublic(`/${year}/nope.csv`), 404, 'not_found');
    await expectError(await getPublic(`/${year}/..%2Fsecret`), 400, 'invalid');
  });

  test('the snapshot stays as published when the data change; the preview shows the difference', async () => {
    const city = t.stores.cities.create({ code: 'NEW', name: 'Newtown (test)', country: 'FR', isSynthetic: true }, ['ICC']);
    const again = (await (await getPublic(`/${year}`)).json()) as Json;
    expect(again.summary.N).toBe(8);
    expect(again).toEqual(body);
    const status = (await (await fetch(`${t.url}/api/surveys/${t.surveyId}/summary`, { headers: { Cookie: admin } })).json()) as Json;
    expect(status.preview.N).toBe(9);
    expect(status.published).toMatchObject({ path: `/summary/${year}`, matchesPreview: false });
    expect(city).toBeGreaterThan(0);
  });

  test('one summary per year: another survey of the same year cannot be published meanwhile', async () => {
    const definition = t.stores.surveys.latestVersion({ surveyId: t.surveyId })!.definition as Record<string, unknown>;
    const other = t.admin.create({ definition, year, code: 'second-questionnaire' });
    t.admin.setStatus({ id: other, status: 'open' });
    t.admin.setStatus({ id: other, status: 'closed' });
    const refused = await expectError(await post(`${other}/summary/publish`, admin), 409, 'conflict');
    expect(refused.error.reason).toBe('year_taken');
  });

  test('unpublishing withdraws it at once (audited); doing it twice is harmless', async () => {
    const res = await post(`${t.surveyId}/summary/unpublish`, admin);
    expect(await res.json()).toEqual({ published: false, withdrawn: true });
    await expectError(await getPublic(`/${year}`), 404, 'not_found');
    await expectError(await getPublic(`/${year}/rec19_changes.csv`), 404, 'not_found');
    expect(await (await getPublic('')).json()).toEqual({ summaries: [] });
    expect(await (await post(`${t.surveyId}/summary/unpublish`, admin)).json()).toEqual({ published: false, withdrawn: false });
    expect(t.stores.auditLog.list({ action: 'summary.unpublish', limit: 10 })).toHaveLength(2);
  });
});
