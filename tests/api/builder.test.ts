/**
 * The builder's API (issue 4): one editable draft per survey, autosave with optimistic concurrency, publishing
 * into immutable versions, next year's copy, versions and diffs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHANNEL_KINDS, INDICATORS, POLICY_AREAS } from '../../surveys/extensions';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, snapshotTables, startTestApp, type TestApp } from '../helpers/test-app';

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

function smallDefinition(): Json {
  return {
    title: loc('Builder pilot', 'Pilote du constructeur'),
    pages: [
      {
        name: 'p1',
        elements: [
          {
            type: 'radiogroup',
            name: 'q1',
            title: loc('Does the city have a strategy?', 'La ville a-t-elle une stratégie ?'),
            indicator: 'marker',
            choices: [
              { value: 'yes', text: loc('Yes', 'Oui'), score: 1 },
              { value: 'no', text: loc('No', 'Non'), score: 0 },
            ],
          },
          { type: 'comment', name: 'q2', title: loc('Comments', 'Commentaires') },
        ],
      },
    ],
  };
}

/** `cookie` null: an anonymous caller. */
const call = (method: string, path: string, body?: unknown, cookie: string | null = admin) =>
  fetch(`${t.url}/api/surveys${path}`, jsonInit(method, body, cookie ? { Cookie: cookie } : {}));
const get = (path: string, cookie: string | null = admin) => fetch(`${t.url}/api/surveys${path}`, { headers: cookie ? { Cookie: cookie } : {} });

async function ok<T = Json>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

let year = 2040;
/** A new survey of its own year, created through the contract's POST /api/surveys. */
async function createSurvey(definition: Json = smallDefinition()): Promise<number> {
  const { id } = await ok<{ id: number }>(call('POST', `?year=${year++}`, definition), 201);
  return id;
}

const versionRows = (surveyId: number) =>
  t.db.prepare('SELECT id, number, published_at, revision FROM survey_versions WHERE survey_id = ? ORDER BY number').all(surveyId) as {
    id: number;
    number: number;
    published_at: string | null;
    revision: number;
  }[];

test('without signing in every builder endpoint answers 401', async () => {
  const id = t.surveyId;
  await expectError(await get(`/${id}/draft`, null), 401, 'unauthorised');
  await expectError(await call('PUT', `/${id}/draft`, { definition: smallDefinition(), baseRevision: 0 }, null), 401, 'unauthorised');
  await expectError(await call('POST', `/${id}/publish`, {}, null), 401, 'unauthorised');
  await expectError(await call('POST', `/${id}/next-year`, {}, null), 401, 'unauthorised');
  await expectError(await get(`/${id}/versions`, null), 401, 'unauthorised');
  await expectError(await get(`/${id}/diff`, null), 401, 'unauthorised');
});

test('an analyst reads versions and diffs but may not open, save or publish a draft (403), and changes nothing', async () => {
  const id = await createSurvey();
  const before = snapshotTables(t.db);
  await expectError(await get(`/${id}/draft`, analyst), 403, 'forbidden');
  await expectError(await call('PUT', `/${id}/draft`, { definition: smallDefinition(), baseRevision: 0 }, analyst), 403, 'forbidden');
  await expectError(await call('POST', `/${id}/publish`, {}, analyst), 403, 'forbidden');
  await expectError(await call('POST', `/${id}/next-year`, {}, analyst), 403, 'forbidden');
  expect(snapshotTables(t.db)).toEqual(before);
  const versions = await ok<Json[]>(get(`/${id}/versions`, analyst));
  expect(versions.map((v) => [v.number, v.status])).toEqual([[1, 'draft']]);
});

test('a survey never published: its first version is the draft, returned as posted, and asking again creates nothing', async () => {
  const id = await createSurvey();
  const draft = await ok(get(`/${id}/draft`));
  expect(draft).toMatchObject({ number: 1, revision: 0, problems: [], survey: { id, status: 'draft' } });
  expect(draft.definition).toStrictEqual(smallDefinition());
  const again = await ok(get(`/${id}/draft`));
  expect(again.versionId).toBe(draft.versionId);
  expect(versionRows(id)).toHaveLength(1);
});

