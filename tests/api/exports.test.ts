import { PassThrough, Writable } from 'node:stream';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { analyseSurvey, indicatorTables, surveyCatalogue, type Cell, type Filters, type RosterCity, type Table } from '../../analysis';
import { csvOutput } from '../../server/services/csv-export';
import { writeLongCsv } from '../../server/services/exports';
import { escapeCell } from '../../surveys/answer-columns';
import { POLICY_AREAS } from '../../surveys/extensions';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;

type Json = Record<string, any>;
const city = (code: string) => t.cities.find((c) => c.code === code)!;

async function save(token: string, data: Json, revision: number): Promise<number> {
  const res = await fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', { data, revision }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { revision: number }).revision;
}

const AARHUS_ANSWERS: Json = {
  respondent_role: 'other',
  'respondent_role-Comment': '=HYPERLINK("http://x")',
  chg: { education: 'yes', language: 'dont_know' },
  chg_insp_education: 4,
  chg_svc_education: ['expert_visit', 'other'],
  'chg_svc_education-Comment': 'A visit from Strasbourg',
  comm_channels: ['portal', 'email_targeted'],
  team_size: 5,
  final_comment: 'He said "hi", then left;\nNouvelle ligne: é ü 中文 🎉\r\nend',
  pair_challenge: '@SUM(A1)',
  index_never: false,
};

function completeAnswers(): Json {
  return {
    respondent_role: 'coordinator',
    chg: Object.fromEntries(POLICY_AREAS.map((area, i) => [area, i % 3 === 0 ? 'yes' : 'no'])),
    prog: Object.fromEntries(POLICY_AREAS.map((area) => [area, 2])),
    comm_channels: ['email_targeted', 'newsletter', 'portal', 'collab_tool', 'webinars', 'social_media'],
    strat_status: 'adopted',
  };
}

const loc = (en: string, fr: string) => ({ default: en, fr });
/** A small bilingual questionnaire whose codebook is written out by hand below. */
const CODEBOOK_DEFINITION = {
  pages: [
    {
      name: 'p1',
      elements: [
        {
          type: 'radiogroup',
          name: 'role',
          title: loc('Your role?', 'Votre rôle ?'),
          choices: [
            { value: 'coord', text: loc('Coordinator', 'Coordinateur') },
            { value: 'staff', text: loc('Staff', 'Personnel') },
          ],
          showOtherItem: true,
          otherText: loc('Other', 'Autre'),
        },
        {
          type: 'matrix',
          name: 'chg',
          indicator: 'change',
          title: loc('Changed?', 'Changé ?'),
          columns: [
            { value: 'yes', text: loc('Yes', 'Oui'), score: 1 },
            { value: 'no', text: loc('No', 'Non'), score: 0 },
          ],
          rows: [{ value: 'education', text: loc('Education', 'Éducation'), policyArea: 'education' }],
        },
        {
          type: 'checkbox',
          name: 'svc',
          indicator: 'services',
          policyArea: 'education',
          title: loc('Services?', 'Services ?'),
          choices: [{ value: 'visit', text: loc('Visit', 'Visite') }],
          showNoneItem: true,
          noneText: loc('None', 'Aucun'),
        },
        {
          type: 'rating',
          name: 'useful',
          title: loc('Useful?', 'Utile ?'),
          rateMin: 1,
          rateMax: 3,
          minRateDescription: loc('Not at all', 'Pas du tout'),
          maxRateDescription: loc('Very', 'Très'),
        },
        { type: 'boolean', name: 'never', title: loc('Never?', 'Jamais ?'), labelTrue: loc('Yes', 'Oui'), labelFalse: loc('No', 'Non') },
        { type: 'text', name: 'size', inputType: 'number', title: loc('How many?', 'Combien ?') },
        { type: 'comment', name: '=cmd', title: loc('=1+1', '=1+1') },
      ],
    },
  ],
};

