import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadDefaultSurveys } from '../../surveys/default-surveys';
import { POLICY_AREAS } from '../../surveys/extensions';
import {
  ADMIN_EMAIL,
  ANALYST_EMAIL,
  START_TIME,
  captureConsoleErrors,
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

type Json = Record<string, any>;

let cityNo = 0;
/** A new city of the roster with its link to the default survey: each test answers on its own. */
function newCity(surveyId = t.surveyId): { cityId: number; token: string } {
  cityNo += 1;
  const cityId = t.stores.cities.create({ code: `T${String(cityNo).padStart(3, '0')}`, name: `Test city ${cityNo}`, country: 'FR', isSynthetic: true });
  return { cityId, token: t.linkFor(surveyId, cityId) };
}

const load = (token: string) => fetch(`${t.url}/api/respond/${token}`);
const put = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', body, headers));
const submit = (token: string, body: unknown) => fetch(`${t.url}/api/respond/${token}/submit`, jsonInit('POST', body));

async function saved(res: Response): Promise<Json> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Json;
}

const responseOf = (cityId: number, surveyId = t.surveyId) =>
  t.db.prepare('SELECT data, revision, status FROM responses WHERE survey_id = ? AND city_id = ?').get(surveyId, cityId) as
    | { data: string; revision: number; status: string }
    | undefined;

/** A complete, valid answer set of the default questionnaire (its required questions and a few more). */
function completeAnswers(): Json {
  return {
    respondent_role: 'coordinator',
    chg: Object.fromEntries(POLICY_AREAS.map((area) => [area, 'no'])),
    prog: Object.fromEntries(POLICY_AREAS.map((area) => [area, 2])),
    comm_channels: ['email_targeted', 'newsletter', 'portal', 'collab_tool', 'webinars', 'social_media'],
    strat_status: 'adopted',
    team_size: 5,
    final_comment: 'Merci à toute l’équipe.',
  };
}

// ---------------------------------------------------------------------------------------------
// Links

test('a link opens the survey: definition, empty answers, revision 0, status draft', async () => {
  const { token } = newCity();
  const res = await load(token);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as Json;
  expect(body.survey).toStrictEqual(loadDefaultSurveys()[0]!.definition);
  expect(body.data).toEqual({});
  expect(body.revision).toBe(0);
  expect(body.status).toBe('draft');
  expect(body.year).toBe(2025);
});

test('an unknown token answers 404 with reason unknown', async () => {
  const token = crypto.randomBytes(32).toString('base64url');
  const body = await expectError(await load(token), 404, 'not_found');
  expect(body.error.reason).toBe('unknown');
  expect(body.error.message).toBe('This link is not valid. Please check that you copied the whole address from the email.');
  await expectError(await put(token, { data: { final_comment: 'x' }, revision: 0 }), 404, 'not_found');
  await expectError(await submit(token, { data: completeAnswers(), revision: 0 }), 404, 'not_found');
});

test('garbage tokens answer 404 with reason unknown and touch nothing', async () => {
  const before = snapshotTables(t.db);
  for (const raw of ['..%2F..%2Fetc', '..%2F..%2Fetc%2Fpasswd', 'short', 'a'.repeat(101), '%00', "'%20OR%201%3D1%20--", '%E2%80%AE' + 'a'.repeat(30)]) {
    const body = await expectError(await load(raw), 404, 'not_found');
    expect(body.error.reason).toBe('unknown');
    await expectError(await put(raw, { data: {}, revision: 0 }), 404, 'not_found');
  }
  expect(snapshotTables(t.db)).toEqual(before);
});

test('a token with broken percent-encoding answers 400 bad_request, not 500', async () => {
  let status = 0;
  let body: Json = {};
  const logged = await captureConsoleErrors(async () => {
    const res = await load(`${'a'.repeat(43)}%`);
    status = res.status;
    body = (await res.json()) as Json;
  });
  expect(logged).toEqual([]);
  expect(status).toBe(400);
  expect(body.error.code).toBe('bad_request');
});