test('an open survey gets a new draft copied from its published version; the published one is untouched', async () => {
  const id = await createSurvey();
  await ok(call('POST', `/${id}/open`));
  const [v1] = versionRows(id);
  expect(v1!.published_at).not.toBeNull();
  const draft = await ok(get(`/${id}/draft`));
  expect(draft.number).toBe(2);
  expect(draft.versionId).not.toBe(v1!.id);
  expect(draft.definition).toStrictEqual(smallDefinition());
  expect((await ok(get(`/${id}/draft`))).versionId).toBe(draft.versionId);
  const versions = await ok<Json[]>(get(`/${id}/versions`));
  expect(versions.map((v) => ({ number: v.number, status: v.status, basedOn: v.basedOn }))).toEqual([
    { number: 1, status: 'published', basedOn: null },
    { number: 2, status: 'draft', basedOn: v1!.id },
  ]);
});

test('autosave stores the definition, bumps the revision, and GET gives it back equal', async () => {
  const id = await createSurvey();
  const draft = await ok(get(`/${id}/draft`));
  const edited = smallDefinition();
  edited.pages[0].elements.push({ type: 'text', name: 'q3', title: loc('Population', 'Population'), policyArea: 'education' });
  const saved = await ok(call('PUT', `/${id}/draft`, { definition: edited, baseRevision: draft.revision }));
  expect(saved).toMatchObject({ versionId: draft.versionId, revision: draft.revision + 1, problems: [] });
  const back = await ok(get(`/${id}/draft`));
  expect(back.definition).toStrictEqual(edited);
  expect(back.revision).toBe(saved.revision);
  // The contract's definition endpoint gives the latest version too.
  expect(await ok(get(`/${id}/definition`))).toStrictEqual(edited);
});

test('a save from a stale revision answers 409 with the current draft, and writes nothing', async () => {
  const id = await createSurvey();
  const draft = await ok(get(`/${id}/draft`));
  const mine = smallDefinition();
  mine.title = loc('Mine', 'La mienne');
  const first = await ok(call('PUT', `/${id}/draft`, { definition: mine, baseRevision: draft.revision }));
  const theirs = smallDefinition();
  theirs.title = loc('Theirs', 'La leur');
  const before = snapshotTables(t.db);
  const body = await expectError(await call('PUT', `/${id}/draft`, { definition: theirs, baseRevision: draft.revision }), 409, 'conflict');
  expect(body.error.reason).toBe('stale');
  expect(body.revision).toBe(first.revision);
  expect(body.definition).toStrictEqual(mine);
  expect(snapshotTables(t.db)).toEqual(before);
  // From the current revision, the save goes through.
  await ok(call('PUT', `/${id}/draft`, { definition: theirs, baseRevision: body.revision }));
});

test('an invalid draft is stored (work in progress) with its problems listed, but publishing it is refused with them', async () => {
  const id = await createSurvey();
  const draft = await ok(get(`/${id}/draft`));
  const broken = smallDefinition();
  broken.pages[0].elements.push({ type: 'text', name: 'q1', title: 'Only English' });
  broken.pages[0].elements[1].visibleIf = '{q1} = ';
  const saved = await ok(call('PUT', `/${id}/draft`, { definition: broken, baseRevision: draft.revision }));
  expect(saved.problems).toEqual(
    expect.arrayContaining([
      'duplicate question name "q1" (used 2 times)',
      'question "q2": visibleIf "{q1} = " is not a valid expression (syntax error at character 8)',
    ]),
  );
  expect((await ok(get(`/${id}/draft`))).definition).toStrictEqual(broken);

  const before = snapshotTables(t.db);
  const refused = await expectError(await call('POST', `/${id}/publish`, {}), 400, 'invalid');
  expect(refused.error.problems).toEqual(saved.problems);
  expect(refused.error.message).toMatch(/^The draft cannot be published: \d+ problem\(s\) to fix first: /);
  expect(snapshotTables(t.db)).toEqual(before);
  // Opening is publishing too: refused the same way.
  const notOpened = await expectError(await call('POST', `/${id}/open`), 400, 'invalid');
  expect(notOpened.error.problems).toEqual(saved.problems);
  expect(versionRows(id)[0]!.published_at).toBeNull();
});