/** A questionnaire for the large export: cheap to build a survey-core Model of. */
const BULK_DEFINITION = {
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'radiogroup', name: 'colour', choices: ['red', 'green', 'blue'] },
        { type: 'checkbox', name: 'tools', choices: ['a', 'b', 'c'] },
        { type: 'comment', name: 'note' },
        { type: 'text', name: 'count', inputType: 'number' },
      ],
    },
  ],
};
/** More than one page of the store (500 responses) so paging is exercised. */
const BULK_CITIES = 620;
const bulkCode = (i: number) => `B${String(i).padStart(4, '0')}`;
function bulkAnswers(i: number): Json {
  return {
    colour: ['red', 'green', 'blue'][i % 3],
    tools: i % 4 === 0 ? [] : ['a', ...(i % 2 === 1 ? ['c'] : [])],
    note: i % 5 === 0 ? `=cmd|' /C calc'!A${i}` : `Note ${i}, "quoted"\nsecond line é`,
    ...(i % 7 === 0 ? {} : { count: i }),
  };
}

let evilCityId: number;
let codebookSurveyId: number;
let bulkSurveyId: number;

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
  // AAR: a draft with tricky answers; BIL: submitted; LYO: link only (nothing saved); EVL: a city whose name is a formula.
  await save(t.linkFor(t.surveyId, city('AAR').id), AARHUS_ANSWERS, 0);
  const bil = t.linkFor(t.surveyId, city('BIL').id);
  const submitted = await fetch(`${t.url}/api/respond/${bil}/submit`, jsonInit('POST', { data: completeAnswers(), revision: 0 }));
  if (submitted.status !== 200) throw new Error(await submitted.text());
  t.linkFor(t.surveyId, city('LYO').id);
  evilCityId = t.stores.cities.create({ code: 'EVL', name: '=1+1 Evilton', country: '@X' });
  await save(t.linkFor(t.surveyId, evilCityId), { team_size: 2 }, 0);

  const now = t.clock.now();
  codebookSurveyId = t.stores.surveys.create({ year: 2026, code: 'codebook-test', title: 'Codebook', definition: CODEBOOK_DEFINITION, now });
  const codebookVersion = t.stores.surveys.latestVersion({ surveyId: codebookSurveyId })!.id;
  t.stores.responses.merge({
    surveyId: codebookSurveyId,
    cityId: city('ZUR').id,
    versionId: codebookVersion,
    data: { role: 'other', 'role-Comment': '-Mayor', '=cmd': '=2+2', never: true, useful: 3 },
    revision: 0,
    author: null,
    now,
  });

  bulkSurveyId = t.stores.surveys.create({ year: 2024, code: 'bulk', title: 'Bulk', definition: BULK_DEFINITION, now });
  const bulkVersion = t.stores.surveys.latestVersion({ surveyId: bulkSurveyId })!.id;
  t.db.transaction(() => {
    for (let i = 0; i < BULK_CITIES; i++) {
      const cityId = t.stores.cities.create({ code: bulkCode(i), name: `Bulk ${i}`, country: 'XX', sizeBand: 'small' });
      t.stores.responses.merge({ surveyId: bulkSurveyId, cityId, versionId: bulkVersion, data: bulkAnswers(i), revision: 0, author: null, now });
    }
  })();
});
afterAll(async () => {
  await t.close();
});

const url = (path: string, surveyId: number | string = t.surveyId) => `${t.url}/api/surveys/${surveyId}/${path}`;
const get = (path: string, surveyId?: number | string, cookie = admin) => fetch(url(path, surveyId), { headers: { Cookie: cookie } });

function parseCsv(text: string): string[][] {
  const result = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n', header: false, skipEmptyLines: false });
  expect(result.errors).toEqual([]);
  const rows = result.data;
  expect(rows[rows.length - 1]).toEqual(['']); // the file ends with a line break
  const body = rows.slice(0, -1);
  for (const r of body) expect(r).toHaveLength(body[0]!.length);
  return body;
}

