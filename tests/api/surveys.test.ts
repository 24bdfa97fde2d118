import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { POLICY_AREAS } from '../../surveys/extensions';
import {
  ADMIN_EMAIL,
  ANALYST_EMAIL,
  expectError,
  jsonInit,
  snapshotTables,
  startTestApp,
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

type Json = Record<string, unknown>;
const loc = (en: string, fr: string) => ({ default: en, fr });

/** A small valid definition using the platform's custom properties, scores and French texts. */
function smallDefinition(): Json {
  return {
    title: loc('Pilot survey', 'Enquête pilote'),
    description: loc('A short test', 'Un court essai'),
    showProgressBar: true,
    pages: [
      {
        name: 'p1',
        title: loc('First page', 'Première page'),
        elements: [
          {
            type: 'radiogroup',
            name: 'q1',
            title: loc('Does the city have a strategy?', 'La ville a-t-elle une stratégie ?'),
            indicator: 'marker',
            isRequired: true,
            choices: [
              { value: 'yes', text: loc('Yes', 'Oui'), score: 1 },
              { value: 'partly', text: loc('Partly', 'En partie'), score: 0.5 },
              { value: 'no', text: loc('No', 'Non'), score: 0 },
            ],
          },
          {
            type: 'rating',
            name: 'q2',
            title: loc('How far was it inspired by ICC?', 'Dans quelle mesure inspiré par ICC ?'),
            indicator: 'attribution',
            policyArea: 'education',
            rateMin: 1,
            rateMax: 5,
            visibleIf: "{q1} = 'yes'",
          },
          { type: 'comment', name: 'q3', title: loc('Comments', 'Commentaires'), maxLength: 500 },
        ],
      },
    ],
  };
}

const post = (body: unknown, cookie = admin, query = '') => fetch(`${t.url}/api/surveys${query}`, jsonInit('POST', body, { Cookie: cookie }));
const get = (path: string, cookie?: string) => fetch(`${t.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
const surveyCount = () => (t.db.prepare('SELECT count(*) AS n FROM surveys').get() as { n: number }).n;
const pick = (s: Json) => ({ id: s.id, title: s.title, year: s.year, status: s.status });

async function createSurvey(definition: Json = smallDefinition(), query = ''): Promise<number> {
  const res = await post(definition, admin, query);
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

test('an admin lists the surveys as id, title, year and status', async () => {
  const res = await get('/api/surveys', admin);
  expect(res.status).toBe(200);
  const list = (await res.json()) as Json[];
  expect(list.length).toBeGreaterThanOrEqual(1);
  expect(pick(list.find((s) => s.id === t.surveyId)!)).toEqual({
    id: t.surveyId,
    title: 'Intercultural Cities: annual survey of member cities',
    year: 2025,
    status: 'open',
  });
  expect(list.find((s) => s.id === t.surveyId)!.titleFr).toBe('Villes interculturelles : enquête annuelle auprès des villes membres');
  for (const s of list) {
    expect(typeof s.id).toBe('number');
    expect(typeof s.title).toBe('string');
    expect(typeof s.year).toBe('number');
    expect(['draft', 'open', 'closed']).toContain(s.status);
  }
});

test('an analyst lists the surveys too', async () => {
  const res = await get('/api/surveys', analyst);
  expect(res.status).toBe(200);
  const list = (await res.json()) as Json[];
  expect(list.map(pick)).toContainEqual({
    id: t.surveyId,
    title: 'Intercultural Cities: annual survey of member cities',
    year: 2025,
    status: 'open',
  });
});

test('one survey reads with its French title, from the definition of its published version, else of its draft', async () => {
  const res = await get(`/api/surveys/${t.surveyId}`, analyst);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({
    id: t.surveyId,
    title: 'Intercultural Cities: annual survey of member cities',
    titleFr: 'Villes interculturelles : enquête annuelle auprès des villes membres',
    year: 2025,
  });
  const created = await createSurvey();
  expect(await (await get(`/api/surveys/${created}`, admin)).json()).toMatchObject({ title: 'Pilot survey', titleFr: 'Enquête pilote', status: 'draft' });
  await expectError(await get(`/api/surveys/${created}`), 401, 'unauthorised');
  await expectError(await get('/api/surveys/999999', admin), 404, 'not_found');
});

test('listing the surveys without signing in answers 401', async () => {
  await expectError(await get('/api/surveys'), 401, 'unauthorised');
});

test('an admin creates a survey from a valid definition: 201 with its id, as a draft of this year', async () => {
  const res = await post(smallDefinition());
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: number };
  expect(Object.keys(body)).toEqual(['id']);
  expect(Number.isInteger(body.id)).toBe(true);
  const list = (await (await get('/api/surveys', admin)).json()) as Json[];
  expect(pick(list.find((s) => s.id === body.id)!)).toEqual({ id: body.id, title: 'Pilot survey', year: 2025, status: 'draft' });
});

test('the year of a new survey comes from ?year=', async () => {
  const id = await createSurvey(smallDefinition(), '?year=2031');
  const list = (await (await get('/api/surveys', admin)).json()) as Json[];
  expect(pick(list.find((s) => s.id === id)!)).toEqual({ id, title: 'Pilot survey', year: 2031, status: 'draft' });
});

test('a year that is not a number answers 400 and creates nothing', async () => {
  const before = surveyCount();
  const body = await expectError(await post(smallDefinition(), admin, '?year=abc'), 400, 'invalid');
  expect(body.error.problems).toHaveLength(1);
  expect(body.error.problems[0]).toMatch(/^year: /);
  await expectError(await post(smallDefinition(), admin, '?year=1999'), 400, 'invalid');
  await expectError(await post(smallDefinition(), admin, '?year=2025.5'), 400, 'invalid');
  expect(surveyCount()).toBe(before);
});

test('the definition comes back exactly as posted, custom properties and translations included', async () => {
  const definition = smallDefinition();
  const id = await createSurvey(definition);
  for (const cookie of [admin, analyst]) {
    const res = await get(`/api/surveys/${id}/definition`, cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toStrictEqual(definition);
  }
});

test('the default questionnaire comes back equal to the file', async () => {
  const { loadDefaultSurveys } = await import('../../surveys/default-surveys');
  const res = await get(`/api/surveys/${t.surveyId}/definition`, analyst);
  expect(await res.json()).toStrictEqual(loadDefaultSurveys()[0]!.definition);
});

test('reading a definition without signing in answers 401; an unknown survey 404; a bad id 400', async () => {
  await expectError(await get(`/api/surveys/${t.surveyId}/definition`), 401, 'unauthorised');
  await expectError(await get('/api/surveys/99999/definition', admin), 404, 'not_found');
  await expectError(await get('/api/surveys/abc/definition', admin), 400, 'invalid');
  await expectError(await get('/api/surveys/-1/definition', admin), 400, 'invalid');
  await expectError(await get('/api/surveys/1e400/definition', admin), 400, 'invalid');
});

async function expectRefusedDefinition(definition: unknown, problem: string | RegExp) {
  const before = snapshotTables(t.db);
  const body = await expectError(await post(definition), 400, 'invalid');
  expect(Array.isArray(body.error.problems)).toBe(true);
  if (typeof problem === 'string') expect(body.error.problems).toContain(problem);
  else expect(body.error.problems.some((p: string) => problem.test(p))).toBe(true);
  expect(snapshotTables(t.db)).toEqual(before);
  return body.error.problems as string[];
}

test('a definition with an unknown question type answers 400 naming the question', async () => {
  const d = smallDefinition() as { pages: { elements: Json[] }[] };
  d.pages[0]!.elements.push({ type: 'hologram', name: 'q9', title: loc('Nine', 'Neuf') });
  const problems = await expectRefusedDefinition(d, 'question "q9": unknown type "hologram"');
  expect(problems).toEqual(['question "q9": unknown type "hologram"']);
});

test('a definition with a broken expression answers 400 naming the question and the expression', async () => {
  const d = smallDefinition() as { pages: { elements: Json[] }[] };
  d.pages[0]!.elements[1]!.visibleIf = '{q1} = ';
  const problems = await expectRefusedDefinition(d, /^question "q2": visibleIf "\{q1\} = " is not a valid expression/);
  expect(problems).toEqual(['question "q2": visibleIf "{q1} = " is not a valid expression (syntax error at character 8)']);
});

test('a definition with duplicate question names answers 400 naming the duplicate', async () => {
  const d = smallDefinition() as { pages: { elements: Json[] }[] };
  d.pages[0]!.elements.push({ type: 'text', name: 'q3', title: loc('Again', 'Encore') });
  await expectRefusedDefinition(d, 'duplicate question name "q3" (used 2 times)');
});

test('a definition with an expression naming an unknown question answers 400', async () => {
  const d = smallDefinition() as { pages: { elements: Json[] }[] };
  d.pages[0]!.elements[1]!.visibleIf = "{nowhere} = 'yes'";
  await expectRefusedDefinition(d, /^question "q2": visibleIf "\{nowhere\} = 'yes'" refers to "nowhere"/);
});

test('a definition with an untranslated title answers 400 naming where', async () => {
  const d = smallDefinition() as { pages: { elements: Json[] }[] };
  d.pages[0]!.elements[2]!.title = 'Comments only in English';
  await expectRefusedDefinition(d, 'question "q3": text at pages[0].elements[2].title needs both English ("default") and French ("fr")');
});

test('a definition that is an array answers 400 with a problem list', async () => {
  await expectRefusedDefinition([smallDefinition()], /expected record, received array/);
});

test('a definition that is an empty object answers 400: no questions', async () => {
  await expectRefusedDefinition({}, 'the survey has no questions');
});

test('a definition that is a bare JSON value or broken JSON answers 400', async () => {
  const before = surveyCount();
  await expectError(await post('"a survey"'), 400, 'bad_request');
  await expectError(await post('42'), 400, 'bad_request');
  await expectError(await post('null'), 400, 'bad_request');
  await expectError(await post('{"pages": ['), 400, 'bad_request');
  expect(surveyCount()).toBe(before);
});

test('a definition with a __proto__ key answers 400', async () => {
  const before = surveyCount();
  const raw = '{"title":"x","__proto__":{"polluted":1},"pages":[]}';
  await expectError(await post(raw), 400, 'invalid');
  expect(({} as Json).polluted).toBeUndefined();
  expect(surveyCount()).toBe(before);
});

test('a definition over 512 KB answers 413', async () => {
  const before = surveyCount();
  const d = smallDefinition();
  d.description = loc('x'.repeat(600 * 1024), 'y');
  await expectError(await post(d), 413, 'too_large');
  expect(surveyCount()).toBe(before);
});

test('a definition sent as text/plain answers 415', async () => {
  const res = await fetch(`${t.url}/api/surveys`, {
    method: 'POST',
    headers: { Cookie: admin, 'Content-Type': 'text/plain' },
    body: JSON.stringify(smallDefinition()),
  });
  await expectError(res, 415, 'unsupported_media_type');
});

test('an analyst may not create a survey (403) and an anonymous caller must sign in (401)', async () => {
  const before = surveyCount();
  await expectError(await post(smallDefinition(), analyst), 403, 'forbidden');
  await expectError(await fetch(`${t.url}/api/surveys`, jsonInit('POST', smallDefinition())), 401, 'unauthorised');
  expect(surveyCount()).toBe(before);
});

test('opening and closing a survey answer 200 and change its status', async () => {
  const id = await createSurvey();
  const statusOf = async () => ((await (await get('/api/surveys', analyst)).json()) as Json[]).find((s) => s.id === id)!.status;
  const open = await fetch(`${t.url}/api/surveys/${id}/open`, { method: 'POST', headers: { Cookie: admin } });
  expect(open.status).toBe(200);
  expect(await open.json()).toEqual({ id, status: 'open' });
  expect(await statusOf()).toBe('open');
  const close = await fetch(`${t.url}/api/surveys/${id}/close`, { method: 'POST', headers: { Cookie: admin } });
  expect(close.status).toBe(200);
  expect(await close.json()).toEqual({ id, status: 'closed' });
  expect(await statusOf()).toBe('closed');
});

test('opening a survey publishes it: its link answers only once it is open', async () => {
  const id = await createSurvey();
  const token = t.linkFor(id, t.cities[0]!.id);
  await expectError(await fetch(`${t.url}/api/respond/${token}`), 403, 'not_open');
  await fetch(`${t.url}/api/surveys/${id}/open`, { method: 'POST', headers: { Cookie: admin } });
  const res = await fetch(`${t.url}/api/respond/${token}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as Json;
  expect(body.survey).toStrictEqual(smallDefinition());
  expect(body.status).toBe('draft');
});

