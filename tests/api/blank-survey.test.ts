/**
 * An empty survey to build from nothing (issue 4): `POST /api/surveys/blank {year, title: {en, fr}}` creates a
 * draft with no pages and a questionnaire code of its own, which the builder then fills in.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
});
afterAll(async () => {
  await t.close();
});

const createBlank = (body: unknown, cookie: string | null = admin) =>
  fetch(`${t.url}/api/surveys/blank`, jsonInit('POST', body, cookie ? { Cookie: cookie } : {}));

test('an empty survey is a draft of the year with both titles, no pages, and a code no other survey uses', async () => {
  const res = await createBlank({ year: 2031, title: { en: ' Welcoming Cities Survey ', fr: 'Enquête villes accueillantes' } });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: number; year: number; code: string; status: string };
  expect(created).toEqual({ id: created.id, year: 2031, code: 'welcoming-cities-survey', status: 'draft' });

  const list = (await (await fetch(`${t.url}/api/surveys`, { headers: { Cookie: admin } })).json()) as { id: number; title: string; year: number; status: string }[];
  expect(list.find((s) => s.id === created.id)).toMatchObject({ title: 'Welcoming Cities Survey', year: 2031, status: 'draft' });
  const definition = await (await fetch(`${t.url}/api/surveys/${created.id}/definition`, { headers: { Cookie: admin } })).json();
  expect(definition).toEqual({ title: { default: 'Welcoming Cities Survey', fr: 'Enquête villes accueillantes' }, pages: [] });

  // The builder's draft is that version; it cannot be published or opened while it has no question.
  const draft = (await (await fetch(`${t.url}/api/surveys/${created.id}/draft`, { headers: { Cookie: admin } })).json()) as { number: number; problems: string[] };
  expect(draft.number).toBe(1);
  expect(draft.problems).toContain('the survey has no questions');
  await expectError(await fetch(`${t.url}/api/surveys/${created.id}/open`, jsonInit('POST', undefined, { Cookie: admin })), 400, 'invalid');

  // The same title again, even in the same year, is another questionnaire with its own code.
  const again = (await (await createBlank({ year: 2031, title: { en: 'Welcoming Cities Survey', fr: 'Encore' } })).json()) as { code: string };
  expect(again.code).toBe('welcoming-cities-survey-2');
  // A title without a letter or digit still gets a code; accents are dropped from it.
  expect(((await (await createBlank({ year: 2030, title: { en: '¿¿??', fr: 'x' } })).json()) as { code: string }).code).toBe('survey');
  expect(((await (await createBlank({ year: 2030, title: { en: 'Égalité à Zürich', fr: 'x' } })).json()) as { code: string }).code).toBe('egalite-a-zurich');
});

test('the year and both titles are required; analysts and anonymous callers are refused', async () => {
  await expectError(await createBlank({ year: 2031, title: { en: 'Only English', fr: '  ' } }), 400, 'invalid');
  await expectError(await createBlank({ year: 1999, title: { en: 'a', fr: 'b' } }), 400, 'invalid');
  await expectError(await createBlank({ title: { en: 'a', fr: 'b' } }), 400, 'invalid');
  await expectError(await createBlank({ year: 2031, title: { en: 'a', fr: 'b' }, pages: [] }), 400, 'invalid');
  await expectError(await createBlank({ year: 2031, title: { en: 'a', fr: 'b' } }, t.sessionCookie(ANALYST_EMAIL)), 403, 'forbidden');
  expect((await createBlank({ year: 2031, title: { en: 'a', fr: 'b' } }, null)).status).toBe(401);
});