test('publishing turns the draft into an immutable version; edits to it are refused by the API and by the database', async () => {
  const id = await createSurvey();
  const draft = await ok(get(`/${id}/draft`));
  const published = await ok(call('POST', `/${id}/publish`, { revision: draft.revision }));
  expect(published).toMatchObject({ versionId: draft.versionId, number: 1 });
  expect(typeof published.publishedAt).toBe('string');

  // The builder still holding version 1 tries to save into it.
  const edit = smallDefinition();
  edit.title = loc('Too late', 'Trop tard');
  const before = snapshotTables(t.db);
  const refused = await expectError(
    await call('PUT', `/${id}/draft`, { definition: edit, baseRevision: draft.revision, versionId: draft.versionId }),
    409,
    'conflict',
  );
  expect(refused.error.reason).toBe('published');
  expect(refused.error.message).toMatch(/Version 1 of this survey is published/);
  // Without a version id there is no draft to save into either.
  expect((await expectError(await call('PUT', `/${id}/draft`, { definition: edit, baseRevision: 0 }), 409, 'conflict')).error.reason).toBe('published');
  expect(snapshotTables(t.db)).toEqual(before);
  // Even bypassing the API, the database refuses.
  expect(() => t.db.prepare('UPDATE survey_versions SET definition = ? WHERE id = ?').run('{}', draft.versionId)).toThrow(/immutable/);
  expect(() => t.db.prepare('UPDATE survey_versions SET published_at = NULL WHERE id = ?').run(draft.versionId)).toThrow(/immutable/);

  // A new draft (version 2) takes the edits; version 1 stays as it was.
  const next = await ok(get(`/${id}/draft`));
  expect(next.number).toBe(2);
  await ok(call('PUT', `/${id}/draft`, { definition: edit, baseRevision: next.revision, versionId: next.versionId }));
  expect((await ok(get(`/${id}/versions/${draft.versionId}`))).definition).toStrictEqual(smallDefinition());
  // The survey's title follows the published definition.
  await ok(call('POST', `/${id}/publish`, {}));
  expect((await ok<Json[]>(get(''))).find((s) => s.id === id)!.title).toBe('Too late');
});

test('publishing a draft without changes, without a draft, or from a stale revision answers 409', async () => {
  const id = await createSurvey();
  await ok(call('POST', `/${id}/publish`, {}));
  expect((await expectError(await call('POST', `/${id}/publish`, {}), 409, 'conflict')).error.reason).toBe('no_draft');
  const draft = await ok(get(`/${id}/draft`));
  expect((await expectError(await call('POST', `/${id}/publish`, {}), 409, 'conflict')).error.reason).toBe('unchanged');
  const edit = smallDefinition();
  edit.pages[0].elements[1].title = loc('Remarks', 'Remarques');
  await ok(call('PUT', `/${id}/draft`, { definition: edit, baseRevision: draft.revision }));
  expect((await expectError(await call('POST', `/${id}/publish`, { revision: draft.revision }), 409, 'conflict')).error.reason).toBe('stale');
  expect((await ok(call('POST', `/${id}/publish`, { revision: draft.revision + 1 }))).number).toBe(2);
});

