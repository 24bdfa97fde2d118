/**
 * Per-city feedback reports (issue 7): the Unit's route and the city's own route through its link, their
 * contents on a small dataset, suppression, no leakage of other cities, and who may read what.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
type Json = Record<string, any>;

/** Four more cities of the international network, so the comparisons reach the minimum cell of 5. */
const EXTRA = [
  { code: 'TSA', name: 'Testville Alpha' },
  { code: 'TSB', name: 'Testville Bravo' },
  { code: 'TSC', name: 'Testville Charlie' },
  { code: 'TSD', name: 'Testville Delta' },
];
const ids: Record<string, number> = {};

async function save(code: string, data: Json, surveyId = t.surveyId): Promise<void> {
  const res = await fetch(`${t.url}/api/respond/${t.linkFor(surveyId, ids[code]!)}`, jsonInit('PUT', { data, revision: 0 }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
}

const unitUrl = (code: string, surveyId = t.surveyId) => `${t.url}/api/surveys/${surveyId}/cities/${ids[code]}/report`;
async function unitReport(code: string, cookie = admin): Promise<Json> {
  const res = await fetch(unitUrl(code), { headers: { Cookie: cookie } });
  if (res.status !== 200) throw new Error(`report answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Json;
}
const row = (rows: Json[], area: string) => rows.find((r) => r.area === area)!;
const group = (r: Json, key: string) => r.groups.find((g: Json) => g.group === key)!;

/** Every other city's code, name and text answers: none may appear in `code`'s report. */
function foreignStrings(code: string): string[] {
  return t.stores.cities
    .list()
    .filter((c) => c.code !== code)
    .flatMap((c) => [c.code, c.name, `SECRET-${c.code}`]);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie('admin@test.example');
  analyst = t.sessionCookie(ANALYST_EMAIL);
  for (const c of t.cities) ids[c.code] = c.id;
  for (const c of EXTRA) ids[c.code] = t.stores.cities.create({ ...c, country: 'IT', isSynthetic: true }, ['ICC']);

  // Last year Aarhus said education 2 (50).
  const current = t.stores.surveys.get({ id: t.surveyId })!;
  const definition = t.stores.surveys.latestVersion({ surveyId: t.surveyId })!.definition as Record<string, unknown>;
  const previousId = t.admin.create({ definition, year: current.year - 1, code: current.code });
  t.admin.setStatus({ id: previousId, status: 'open' });
  await save('AAR', { prog: { education: 2 } }, previousId);
  t.admin.setStatus({ id: previousId, status: 'closed' });

  // This year: Aarhus education 4 (100), language 2 (50); a change in education rated 4.
  await save('AAR', {
    respondent_role: 'other',
    'respondent_role-Comment': 'Deputy head of the diversity office',
    chg: { education: 'yes', language: 'no' },
    chg_insp_education: 4,
    chg_svc_education: ['index_report', 'study_visit'],
    chg_txt_education: 'Aarhus schools plan',
    prog: { education: 4, language: 2 },
    final_comment: 'Aarhus final words',
  });
  // Six other cities of ICC: education scores 50, 25, 0, 100, 75, 50 (mean 50); changes yes (5), no, yes (1),
  // no, no, yes (3) → 3 of 6 changed, 2 of 6 attributed (rating ≥ 3).
  const others: [string, number, 'yes' | 'no', number | undefined][] = [
    ['BIL', 2, 'yes', 5],
    ['LYO', 1, 'no', undefined],
    ['TSA', 0, 'yes', 1],
    ['TSB', 4, 'no', undefined],
    ['TSC', 3, 'no', undefined],
    ['TSD', 2, 'yes', 3],
  ];
  for (const [code, edu, change, rating] of others) {
    await save(code, {
      chg: { education: change },
      ...(rating === undefined ? {} : { chg_insp_education: rating }),
      chg_txt_education: `SECRET-${code} plan`,
      prog: { education: edu },
      final_comment: `SECRET-${code} final`,
    });
  }
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/surveys/:id/cities/:cityId/report (the ICC Unit)', () => {
  test('anonymous 401; admin and analyst read it; unknown survey or city 404; bad ids and queries 400', async () => {
    await expectError(await fetch(unitUrl('AAR')), 401, 'unauthorised');
    await expectError(await fetch(`${unitUrl('AAR')}?token=${t.linkFor(t.surveyId, ids.AAR!)}`), 401, 'unauthorised');
    expect((await unitReport('AAR', analyst)).city.code).toBe('AAR');
    const get = (path: string) => fetch(`${t.url}/api/surveys/${path}`, { headers: { Cookie: admin } });
    await expectError(await get(`999999/cities/${ids.AAR}/report`), 404, 'not_found');
    await expectError(await get(`${t.surveyId}/cities/999999/report`), 404, 'not_found');
    await expectError(await get(`${t.surveyId}/cities/abc/report`), 400, 'invalid');
    await expectError(await get(`${t.surveyId}/cities/${ids.AAR}/report?x=1`), 400, 'invalid');
  });

  test('contents checked by hand: own scores and answers vs the other cities of the network and of all cities', async () => {
    const r = await unitReport('AAR');
    expect(r.city).toMatchObject({ code: 'AAR', name: 'Aarhus (test)' });
    expect(r.survey.titleFr).toBe('Villes interculturelles : enquête annuelle auprès des villes membres');
    expect(r.networks).toEqual([{ code: 'ICC', name: 'Intercultural Cities', nameFr: null }]);
    expect(r.previousYear).toBe(r.survey.year - 1);
    const rep = r.report;
    expect(rep.responded).toBe(true);
    expect(rep.groups).toEqual([
      { key: 'network:ICC', kind: 'network', network: 'ICC', invited: 6, responded: 6 },
      { key: 'all', kind: 'all', network: null, invited: 7, responded: 6 },
    ]);
    const education = row(rep.progress, 'education');
    expect(education.city).toBe(100);
    expect(group(education, 'network:ICC')).toMatchObject({ n: 6, mean: 50, suppressed: false });
    expect(group(education, 'all')).toMatchObject({ n: 6, mean: 50, suppressed: false });
    // No markers answered: the overall score is the mean area score (Aarhus 75, the others their education score).
    expect(row(rep.progress, 'overall').city).toBe(75);
    expect(group(row(rep.progress, 'overall'), 'all')).toMatchObject({ n: 6, mean: 50 });
    // Only Aarhus scored language: the groups have no other city and are suppressed.
    expect(group(row(rep.progress, 'language'), 'all')).toMatchObject({ n: null, mean: null, suppressed: true });

    const change = row(rep.changes, 'education');
    expect(change).toMatchObject({ answer: 'yes', attribution: 4, attributed: true, services: ['index_report', 'study_visit'] });
    expect(group(change, 'all')).toMatchObject({ n: 6, change: { k: 3, n: 6, p: 0.5 }, attributed: { k: 2, n: 6 } });
    expect(row(rep.changes, 'language')).toMatchObject({ answer: 'no', attributed: false });
    expect(rep.sinceLastYear).toEqual({
      answeredBoth: true,
      changes: [
        { area: 'education', current: 100, previous: 50, difference: 50 },
        { area: 'overall', current: 75, previous: 50, difference: 25 },
      ],
    });
    expect(rep.openAnswers.map((a: Json) => [a.key, a.text])).toEqual([
      ['respondent_role-Comment', 'Deputy head of the diversity office'],
      ['chg_txt_education', 'Aarhus schools plan'],
      ['final_comment', 'Aarhus final words'],
    ]);
    expect(r.labels.areas.education).toEqual({ en: 'Education', fr: 'Éducation' });
    expect(r.labels.services.index_report.en).toMatch(/index/i);
  });

  test('no other city’s code, name or text answers appear in any city’s report', async () => {
    for (const code of ['AAR', 'BIL', 'TSA', 'ZUR']) {
      const json = JSON.stringify(await unitReport(code));
      for (const s of foreignStrings(code)) expect(json, `${code}'s report contains ${s}`).not.toContain(s);
    }
  });

  test('suppression: a national network with no other answering city shows no figure', async () => {
    const r = await unitReport('BIL');
    expect(r.report.networks).toEqual(['ICC', 'RECI']);
    expect(r.report.groups.find((g: Json) => g.key === 'network:RECI')).toMatchObject({ invited: 0, responded: null });
    for (const x of [...r.report.progress, ...r.report.changes]) expect(group(x, 'network:RECI').suppressed).toBe(true);
    // Zürich belongs to no network: its report compares with all cities only.
    const zur = await unitReport('ZUR');
    expect(zur.report.groups.map((g: Json) => g.key)).toEqual(['all']);
    expect(zur.report.responded).toBe(false);
  });

  test('differencing: once Zürich (in no network) answers, all minus ICC would be Zürich alone, so ICC is hidden', async () => {
    await save('ZUR', { prog: { education: 4 }, final_comment: 'SECRET-ZUR final' });
    const rep = (await unitReport('AAR')).report;
    const education = row(rep.progress, 'education');
    expect(group(education, 'network:ICC')).toMatchObject({ n: null, mean: null, suppressed: true });
    expect(group(education, 'all')).toMatchObject({ n: 7, suppressed: false });
    expect(group(education, 'all').mean).toBeCloseTo(400 / 7, 10);
    // Zürich did not answer the change matrix: ICC and all hold the same six cities there, both shown.
    expect(group(row(rep.changes, 'education'), 'network:ICC')).toMatchObject({ n: 6, suppressed: false });
    const json = JSON.stringify(rep);
    for (const s of foreignStrings('AAR')) expect(json).not.toContain(s);
  });
});