async function downloadCsv(path: string, surveyId?: number | string, cookie = admin): Promise<{ header: string[]; rows: string[][] }> {
  const res = await get(path, surveyId, cookie);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  const [header, ...rows] = parseCsv(await res.text());
  return { header: header!, rows };
}

const LONG_HEADER = ['city', 'city_name', 'country', 'networks', 'status', 'question', 'column', 'indicator', 'policy_area', 'value'];

test('the long export is an attachment of UTF-8 CSV, not cached, named after the year', async () => {
  const res = await get('responses-long.csv', undefined, analyst);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="icc-survey-2025-responses-long.csv"');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const [header] = parseCsv(await res.text());
  expect(header).toEqual(LONG_HEADER);
});

test('the long export has one row per answer value of a city, with the question code and its tags', async () => {
  const { rows } = await downloadCsv('responses-long.csv');
  const aarhus = rows.filter((r) => r[0] === 'AAR');
  for (const r of aarhus) expect(r.slice(0, 5)).toEqual(['AAR', 'Aarhus (test)', 'DK', 'ICC', 'draft']);
  const svc = (choice: string, v: string) => [`chg_svc_education.${choice}`, ['chg_svc_education', 'services', 'education', v]];
  expect(Object.fromEntries(aarhus.map((r) => [r[6], r.slice(5).filter((_, i) => i !== 1)]))).toEqual(
    Object.fromEntries([
      ['respondent_role', ['respondent_role', '', '', 'other']],
      ['respondent_role-Comment', ['respondent_role', '', '', `'=HYPERLINK("http://x")`]],
      ['chg.education', ['chg', 'change', 'education', 'yes']],
      ['chg.language', ['chg', 'change', 'language', 'dont_know']],
      ['chg_insp_education', ['chg_insp_education', 'attribution', 'education', '4']],
      svc('index_report', '0'),
      svc('expert_visit', '1'),
      svc('study_visit', '0'),
      svc('thematic_event', '0'),
      svc('policy_brief', '0'),
      svc('good_practice_db', '0'),
      svc('peer_exchange', '0'),
      svc('none', '0'),
      svc('other', '1'),
      ['chg_svc_education-Comment', ['chg_svc_education', 'services', 'education', 'A visit from Strasbourg']],
      ['index_never', ['index_never', '', '', 'false']],
      ['comm_channels.email_targeted', ['comm_channels', 'channel_ranking', '', '2']],
      ['comm_channels.portal', ['comm_channels', 'channel_ranking', '', '1']],
      ['team_size', ['team_size', 'team_size', '', '5']],
      ['pair_challenge', ['pair_challenge', '', '', `'@SUM(A1)`]],
      ['final_comment', ['final_comment', '', '', 'He said "hi", then left;\nNouvelle ligne: é ü 中文 🎉\r\nend']],
    ]),
  );
  expect(aarhus).toHaveLength(21);
  // A city that opened its link without saving has no rows; cities come in code order.
  expect([...new Set(rows.map((r) => r[0]))]).toEqual(['AAR', 'BIL', 'EVL']);
  const bilbao = rows.filter((r) => r[0] === 'BIL');
  expect(bilbao[0]!.slice(0, 5)).toEqual(['BIL', 'Bilbao (test)', 'ES', 'ICC;RECI', 'submitted']);
  expect(bilbao.find((r) => r[6] === 'prog.language')!.slice(5)).toEqual(['prog', 'prog.language', 'self_assessment', 'language', '2']);
});

test('city details that look like formulas are escaped in the long export', async () => {
  const { rows } = await downloadCsv('responses-long.csv');
  expect(rows.filter((r) => r[0] === 'EVL')).toEqual([['EVL', `'=1+1 Evilton`, `'@X`, '', 'draft', 'team_size', 'team_size', 'team_size', '', '2']]);
});