test('opening or closing an unknown survey answers 404, a bad id 400', async () => {
  for (const action of ['open', 'close']) {
    await expectError(await fetch(`${t.url}/api/surveys/99999/${action}`, { method: 'POST', headers: { Cookie: admin } }), 404, 'not_found');
    await expectError(await fetch(`${t.url}/api/surveys/abc/${action}`, { method: 'POST', headers: { Cookie: admin } }), 400, 'invalid');
  }
});

test('an analyst may not open or close a survey; anonymous callers must sign in', async () => {
  const id = await createSurvey();
  const before = snapshotTables(t.db);
  await expectError(await fetch(`${t.url}/api/surveys/${id}/open`, { method: 'POST', headers: { Cookie: analyst } }), 403, 'forbidden');
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/close`, { method: 'POST', headers: { Cookie: analyst } }), 403, 'forbidden');
  await expectError(await fetch(`${t.url}/api/surveys/${id}/open`, { method: 'POST' }), 401, 'unauthorised');
  expect(snapshotTables(t.db)).toEqual(before);
});

// ---------------------------------------------------------------------------------------------
// Property: any small definition made of the supported types round-trips unchanged.

const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
const localised = fc.record({ default: text, fr: text });
const score = fc.oneof(fc.integer({ min: -5, max: 10 }), fc.double({ min: 0.001, max: 1, noNaN: true }));
const choiceValues = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { minLength: 1, maxLength: 5 });
const choices = choiceValues.chain((values) =>
  fc.tuple(...values.map((value) => fc.record({ text: localised, score }).map((c) => ({ value: `c_${value}`, ...c })))),
);
const area = fc.constantFrom(...POLICY_AREAS);

const questionBody = fc.oneof(
  fc.record(
    { type: fc.constant('text'), title: localised, maxLength: fc.integer({ min: 1, max: 5000 }), policyArea: area },
    { requiredKeys: ['type', 'title'] },
  ),
  fc.record(
    { type: fc.constant('radiogroup'), title: localised, choices, indicator: fc.constant('marker'), isRequired: fc.boolean() },
    { requiredKeys: ['type', 'title', 'choices'] },
  ),
  fc.record(
    { type: fc.constant('checkbox'), title: localised, choices, maxSelectedChoices: fc.integer({ min: 1, max: 5 }), indicator: fc.constant('topics') },
    { requiredKeys: ['type', 'title', 'choices'] },
  ),
  fc.record(
    {
      type: fc.constant('rating'),
      title: localised,
      indicator: fc.constant('attribution'),
      policyArea: area,
      rateMin: fc.constant(1),
      rateMax: fc.integer({ min: 2, max: 10 }),
      minRateDescription: localised,
    },
    { requiredKeys: ['type', 'title', 'indicator', 'policyArea', 'rateMin', 'rateMax'] },
  ),
);
const definitions = fc
  .record({ title: localised, description: localised, questions: fc.array(questionBody, { minLength: 1, maxLength: 5 }) }, { requiredKeys: ['title', 'questions'] })
  .map(({ questions, ...survey }) => ({
    ...survey,
    pages: [{ name: 'page1', elements: questions.map((q, i) => ({ name: `q${i + 1}`, ...q })) }],
  }));

test('property: a generated definition is accepted and comes back deep-equal', async () => {
  await fc.assert(
    fc.asyncProperty(definitions, async (definition) => {
      const res = await post(definition);
      if (res.status !== 201) throw new Error(`refused (${res.status}): ${await res.text()}`);
      const { id } = (await res.json()) as { id: number };
      const back = await (await get(`/api/surveys/${id}/definition`, analyst)).json();
      // fast-check may build null-prototype objects: compare with what was actually sent.
      expect(back).toStrictEqual(JSON.parse(JSON.stringify(definition)));
    }),
    { numRuns: 40 },
  );
});
