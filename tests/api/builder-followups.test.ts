/**
 * Follow-ups of the builder (issue 4): the Unit's per-city list of flagged answers (answers kept for questions a
 * fix removed), and answers given to an older version of the same year read in the latest version's codes by the
 * analysis and the exports, through the mappings published with the fixes; drafts moving to a fix take its
 * renames over.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

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

type Json = Record<string, any>;
const loc = (en: string, fr: string) => ({ default: en, fr });

/** A scored marker (Rec 17) under `code`, its 'yes' choice valued `yes`, and a comment `q2` unless left out. */
function definition(code = 'q1', yes = 'yes', { comment = true } = {}): Json {
  return {
    title: loc('Follow-up pilot', 'Pilote de suivi'),
    pages: [
      {
        name: 'p1',
        elements: [
          {
            type: 'radiogroup',
            name: code,
            title: loc('Does the city have a strategy?', 'La ville a-t-elle une stratégie ?'),
            indicator: 'marker',
            choices: [
              { value: yes, text: loc('Yes', 'Oui'), score: 1 },
              { value: 'no', text: loc('No', 'Non'), score: 0 },
            ],
          },
          ...(comment ? [{ type: 'comment', name: 'q2', title: loc('Comments', 'Commentaires') }] : []),
        ],
      },
    ],
  };
}

const call = (method: string, path: string, body?: unknown, cookie = admin) => fetch(`${t.url}/api/surveys${path}`, jsonInit(method, body, { Cookie: cookie }));
async function ok<T = Json>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text.slice(0, 500)}`);
  return (r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
}
const get = <T = Json>(path: string, cookie = admin) => ok<T>(fetch(`${t.url}/api/surveys${path}`, { headers: { Cookie: cookie } }));
const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;
const respond = (surveyId: number, city: string) => `${t.url}/api/respond/${t.linkFor(surveyId, cityId(city))}`;
async function save(surveyId: number, city: string, data: Json, revision = 0): Promise<Json> {
  return ok(fetch(respond(surveyId, city), jsonInit('PUT', { data, revision })));
}
async function submit(surveyId: number, city: string, data: Json): Promise<void> {
  const saved = await save(surveyId, city, data);
  await ok(fetch(`${respond(surveyId, city)}/submit`, jsonInit('POST', { data, revision: saved.revision, locale: 'en' })));
}

let year = 2070;
async function openSurvey(def: Json = definition()): Promise<number> {
  const { id } = await ok<{ id: number }>(call('POST', `?year=${year++}`, def), 201);
  await ok(call('POST', `/${id}/open`));
  return id;
}
/** Publishes `def` as the survey's next version, with `mapping` when given. */
async function publishFix(surveyId: number, def: Json, mapping?: Json): Promise<Json> {
  const draft = await get(`/${surveyId}/draft`);
  await ok(call('PUT', `/${surveyId}/draft`, { definition: def, baseRevision: draft.revision }));
  return ok(call('POST', `/${surveyId}/publish`, mapping ? { mapping } : {}));
}
const csvRows = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

test('the flagged answers of each city: codes and values of answers to questions a fix removed, for admins and analysts', async () => {
  const id = await openSurvey();
  expect(await get(`/${id}/flagged-answers`)).toEqual([]);
  await save(id, 'BIL', { q1: 'no', q2: 'Kept comment' });
  await save(id, 'AAR', { q1: 'yes' });
  await save(id, 'LYO', { q2: 'Another comment' });
  // Lyon submits before the fix: its response keeps version 1, where q2 exists.
  await ok(fetch(`${respond(id, 'LYO')}/submit`, jsonInit('POST', { data: { q2: 'Another comment' }, revision: 1, locale: 'en' })));

  const published = await publishFix(id, definition('q1', 'yes', { comment: false }), { questions: { q2: null } });
  expect(published).toMatchObject({ number: 2, movedDrafts: 2, flaggedAnswers: 1 });

  const list = await get<Json[]>(`/${id}/flagged-answers`);
  expect(list).toEqual([
    { cityId: cityId('BIL'), cityCode: 'BIL', cityName: 'Bilbao (test)', status: 'draft', version: 2, codes: ['q2'], values: { q2: 'Kept comment' } },
  ]);
  // Analysts read it too (they read every answer in responses.csv, where these have no column).
  expect(await get<Json[]>(`/${id}/flagged-answers`, analyst)).toEqual(list);
  // Still listed once Bilbao submits with the flagged answer kept.
  const state = await ok(fetch(respond(id, 'BIL')));
  await ok(fetch(`${respond(id, 'BIL')}/submit`, jsonInit('POST', { data: state.data, revision: state.revision, locale: 'en' })));
  expect((await get<Json[]>(`/${id}/flagged-answers`)).map((r) => [r.cityCode, r.status, r.codes])).toEqual([['BIL', 'submitted', ['q2']]]);

  await expectError(await fetch(`${t.url}/api/surveys/${id}/flagged-answers`), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/surveys/99999/flagged-answers`, { headers: { Cookie: admin } }), 404, 'not_found');
  await expectError(await fetch(`${t.url}/api/surveys/abc/flagged-answers`, { headers: { Cookie: admin } }), 400, 'invalid');
});

