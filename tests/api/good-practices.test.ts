/**
 * GET /api/surveys/:id/good-practices.csv (issue 7, Rec 14): who may download it, what it holds, and that a
 * text written as a spreadsheet formula comes out inert.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
type Json = Record<string, any>;
const url = (query = '') => `${t.url}/api/surveys/${t.surveyId}/good-practices.csv${query}`;

async function save(cityIndex: number, data: Json): Promise<void> {
  const res = await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, t.cities[cityIndex]!.id)}`, jsonInit('PUT', { data, revision: 0 }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie('admin@test.example');
  analyst = t.sessionCookie(ANALYST_EMAIL);
  // Aarhus: education, attributed (4), two services and an 'other' text that tries a formula.
  await save(0, {
    chg: { education: 'yes', language: 'yes' },
    chg_insp_education: 4,
    chg_svc_education: ['index_report', 'other'],
    'chg_svc_education-Comment': '@SUM(A1:A9)',
    chg_txt_education: '=HYPERLINK("http://evil.example","click")',
    chg_insp_language: 1,
    chg_txt_language: 'Multilingual signs, "quoted", on two\nlines',
  });
  // Bilbao: a change without rating; a text starting with + and one that is a plain negative number.
  await save(1, { chg: { education: 'yes' }, chg_txt_education: '+cmd|calc', chg_txt_language: '-12' });
  // Lyon answered, but described no change: no row.
  await save(2, { chg: { education: 'no' } });
});
afterAll(async () => {
  await t?.close();
});

test('anonymous 401, a city link is no session (401), admin and analyst download it; bad ids and queries 400', async () => {
  await expectError(await fetch(url()), 401, 'unauthorised');
  const token = t.linkFor(t.surveyId, t.cities[0]!.id);
  await expectError(await fetch(url(`?token=${token}`), { headers: { Authorization: `Bearer ${token}` } }), 401, 'unauthorised');
  expect((await fetch(url(), { headers: { Cookie: analyst } })).status).toBe(200);
  expect((await fetch(url(), { headers: { Cookie: admin } })).status).toBe(200);
  await expectError(await fetch(`${t.url}/api/surveys/999999/good-practices.csv`, { headers: { Cookie: admin } }), 404, 'not_found');
  await expectError(await fetch(url('?format=xlsx'), { headers: { Cookie: admin } }), 400, 'invalid');
});

test('one row per city × area with a text; formula-like cells escaped with an apostrophe; plain numbers kept', async () => {
  const res = await fetch(url(), { headers: { Cookie: analyst } });
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const year = t.stores.surveys.get({ id: t.surveyId })!.year;
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="icc-survey-${year}-good-practices.csv"`);
  const parsed = Papa.parse<Json>(await res.text(), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const rows = parsed.data.map((r) => [r.city, r.policy_area, r.most_important_change, r.change_answer, r.attribution, r.attributed_to_icc, r.icc_services, r.icc_services_other]);
  expect(rows).toEqual([
    ['AAR', 'education', `'=HYPERLINK("http://evil.example","click")`, 'yes', '4', 'true', 'index_report;other', "'@SUM(A1:A9)"],
    ['AAR', 'language', 'Multilingual signs, "quoted", on two\nlines', 'yes', '1', 'false', '', ''],
    ['BIL', 'education', "'+cmd|calc", 'yes', '', '', '', ''],
    ['BIL', 'language', '-12', '', '', '', '', ''],
  ]);
  expect(parsed.data[0]).toMatchObject({ city_name: 'Aarhus (test)', country: 'DK', networks: 'ICC', policy_area_en: 'Education', policy_area_fr: 'Éducation' });
  expect(parsed.data[2]).toMatchObject({ networks: 'ICC;RECI' });
});

test('?bom=1 starts with a byte order mark; the download is audited as an export', async () => {
  const res = await fetch(url('?bom=1&submittedOnly=0'), { headers: { Cookie: admin } });
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.subarray(3).toString('utf8').startsWith('city,city_name,country,networks,policy_area')).toBe(true);
  const entries = t.stores.auditLog.list({ action: 'export.good_practices', limit: 10 });
  expect(entries.length).toBeGreaterThanOrEqual(3);
  expect(entries[0]).toMatchObject({ actor: 'admin@test.example (admin)', detail: expect.objectContaining({ query: { bom: '1', submittedOnly: '0' } }) });
  // Submitted answers only: nobody submitted, so only the header.
  const submitted = await (await fetch(url('?submittedOnly=1'), { headers: { Cookie: admin } })).text();
  expect(submitted.trim().split('\r\n')).toHaveLength(1);
});