test('malformed, oversized and non-JSON bodies are refused (400, 413, 415) and change nothing', async () => {
  const id = await createSurvey();
  const draft = await ok(get(`/${id}/draft`));
  const before = snapshotTables(t.db);
  const put = (body: unknown) => call('PUT', `/${id}/draft`, body);
  await expectError(await put({ baseRevision: draft.revision }), 400, 'invalid');
  await expectError(await put({ definition: [smallDefinition()], baseRevision: 0 }), 400, 'invalid');
  await expectError(await put({ definition: smallDefinition(), baseRevision: '0' }), 400, 'invalid');
  await expectError(await put({ definition: smallDefinition(), baseRevision: -1 }), 400, 'invalid');
  await expectError(await put({ definition: smallDefinition(), baseRevision: 0, extra: true }), 400, 'invalid');
  await expectError(await put('{"definition": {'), 400, 'bad_request');
  await expectError(await put('{"definition":{"__proto__":{"x":1}},"baseRevision":0}'), 400, 'invalid');
  const huge = smallDefinition();
  huge.description = loc('x'.repeat(600 * 1024), 'y');
  await expectError(await put({ definition: huge, baseRevision: draft.revision }), 413, 'too_large');
  const textPlain = await fetch(`${t.url}/api/surveys/${id}/draft`, {
    method: 'PUT',
    headers: { Cookie: admin, 'Content-Type': 'text/plain' },
    body: JSON.stringify({ definition: smallDefinition(), baseRevision: draft.revision }),
  });
  await expectError(textPlain, 415, 'unsupported_media_type');
  await expectError(await call('POST', `/${id}/publish`, { revision: 'latest' }), 400, 'invalid');
  await expectError(await call('POST', `/${id}/next-year`, { year: 1900 }), 400, 'invalid');
  await expectError(await get(`/${id}/diff?from=abc`), 400, 'invalid');
  await expectError(await get('/99999/draft'), 404, 'not_found');
  await expectError(await get(`/abc/draft`), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('a fix published mid-campaign moves cities’ drafts to it, keeping and flagging answers to removed questions; submitted responses keep their version', async () => {
  const id = await createSurvey();
  await ok(call('POST', `/${id}/open`));
  const v1 = versionRows(id)[0]!;
  const [aarhus, bilbao, third] = t.cities;
  const tokenA = t.linkFor(id, aarhus!.id);
  const saveA = await fetch(`${t.url}/api/respond/${tokenA}`, jsonInit('PUT', { data: { q1: 'yes', q2: 'Our comment' }, revision: 0 }));
  expect(saveA.status).toBe(200);
  // Bilbao submits before the fix.
  const tokenB = t.linkFor(id, bilbao!.id);
  await ok(fetch(`${t.url}/api/respond/${tokenB}`, jsonInit('PUT', { data: { q1: 'no', q2: 'Sent' }, revision: 0 })));
  await ok(fetch(`${t.url}/api/respond/${tokenB}/submit`, jsonInit('POST', { data: { q1: 'no', q2: 'Sent' }, revision: 1, locale: 'en' })));

  // The Unit removes q2 and adds q3, and publishes version 2 during the campaign.
  const draft = await ok(get(`/${id}/draft`));
  const v2def = smallDefinition();
  v2def.pages[0].elements.splice(1, 1, { type: 'text', name: 'q3', title: loc('Budget', 'Budget') });
  await ok(call('PUT', `/${id}/draft`, { definition: v2def, baseRevision: draft.revision }));
  // q2 has answers: the Unit says it is dropped on purpose.
  const published = await ok(call('POST', `/${id}/publish`, { mapping: { questions: { q2: null } } }));
  expect(published).toMatchObject({ number: 2, movedDrafts: 1, flaggedAnswers: 1 });
  const v2 = versionRows(id)[1]!;

  // Aarhus's draft moved to version 2 with its answer to the removed question kept, and flagged.
  const a = await ok(fetch(`${t.url}/api/respond/${tokenA}`));
  expect(a.survey).toStrictEqual(v2def);
  expect(a.data).toEqual({ q1: 'yes', q2: 'Our comment' });
  expect(a.removedAnswers).toEqual(['q2']);
  const row = t.db.prepare('SELECT version_id, data FROM responses WHERE survey_id = ? AND city_id = ?').get(id, aarhus!.id) as Json;
  expect(row.version_id).toBe(v2.id);
  expect(JSON.parse(row.data)).toEqual({ q1: 'yes', q2: 'Our comment' });
  // It goes on saving and submits against version 2 without losing the flagged answer.
  const again = await ok(fetch(`${t.url}/api/respond/${tokenA}`, jsonInit('PUT', { data: { q1: 'no', q2: 'Our comment', q3: '10' }, revision: a.revision })));
  expect(again.data).toEqual({ q1: 'no', q2: 'Our comment', q3: '10' });
  await ok(fetch(`${t.url}/api/respond/${tokenA}/submit`, jsonInit('POST', { data: again.data, revision: again.revision, locale: 'en' })));
  expect(JSON.parse((t.db.prepare('SELECT data FROM responses WHERE survey_id = ? AND city_id = ?').get(id, aarhus!.id) as Json).data)).toEqual({
    q1: 'no',
    q2: 'Our comment',
    q3: '10',
  });

  // Bilbao's submitted response keeps version 1.
  const b = await ok(fetch(`${t.url}/api/respond/${tokenB}`));
  expect(b.survey).toStrictEqual(smallDefinition());
  expect(b.removedAnswers).toEqual([]);
  expect((t.db.prepare('SELECT version_id FROM responses WHERE survey_id = ? AND city_id = ?').get(id, bilbao!.id) as Json).version_id).toBe(v1.id);

  // A city starting now gets version 2.
  const c = await ok(fetch(`${t.url}/api/respond/${t.linkFor(id, third!.id)}`));
  expect(c.survey).toStrictEqual(v2def);
  expect(c.removedAnswers).toEqual([]);
  await ok(fetch(`${t.url}/api/respond/${t.linkFor(id, third!.id)}`, jsonInit('PUT', { data: { q3: '1000' }, revision: 0 })));
  const versions = await ok<Json[]>(get(`/${id}/versions`, analyst));
  expect(versions.map((v) => [v.number, v.responses])).toEqual([
    [1, 1],
    [2, 2],
  ]);
});

test('next year’s survey is a draft copy of the published version, same codes, without answers; only once per year', async () => {
  const id = await createSurvey();
  await ok(call('POST', `/${id}/open`));
  await fetch(`${t.url}/api/respond/${t.linkFor(id, t.cities[0]!.id)}`, jsonInit('PUT', { data: { q1: 'yes' }, revision: 0 }));
  // A draft in progress is not what next year copies.
  const draft = await ok(get(`/${id}/draft`));
  const wip = smallDefinition();
  wip.title = loc('Work in progress', 'En cours');
  await ok(call('PUT', `/${id}/draft`, { definition: wip, baseRevision: draft.revision }));

  const source = (await ok<Json[]>(get(''))).find((s) => s.id === id)!;
  const created = await ok(call('POST', `/${id}/next-year`, {}), 201);
  expect(created).toMatchObject({ year: source.year + 1, code: source.code, status: 'draft' });
  const list = await ok<Json[]>(get(''));
  expect(list.find((s) => s.id === created.id)).toMatchObject({ year: source.year + 1, status: 'draft', title: 'Builder pilot' });
  expect(await ok(get(`/${created.id}/definition`, analyst))).toStrictEqual(smallDefinition());
  expect(t.db.prepare('SELECT count(*) AS n FROM responses WHERE survey_id = ?').get(created.id)).toEqual({ n: 0 });
  expect(t.db.prepare('SELECT count(*) AS n FROM links WHERE survey_id = ?').get(created.id)).toEqual({ n: 0 });

  const dup = await expectError(await call('POST', `/${id}/next-year`, {}), 409, 'conflict');
  expect(dup.error.reason).toBe('exists');
  const later = await ok(call('POST', `/${id}/next-year`, { year: source.year + 3 }), 201);
  expect(later.year).toBe(source.year + 3);
});

test('the diff lists added, removed and changed questions and choices, by code, between versions and against the draft', async () => {
  const id = await createSurvey();
  await ok(call('POST', `/${id}/publish`, {}));
  const v1 = versionRows(id)[0]!;
  const draft = await ok(get(`/${id}/draft`));
  const edited = smallDefinition();
  const q1 = edited.pages[0].elements[0];
  q1.choices[0].text = loc('Yes, adopted', 'Oui, adoptée');
  q1.choices.push({ value: 'partly', text: loc('Partly', 'En partie'), score: 0.5 });
  q1.choices = q1.choices.filter((c: Json) => c.value !== 'no');
  q1.isRequired = true;
  edited.pages[0].elements.splice(1, 1, { type: 'text', name: 'q9', title: loc('Nine', 'Neuf') });
  await ok(call('PUT', `/${id}/draft`, { definition: edited, baseRevision: draft.revision }));

  const diff = await ok(get(`/${id}/diff?from=${v1.id}&to=draft`, analyst));
  expect(diff.from).toEqual({ id: v1.id, surveyId: id, number: 1, published: true });
  expect(diff.to).toEqual({ id: draft.versionId, surveyId: id, number: 2, published: false });
  expect(diff.added).toEqual([{ name: 'q9', type: 'text', page: 'p1', title: loc('Nine', 'Neuf') }]);
  expect(diff.removed).toEqual([{ name: 'q2', type: 'comment', page: 'p1', title: loc('Comments', 'Commentaires') }]);
  expect(diff.changed).toEqual([
    {
      name: 'q1',
      type: 'radiogroup',
      page: 'p1',
      title: q1.title,
      properties: ['isRequired'],
      items: [{ list: 'choices', added: ['partly'], removed: ['no'], changed: [{ value: 'yes', properties: ['text'] }], reordered: false }],
    },
  ]);
  // The defaults compare the last published version with the draft.
  expect(await ok(get(`/${id}/diff`, analyst))).toEqual(diff);
  // Another survey's version cannot be compared unless it is the same questionnaire in another year.
  const other = await createSurvey();
  const otherVersion = versionRows(other)[0]!;
  await expectError(await get(`/${id}/diff?from=${otherVersion.id}`), 404, 'not_found');
});

// ---------------------------------------------------------------------------------------------
// Property: whatever the builder saves comes back equal, custom properties and translations included.

const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== '');
const localised = fc.oneof(fc.record({ default: text, fr: text }), fc.record({ default: text }), text);
const code = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const choiceList = fc.uniqueArray(code, { minLength: 1, maxLength: 4 }).chain((values) =>
  fc.tuple(
    ...values.map((value) =>
      fc.record(
        {
          value: fc.constant(value),
          text: localised,
          score: fc.oneof(fc.integer({ min: -5, max: 10 }), fc.double({ min: 0.001, max: 1, noNaN: true })),
          policyArea: fc.constantFrom(...POLICY_AREAS),
          channel: fc.constantFrom(...CHANNEL_KINDS),
        },
        { requiredKeys: ['value'] },
      ),
    ),
  ),
);
const tags = { indicator: fc.constantFrom(...INDICATORS), policyArea: fc.constantFrom(...POLICY_AREAS) };
const question = fc.oneof(
  fc.record({ type: fc.constantFrom('text', 'comment'), title: localised, description: localised, isRequired: fc.boolean(), ...tags }, { requiredKeys: ['type'] }),
  fc.record(
    { type: fc.constantFrom('radiogroup', 'checkbox', 'dropdown', 'tagbox', 'ranking'), title: localised, choices: choiceList, showNoneItem: fc.boolean(), ...tags },
    { requiredKeys: ['type', 'choices'] },
  ),
  fc.record({ type: fc.constant('boolean'), title: localised, labelTrue: localised, ...tags }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('rating'), title: localised, rateMin: fc.constant(1), rateMax: fc.integer({ min: 2, max: 10 }), ...tags }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('matrix'), title: localised, rows: choiceList, columns: choiceList, ...tags }, { requiredKeys: ['type', 'rows', 'columns'] }),
);
const definitions = fc
  .record(
    {
      title: localised,
      description: localised,
      pages: fc.array(fc.record({ title: localised, questions: fc.array(question, { minLength: 0, maxLength: 4 }) }, { requiredKeys: ['questions'] }), {
        minLength: 1,
        maxLength: 3,
      }),
    },
    { requiredKeys: ['pages'] },
  )
  .map((d) => {
    let n = 0;
    return {
      ...d,
      pages: d.pages.map(({ questions, ...page }, i) => ({ name: `page${i + 1}`, ...page, elements: questions.map((q) => ({ name: `q${++n}`, ...q })) })),
    };
  });

