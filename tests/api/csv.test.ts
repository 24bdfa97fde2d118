import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { POLICY_AREAS } from '../../surveys/extensions';
import {
  ADMIN_EMAIL,
  ANALYST_EMAIL,
  expectError,
  jsonInit,
  startTestApp,
  type TestApp,
} from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;

type Json = Record<string, any>;
const city = (code: string) => t.cities.find((c) => c.code === code)!;

/** Saves answers through the API, as a link holder does; returns the new revision. */
async function save(token: string, data: Json, revision: number): Promise<number> {
  const res = await fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', { data, revision }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { revision: number }).revision;
}

const AARHUS_ANSWERS: Json = {
  respondent_role: 'other',
  'respondent_role-Comment': '=HYPERLINK("http://x")',
  strat_needs_txt: '+1',
  pair_challenge: '@SUM(A1)',
  chg_txt_education: '-2+3',
  chg_txt_commitment: '\tTabbed',
  chg_txt_neighbourhoods: '\rCarriage',
  chg_txt_language: '-5',
  final_comment: 'He said "hi", then left;\nNouvelle ligne: é ü 中文 🎉\r\nend',
  team_size: 5,
  index_year: 2019,
  chg: { education: 'yes', language: 'dont_know' },
  chg_insp_education: 4,
  prog: { education: 3, language: 0 },
  comm_channels: ['portal', 'email_targeted'],
  comm_topics: ['education', 'language'],
  chg_svc_education: ['expert_visit', 'other'],
  'chg_svc_education-Comment': 'A visit from Strasbourg',
  index_never: false,
};

function completeAnswers(): Json {
  return {
    respondent_role: 'coordinator',
    chg: Object.fromEntries(POLICY_AREAS.map((area) => [area, 'no'])),
    prog: Object.fromEntries(POLICY_AREAS.map((area) => [area, 2])),
    comm_channels: ['email_targeted', 'newsletter', 'portal', 'collab_tool', 'webinars', 'social_media'],
    strat_status: 'adopted',
  };
}

let evilCityId: number;
let propertySurveyId: number;
let propertyToken: string;
/** The export of the default survey after the answers above, read by the tests that only look at it. */
let exported: Awaited<ReturnType<typeof download>>;
const TEXT_QUESTIONS = ['final_comment', 'strat_needs_txt', 'pair_challenge', 'chg_txt_education'] as const;
let propertyRevision = 0;

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
  // AAR: a draft with tricky answers; BIL: submitted; LYO: link only; ZUR: opened and saved nothing.
  await save(t.linkFor(t.surveyId, city('AAR').id), AARHUS_ANSWERS, 0);
  const bil = t.linkFor(t.surveyId, city('BIL').id);
  const submitted = await fetch(`${t.url}/api/respond/${bil}/submit`, jsonInit('POST', { data: completeAnswers(), revision: 0 }));
  if (submitted.status !== 200) throw new Error(await submitted.text());
  t.linkFor(t.surveyId, city('LYO').id);
  await save(t.linkFor(t.surveyId, city('ZUR').id), {}, 0);
  evilCityId = t.stores.cities.create({ code: 'EVL', name: '=1+1 Evilton', country: '@X' });
  await save(t.linkFor(t.surveyId, evilCityId), { team_size: 2 }, 0);
  // The property test uses a small survey of its own: each export builds a survey-core Model of the definition,
  // which for the full questionnaire costs a few hundred milliseconds.
  propertySurveyId = t.stores.surveys.create({
    year: 2025,
    code: 'csv-property',
    title: 'CSV property',
    definition: { pages: [{ name: 'p1', elements: TEXT_QUESTIONS.map((name) => ({ type: 'comment', name })) }] },
    now: t.clock.now(),
  });
  t.stores.surveys.setStatus({ id: propertySurveyId, status: 'open', now: t.clock.now() });
  const propertyCity = t.stores.cities.create({ code: 'PRP', name: 'Property town', country: 'BE' });
  propertyToken = t.linkFor(propertySurveyId, propertyCity);
  exported = await download();
});
afterAll(async () => {
  await t.close();
});

const csvUrl = (query = '', surveyId: number | string = t.surveyId) => `${t.url}/api/surveys/${surveyId}/responses.csv${query}`;

function parseCsv(text: string): string[][] {
  const result = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n', header: false, skipEmptyLines: false });
  expect(result.errors).toEqual([]);
  const rows = result.data;
  // The file ends with a line break: papaparse reports one empty row after it.
  expect(rows[rows.length - 1]).toEqual(['']);
  return rows.slice(0, -1);
}