/** Every non-empty answer cell of responses.csv, keyed `city|column`. */
async function wideCells(surveyId: number): Promise<Map<string, string>> {
  const { header, rows } = await downloadCsv('responses.csv', surveyId);
  const cells = new Map<string, string>();
  for (const r of rows) header.forEach((h, i) => i >= 9 && r[i] !== '' && cells.set(`${r[0]}|${h}`, r[i]!));
  return cells;
}

test('the long export holds exactly the non-empty answer cells of the wide export, in its column order', async () => {
  for (const id of [t.surveyId, codebookSurveyId]) {
    const wide = await wideCells(id);
    const { header, rows } = await downloadCsv('responses-long.csv', id);
    expect(header).toEqual(LONG_HEADER);
    expect(new Map(rows.map((r) => [`${r[0]}|${r[6]}`, r[9]!]))).toEqual(wide);
    expect(rows.map((r) => `${r[0]}|${r[6]}`)).toEqual([...wide.keys()]);
  }
});

test('question codes that look like formulas are escaped in the long export', async () => {
  const { rows } = await downloadCsv('responses-long.csv', codebookSurveyId);
  expect(rows.map((r) => r.slice(5))).toEqual([
    ['role', 'role', '', '', 'other'],
    ['role', 'role-Comment', '', '', `'-Mayor`],
    ['useful', 'useful', '', '', '3'],
    ['never', 'never', '', '', 'true'],
    [`'=cmd`, `'=cmd`, '', '', `'=2+2`],
  ]);
});

test('the long export of hundreds of responses is complete and well formed', async () => {
  const res = await get('responses-long.csv', bulkSurveyId, analyst);
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="icc-survey-2024-responses-long.csv"');
  const [header, ...rows] = parseCsv(await res.text());
  expect(header).toEqual(LONG_HEADER);
  const expected: string[][] = [];
  for (let i = 0; i < BULK_CITIES; i++) {
    const a = bulkAnswers(i);
    const meta = [bulkCode(i), `Bulk ${i}`, 'XX', '', 'draft'];
    expected.push([...meta, 'colour', 'colour', '', '', a.colour]);
    for (const tool of ['a', 'b', 'c']) expected.push([...meta, 'tools', `tools.${tool}`, '', '', a.tools.includes(tool) ? '1' : '0']);
    expected.push([...meta, 'note', 'note', '', '', i % 5 === 0 ? `'${a.note}` : a.note]);
    if (i % 7 !== 0) expected.push([...meta, 'count', 'count', '', '', String(i)]);
  }
  expect(rows).toHaveLength(expected.length);
  expect(rows).toEqual(expected);
});

test('the long export waits for a slow reader: memory holds a batch, not the file', async () => {
  const version = t.stores.surveys.latestVersion({ surveyId: bulkSurveyId })!;
  let buffered = 0;
  let total = 0;
  let biggestChunk = 0;
  let chunks = 0;
  const highWaterMark = 16 * 1024;
  const slow = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      buffered = Math.max(buffered, slow.writableLength);
      total += chunk.length;
      biggestChunk = Math.max(biggestChunk, chunk.length);
      chunks += 1;
      setTimeout(callback, 1);
    },
  });
  await writeLongCsv({ out: slow, surveyId: bulkSurveyId, version, responses: t.stores.responses, cities: t.stores.cities, bom: false });
  await new Promise<void>((resolve) => slow.end(resolve));
  expect(total).toBeGreaterThan(150_000);
  expect(chunks).toBeGreaterThanOrEqual(4);
  // Had the writer not waited for 'drain', every chunk would have been queued before the first was consumed.
  // It never holds more than what was queued when the buffer filled, plus one more write.
  expect(buffered).toBeLessThanOrEqual(highWaterMark + biggestChunk);
  expect(buffered).toBeLessThan(total / 2);
});

test('a writer waiting for a reader that goes away stops waiting', async () => {
  const out = new PassThrough({ highWaterMark: 4 });
  const output = csvOutput(out);
  const pending = output.write('more than four bytes');
  out.destroy();
  await pending;
  expect(output.isClosed()).toBe(true);
  await output.write('ignored'); // resolves at once, writes nothing
});