test('property: a generated definition saved as the draft comes back deep-equal from the draft and definition endpoints', async () => {
  const id = await createSurvey();
  let { revision } = await ok(get(`/${id}/draft`));
  await fc.assert(
    fc.asyncProperty(definitions, async (generated) => {
      // fast-check may build null-prototype objects: compare with what was actually sent.
      const sent = JSON.parse(JSON.stringify(generated)) as Json;
      const saved = await ok(call('PUT', `/${id}/draft`, { definition: sent, baseRevision: revision }));
      revision = saved.revision;
      expect(Array.isArray(saved.problems)).toBe(true);
      expect((await ok(get(`/${id}/draft`))).definition).toStrictEqual(sent);
      expect(await ok(get(`/${id}/definition`, analyst))).toStrictEqual(sent);
    }),
    { numRuns: 40 },
  );
});

test('while the Unit edits a draft of an open survey, GET /definition still gives the published version cities answer', async () => {
  const id = await createSurvey();
  await ok(call('POST', `/${id}/open`));
  const published = await ok(get(`/${id}/definition`));
  const draft = await ok(get(`/${id}/draft`));
  const edited = { ...draft.definition, title: loc('Work in progress', 'En cours') };
  await ok(call('PUT', `/${id}/draft`, { definition: edited, baseRevision: draft.revision }));
  expect(await ok(get(`/${id}/definition`, analyst))).toStrictEqual(published);
  await ok(call('POST', `/${id}/publish`, {}));
  expect((await ok(get(`/${id}/definition`))).title).toEqual(loc('Work in progress', 'En cours'));
});