test('a replaced (revoked) link answers 404 with reason revoked; the new link works', async () => {
  const { cityId, token: old } = newCity();
  const fresh = t.admin.linkFor({ surveyId: t.surveyId, cityId, reissue: true });
  const body = await expectError(await load(old), 404, 'not_found');
  expect(body.error.reason).toBe('revoked');
  expect(body.error.message).toBe('This link has been replaced. Please use the latest link the ICC Unit sent you.');
  const putBody = await expectError(await put(old, { data: { final_comment: 'x' }, revision: 0 }), 404, 'not_found');
  expect(putBody.error.reason).toBe('revoked');
  expect(responseOf(cityId)).toBeUndefined();
  expect((await load(fresh.url.split('/r/')[1]!)).status).toBe(200);
});

test('an expired link answers 404 with reason expired', async () => {
  const { cityId } = newCity();
  t.db.prepare('UPDATE links SET revoked_at = ? WHERE city_id = ?').run(START_TIME.toISOString(), cityId);
  const { token } = t.stores.links.getOrCreate({ surveyId: t.surveyId, cityId, now: START_TIME, expiresAt: '2025-12-31T00:00:00.000Z' });
  expect((await load(token)).status).toBe(200);
  t.clock.set(new Date('2026-01-01T00:00:00.000Z'));
  try {
    const body = await expectError(await load(token), 404, 'not_found');
    expect(body.error.reason).toBe('expired');
  } finally {
    t.clock.set(START_TIME);
  }
});

// ---------------------------------------------------------------------------------------------
// Saving drafts: three-way merge

test('a first save answers 200 with revision 1 and is stored', async () => {
  const { cityId, token } = newCity();
  const body = await saved(await put(token, { data: { final_comment: 'Hello' }, revision: 0 }));
  expect(body).toEqual({ revision: 1, changed: ['final_comment'], data: { final_comment: 'Hello' } });
  expect(responseOf(cityId)).toEqual({ data: '{"final_comment":"Hello"}', revision: 1, status: 'draft' });
  const page = (await (await load(token)).json()) as Json;
  expect(page.data).toEqual({ final_comment: 'Hello' });
  expect(page.revision).toBe(1);
});

test('a stale save that touches another answer merges without conflict and returns both answers', async () => {
  const { cityId, token } = newCity();
  await saved(await put(token, { data: { respondent_role: 'coordinator' }, revision: 0 }));
  // B still sees revision 0 (no answers) and answers another question.
  const body = await saved(await put(token, { data: { strat_status: 'preparing' }, revision: 0 }));
  expect(body).toEqual({ revision: 2, changed: ['strat_status'], data: { respondent_role: 'coordinator', strat_status: 'preparing' } });
  expect(JSON.parse(responseOf(cityId)!.data)).toEqual({ respondent_role: 'coordinator', strat_status: 'preparing' });
});

test('a stale save that changes the same answer differently answers 409 with the server answers and changes nothing', async () => {
  const { token } = newCity();
  await saved(await put(token, { data: { respondent_role: 'coordinator' }, revision: 0, author: 'Alice' }));
  const before = snapshotTables(t.db);
  const res = await put(token, { data: { respondent_role: 'elected_official', strat_status: 'none' }, revision: 0, author: 'Bob' });
  const body = await expectError(res, 409, 'conflict');
  expect(body.data).toEqual({ respondent_role: 'coordinator' });
  expect(body.revision).toBe(1);
  expect(body.error.questions).toEqual(['respondent_role']);
  expect(body.error.changes.respondent_role).toEqual({ author: 'Alice', at: START_TIME.toISOString(), revision: 1 });
  // Nothing of the refused save is kept, not even the answer that did not conflict.
  expect(snapshotTables(t.db)).toEqual(before);
});

test('a stale save giving the same value as the server is no conflict', async () => {
  const { token } = newCity();
  await saved(await put(token, { data: { respondent_role: 'coordinator' }, revision: 0 }));
  const body = await saved(await put(token, { data: { respondent_role: 'coordinator' }, revision: 0 }));
  expect(body).toEqual({ revision: 1, changed: [], data: { respondent_role: 'coordinator' } });
});

test('key order inside an answer does not make a conflict', async () => {
  const { token } = newCity();
  await saved(await put(token, { data: { chg: { education: 'yes', language: 'no' } }, revision: 0 }));
  const body = await saved(await put(token, { data: { chg: { language: 'no', education: 'yes' } }, revision: 0 }));
  expect(body.revision).toBe(1);
  expect(body.changed).toEqual([]);
});