test('the codebook describes every column of responses.csv, in the same order', async () => {
  const res = await get('codebook.csv', undefined, analyst);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="icc-survey-2025-codebook.csv"');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const [header, ...rows] = parseCsv(await res.text());
  expect(header).toEqual(['column', 'question', 'type', 'indicator', 'policy_area', 'question_en', 'question_fr', 'item_en', 'item_fr', 'cell', 'choices']);
  const wide = await downloadCsv('responses.csv');
  expect(rows.map((r) => r[0])).toEqual(wide.header);
  for (const r of rows.slice(9)) {
    expect(r[1], r[0]).not.toBe('');
    expect(r[5], r[0]).not.toBe('');
    expect(r[6], r[0]).not.toBe('');
  }
  const row = (column: string) => rows.find((r) => r[0] === column);
  expect(row('chg.education')!.slice(1, 5)).toEqual(['chg', 'matrix', 'change', 'education']);
  expect(row('chg.education')![7]).toBe('Education');
  expect(row('chg.education')![10]!.split('\n')).toEqual(['yes=Yes|Oui', 'no=No|Non', "dont_know=Don't know|Ne sait pas"]);
  expect(row('chg_svc_education.none')!.slice(7, 9)).toEqual(['None of these services', 'Aucun de ces services']);
});

const META_ROWS = [
  ['city', '', 'meta', '', '', 'City code', 'Code de la ville', '', '', 'text', ''],
  ['city_name', '', 'meta', '', '', 'City name', 'Nom de la ville', '', '', 'text', ''],
  ['country', '', 'meta', '', '', 'Country of the city', 'Pays de la ville', '', '', 'country code', ''],
  ['networks', '', 'meta', '', '', 'Networks the city belongs to', 'Réseaux dont la ville est membre', '', '', 'network codes separated by ";"', ''],
  [
    'status',
    '',
    'meta',
    '',
    '',
    'Status of the answers',
    'Statut des réponses',
    '',
    '',
    'one of the values listed in choices',
    'draft=Draft (saved, not submitted)|Brouillon (enregistré, non envoyé)\nsubmitted=Submitted|Envoyé',
  ],
  ['revision', '', 'meta', '', '', 'Number of saves that changed the answers', 'Nombre d’enregistrements ayant modifié les réponses', '', '', 'number', ''],
  ['version', '', 'meta', '', '', 'Questionnaire version answered (id)', 'Version du questionnaire (identifiant)', '', '', 'number', ''],
  ['updated_at', '', 'meta', '', '', 'Last change of the answers', 'Dernière modification des réponses', '', '', 'date and time, UTC (ISO 8601)', ''],
  [
    'submitted_at',
    '',
    'meta',
    '',
    '',
    'Submission of the answers',
    'Envoi des réponses',
    '',
    '',
    'date and time, UTC (ISO 8601); empty when not submitted',
    '',
  ],
];

