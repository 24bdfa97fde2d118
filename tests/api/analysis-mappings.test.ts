/**
 * The year-over-year analysis reads older years' answers through the mappings published with the builder
 * (issue 4/3): a question code or choice renamed in a later year still matches, renames over several years
 * compose, and a year with no mapping in between is read as before.
 *
 * Two questionnaires are answered alike: `renamed` asks `q_old` (choice `a`) in 2050 and 2051, renames it to
 * `q_new` (choice `a` → `x`) in 2052 and to `q_newest` (`x` → `y`) in 2053; `control` asks `q_newest` (choice `y`)
 * every year. Read through the mappings, the renamed questionnaire's figures must equal the control's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
type Json = Record<string, any>;

const loc = (en: string, fr: string) => ({ default: en, fr });
/** One scored marker (Rec 17) with choices `yes` (score 1) and `no` (0), under the given code and value of `yes`. */
function definition(code: string, yes: string, score = 1): Json {
  return {
    title: loc('Mapping pilot', 'Pilote des correspondances'),
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
              { value: yes, text: loc('Yes', 'Oui'), score },
              { value: 'no', text: loc('No', 'Non'), score: 0 },
            ],
          },
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
const get = <T = Json>(path: string) => ok<T>(fetch(`${t.url}/api/surveys${path}`, { headers: { Cookie: admin } }));
const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;
async function answer(surveyId: number, city: string, data: Json): Promise<void> {
  await ok(fetch(`${t.url}/api/respond/${t.linkFor(surveyId, cityId(city))}`, jsonInit('PUT', { data, revision: 0 })));
}

/** Answers per year, in `yes` / 'no' (null: no answer): the same cities, partly changing their answer. */
const ANSWERS: Record<string, ('yes' | 'no' | null)[]> = {
  AAR: ['yes', 'yes', 'yes', 'yes'],
  BIL: ['no', 'yes', 'no', 'yes'],
  LYO: ['yes', 'no', null, 'no'],
  ZUR: [null, 'no', 'yes', 'yes'],
};
const YEARS = [2050, 2051, 2052, 2053];
/** Per year of `renamed`: its question code and the value of `yes`. */
const RENAMED = [
  ['q_old', 'a'],
  ['q_old', 'a'],
  ['q_new', 'x'],
  ['q_newest', 'y'],
] as const;

const renamed: number[] = [];
const control: number[] = [];

async function answerYear(surveyId: number, i: number, code: string, yes: string) {
  await ok(call('POST', `/${surveyId}/open`));
  for (const [city, per] of Object.entries(ANSWERS)) {
    const v = per[i];
    if (v) await answer(surveyId, city, { [code]: v === 'yes' ? yes : 'no' });
  }
}

/** Next year's copy of `from`, edited to `def` and published with `mapping` (if any). */
async function nextYear(from: number, def: Json, mapping?: Json): Promise<number> {
  const { id } = await ok(call('POST', `/${from}/next-year`, {}), 201);
  const draft = await get(`/${id}/draft`);
  await ok(call('PUT', `/${id}/draft`, { definition: def, baseRevision: draft.revision }));
  await ok(call('POST', `/${id}/publish`, mapping ? { mapping } : {}));
  return id as number;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  // control: the same code and choices every year, no mapping.
  control.push((await ok(call('POST', `?year=${YEARS[0]}&code=control`, definition('q_newest', 'y')), 201)).id);
  await answerYear(control[0]!, 0, 'q_newest', 'y');
  for (let i = 1; i < YEARS.length; i++) {
    const { id } = await ok(call('POST', `/${control[i - 1]}/next-year`, {}), 201);
    control.push(id);
    await answerYear(id, i, 'q_newest', 'y');
  }
  // renamed: 2051 unchanged (no mapping), 2052 and 2053 rename the code and the choice.
  renamed.push((await ok(call('POST', `?year=${YEARS[0]}&code=renamed`, definition('q_old', 'a')), 201)).id);
  await answerYear(renamed[0]!, 0, 'q_old', 'a');
  const { id: y2051 } = await ok(call('POST', `/${renamed[0]}/next-year`, {}), 201);
  renamed.push(y2051);
  await answerYear(y2051, 1, 'q_old', 'a');
  renamed.push(await nextYear(y2051, definition('q_new', 'x'), { questions: { q_old: 'q_new' }, values: { q_old: { a: 'x' } } }));
  await answerYear(renamed[2]!, 2, 'q_new', 'x');
  renamed.push(await nextYear(renamed[2]!, definition('q_newest', 'y'), { questions: { q_new: 'q_newest' }, values: { q_new: { x: 'y' } } }));
  await answerYear(renamed[3]!, 3, 'q_newest', 'y');
});
afterAll(async () => {
  await t.close();
});

/** What does not depend on the questionnaire's survey ids or codes. */
const comparable = (a: Json) => ({ n: a.n, previous: a.previous, rec17: { overall: a.rec17.overall, change: a.rec17.change, markers: a.rec17.markers.map((m: Json) => [m.n, m.dontKnow, m.meanScore, m.ci95]) } });