test('publishing warns about indicators the draft lacks or feeds badly, without refusing it', async () => {
  const def = smallDefinition();
  // A team size asked as free text: analysis reads a number.
  def.pages[0].elements.push({ type: 'text', name: 'q3', title: loc('Team size', 'Taille de l’équipe'), indicator: 'team_size' });
  const id = await createSurvey(def);
  const draft = await ok(get(`/${id}/draft`));
  const published = await ok(call('POST', `/${id}/publish`, { revision: draft.revision }));
  expect(published.number).toBe(1);
  const warnings = published.warnings as string[];
  expect(warnings).toContain('indicator "team_size" (Rec 7): questions "q3" (text) do not have a shape analysis reads (numeric)');
  expect(warnings).toContain('indicator "channel_ranking" (Rec 11): no question carries it; analysis will report nothing for it');
  expect(warnings.filter((w) => w.endsWith('no question carries it; analysis will report nothing for it'))).toHaveLength(INDICATORS.length - 2);
  expect(warnings.some((w) => w.includes('"marker"'))).toBe(false);
});

test('renaming a code or a choice value that has answers needs a mapping: refused (409) listing them, accepted with one, stored with the version', async () => {
  const id = await createSurvey();
  await ok(call('POST', `/${id}/open`));
  const [aarhus, bilbao] = t.cities;
  await ok(fetch(`${t.url}/api/respond/${t.linkFor(id, aarhus!.id)}`, jsonInit('PUT', { data: { q1: 'yes', q2: 'Comment' }, revision: 0 })));
  await ok(fetch(`${t.url}/api/respond/${t.linkFor(id, bilbao!.id)}`, jsonInit('PUT', { data: { q1: 'no' }, revision: 0 })));

  // The draft renames q2 → remarks and the value "yes" → "adopted"; "no" stays.
  const draft = await ok(get(`/${id}/draft`));
  const def = smallDefinition();
  def.pages[0].elements[0].choices[0].value = 'adopted';
  def.pages[0].elements[1].name = 'remarks';
  const saved = await ok(call('PUT', `/${id}/draft`, { definition: def, baseRevision: draft.revision }));
  const before = snapshotTables(t.db);
  const refused = await expectError(await call('POST', `/${id}/publish`, { revision: saved.revision }), 409, 'conflict');
  expect(refused.error.reason).toBe('unmapped');
  expect(refused.error.unmapped).toEqual([
    { kind: 'question', code: 'q2', answers: 1, suggestion: 'remarks' },
    { kind: 'value', question: 'q1', list: 'choices', value: 'yes', answers: 1 },
  ]);
  expect(refused.error.message).toMatch(/question "q2", value "yes" of "q1"/);
  expect(snapshotTables(t.db)).toEqual(before);

  // Half a mapping is still refused, listing what is left; a mapping to a code the draft lacks is invalid.
  const half = await expectError(await call('POST', `/${id}/publish`, { mapping: { questions: { q2: 'remarks' } } }), 409, 'conflict');
  expect(half.error.unmapped.map((u: Json) => u.kind)).toEqual(['value']);
  const wrong = await expectError(await call('POST', `/${id}/publish`, { mapping: { questions: { q2: 'nowhere' } } }), 400, 'invalid');
  expect(wrong.error.problems).toEqual(['mapping of question "q2": no question "nowhere" in the new version']);
  await expectError(await call('POST', `/${id}/publish`, { mapping: { questions: { q2: 42 } } }), 400, 'invalid');

  const mapping = { questions: { q2: 'remarks' }, values: { q1: { yes: 'adopted' } } };
  const published = await ok(call('POST', `/${id}/publish`, { revision: saved.revision, mapping }));
  expect(published.number).toBe(2);
  const stored = await ok<Json[]>(get(`/${id}/mappings`, analyst));
  expect(stored).toEqual([
    expect.objectContaining({ versionId: published.versionId, mapping, from: { surveyId: id, year: expect.any(Number), number: 1 } }),
  ]);
  // Readers apply it to older answers.
  const { applyAnswerMapping } = await import('../../surveys/definition-diff');
  expect(applyAnswerMapping({ q1: 'yes', q2: 'Comment' }, stored[0]!.mapping)).toEqual({ q1: 'adopted', remarks: 'Comment' });

  // Next year's copy renaming a code that has answers last year needs a mapping too.
  const next = await ok(call('POST', `/${id}/next-year`, {}), 201);
  const nextDraft = await ok(get(`/${next.id}/draft`));
  const nextDef = structuredClone(nextDraft.definition);
  nextDef.pages[0].elements[0].name = 'strategy';
  const nextSaved = await ok(call('PUT', `/${next.id}/draft`, { definition: nextDef, baseRevision: nextDraft.revision }));
  const nextRefused = await expectError(await call('POST', `/${next.id}/publish`, {}), 409, 'conflict');
  expect(nextRefused.error.unmapped).toEqual([{ kind: 'question', code: 'q1', answers: 2, suggestion: 'strategy' }]);
  const nextOk = await ok(call('POST', `/${next.id}/publish`, { revision: nextSaved.revision, mapping: { questions: { q1: 'strategy' } } }));
  expect((await ok<Json[]>(get(`/${next.id}/mappings`)))[0]).toMatchObject({ versionId: nextOk.versionId, from: { surveyId: id, number: 2 } });
});