test('clearing an answer removes it and records the clearing', async () => {
  const { cityId, token } = newCity();
  await saved(await put(token, { data: { final_comment: 'Draft', team_size: 3 }, revision: 0 }));
  const body = await saved(await put(token, { data: { team_size: 3 }, revision: 1, author: 'Chloé' }));
  expect(body).toEqual({ revision: 2, changed: ['final_comment'], data: { team_size: 3 } });
  expect(JSON.parse(responseOf(cityId)!.data)).toEqual({ team_size: 3 });
  const rows = t.db
    .prepare('SELECT a.revision, a.question, a.value, a.author FROM answer_changes a JOIN responses r ON r.id = a.response_id WHERE r.city_id = ? ORDER BY a.id')
    .all(cityId);
  expect(rows).toEqual([
    { revision: 1, question: 'final_comment', value: '"Draft"', author: null },
    { revision: 1, question: 'team_size', value: '3', author: null },
    { revision: 2, question: 'final_comment', value: null, author: 'Chloé' },
  ]);
});

test('a save from an older revision keeps answers changed since then by others when it did not touch them', async () => {
  const { token } = newCity();
  await saved(await put(token, { data: { team_size: 2 }, revision: 0 }));
  await saved(await put(token, { data: { team_size: 4 }, revision: 1 })); // a colleague changes it (revision 2)
  // B started from revision 1 (team_size 2), did not touch team_size and answers another question.
  const body = await saved(await put(token, { data: { team_size: 2, strat_status: 'adopted' }, revision: 1 }));
  expect(body).toEqual({ revision: 3, changed: ['strat_status'], data: { team_size: 4, strat_status: 'adopted' } });
});

test('a save from an older revision conflicts when it changes an answer changed since then', async () => {
  const { token } = newCity();
  await saved(await put(token, { data: { team_size: 2 }, revision: 0 }));
  await saved(await put(token, { data: { team_size: 4 }, revision: 1 }));
  const body = await expectError(await put(token, { data: { team_size: 7 }, revision: 1 }), 409, 'conflict');
  expect(body.error.questions).toEqual(['team_size']);
  expect(body.data).toEqual({ team_size: 4 });
  expect(body.revision).toBe(2);
});

test('a revision ahead of the server answers 409 with the server answers', async () => {
  const { cityId, token } = newCity();
  await saved(await put(token, { data: { team_size: 2 }, revision: 0 }));
  const before = snapshotTables(t.db);
  const body = await expectError(await put(token, { data: { team_size: 3 }, revision: 5 }), 409, 'conflict');
  expect(body.data).toEqual({ team_size: 2 });
  expect(body.revision).toBe(1);
  expect(body.error.questions).toEqual([]);
  expect(snapshotTables(t.db)).toEqual(before);
  expect(responseOf(cityId)!.revision).toBe(1);
});