async function download(
  cookie = admin,
  surveyId = t.surveyId,
): Promise<{ header: string[]; rows: Map<string, Record<string, string>> }> {
  const res = await fetch(csvUrl('', surveyId), { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  const [header, ...body] = parseCsv(await res.text());
  const rows = new Map<string, Record<string, string>>();
  for (const r of body) {
    expect(r).toHaveLength(header!.length);
    rows.set(r[0]!, Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  }
  return { header: header!, rows };
}

test('an admin downloads the responses as UTF-8 CSV', async () => {
  const res = await fetch(csvUrl(), { headers: { Cookie: admin } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="icc-survey-2025-responses.csv"');
});

test('an analyst downloads the same CSV', async () => {
  const [a, b] = await Promise.all([
    fetch(csvUrl(), { headers: { Cookie: admin } }).then((r) => r.text()),
    fetch(csvUrl(), { headers: { Cookie: analyst } }).then((r) => r.text()),
  ]);
  expect(b).toBe(a);
});

test('the header starts with the city and names the answers by stable question codes', async () => {
  const { header } = exported;
  expect(header.slice(0, 9)).toEqual(['city', 'city_name', 'country', 'networks', 'status', 'revision', 'version', 'updated_at', 'submitted_at']);
  for (const code of [
    'respondent_role',
    'respondent_role-Comment',
    'chg.education',
    'chg.interaction',
    'prog.education',
    'chg_insp_education',
    'chg_svc_education.expert_visit',
    'chg_svc_education.none',
    'chg_svc_education.other',
    'chg_svc_education-Comment',
    'comm_channels.email_targeted',
    'comm_channels.social_media',
    'comm_topics.network_news',
    'team_size',
    'index_year',
    'final_comment',
  ]) {
    expect(header).toContain(code);
  }
  expect(header).not.toContain('intro_text'); // an html element holds no answer
  expect(header).not.toContain('chg');
  expect(new Set(header).size).toBe(header.length);
  expect(header.filter((h) => h.startsWith('chg.'))).toEqual(POLICY_AREAS.map((a) => `chg.${a}`));
  expect(header.filter((h) => h.startsWith('comm_channels.'))).toEqual(
    ['email_targeted', 'newsletter', 'portal', 'collab_tool', 'webinars', 'social_media'].map((c) => `comm_channels.${c}`),
  );
});

test('one row per city that saved answers, ordered by city code', async () => {
  const { rows } = exported;
  expect([...rows.keys()]).toEqual(['AAR', 'BIL', 'EVL']);
});

test('the meta columns describe the city and the response', async () => {
  const { rows } = exported;
  const pick = (r: Record<string, string>) =>
    [r.city, r.city_name, r.country, r.networks, r.status, r.revision, r.updated_at, r.submitted_at];
  expect(pick(rows.get('AAR')!)).toEqual(['AAR', 'Aarhus (test)', 'DK', 'ICC', 'draft', '1', '2025-12-10T09:00:00.000Z', '']);
  expect(pick(rows.get('BIL')!)).toEqual(['BIL', 'Bilbao (test)', 'ES', 'ICC;RECI', 'submitted', '1', '2025-12-10T09:00:00.000Z', '2025-12-10T09:00:00.000Z']);
});

test('text answers that would run as spreadsheet formulas come out prefixed with an apostrophe', async () => {
  const r = exported.rows.get('AAR')!;
  expect(r['respondent_role-Comment']).toBe(`'=HYPERLINK("http://x")`);
  expect(r.strat_needs_txt).toBe(`'+1`);
  expect(r.pair_challenge).toBe(`'@SUM(A1)`);
  expect(r.chg_txt_education).toBe(`'-2+3`);
  expect(r.chg_txt_commitment).toBe(`'\tTabbed`);
  expect(r.chg_txt_neighbourhoods).toBe(`'\rCarriage`);
});

test('city details that look like formulas are escaped too', async () => {
  const r = exported.rows.get('EVL')!;
  expect(r.city_name).toBe(`'=1+1 Evilton`);
  expect(r.country).toBe(`'@X`);
});

test('plain numbers stay numbers, negative ones included', async () => {
  const r = exported.rows.get('AAR')!;
  expect(r.team_size).toBe('5');
  expect(r.index_year).toBe('2019');
  expect(r.chg_insp_education).toBe('4');
  expect(r.chg_txt_language).toBe('-5');
  expect(r['prog.language']).toBe('0');
});

test('quotes, line breaks and accents survive the export', async () => {
  const r = exported.rows.get('AAR')!;
  expect(r.final_comment).toBe('He said "hi", then left;\nNouvelle ligne: é ü 中文 🎉\r\nend');
  expect(r['chg_svc_education-Comment']).toBe('A visit from Strasbourg');
});

test('choice answers are laid out one column per value', async () => {
  const r = exported.rows.get('AAR')!;
  expect(r.respondent_role).toBe('other');
  expect(r['chg.education']).toBe('yes');
  expect(r['chg.language']).toBe('dont_know');
  expect(r['chg.commitment']).toBe('');
  expect(r['prog.education']).toBe('3');
  // Ranking: position, 1 = first; choices not ranked are empty.
  expect(r['comm_channels.portal']).toBe('1');
  expect(r['comm_channels.email_targeted']).toBe('2');
  expect(r['comm_channels.newsletter']).toBe('');
  // Checkbox: 1 selected, 0 not selected; empty when the question is unanswered.
  expect(r['comm_topics.education']).toBe('1');
  expect(r['comm_topics.funding']).toBe('0');
  expect(r['chg_svc_education.expert_visit']).toBe('1');
  expect(r['chg_svc_education.other']).toBe('1');
  expect(r['chg_svc_education.none']).toBe('0');
  expect(r['chg_svc_language.expert_visit']).toBe('');
  expect(r.index_never).toBe('false');
  expect(r.strat_status).toBe('');
});

test('?bom=1 starts the file with a byte order mark; without it the file starts with the header', async () => {
  const withBom = new Uint8Array(await (await fetch(csvUrl('?bom=1'), { headers: { Cookie: admin } })).arrayBuffer());
  expect([...withBom.slice(0, 7)]).toEqual([0xef, 0xbb, 0xbf, ...Buffer.from('city')]);
  const without = new Uint8Array(await (await fetch(csvUrl(), { headers: { Cookie: admin } })).arrayBuffer());
  expect([...without.slice(0, 5)]).toEqual([...Buffer.from('city,')]);
  const bom0 = new Uint8Array(await (await fetch(csvUrl('?bom=0'), { headers: { Cookie: admin } })).arrayBuffer());
  expect(Buffer.from(bom0).equals(Buffer.from(without))).toBe(true);
  // Apart from the mark, the content is the same.
  expect(Buffer.from(withBom.slice(3)).equals(Buffer.from(without))).toBe(true);
});

test('downloading without signing in answers 401', async () => {
  await expectError(await fetch(csvUrl()), 401, 'unauthorised');
});

test('an unknown survey answers 404, a bad id or bom value 400', async () => {
  await expectError(await fetch(csvUrl('', 99999), { headers: { Cookie: admin } }), 404, 'not_found');
  await expectError(await fetch(csvUrl('', 'abc'), { headers: { Cookie: admin } }), 400, 'invalid');
  await expectError(await fetch(csvUrl('?bom=yes'), { headers: { Cookie: admin } }), 400, 'invalid');
});

test('a survey without responses exports only its header', async () => {
  const id = t.stores.surveys.create({ year: 2024, code: 'empty', title: 'Empty', definition: { pages: [{ name: 'p', elements: [{ type: 'text', name: 'only' }] }] }, now: t.clock.now() });
  const res = await fetch(csvUrl('', id), { headers: { Cookie: analyst } });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('city,city_name,country,networks,status,revision,version,updated_at,submitted_at,only\r\n');
});

// Property: any text saved to comment questions comes back identical, apart from the formula escape.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const asExported = (s: string) => (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s);
test('property: text answers come back identical from the CSV, apart from the formula apostrophe', async () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', "'", ' ', '1', '.', 'é', '中'), maxLength: 8 }),
  );
  await fc.assert(
    fc.asyncProperty(fc.tuple(anyText, anyText, anyText, anyText), async (texts) => {
      const data = Object.fromEntries(TEXT_QUESTIONS.map((q, i) => [q, texts[i]!]));
      const res = await fetch(`${t.url}/api/respond/${propertyToken}`, jsonInit('PUT', { data, revision: propertyRevision }));
      expect(res.status).toBe(200);
      propertyRevision = ((await res.json()) as { revision: number }).revision;
      const row = (await download(analyst, propertySurveyId)).rows.get('PRP')!;
      expect(TEXT_QUESTIONS.map((q) => row[q])).toEqual(texts.map(asExported));
    }),
    { numRuns: 60 },
  );
});

test('question codes that look like formulas are escaped in the header, or refused at creation', async () => {
  const loc = (s: string) => ({ default: s, fr: s });
  const definition = {
    title: loc('Formula names'),
    pages: [{ name: 'p1', elements: [{ type: 'text', name: '=HYPERLINK("http://x")', title: loc('Q') }, { type: 'text', name: 'plain', title: loc('P') }] }],
  };
  const created = await fetch(`${t.url}/api/surveys?year=2030`, jsonInit('POST', definition, { Cookie: admin }));
  if (created.status === 400) return;
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const res = await fetch(csvUrl('', id), { headers: { Cookie: admin } });
  const [header] = parseCsv(await res.text());
  expect(header!.slice(9)).toEqual([`'=HYPERLINK("http://x")`, 'plain']);
});