test('the codebook gives texts in English and French, tags, what a cell holds and the labelled choices', async () => {
  const { rows } = await downloadCsv('codebook.csv', codebookSurveyId);
  const CHOICE = 'one of the values listed in choices';
  const CHECKED = '1 = chosen, 0 = not chosen; empty when the question was not answered';
  expect(rows).toEqual([
    ...META_ROWS,
    ['role', 'role', 'radiogroup', '', '', 'Your role?', 'Votre rôle ?', '', '', CHOICE, 'coord=Coordinator|Coordinateur\nstaff=Staff|Personnel\nother=Other|Autre'],
    ['role-Comment', 'role', 'radiogroup', '', '', 'Your role?', 'Votre rôle ?', 'Other', 'Autre', 'text written for "other" or as a comment', ''],
    ['chg.education', 'chg', 'matrix', 'change', 'education', 'Changed?', 'Changé ?', 'Education', 'Éducation', CHOICE, 'yes=Yes|Oui\nno=No|Non'],
    ['svc.visit', 'svc', 'checkbox', 'services', 'education', 'Services?', 'Services ?', 'Visit', 'Visite', CHECKED, ''],
    ['svc.none', 'svc', 'checkbox', 'services', 'education', 'Services?', 'Services ?', 'None', 'Aucun', CHECKED, ''],
    ['useful', 'useful', 'rating', '', '', 'Useful?', 'Utile ?', '', '', CHOICE, '1=1 (Not at all)|1 (Pas du tout)\n2=2|2\n3=3 (Very)|3 (Très)'],
    ['never', 'never', 'boolean', '', '', 'Never?', 'Jamais ?', '', '', CHOICE, 'true=Yes|Oui\nfalse=No|Non'],
    ['size', 'size', 'text', '', '', 'How many?', 'Combien ?', '', '', 'number', ''],
    [`'=cmd`, `'=cmd`, 'comment', '', '', `'=1+1`, `'=1+1`, '', '', 'text', ''],
  ]);
});

test('?bom=1 starts the long export and the codebook with a byte order mark, the rest unchanged', async () => {
  for (const path of ['responses-long.csv', 'codebook.csv', 'indicators/rec19_by_area.csv']) {
    const withBom = Buffer.from(await (await get(`${path}?bom=1`)).arrayBuffer());
    const without = Buffer.from(await (await get(path)).arrayBuffer());
    const bom0 = Buffer.from(await (await get(`${path}?bom=0`)).arrayBuffer());
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(without[0]).not.toBe(0xef);
    expect(withBom.subarray(3).equals(without)).toBe(true);
    expect(bom0.equals(without)).toBe(true);
  }
});

/** The analysis of the default survey computed directly with the analysis module, from what is stored. */
function expectedTables(filters: Filters, submittedOnly = false): Table[] {
  const definition = t.stores.surveys.latestVersion({ surveyId: t.surveyId })!.definition;
  const responses = ['AAR', 'BIL', 'EVL']
    .map((code) => t.stores.responses.get({ surveyId: t.surveyId, cityId: t.stores.cities.list().find((c) => c.code === code)!.id })!)
    .filter((r) => !submittedOnly || r.status === 'submitted')
    .map((r) => ({ city: t.stores.cities.list().find((c) => c.id === r.cityId)!.code, data: r.data }));
  const roster: RosterCity[] = t.stores.cities.list().map((c) => ({
    code: c.code,
    name: c.name,
    country: c.country,
    network: c.networks,
    ...(c.sizeBand ? { size: c.sizeBand } : {}),
  }));
  return indicatorTables(analyseSurvey({ definition, responses, roster, filters }), surveyCatalogue(definition));
}

/** A table's rows as the CSV shows them: null empty, numbers and booleans printed, text escaped. */
const asCsv = (rows: Cell[][]) => rows.map((row) => row.map((c) => (c === null ? '' : typeof c === 'string' ? String(escapeCell(c)) : String(c))));

test('the indicators list names every table with its description and number of rows', async () => {
  const res = await get('indicators?network=ICC', undefined, analyst);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const list = (await res.json()) as { file: string; description: string; rows: number }[];
  expect(list).toEqual(expectedTables({ network: 'ICC' }).map((x) => ({ file: x.file, description: x.description, rows: x.rows.length })));
  expect(list.map((x) => x.file)).toEqual(expect.arrayContaining(['rec19_by_area.csv', 'response_rates.csv', 'codebook_questions.csv', 'codebook_columns.csv']));
});