describe('older years read through the stored mappings', () => {
  test('the mappings are stored as published', async () => {
    const m = await get(`/${renamed[3]}/mappings`);
    expect(m.map((x: Json) => x.mapping)).toEqual([{ questions: { q_new: 'q_newest' }, values: { q_new: { x: 'y' } } }]);
    expect(await get(`/${control[3]}/mappings`)).toEqual([]);
  });

  test('one question across years: older years counted under the newest code and choice, renames composed', async () => {
    const years = await get(`/${renamed[3]}/questions/q_newest/years`);
    expect(years.years.map((y: Json) => [y.year, y.asked, y.n, y.panelN])).toEqual([
      [2050, true, 3, 3],
      [2051, true, 4, 4],
      [2052, true, 3, 3],
      [2053, true, 4, null],
    ]);
    expect(years.options.map((o: Json) => o.key)).toEqual(['y', 'no']);
    // 2050: AAR and LYO chose `a`, BIL `no`: shares under `y`.
    expect(years.years[0].shares.y).toMatchObject({ k: 2, n: 3 });
    expect(years.years[0].shares.no).toMatchObject({ k: 1, n: 3 });
    expect(years.years[0].shares).not.toHaveProperty('a');
    expect(years.years[2].shares.y).toMatchObject({ k: 2, n: 3 });
    // Exactly what the questionnaire without renames gives.
    expect(years).toEqual(await get(`/${control[3]}/questions/q_newest/years`));

    // Read from 2052 (q_new, x): 2050 and 2051 through the 2052 mapping only.
    const mid = await get(`/${renamed[2]}/questions/q_new/years`);
    expect(mid.years.map((y: Json) => [y.year, y.n, y.panelN, y.shares.x?.k])).toEqual([
      [2050, 3, 2, 2],
      [2051, 4, 3, 2],
      [2052, 3, null, 2],
    ]);
  });

  test('last year’s figures (Rec 17 panel change) and the trend match the questionnaire without renames', async () => {
    for (const i of [1, 2, 3]) {
      const a = await get(`/${renamed[i]}/analysis`);
      const b = await get(`/${control[i]}/analysis`);
      expect(a.previous).toEqual({ n: [3, 4, 3][i - 1] });
      expect(comparable(a)).toEqual(comparable(b));
    }
    const change = (await get(`/${renamed[3]}/analysis`)).rec17.change.overall;
    expect(change.panel.n).toBe(3);
    const strip = (points: Json[]) => points.map(({ surveyId: _, ...p }) => p);
    expect(strip(await get<Json[]>(`/${renamed[3]}/trend`))).toEqual(strip(await get<Json[]>(`/${control[3]}/trend`)));
  });

  test('a year with no mapping since is read as before, and later mappings do not apply to it', async () => {
    // From 2051 (no mapping between 2050 and 2051): both years under q_old / a.
    const years = await get(`/${renamed[1]}/questions/q_old/years`);
    expect(years.options.map((o: Json) => o.key)).toEqual(['a', 'no']);
    expect(years.years.map((y: Json) => [y.year, y.n, y.panelN, y.shares.a.k])).toEqual([
      [2050, 3, 3, 2],
      [2051, 4, null, 2],
    ]);
    const control2051 = await get(`/${control[1]}/questions/q_newest/years`);
    expect(years.years.map((y: Json) => ({ ...y, shares: { a: y.shares.a, no: y.shares.no } }))).toEqual(
      control2051.years.map((y: Json) => ({ ...y, shares: { a: y.shares.y, no: y.shares.no } })),
    );
    // Its analysis reads last year under its own codes: the marker's counts are under `a`.
    const a = await get(`/${renamed[1]}/analysis`);
    expect(a.rec17.markers.map((m: Json) => [m.question, m.counts])).toEqual([['q_old', { a: 2, no: 2 }]]);
    expect(a.previous).toEqual({ n: 3 });
  });

  test('last year is scored with its own questionnaire (its scores), its answers in this year’s codes', async () => {
    const y1 = (await ok(call('POST', `?year=2060&code=rescored`, definition('q_old', 'a')), 201)).id as number;
    await ok(call('POST', `/${y1}/open`));
    await answer(y1, 'AAR', { q_old: 'a' });
    await answer(y1, 'BIL', { q_old: 'no' });
    // 2061 renames and gives the renamed choice half the score.
    const y2 = await nextYear(y1, definition('q_new', 'x', 0.5), { questions: { q_old: 'q_new' }, values: { q_old: { a: 'x' } } });
    await ok(call('POST', `/${y2}/open`));
    await answer(y2, 'AAR', { q_new: 'x' });
    await answer(y2, 'BIL', { q_new: 'x' });
    const change = (await get(`/${y2}/analysis`)).rec17.change.overall;
    // 2060: AAR 100, BIL 0 (2060's scores, not 2061's 50 for AAR); 2061: 50 each.
    expect(change.panel).toMatchObject({ n: 2, meanPrevious: 50, meanCurrent: 50, meanChange: 0 });
    const years = await get(`/${y2}/questions/q_new/years`);
    expect(years.years.map((y: Json) => [y.year, y.n, y.panelN, y.shares.x.k])).toEqual([
      [2060, 2, 2, 1],
      [2061, 2, null, 2],
    ]);
  });
});