test('campaign settings: open and close dates reach coordinators; welcome and thank-you texts travel with the definition', async () => {
  const def = smallDefinition();
  def.description = loc('Welcome, coordinators', 'Bienvenue, coordinateurs');
  def.completedHtml = loc('<p>Thank you</p>', '<p>Merci</p>');
  const id = await createSurvey(def);
  await expectError(await call('PUT', `/${id}/dates`, { opensAt: '2041-12-01', closesAt: '2042-01-31' }, analyst), 403, 'forbidden');
  await expectError(await call('PUT', `/${id}/dates`, { opensAt: '2042-02-01', closesAt: '2042-01-31' }), 400, 'invalid');
  await expectError(await call('PUT', `/${id}/dates`, { opensAt: '1 Dec', closesAt: null }), 400, 'invalid');
  expect(await ok(call('PUT', `/${id}/dates`, { opensAt: '2041-12-01', closesAt: '2042-01-31' }))).toEqual({ id, opensAt: '2041-12-01', closesAt: '2042-01-31' });
  expect((await ok(get(`/${id}/draft`))).survey).toMatchObject({ opensAt: '2041-12-01', closesAt: '2042-01-31' });
  await ok(call('POST', `/${id}/open`));
  const state = await ok(fetch(`${t.url}/api/respond/${t.linkFor(id, t.cities[0]!.id)}`));
  expect(state.closesAt).toBe('2042-01-31');
  expect(state.survey.description).toEqual(def.description);
  expect(state.survey.completedHtml).toEqual(def.completedHtml);
  // Clearing the dates.
  expect(await ok(call('PUT', `/${id}/dates`, { opensAt: null, closesAt: null }))).toEqual({ id, opensAt: null, closesAt: null });
});