test('an indicator table downloads as CSV with the numbers of the analysis module, filters applied', async () => {
  const cases: [string, Filters, boolean][] = [
    ['', {}, false],
    ['?network=ICC', { network: 'ICC' }, false],
    ['?network=RECI&submittedOnly=1', { network: 'RECI' }, true],
    ['?country=DK', { country: 'DK' }, false],
    ['?size=small', { size: 'small' }, false],
  ];
  const seen = new Set<string>();
  for (const [query, filters, submittedOnly] of cases) {
    const expected = expectedTables(filters, submittedOnly);
    for (const file of ['rec19_by_area.csv', 'response_rates.csv', ...(filters.network === 'ICC' ? ['questions.csv'] : [])]) {
      const table = expected.find((x) => x.file === file)!;
      const { header, rows } = await downloadCsv(`indicators/${file}${query}`);
      expect(header).toEqual(table.columns.map((c) => c.name));
      expect(rows).toEqual(asCsv(table.rows));
      seen.add(JSON.stringify(rows));
    }
  }
  // The filters change the figures (otherwise this test would pass whatever the endpoint did with them).
  expect(seen.size).toBeGreaterThan(5);
  const overall = (await downloadCsv('indicators/response_rates.csv?network=RECI')).rows[0]!;
  expect(overall.slice(0, 4)).toEqual(['overall', 'all', '1', '1']);
});

test('the indicator table file name says the year, the table and the filters', async () => {
  const res = await get('indicators/rec19_by_area.csv?network=ICC&submittedOnly=1');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="icc-survey-2025-rec19_by_area-network-ICC-submitted.csv"');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const odd = await get(`indicators/texts.csv?country=${encodeURIComponent('"; x=y/../é')}`);
  expect(odd.status).toBe(200);
  expect(odd.headers.get('content-disposition')).toBe('attachment; filename="icc-survey-2025-texts-country-_x_y_.._.csv"');
});

test('text in indicator tables is escaped against formula injection', async () => {
  const { header, rows } = await downloadCsv('indicators/texts.csv');
  const byCity = rows.filter((r) => r[header.indexOf('city')] === 'AAR').map((r) => r[header.indexOf('text')]);
  expect(byCity).toEqual(expect.arrayContaining([`'@SUM(A1)`, `'=HYPERLINK("http://x")`]));
});

test('every export answers 401 without a session', async () => {
  for (const path of ['responses-long.csv', 'codebook.csv', 'indicators', 'indicators/rec19_by_area.csv']) {
    await expectError(await fetch(url(path)), 401, 'unauthorised');
  }
});

test('unknown surveys answer 404; bad ids and malformed queries 400; unknown tables 404', async () => {
  for (const path of ['responses-long.csv', 'codebook.csv', 'indicators', 'indicators/rec19_by_area.csv']) {
    await expectError(await get(path, 99999), 404, 'not_found');
    await expectError(await get(path, 'abc'), 400, 'invalid');
    await expectError(await get(path, 0), 400, 'invalid');
    await expectError(await get(`${path}?unknown=1`), 400, 'invalid');
  }
  for (const path of ['responses-long.csv', 'codebook.csv', 'indicators/rec19_by_area.csv']) {
    await expectError(await get(`${path}?bom=yes`), 400, 'invalid');
  }
  await expectError(await get('indicators?bom=1'), 400, 'invalid');
  await expectError(await get('indicators?network='), 400, 'invalid');
  await expectError(await get('indicators?network=ICC&network=RECI'), 400, 'invalid');
  await expectError(await get('indicators/rec19_by_area.csv?submittedOnly=yes'), 400, 'invalid');
  await expectError(await get(`indicators/rec19_by_area.csv?size=${'x'.repeat(81)}`), 400, 'invalid');
  await expectError(await get('indicators/nope.csv'), 404, 'not_found');
  await expectError(await get('indicators/REC19_BY_AREA.CSV'), 400, 'invalid');
  await expectError(await get('indicators/..%2Fsecrets.csv'), 400, 'invalid');
});

test('a survey without responses exports only the header in long format', async () => {
  const id = t.stores.surveys.create({ year: 2023, code: 'empty', title: 'Empty', definition: BULK_DEFINITION, now: t.clock.now() });
  const res = await get('responses-long.csv', id);
  expect(await res.text()).toBe(`${LONG_HEADER.join(',')}\r\n`);
});
