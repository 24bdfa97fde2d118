import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
type Json = Record<string, any>;

const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;

async function save(code: string, data: Json): Promise<void> {
  const res = await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, cityId(code))}`, jsonInit('PUT', { data, revision: 0 }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
}

async function analysis(query = '', cookie = admin): Promise<Json> {
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/analysis${query}`, { headers: { Cookie: cookie } });
  if (res.status !== 200) throw new Error(`analysis answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Json;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie('admin@test.example');
  analyst = t.sessionCookie(ANALYST_EMAIL);
  // Aarhus ranks targeted email first, Bilbao the portal; Lyon answers only its role (no ranking).
  await save('AAR', {
    respondent_role: 'coordinator',
    chg: { education: 'yes', language: 'no' },
    chg_insp_education: 4,
    comm_channels: ['email_targeted', 'portal', 'webinars', 'newsletter', 'collab_tool', 'social_media'],
  });
  await save('BIL', {
    respondent_role: 'coordinator',
    chg: { education: 'no', language: 'no' },
    comm_channels: ['portal', 'email_targeted', 'webinars', 'newsletter', 'collab_tool', 'social_media'],
  });
  await save('LYO', { respondent_role: 'other' });
  // Zürich opens its link without saving anything: an empty draft (revision 0) is not a response.
  await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, cityId('ZUR'))}`);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/surveys/:id/analysis', () => {
  test('anonymous requests get 401 (also with a coordinator link in hand); admin and analyst read it', async () => {
    await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/analysis`), 401, 'unauthorised');
    await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/analysis`, { headers: { Cookie: 'icc_session=forged' } }), 401, 'unauthorised');
    // Only admin and analyst roles exist (the users table refuses others); the route lists both, so no 403 case.
    const a = await analysis('', analyst);
    expect(a.survey).toMatchObject({ id: t.surveyId, year: expect.any(Number), title: expect.any(String) });
    expect((await analysis('', admin)).n).toBe(a.n);
  });

  test('unknown survey 404, bad query 400', async () => {
    const get = (path: string) => fetch(`${t.url}/api/surveys/${path}`, { headers: { Cookie: admin } });
    await expectError(await get('999999/analysis'), 404, 'not_found');
    await expectError(await get('abc/analysis'), 400, 'invalid');
    await expectError(await get(`${t.surveyId}/analysis?submittedOnly=yes`), 400, 'invalid');
    await expectError(await get(`${t.surveyId}/analysis?colour=red`), 400, 'invalid');
    await expectError(await get(`${t.surveyId}/analysis?network=${'x'.repeat(81)}`), 400, 'invalid');
    await expectError(await get(`${t.surveyId}/analysis?country=a&country=b`), 400, 'invalid');
  });

  test('figures checked by hand: 3 responses of 4 invited cities, 1 of 2 rankings puts email first', async () => {
    const a = await analysis();
    expect(a.n).toBe(3);
    expect(a.N).toBe(4);
    expect(a.responseRates.overall).toMatchObject({ invited: 4, responded: 3, p: 0.75 });
    expect(a.rec11.emailPreferred).toMatchObject({ k: 1, n: 2, p: 0.5 });
    // Wilson 95% interval of 1/2: 0.5 ± 1.96·sqrt(0.25/2 + 1.96²/16)/(1 + 1.96²/2)
    const z = 1.959963984540054;
    const half = (z * Math.sqrt(0.25 / 2 + (z * z) / 16)) / (1 + (z * z) / 2);
    expect(a.rec11.emailPreferred.ci95[0]).toBeCloseTo(0.5 - half, 10);
    expect(a.rec11.emailPreferred.ci95[1]).toBeCloseTo(0.5 + half, 10);
    expect(a.rec11.preferred.value).toMatch(/^(email_targeted|portal)$/);
    const education = a.rec19.areas.find((x: Json) => x.area === 'education');
    expect(education.change).toMatchObject({ k: 1, n: 2 });
    expect(education.attributedAmongChanged).toMatchObject({ k: 1, n: 1 });
    expect(a.labels.channels.email_targeted).toEqual({ en: 'Targeted email by topic', fr: 'Courriel ciblé par thème' });
    expect(a.labels.areas.education.fr).toBe('Éducation');
    expect(a.filterOptions.network).toEqual(['ICC', 'RECI']);
    expect(a.filterOptions.country).toEqual(['CH', 'DK', 'ES', 'FR']);
  });

  test('filters restrict responses and roster; submittedOnly keeps submitted answers only', async () => {
    const reci = await analysis('?network=RECI');
    expect(reci.n).toBe(1);
    expect(reci.N).toBe(1);
    expect(reci.filters).toEqual({ network: ['RECI'] });
    expect(reci.rec11.emailPreferred).toMatchObject({ k: 0, n: 1 });
    const dk = await analysis('?country=DK&network=ICC');
    expect(dk.rec11.emailPreferred).toMatchObject({ k: 1, n: 1 });
    const none = await analysis('?submittedOnly=1');
    expect(none.n).toBe(0);
    expect(none.N).toBe(4);
    expect(none.rec11.emailPreferred).toMatchObject({ k: 0, n: 0, p: null });
  });
});

