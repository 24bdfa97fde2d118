/**
 * GET /api/surveys/:id/questions/:code/years for matrices, rankings and texts (issue 3): older years read
 * through the mapping published with the next year (a matrix row and a ranking item renamed), figures as the
 * analysis module computes them, filters applied, analysts allowed and anonymous callers refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
type Json = Record<string, any>;

const loc = (en: string, fr: string) => ({ default: en, fr });
/** A questionnaire with a scored yes/no matrix, a ranking and a text, under the given row and item names. */
function definition(row: string, item: string): Json {
  return {
    title: loc('Items pilot', 'Pilote des éléments'),
    pages: [
      {
        name: 'p1',
        elements: [
          {
            type: 'matrix',
            name: 'chg',
            title: loc('Did anything change?', 'Quelque chose a-t-il changé ?'),
            columns: [
              { value: 'yes', text: loc('Yes', 'Oui'), score: 1 },
              { value: 'no', text: loc('No', 'Non'), score: 0 },
              { value: 'dont_know', text: loc("Don't know", 'Ne sait pas') },
            ],
            rows: [
              { value: 'edu', text: loc('Education', 'Éducation') },
              { value: row, text: loc('Housing', 'Logement') },
            ],
          },
          { type: 'ranking', name: 'rk', title: loc('Channels', 'Canaux'), choices: [{ value: 'x', text: loc('Email', 'Courriel') }, { value: item, text: loc('Web', 'Web') }] },
          { type: 'comment', name: 'txt', title: loc('Most important change', 'Changement le plus important') },
        ],
      },
    ],
  };
}

const call = (method: string, path: string, body?: unknown) => fetch(`${t.url}/api/surveys${path}`, jsonInit(method, body, { Cookie: admin }));
async function ok<T = Json>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}
const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;
async function answer(surveyId: number, city: string, data: Json): Promise<void> {
  await ok(fetch(`${t.url}/api/respond/${t.linkFor(surveyId, cityId(city))}`, jsonInit('PUT', { data, revision: 0 })));
}
const years = (surveyId: number, code: string, query = '', cookie = analyst) =>
  fetch(`${t.url}/api/surveys/${surveyId}/questions/${code}/years${query}`, { headers: { Cookie: cookie } });

let first = 0;
let second = 0;

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
  first = (await ok(call('POST', '?year=2050&code=items', definition('housing', 'w')), 201)).id;
  await ok(call('POST', `/${first}/open`));
  await answer(first, 'AAR', { chg: { edu: 'yes', housing: 'no' }, rk: ['w', 'x'], txt: 'Plan adopted' });
  await answer(first, 'BIL', { chg: { edu: 'no' }, rk: ['x', 'w'], txt: 'Pilot in two schools' });
  await ok(call('POST', `/${first}/close`));
  // 2051 renames the row housing → homes and the item w → web, and says so when publishing.
  second = (await ok(call('POST', `/${first}/next-year`, {}), 201)).id;
  const draft = await ok(fetch(`${t.url}/api/surveys/${second}/draft`, { headers: { Cookie: admin } }));
  await ok(call('PUT', `/${second}/draft`, { definition: definition('homes', 'web'), baseRevision: draft.revision }));
  await ok(call('POST', `/${second}/publish`, { mapping: { questions: {}, values: { chg: { housing: 'homes' }, rk: { w: 'web' } } } }));
  await ok(call('POST', `/${second}/open`));
  await answer(second, 'AAR', { chg: { edu: 'yes', homes: 'yes' }, rk: ['web', 'x'], txt: 'Écoles ouvertes' });
  await answer(second, 'LYO', { chg: { homes: 'dont_know' }, rk: ['x', 'web'] });
});
afterAll(async () => {
  await t?.close();
});

describe('a matrix, a ranking and a text across years', () => {
  test('anonymous callers are refused; an unknown code is 404', async () => {
    await expectError(await years(second, 'chg', '', ''), 401, 'unauthorised');
    await expectError(await years(second, 'nope'), 404, 'not_found');
  });

  test('matrix: per row n, shares and mean score per year, the renamed row matched through the mapping', async () => {
    const body = await ok(years(second, 'chg'));
    expect(body.kind).toBe('matrix');
    expect(body.rows.map((r: Json) => r.key)).toEqual(['edu', 'homes']);
    expect(body.options.map((o: Json) => [o.key, o.kind])).toEqual([
      ['yes', 'substantive'],
      ['no', 'substantive'],
      ['dont_know', 'dontknow'],
    ]);
    expect(body.scale).toEqual({ min: 0, max: 1 });
    expect(body.years.map((y: Json) => [y.year, y.asked, y.n, y.panelN])).toEqual([
      [2050, true, 2, 1],
      [2051, true, 2, null],
    ]);
    // 2050 housing (now homes): Aarhus said no. 2051 homes: Aarhus yes, Lyon don't know.
    const before = body.years[0].rows.homes;
    expect(before).toMatchObject({ n: 1, panelN: 1, mean: { n: 1, mean: 0, ci95: null } });
    expect(before.shares.no).toMatchObject({ k: 1, n: 1, p: 1 });
    const now = body.years[1].rows.homes;
    expect(now.shares.yes).toMatchObject({ k: 1, n: 2, p: 0.5 });
    expect(now.shares.dont_know).toMatchObject({ k: 1, n: 2, p: 0.5 });
    // Wilson(1, 2) to 4 decimals: [0.0945, 0.9055].
    expect(now.shares.yes.ci95.map((x: number) => Math.round(x * 10000) / 10000)).toEqual([0.0945, 0.9055]);
    expect(now.mean).toEqual({ n: 1, mean: 1, ci95: null });
    // Education: 2050 yes, no → mean 0.5 (t interval cut to [0, 1]); 2051 yes.
    expect(body.years[0].rows.edu.mean).toEqual({ n: 2, mean: 0.5, ci95: [0, 1] });
    expect(body.years[0].rows.edu.panelN).toBe(1);
  });

  test('ranking: the renamed item keeps its mean rank and first share across years', async () => {
    const body = await ok(years(second, 'rk'));
    expect(body.kind).toBe('ranking');
    expect(body.options.map((o: Json) => o.key)).toEqual(['x', 'web']);
    expect(body.years.map((y: Json) => [y.n, y.panelN])).toEqual([
      [2, 1],
      [2, null],
    ]);
    for (const y of body.years) {
      expect(y.items.web.meanRank).toMatchObject({ n: 2, mean: 1.5 });
      expect(y.items.web.first).toMatchObject({ k: 1, n: 2, p: 0.5 });
    }
    expect(body.years[0].items).not.toHaveProperty('w');
  });

  test('texts: each year\'s answers with their city; filters apply to every year', async () => {
    const body = await ok(years(second, 'txt'));
    expect(body.kind).toBe('text');
    expect(body.years.map((y: Json) => [y.year, y.n, y.panelN, y.texts])).toEqual([
      [2050, 2, 1, [{ city: 'AAR', text: 'Plan adopted' }, { city: 'BIL', text: 'Pilot in two schools' }]],
      [2051, 1, null, [{ city: 'AAR', text: 'Écoles ouvertes' }]],
    ]);
    // RECI holds Bilbao only.
    const filtered = await ok(years(second, 'txt', '?network=RECI'));
    expect(filtered.years.map((y: Json) => y.texts.map((x: Json) => x.city))).toEqual([['BIL'], []]);
  });
});