describe('GET /api/respond/:token/report (the city, through its link)', () => {
  test('refused (403 not_released) while the survey is open; unknown link 404', async () => {
    const body = await expectError(await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, ids.AAR!)}/report`), 403, 'forbidden');
    expect(body.error.reason).toBe('not_released');
    await expectError(await fetch(`${t.url}/api/respond/${'x'.repeat(43)}/report`), 404, 'not_found');
    await expectError(await fetch(`${t.url}/api/respond/not-a-token/report`), 404, 'not_found');
  });

  test('once closed, each link reads its own city’s report only, the same as the Unit’s', async () => {
    t.admin.setStatus({ id: t.surveyId, status: 'closed' });
    const own = await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, ids.AAR!)}/report`);
    expect(own.status).toBe(200);
    const mine = (await own.json()) as Json;
    expect(mine.city.code).toBe('AAR');
    expect(mine.report).toEqual((await unitReport('AAR')).report);
    const text = JSON.stringify(mine);
    for (const s of foreignStrings('AAR')) expect(text).not.toContain(s);

    const bilbao = (await (await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, ids.BIL!)}/report`)).json()) as Json;
    expect(bilbao.city.code).toBe('BIL');
    expect(JSON.stringify(bilbao)).not.toContain('Aarhus');
    expect(JSON.stringify(bilbao)).not.toContain('AAR');

    // A session is no link: the admin's cookie on the link route changes nothing (unknown link 404).
    await expectError(await fetch(`${t.url}/api/respond/${'y'.repeat(43)}/report`, { headers: { Cookie: admin } }), 404, 'not_found');
    // A replaced link reads nothing.
    const old = t.linkFor(t.surveyId, ids.LYO!);
    t.admin.linkFor({ surveyId: t.surveyId, cityId: ids.LYO!, reissue: true });
    await expectError(await fetch(`${t.url}/api/respond/${old}/report`), 404, 'not_found');
  });
});