describe('the questionnaire outline and the lines across years', () => {
  test('the analysis carries the survey title in both languages, the sections, the questions with their French texts, and city names', async () => {
    const a = await analysis();
    expect(a.survey.titleFr).toBe('Villes interculturelles : enquête annuelle auprès des villes membres');
    expect(a.survey.title).not.toBe(a.survey.titleFr);
    const names = a.catalogue.sections.map((s: Json) => s.name);
    expect(names).toContain('communication');
    const comm = a.catalogue.questions.find((q: Json) => q.code === 'comm_channels');
    expect(comm).toMatchObject({ section: 'communication', shape: 'ranking', indicator: 'channel_ranking' });
    expect(comm.title.fr).toMatch(/\S/);
    expect(comm.options.find((o: Json) => o.key === 'email_targeted').text).toEqual({ en: 'Targeted email by topic', fr: 'Courriel ciblé par thème' });
    expect(a.cityNames.AAR).toBe('Aarhus (test)');
  });

  test('GET /api/surveys/:id/trend gives one point per year of the same questionnaire, oldest first, with filters', async () => {
    await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/trend`), 401, 'unauthorised');
    await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/trend?x=1`, { headers: { Cookie: admin } }), 400, 'invalid');
    await expectError(await fetch(`${t.url}/api/surveys/424242/trend`, { headers: { Cookie: admin } }), 404, 'not_found');
    const current = t.stores.surveys.get({ id: t.surveyId })!;
    const definition = t.stores.surveys.latestVersion({ surveyId: t.surveyId })!.definition as Record<string, unknown>;
    const previousId = t.admin.create({ definition, year: current.year - 1, code: current.code });
    t.admin.setStatus({ id: previousId, status: 'open' });
    const put = async (code: string, data: Json) => {
      const res = await fetch(`${t.url}/api/respond/${t.linkFor(previousId, cityId(code))}`, jsonInit('PUT', { data, revision: 0 }));
      expect(res.status).toBe(200);
    };
    await put('AAR', { chg: { education: 'no' } });
    await put('BIL', { chg: { education: 'yes' } });
    t.admin.setStatus({ id: previousId, status: 'closed' });

    const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/trend`, { headers: { Cookie: analyst } });
    expect(res.status).toBe(200);
    const points = (await res.json()) as Json[];
    expect(points.map((p) => p.year)).toEqual([current.year - 1, current.year]);
    expect(points[0]).toMatchObject({ surveyId: previousId, n: 2, N: 4, change: { k: 1, n: 2, p: 0.5 } });
    expect(points[0]!.responseRate.p).toBe(0.5);
    expect(points[1]).toMatchObject({ surveyId: t.surveyId, n: 3, change: { k: 1, n: 2 } });
    const reci = (await (await fetch(`${t.url}/api/surveys/${t.surveyId}/trend?network=RECI`, { headers: { Cookie: admin } })).json()) as Json[];
    expect(reci.map((p) => [p.n, p.N])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});

describe('per-question figures across years and the analysis cache (issue 3)', () => {
  const years = (code: string, query = '', cookie = analyst) =>
    fetch(`${t.url}/api/surveys/${t.surveyId}/questions/${encodeURIComponent(code)}/years${query}`, { headers: { Cookie: cookie } });

  test('GET /api/surveys/:id/questions/:code/years: shares per choice per year, n and the panel of cities answering both years', async () => {
    const current = t.stores.surveys.get({ id: t.surveyId })!;
    const previous = t.stores.surveys.previous({ code: current.code, year: current.year })!;
    expect(previous).toBeDefined();
    // Last year Lyon said coordinator and Zürich other; this year Aarhus and Bilbao coordinator, Lyon other.
    t.admin.setStatus({ id: previous.id, status: 'open' });
    for (const [code, role] of [
      ['LYO', 'coordinator'],
      ['ZUR', 'other'],
    ] as const) {
      const res = await fetch(`${t.url}/api/respond/${t.linkFor(previous.id, cityId(code))}`, jsonInit('PUT', { data: { respondent_role: role }, revision: 0 }));
      expect(res.status).toBe(200);
    }
    t.admin.setStatus({ id: previous.id, status: 'closed' });

    await expectError(await years('respondent_role', '', ''), 401, 'unauthorised');
    await expectError(await years('no_such_question'), 404, 'not_found');
    await expectError(await years('respondent_role', '?x=1'), 400, 'invalid');
    const res = await years('respondent_role');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.kind).toBe('choice');
    expect(body.years.map((y: Json) => [y.year, y.asked, y.n, y.panelN])).toEqual([
      [current.year - 1, true, 2, 1],
      [current.year, true, 3, null],
    ]);
    // Hand-computed: last year 1 of 2 coordinators, this year 2 of 3.
    expect(body.years[0].shares.coordinator).toMatchObject({ k: 1, n: 2, p: 0.5 });
    expect(body.years[1].shares.coordinator).toMatchObject({ k: 2, n: 3 });
    expect(body.years[1].shares.coordinator.p).toBeCloseTo(2 / 3, 12);
    expect(body.years[1].shares.other).toMatchObject({ k: 1, n: 3 });
    // Filters apply to every year: RECI holds Bilbao only (this year), nobody answered last year.
    const reci = (await (await years('respondent_role', '?network=RECI')).json()) as Json;
    expect(reci.years.map((y: Json) => [y.n, y.panelN])).toEqual([
      [0, 0],
      [1, null],
    ]);
  });

  test('a cached analysis is recomputed after a save and after a submission, never served stale', async () => {
    const before = await analysis();
    expect((await analysis()).n).toBe(before.n);
    await save('ZUR', { respondent_role: 'coordinator' });
    const after = await analysis();
    expect(after.n).toBe(before.n + 1);
    expect(after.questions.respondent_role.counts.coordinator).toBe(before.questions.respondent_role.counts.coordinator + 1);
    expect((await analysis('?submittedOnly=1')).n).toBe(0);
    const zur = t.stores.responses.get({ surveyId: t.surveyId, cityId: cityId('ZUR') })!;
    t.stores.responses.setStatus({ id: zur.id, status: 'submitted', now: new Date() });
    expect((await analysis('?submittedOnly=1')).n).toBe(1);
    // The trend and the per-question years see the new answer too.
    const trend = (await (await fetch(`${t.url}/api/surveys/${t.surveyId}/trend`, { headers: { Cookie: admin } })).json()) as Json[];
    expect(trend[trend.length - 1]!.n).toBe(after.n);
    const role = (await (await years('respondent_role')).json()) as Json;
    expect(role.years[1].shares.coordinator.k).toBe(3);
    expect(role.years[0].panelN).toBe(2);
  });
});