test('answers submitted before a fix that renamed a code and a value are counted under the new ones, in the analysis and both CSVs', async () => {
  const id = await openSurvey(definition('q1', 'yes', { comment: false }));
  // Aarhus submits 'yes' to q1 on version 1; Bilbao answers 'no' on version 1.
  await submit(id, 'AAR', { q1: 'yes' });
  await submit(id, 'BIL', { q1: 'no' });
  // Version 2 renames q1 → strategy and yes → adopted.
  await publishFix(id, definition('strategy', 'adopted', { comment: false }), { questions: { q1: 'strategy' }, values: { q1: { yes: 'adopted' } } });
  // Lyon answers version 2.
  await submit(id, 'LYO', { strategy: 'adopted' });

  const analysis = await get(`/${id}/analysis`);
  expect(analysis.rec17.markers.map((m: Json) => [m.question, m.n, m.counts])).toEqual([['strategy', 3, { adopted: 2, no: 1 }]]);

  const wide = csvRows(await get<string>(`/${id}/responses.csv`));
  expect(wide.map((r) => [r.city, r.version === String(wide[2]!.version), r.strategy])).toEqual([
    ['AAR', false, 'adopted'],
    ['BIL', false, 'no'],
    ['LYO', true, 'adopted'],
  ]);
  expect(Object.keys(wide[0]!)).not.toContain('q1');
  const long = csvRows(await get<string>(`/${id}/responses-long.csv`));
  expect(long.map((r) => [r.city, r.question, r.value])).toEqual([
    ['AAR', 'strategy', 'adopted'],
    ['BIL', 'strategy', 'no'],
    ['LYO', 'strategy', 'adopted'],
  ]);
  // The stored answers are as they were given.
  const stored = t.db.prepare('SELECT data FROM responses WHERE survey_id = ? AND city_id = ?').get(id, cityId('AAR')) as { data: string };
  expect(JSON.parse(stored.data)).toEqual({ q1: 'yes' });

  // A second fix renames adopted → in_force: version 1's answers go through both mappings, version 2's through one.
  await publishFix(id, definition('strategy', 'in_force', { comment: false }), { values: { strategy: { adopted: 'in_force' } } });
  const again = await get(`/${id}/analysis`);
  expect(again.rec17.markers.map((m: Json) => [m.question, m.counts])).toEqual([['strategy', { in_force: 2, no: 1 }]]);
  expect(csvRows(await get<string>(`/${id}/responses.csv`)).map((r) => r.strategy)).toEqual(['in_force', 'no', 'in_force']);
});

test('a draft moving to a fix takes its renames over (in its history), keeps what was dropped, and an older save merges', async () => {
  const id = await openSurvey();
  const before = await save(id, 'ZUR', { q1: 'yes', q2: 'Dropped comment' });
  const published = await publishFix(id, definition('strategy', 'adopted', { comment: false }), {
    questions: { q1: 'strategy', q2: null },
    values: { q1: { yes: 'adopted' } },
  });
  // The renamed answer is no longer outside the questionnaire; the dropped one is, and is kept.
  expect(published).toMatchObject({ movedDrafts: 1, flaggedAnswers: 1 });
  const state = await ok(fetch(respond(id, 'ZUR')));
  expect(state.data).toEqual({ strategy: 'adopted', q2: 'Dropped comment' });
  expect(state.removedAnswers).toEqual(['q2']);
  expect(state.revision).toBe(before.revision + 1);
  expect(state.changes.strategy.author).toBe('ICC Unit');
  // A colleague's page still holding version 1's answers saves a change of q2: merged, q1 not brought back.
  const merged = await save(id, 'ZUR', { q1: 'yes', q2: 'Edited comment' }, before.revision);
  expect(merged.data).toEqual({ strategy: 'adopted', q2: 'Edited comment' });
  expect((await get<Json[]>(`/${id}/flagged-answers`)).map((r) => [r.cityCode, r.values])).toEqual([['ZUR', { q2: 'Edited comment' }]]);
  const analysis = await get(`/${id}/analysis`);
  expect(analysis.rec17.markers.map((m: Json) => [m.question, m.counts])).toEqual([['strategy', { adopted: 1, no: 0 }]]);
});