test('two colleagues saving different answers at the same time both keep their answer', async () => {
  const { token } = newCity();
  const [a, b] = await Promise.all([
    put(token, { data: { team_size: 3 }, revision: 0, author: 'A' }),
    put(token, { data: { final_comment: 'B' }, revision: 0, author: 'B' }),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  const page = (await (await load(token)).json()) as Json;
  expect(page.data).toEqual({ team_size: 3, final_comment: 'B' });
  expect(page.revision).toBe(2);
});

test('each answer change records its author, shown to the link holders', async () => {
  const { cityId, token } = newCity();
  await saved(await put(token, { data: { team_size: 3 }, revision: 0, author: 'Ana' }));
  t.clock.set(new Date('2025-12-11T10:00:00.000Z'));
  try {
    await saved(await put(token, { data: { team_size: 3, final_comment: 'Done' }, revision: 1, author: '  Ben  ' }));
  } finally {
    t.clock.set(START_TIME);
  }
  const rows = t.db
    .prepare('SELECT a.revision, a.question, a.value, a.author, a.changed_at FROM answer_changes a JOIN responses r ON r.id = a.response_id WHERE r.city_id = ? ORDER BY a.id')
    .all(cityId);
  expect(rows).toEqual([
    { revision: 1, question: 'team_size', value: '3', author: 'Ana', changed_at: '2025-12-10T09:00:00.000Z' },
    { revision: 2, question: 'final_comment', value: '"Done"', author: 'Ben', changed_at: '2025-12-11T10:00:00.000Z' },
  ]);
  const page = (await (await load(token)).json()) as Json;
  expect(page.changes).toEqual({
    team_size: { author: 'Ana', at: '2025-12-10T09:00:00.000Z', revision: 1 },
    final_comment: { author: 'Ben', at: '2025-12-11T10:00:00.000Z', revision: 2 },
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed saves

async function expectRefusedSave(token: string, body: unknown, status = 400, code = 'invalid') {
  const before = snapshotTables(t.db);
  const error = await expectError(await put(token, body), status, code);
  expect(snapshotTables(t.db)).toEqual(before);
  return error;
}

test('answers that are not an object answer 400 and store nothing', async () => {
  const { token } = newCity();
  for (const data of [[], ['a'], 'text', 42, null, true]) {
    const body = await expectRefusedSave(token, { data, revision: 0 });
    expect(body.error.problems[0]).toMatch(/^data: /);
  }
  await expectRefusedSave(token, { revision: 0 });
});

test('a revision that is negative, fractional, a string or missing answers 400', async () => {
  const { token } = newCity();
  for (const revision of [-1, 1.5, '0', null, 1e300, true]) {
    const body = await expectRefusedSave(token, { data: { team_size: 3 }, revision });
    expect(body.error.problems[0]).toMatch(/^revision: /);
  }
  await expectRefusedSave(token, { data: { team_size: 3 } });
});

test('a __proto__ key in the answers answers 400 and pollutes nothing', async () => {
  const { token } = newCity();
  await expectRefusedSave(token, '{"data":{"__proto__":{"x":1}},"revision":0}');
  await expectRefusedSave(token, '{"data":{"q":{"__proto__":{"x":1}}},"revision":0}');
  await expectRefusedSave(token, '{"data":{"constructor":{"prototype":{"x":1}}},"revision":0}');
  await expectRefusedSave(token, '{"__proto__":{"x":1},"data":{},"revision":0}');
  expect(({} as Json).x).toBeUndefined();
  expect((Object.prototype as Json).x).toBeUndefined();
});

test('deeply nested answers answer 400', async () => {
  const { token } = newCity();
  let nested: unknown = 'leaf';
  for (let i = 0; i < 50; i++) nested = { a: nested };
  await expectRefusedSave(token, { data: { final_comment: nested }, revision: 0 });
  let list: unknown = 1;
  for (let i = 0; i < 50; i++) list = [list];
  await expectRefusedSave(token, { data: { final_comment: list }, revision: 0 });
});

test('answers nested 100 000 levels deep answer 400, not a crash', async () => {
  const { token } = newCity();
  const depth = 100_000;
  await expectRefusedSave(token, `{"data":{"final_comment":${'['.repeat(depth)}${']'.repeat(depth)}},"revision":0}`);
  const objects = 80_000; // 480 KB: under the body limit
  await expectRefusedSave(token, `{"data":{"final_comment":${'{"a":'.repeat(objects)}1${'}'.repeat(objects)}},"revision":0}`);
});

test('too many answers or a too long answer key answer 400', async () => {
  const { token } = newCity();
  await expectRefusedSave(token, { data: Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`q${i}`, 1])), revision: 0 });
  await expectRefusedSave(token, { data: { ['k'.repeat(201)]: 1 }, revision: 0 });
  await expectRefusedSave(token, { data: { '': 1 }, revision: 0 });
});

test('a save body over 512 KB answers 413', async () => {
  const { token } = newCity();
  await expectRefusedSave(token, { data: { final_comment: 'x'.repeat(600 * 1024) }, revision: 0 }, 413, 'too_large');
});

test('a save body that is not JSON answers 400, one sent as text/plain 415', async () => {
  const { token } = newCity();
  await expectRefusedSave(token, '{"data": {"team_size": 3}, "revision": ', 400, 'bad_request');
  const before = snapshotTables(t.db);
  const res = await fetch(`${t.url}/api/respond/${token}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ data: { team_size: 3 }, revision: 0 }),
  });
  await expectError(res, 415, 'unsupported_media_type');
  expect(snapshotTables(t.db)).toEqual(before);
});

// ---------------------------------------------------------------------------------------------
// Submitting

test('submitting incomplete answers answers 422 listing the required questions', async () => {
  const { token } = newCity();
  const res = await submit(token, { data: { final_comment: 'Not finished' }, revision: 0 });
  const body = await expectError(res, 422, 'validation_failed');
  expect(body.error.message).toBe('Some answers need attention before the survey can be submitted.');
  expect(body.error.questions).toEqual({
    chg: ['Response required.'],
    prog: ['Response required.'],
    comm_channels: ['Response required.'],
    strat_status: ['Response required.'],
  });
  // The answers sent are kept as a draft.
  expect(body.revision).toBe(1);
  const page = (await (await load(token)).json()) as Json;
  expect(page.status).toBe('draft');
  expect(page.data).toEqual({ final_comment: 'Not finished' });
});

test('submission problems are in French when the locale is fr', async () => {
  const { token } = newCity();
  const res = await submit(token, { data: { ...completeAnswers(), strat_status: undefined, team_size: 'cinq' }, revision: 0, locale: 'fr' });
  const body = await expectError(res, 422, 'validation_failed');
  expect(body.error.message).toBe('Certaines réponses doivent être complétées ou corrigées avant l’envoi.');
  expect(body.error.questions).toEqual({
    strat_status: ['La réponse à cette question est obligatoire.'],
    team_size: ['Veuillez saisir un nombre.'],
  });
});

test('an unknown locale answers 400', async () => {
  const { token } = newCity();
  await expectError(await submit(token, { data: completeAnswers(), revision: 0, locale: 'de' }), 400, 'invalid');
});

test('a value that is not one of the choices answers 422 at that question', async () => {
  const { token } = newCity();
  const body = await expectError(await submit(token, { data: { ...completeAnswers(), strat_status: 'bogus' }, revision: 0 }), 422, 'validation_failed');
  expect(body.error.questions).toEqual({ strat_status: ['"bogus" is not one of the choices.'] });
});

test('a rating outside its scale answers 422', async () => {
  const { token } = newCity();
  const body = await expectError(await submit(token, { data: { ...completeAnswers(), eng_calendar: 6 }, revision: 0 }), 422, 'validation_failed');
  expect(body.error.questions).toEqual({ eng_calendar: ['Please pick one of the values of the scale.'] });
});

test('a number question answered with text or out of its range answers 422', async () => {
  const { token } = newCity();
  const body = await expectError(
    await submit(token, { data: { ...completeAnswers(), team_size: 'five', index_year: 1990 }, revision: 0 }),
    422,
    'validation_failed',
  );
  expect(body.error.questions).toEqual({ team_size: ['Please enter a number.'], index_year: ['The value must be at least 2008.'] });
  const { token: other } = newCity();
  const body2 = await expectError(await submit(other, { data: { ...completeAnswers(), team_size: 51 }, revision: 0 }), 422, 'validation_failed');
  expect(body2.error.questions).toEqual({ team_size: ['The value must be at most 50.'] });
});

test('a matrix row that does not exist and too many selected choices answer 422', async () => {
  const { token } = newCity();
  const data = completeAnswers();
  data.chg = { ...data.chg, atlantis: 'yes' };
  data.comm_topics = ['commitment', 'education', 'neighbourhoods', 'public_services', 'business_labour', 'cultural_civil_life', 'public_space'];
  const body = await expectError(await submit(token, { data, revision: 0 }), 422, 'validation_failed');
  expect(body.error.questions).toEqual({
    chg: ['"atlantis" is not one of the rows.'],
    comm_topics: ['Please select at most 6 choices.'],
  });
});

test('a complete valid answer set is submitted: 200, status submitted, then saves answer 409 until reopened', async () => {
  const { cityId, token } = newCity();
  const res = await submit(token, { data: completeAnswers(), revision: 0 });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ revision: 1, status: 'submitted' });
  expect(responseOf(cityId)!.status).toBe('submitted');

  const page = (await (await load(token)).json()) as Json;
  expect(page.status).toBe('submitted');
  expect(page.data).toEqual(completeAnswers());

  const before = snapshotTables(t.db);
  const refused = await expectError(await put(token, { data: { ...completeAnswers(), team_size: 6 }, revision: 1 }), 409, 'submitted');
  expect(refused.data).toEqual(completeAnswers());
  expect(refused.revision).toBe(1);
  await expectError(await submit(token, { data: completeAnswers(), revision: 1 }), 409, 'submitted');
  expect(snapshotTables(t.db)).toEqual(before);

  // The Unit reopens it: the city can change its answers again.
  const reopen = await fetch(`${t.url}/api/surveys/${t.surveyId}/cities/${cityId}/reopen`, { method: 'POST', headers: { Cookie: admin } });
  expect(reopen.status).toBe(204);
  expect(((await (await load(token)).json()) as Json).status).toBe('draft');
  const again = await saved(await put(token, { data: { ...completeAnswers(), team_size: 6 }, revision: 1 }));
  expect(again).toEqual({ revision: 2, changed: ['team_size'], data: { ...completeAnswers(), team_size: 6 } });
});

test('reopening is for admins only, and only for a city that has answers', async () => {
  const { cityId, token } = newCity();
  await saved(await submit(token, { data: completeAnswers(), revision: 0 }));
  const path = `${t.url}/api/surveys/${t.surveyId}/cities/${cityId}/reopen`;
  await expectError(await fetch(path, { method: 'POST', headers: { Cookie: analyst } }), 403, 'forbidden');
  await expectError(await fetch(path, { method: 'POST' }), 401, 'unauthorised');
  expect(responseOf(cityId)!.status).toBe('submitted');
  const { cityId: silent } = newCity();
  await expectError(
    await fetch(`${t.url}/api/surveys/${t.surveyId}/cities/${silent}/reopen`, { method: 'POST', headers: { Cookie: admin } }),
    404,
    'not_found',
  );
  await expectError(
    await fetch(`${t.url}/api/surveys/${t.surveyId}/cities/abc/reopen`, { method: 'POST', headers: { Cookie: admin } }),
    400,
    'invalid',
  );
});

// ---------------------------------------------------------------------------------------------
// Survey status

function newOpenSurvey(code: string): number {
  const id = t.stores.surveys.create({ year: 2025, code, title: code, definition: loadDefaultSurveys()[0]!.definition, now: t.clock.now() });
  t.stores.surveys.setStatus({ id, status: 'open', now: t.clock.now() });
  return id;
}

test('a closed survey shows status closed and refuses saves and submissions with 409 closed', async () => {
  const surveyId = newOpenSurvey('closing-test');
  const { cityId, token } = newCity(surveyId);
  await saved(await put(token, { data: { team_size: 4 }, revision: 0 }));
  const close = await fetch(`${t.url}/api/surveys/${surveyId}/close`, { method: 'POST', headers: { Cookie: admin } });
  expect(close.status).toBe(200);

  const page = (await (await load(token)).json()) as Json;
  expect(page.status).toBe('closed');
  expect(page.data).toEqual({ team_size: 4 });
  const before = snapshotTables(t.db);
  const body = await expectError(await put(token, { data: { team_size: 5 }, revision: 1 }), 409, 'closed');
  expect(body.error.message).toBe('This survey is closed; answers can no longer be changed.');
  await expectError(await submit(token, { data: completeAnswers(), revision: 1 }), 409, 'closed');
  expect(snapshotTables(t.db)).toEqual(before);
  expect(responseOf(cityId, surveyId)!.revision).toBe(1);
});

test('a survey that was never opened refuses its links with 403 not_open', async () => {
  const surveyId = t.stores.surveys.create({ year: 2025, code: 'never-opened', title: 'x', definition: loadDefaultSurveys()[0]!.definition, now: t.clock.now() });
  const { cityId, token } = newCity(surveyId);
  await expectError(await load(token), 403, 'not_open');
  await expectError(await put(token, { data: { team_size: 4 }, revision: 0 }), 403, 'not_open');
  expect(responseOf(cityId, surveyId)).toBeUndefined();
});

test('respondent calls need no cookie and ignore a cross-site Origin (the link is the credential)', async () => {
  const { token } = newCity();
  const res = await put(token, { data: { team_size: 2 }, revision: 0 }, { Origin: 'https://evil.example' });
  expect(res.status).toBe(200);
});
