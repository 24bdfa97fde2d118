import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
});
afterAll(async () => {
  await t?.close();
});

const post = (what: 'preview' | 'import', body: unknown, cookie: string | null = admin) =>
  fetch(`${t.url}/api/roster/${what}`, jsonInit('POST', body, cookie ? { Cookie: cookie } : {}));
async function preview(csv: string): Promise<Record<string, any>> {
  const res = await post('preview', { csv });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}
const rosterTables = () =>
  Object.fromEntries(['cities', 'networks', 'city_networks', 'audit_log'].map((name) => [name, t.db.prepare(`SELECT * FROM ${name} ORDER BY rowid`).all()]));
async function refusedImport(csv: string) {
  const before = rosterTables();
  const body = await expectError(await post('import', { csv }), 400, 'invalid');
  expect(rosterTables()).toEqual(before);
  return body;
}

type Problem = { code: string; params: Record<string, unknown>; message: string };
type Row = { problems: Problem[] };
const messages = (problems: Problem[]) => problems.map((x) => x.message);

const GOOD = [
  'code,name,name_fr,country,size_band,networks,joined_year,last_index_year',
  'AAR,Aarhus (test),Aarhus,DK,medium,ICC,2008,2023',
  'BIL,Bilbao (test),,ES,,ICC;RECI,,',
  'LIS,Lisboa,Lisbonne,pt,large,ICC; PT-NET ,2011,',
  'PRT,Porto,,PT,Medium,PT-NET,2015,2022',
].join('\r\n');

test('a preview shows, per row, the city read and what importing would do: create, update or unchanged', async () => {
  const before = rosterTables();
  const p = await preview(GOOD);
  expect(rosterTables()).toEqual(before);
  expect(p.columns).toEqual(['code', 'name', 'name_fr', 'country', 'size_band', 'networks', 'joined_year', 'last_index_year']);
  expect(p.fileProblems).toEqual([]);
  expect(p.rows.every((r: { contact?: unknown }) => !('contact' in r))).toBe(true);
  expect(p.rows).toEqual([
    {
      line: 2,
      city: { code: 'AAR', name: 'Aarhus (test)', nameFr: 'Aarhus', country: 'DK', sizeBand: 'medium', networks: ['ICC'], joinedYear: 2008, lastIndexYear: 2023 },
      problems: [],
      action: 'update',
      changes: { nameFr: { from: null, to: 'Aarhus' }, sizeBand: { from: null, to: 'medium' }, joinedYear: { from: null, to: 2008 }, lastIndexYear: { from: null, to: 2023 } },
    },
    {
      line: 3,
      city: { code: 'BIL', name: 'Bilbao (test)', nameFr: null, country: 'ES', sizeBand: null, networks: ['ICC', 'RECI'], joinedYear: null, lastIndexYear: null },
      problems: [],
      action: 'unchanged',
      changes: {},
    },
    {
      line: 4,
      city: { code: 'LIS', name: 'Lisboa', nameFr: 'Lisbonne', country: 'PT', sizeBand: 'large', networks: ['ICC', 'PT-NET'], joinedYear: 2011, lastIndexYear: null },
      problems: [],
      action: 'create',
      changes: {},
    },
    {
      line: 5,
      city: { code: 'PRT', name: 'Porto', nameFr: null, country: 'PT', sizeBand: 'medium', networks: ['PT-NET'], joinedYear: 2015, lastIndexYear: 2022 },
      problems: [],
      action: 'create',
      changes: {},
    },
  ]);
  // A network named only by Portuguese cities is created as Portugal's national network.
  expect(p.networksToCreate).toEqual([{ code: 'PT-NET', kind: 'national', country: 'PT' }]);
  expect(p.summary).toEqual({ rows: 4, create: 2, update: 1, unchanged: 1, withProblems: 0, contacts: { create: 0, update: 0, unchanged: 0 } });
  expect(p.canImport).toBe(true);
});

test('importing applies the preview in one go; importing the same file again changes nothing', async () => {
  const res = await post('import', { csv: GOOD });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ created: 2, updated: 1, unchanged: 1, networksCreated: ['PT-NET'], contacts: { created: 0, updated: 0, unchanged: 0 } });
  const cities = (await (await fetch(`${t.url}/api/cities`, { headers: { Cookie: admin } })).json()) as Record<string, any>[];
  const byCode = Object.fromEntries(cities.map((c) => [c.code, c]));
  expect(byCode.LIS).toMatchObject({ name: 'Lisboa', nameFr: 'Lisbonne', country: 'PT', sizeBand: 'large', networks: ['ICC', 'PT-NET'], joinedYear: 2011, lastIndexYear: null, isSynthetic: false });
  expect(byCode.AAR).toMatchObject({ nameFr: 'Aarhus', sizeBand: 'medium', joinedYear: 2008, lastIndexYear: 2023, networks: ['ICC'] });
  // Zürich is not in the file: it is left alone (an import adds and updates; it never removes a city).
  expect(byCode.ZUR).toMatchObject({ name: 'Zürich (test)' });
  const audit = t.db.prepare("SELECT actor, action, detail FROM audit_log WHERE action = 'roster.import'").all() as { actor: string; detail: string }[];
  expect(audit).toHaveLength(1);
  expect(audit[0]!.actor).toBe(ADMIN_EMAIL);
  expect(JSON.parse(audit[0]!.detail)).toMatchObject({ created: 2, updated: 1 });

  const before = rosterTables();
  const again = await post('import', { csv: GOOD });
  expect(await again.json()).toEqual({ created: 0, updated: 0, unchanged: 4, networksCreated: [], contacts: { created: 0, updated: 0, unchanged: 0 } });
  expect(rosterTables()).toEqual(before);
  expect((await preview(GOOD)).rows.map((r: { action: string }) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
});

test('a changed network list and a column left out: the city is updated, the absent column left as it was', async () => {
  const p = await preview('code,name,country,networks\nPRT,Porto,PT,ICC;PT-NET');
  expect(p.rows[0]).toMatchObject({ action: 'update', changes: { networks: { from: ['PT-NET'], to: ['ICC', 'PT-NET'] } } });
  expect((await post('import', { csv: 'code,name,country,networks\nPRT,Porto,PT,ICC;PT-NET' })).status).toBe(200);
  expect(t.stores.cities.getByCode({ code: 'PRT' })).toMatchObject({ networks: ['ICC', 'PT-NET'], sizeBand: 'medium', joinedYear: 2015 });
});

test('wrong columns: an unknown column, a missing required one, a repeated one are problems of the file', async () => {
  const csv = 'code,city,country,Country,colour\nAAR,Aarhus,DK,DK,blue';
  const p = await preview(csv);
  const known = 'code, name, name_fr, country, size_band, networks, joined_year, last_index_year, population, contact_name, contact_email, contact_role, contact_language, contact_consent';
  expect(messages(p.fileProblems)).toEqual([
    `unknown column "city" (known columns: ${known})`,
    'column "country" appears twice',
    `unknown column "colour" (known columns: ${known})`,
    'missing column "name"',
  ]);
  // Each problem also comes as a code and its parameters, for the page to say it in French.
  expect(p.fileProblems.map((x: { code: string; params: unknown }) => [x.code, x.params])).toEqual([
    ['column_unknown', { column: 'city', known }],
    ['column_twice', { column: 'country' }],
    ['column_unknown', { column: 'colour', known }],
    ['column_missing', { column: 'name' }],
  ]);
  expect(p.canImport).toBe(false);
  const body = await refusedImport(csv);
  expect(body.error.message).toMatch(/nothing was imported/);
  expect(body.error.problems).toContain('missing column "name"');
});

test('duplicate codes in the file are flagged on every line that repeats them', async () => {
  const csv = 'code,name,country\nDUP,One,FR\nOK1,Fine,FR\nDUP,Two,FR\ndup,Three,FR';
  const p = await preview(csv);
  const problems = p.rows.map((r: Row) => messages(r.problems));
  expect(problems[0]).toEqual(['code: "DUP" appears on several lines (2, 4, 5)']);
  expect(problems[1]).toEqual([]);
  expect(problems[2]).toEqual(['code: "DUP" appears on several lines (2, 4, 5)']);
  expect(p.rows.map((r: { action: string | null }) => r.action)).toEqual([null, 'create', null, null]);
  expect(p.summary).toMatchObject({ rows: 4, create: 1, withProblems: 3 });
  await refusedImport(csv);
});

test('bad values: missing name, bad country, unknown size band, numbers that are not numbers, wrong cell count', async () => {
  const csv = [
    'code,name,country,size_band,joined_year,last_index_year,population,networks',
    'X1,,DK,small,2010,2023,50000,ICC',
    'X2,Two,Denmark,small,2010,2023,50000,ICC',
    'X3,Three,DK,huge,2010,2023,50000,ICC',
    'X4,Four,DK,small,twenty,1875,12k,ICC',
    'X5,Five,DK,small,2010,2023,50000,ICC;bad code',
    'X6,Six,DK',
    'x 7,Seven,DK,small,2010,2023,50000,ICC',
  ].join('\n');
  const p = await preview(csv);
  expect(p.rows.map((r: Row) => messages(r.problems))).toEqual([
    ['name: missing'],
    ['country: "Denmark" is not a two-letter country code (ISO 3166, e.g. FR)'],
    ['size_band: unknown size band "huge" (expected small, medium, large, very_large)'],
    ['joined_year: "twenty" is not a year', 'last_index_year: 1875 is not a year between 1990 and 2026', 'population: "12k" is not a whole number'],
    ['networks: "bad code" is not a network code (separate several with ;)'],
    ['has 3 cells where the header has 8'],
    ['code: "x 7" is not a code (letters, digits, - and _, at most 40)'],
  ]);
  await refusedImport(csv);
});

test('wrong encoding: replacement characters and UTF-8 read as Windows-1252 are caught', async () => {
  const latin1AsUtf8 = 'code,name,country\nZUR,Z\uFFFDrich,CH\nMAL,Malm\u00f6,SE';
  let p = await preview(latin1AsUtf8);
  expect(messages(p.rows[0].problems)).toEqual(['name: contains U+FFFD replacement characters: the file was not read as UTF-8 (save it as "CSV UTF-8")']);
  expect(p.rows[1].problems).toEqual([]);
  const utf8AsCp1252 = Buffer.from('code,name,name_fr,country\nZUR,Zürich,Zurich,CH\nLYO,Lyon,Lyon l’intérieure,FR\nSAO,São Paulo,,BR', 'utf8').toString('latin1');
  p = await preview(utf8AsCp1252.replace(/\u0080/g, '\u20AC').replace(/\u0099/g, '\u2122'));
  expect(p.rows.map((r: Row) => r.problems.length)).toEqual([1, 1, 1]);
  expect(p.rows[0].problems[0]).toMatchObject({ code: 'encoding_mojibake', params: { column: 'name', text: 'ZÃ¼rich' } });
  expect(p.rows[0].problems[0].message).toMatch(/^name: looks wrongly decoded \("ZÃ¼rich"\): the UTF-8 file was read as Windows-1252 or Latin-1$/);
  await refusedImport(latin1AsUtf8);
  // Correctly decoded accents, including Portuguese and Polish names, are fine.
  p = await preview('code,name,country\nSAO,São Paulo,BR\nLOD,Łódź,PL\nZUR,Zürich (test),CH');
  expect(p.rows.map((r: Row) => r.problems)).toEqual([[], [], []]);
});

test('a semicolon-separated file (Excel in French) with a byte order mark and quoted networks is read', async () => {
  const p = await preview('\uFEFFcode;name;country;networks\r\nBIL;Bilbao (test);ES;"ICC;RECI"\r\n\r\n');
  expect(p.fileProblems).toEqual([]);
  expect(p.rows).toMatchObject([{ line: 2, city: { code: 'BIL', networks: ['ICC', 'RECI'] }, problems: [], action: 'unchanged' }]);
});

test('an empty file or a header alone is a problem; an unclosed quote is reported', async () => {
  expect(messages((await preview('')).fileProblems)).toEqual(['the file is empty: expected a header line (code,name,country,...) and one line per city']);
  expect(messages((await preview('code,name,country\n')).fileProblems)).toEqual(['the file has a header but no cities']);
  const p = await preview('code,name,country\nAAR,"Aarhus,DK');
  expect(p.canImport).toBe(false);
  expect(messages(p.fileProblems).join(' ')).toMatch(/quote/i);
});

test('only admins import; the body is checked', async () => {
  await expectError(await post('preview', { csv: GOOD }, t.sessionCookie(ANALYST_EMAIL)), 403, 'forbidden');
  await expectError(await post('import', { csv: GOOD }, null), 401, 'unauthorised');
  await expectError(await post('preview', {}), 400, 'invalid');
  await expectError(await post('preview', { csv: GOOD, dryRun: true }), 400, 'invalid');
  await expectError(await post('preview', { csv: 'x'.repeat(400_001) }), 400, 'invalid');
  await expectError(await post('preview', { csv: 'x'.repeat(600_000) }), 413, 'too_large');
});

// ---------------------------------------------------------------------------------------------------------------
// Team members in the roster file: one line per member, the city's columns repeated.

const TEAM = [
  'code,name,country,contact_name,contact_email,contact_role,contact_language,contact_consent',
  'LYO,Lyon (test),FR,Claire Martin,claire.martin@lyon.example.org,staff,fr,yes',
  'LYO,Lyon (test),FR,Paul Durand,paul.durand@lyon.example.org,élu,FR,non',
  'ZUR,Zürich (test),CH,,,,,',
].join('\n');

test('team columns: each line adds a member of its city; a city on several lines is one city; re-importing changes nothing', async () => {
  const p = await preview(TEAM);
  expect(p.fileProblems).toEqual([]);
  expect(p.rows.map((r: { line: number; action: string; contact?: unknown }) => [r.line, r.action, r.contact ?? null])).toEqual([
    [2, 'unchanged', { name: 'Claire Martin', email: 'claire.martin@lyon.example.org', role: 'staff', lang: 'fr', consent: true, action: 'create', changes: {} }],
    [3, 'unchanged', { name: 'Paul Durand', email: 'paul.durand@lyon.example.org', role: 'elected', lang: 'fr', consent: false, action: 'create', changes: {} }],
    [4, 'unchanged', null],
  ]);
  // Lyon counts once although it takes two lines.
  expect(p.summary).toEqual({ rows: 3, create: 0, update: 0, unchanged: 2, withProblems: 0, contacts: { create: 2, update: 0, unchanged: 0 } });

  const res = await post('import', { csv: TEAM });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ created: 0, updated: 0, contacts: { created: 2, updated: 0, unchanged: 0 } });
  const lyon = t.stores.cities.getByCode({ code: 'LYO' })!;
  expect(t.stores.people.listByCity({ cityId: lyon.id })).toMatchObject([
    { name: 'Claire Martin', role: 'staff', lang: 'fr', consent: true, consentAt: t.clock.now().toISOString() },
    { name: 'Paul Durand', role: 'elected', lang: 'fr', consent: false, consentAt: null },
  ]);
  // The audit entry names the people by id, not by address.
  const entry = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'roster.import' ORDER BY id DESC LIMIT 1").pluck().get() as string;
  expect(entry).not.toContain('@');
  expect(JSON.parse(entry).people).toHaveLength(2);

  const before = rosterTables();
  const people = t.db.prepare('SELECT * FROM people ORDER BY id').all();
  expect(await (await post('import', { csv: TEAM })).json()).toMatchObject({ contacts: { created: 0, updated: 0, unchanged: 2 } });
  expect(rosterTables()).toEqual(before);
  expect(t.db.prepare('SELECT * FROM people ORDER BY id').all()).toEqual(people);
});

test('team columns: a member is matched on the address within the city (any case) and updated; consent keeps its first date', async () => {
  const lyon = t.stores.cities.getByCode({ code: 'LYO' })!;
  const firstConsent = t.stores.people.findByEmail({ cityId: lyon.id, email: 'claire.martin@lyon.example.org' })!.consentAt;
  t.clock.set(new Date('2025-12-20T10:00:00Z'));
  admin = t.sessionCookie(ADMIN_EMAIL); // the earlier session has expired by then
  const csv = [
    'code,name,country,contact_name,contact_email,contact_role,contact_language,contact_consent',
    'LYO,Lyon (test),FR,Claire Martin-Roux,CLAIRE.MARTIN@lyon.example.org,staff,fr,oui',
    'LYO,Lyon (test),FR,Paul Durand,paul.durand@lyon.example.org,elected,en,yes',
  ].join('\n');
  const p = await preview(csv);
  expect(p.rows.map((r: { contact: { action: string; changes: unknown } }) => [r.contact.action, r.contact.changes])).toEqual([
    ['update', { name: { from: 'Claire Martin', to: 'Claire Martin-Roux' } }],
    ['update', { lang: { from: 'fr', to: 'en' }, consent: { from: false, to: true } }],
  ]);
  expect((await post('import', { csv })).status).toBe(200);
  const team = t.stores.people.listByCity({ cityId: lyon.id });
  expect(team).toHaveLength(2);
  expect(team.find((x) => x.name === 'Claire Martin-Roux')).toMatchObject({ email: 'claire.martin@lyon.example.org', consentAt: firstConsent });
  expect(team.find((x) => x.name === 'Paul Durand')).toMatchObject({ lang: 'en', consent: true, consentAt: '2025-12-20T10:00:00.000Z' });
});

test('team columns: a bad address, an unknown role, a missing consent, a repeated member and disagreeing city lines are row problems', async () => {
  const csv = [
    'code,name,country,contact_name,contact_email,contact_role,contact_language,contact_consent',
    'AAR,Aarhus (test),DK,Ana,ana@,staff,en,yes',
    'BIL,Bilbao (test),ES,Iker,iker@bilbao.example.org,mayor,es,',
    'LIS,Lisboa,PT,Rui,rui@lisboa.example.org,staff,en,yes',
    'LIS,Lisbon,PT,Rui Again,RUI@lisboa.example.org,other,en,maybe',
  ].join('\n');
  const p = await preview(csv);
  expect(p.rows.map((r: Row) => r.problems.map((x) => [x.code, x.params]))).toEqual([
    [['bad_email', { column: 'contact_email', value: 'ana@' }]],
    [
      ['unknown_role', { column: 'contact_role', value: 'mayor', expected: 'staff, elected, other' }],
      ['unknown_language', { column: 'contact_language', value: 'es' }],
      ['missing_consent', { column: 'contact_consent' }],
    ],
    [
      ['city_lines_differ', { value: 'LIS', lines: '4, 5', fields: 'name' }],
      ['duplicate_contact', { column: 'contact_email', value: 'rui@lisboa.example.org', lines: '4, 5' }],
    ],
    [
      ['bad_consent', { column: 'contact_consent', value: 'maybe' }],
      ['city_lines_differ', { value: 'LIS', lines: '4, 5', fields: 'name' }],
      ['duplicate_contact', { column: 'contact_email', value: 'RUI@lisboa.example.org', lines: '4, 5' }],
    ],
  ]);
  expect(messages(p.rows[1].problems)).toEqual([
    'contact_role: unknown role "mayor" (expected staff, elected, other)',
    'contact_language: unknown language "es" (expected en or fr)',
    'contact_consent: missing: say yes or no (no consent, no email)',
  ]);
  expect(p.summary.withProblems).toBe(4);
  const people = t.db.prepare('SELECT * FROM people ORDER BY id').all();
  await refusedImport(csv);
  expect(t.db.prepare('SELECT * FROM people ORDER BY id').all()).toEqual(people);
  // Contact columns without the address or consent column are a problem of the file.
  expect((await preview('code,name,country,contact_name\nAAR,Aarhus (test),DK,Ana')).fileProblems.map((x: Problem) => x.message)).toEqual([
    'missing column "contact_email"',
    'missing column "contact_consent"',
  ]);
});

// ---------------------------------------------------------------------------------------------------------------
// Networks: listed by readers; created, renamed, deleted and memberships changed by admins, each audited.

const networksUrl = () => `${t.url}/api/cities/networks`;
const send = (method: string, url: string, body?: unknown, cookie: string | null = admin) => fetch(url, jsonInit(method, body, cookie ? { Cookie: cookie } : {}));
const audits = (action: string) => t.db.prepare('SELECT count(*) FROM audit_log WHERE action = ?').pluck().get(action) as number;

test('networks: an admin creates one with English and French names, renames it, and deletes it once no city belongs to it', async () => {
  const created = await send('POST', networksUrl(), { code: 'NL-NET', name: 'Dutch intercultural cities', nameFr: 'Villes interculturelles néerlandaises', kind: 'national', country: 'nl' });
  expect(created.status).toBe(201);
  const network = (await created.json()) as Record<string, any>;
  expect(network).toEqual({ id: expect.any(Number), code: 'NL-NET', name: 'Dutch intercultural cities', nameFr: 'Villes interculturelles néerlandaises', kind: 'national', country: 'NL', members: 0 });
  expect(audits('network.create')).toBe(1);
  await expectError(await send('POST', networksUrl(), { code: 'nl-net', name: 'Again', kind: 'international' }), 409, 'conflict');
  await expectError(await send('POST', networksUrl(), { code: 'X', name: 'National without a country', kind: 'national' }), 400, 'invalid');
  await expectError(await send('POST', networksUrl(), { code: 'bad code', name: 'x', kind: 'international' }), 400, 'invalid');

  const renamed = await send('PATCH', `${networksUrl()}/${network.id}`, { name: 'Netherlands ICC', nameFr: 'ICC Pays-Bas' });
  expect(await renamed.json()).toMatchObject({ code: 'NL-NET', name: 'Netherlands ICC', nameFr: 'ICC Pays-Bas' });
  expect(audits('network.update')).toBe(1);
  await expectError(await send('PATCH', `${networksUrl()}/${network.id}`, {}), 400, 'invalid');
  await expectError(await send('PATCH', `${networksUrl()}/99999`, { name: 'x' }), 404, 'not_found');

  // A member city: deleting is refused (409) and changes nothing; after the city leaves, it is deleted.
  const zur = t.stores.cities.getByCode({ code: 'ZUR' })!;
  const joined = await send('PUT', `${t.url}/api/cities/${zur.id}/networks`, { networks: ['NL-NET', 'ICC'] });
  expect(joined.status).toBe(200);
  expect(await joined.json()).toMatchObject({ code: 'ZUR', networks: ['ICC', 'NL-NET'] });
  expect(audits('city.networks')).toBe(1);
  const refused = await expectError(await send('DELETE', `${networksUrl()}/${network.id}`), 409, 'conflict');
  expect(refused.error.members).toBe(1);
  expect(t.stores.cities.getNetwork({ id: network.id })).toBeDefined();
  expect(audits('network.delete')).toBe(0);
  await send('PUT', `${t.url}/api/cities/${zur.id}/networks`, { networks: ['ICC'] });
  expect((await send('DELETE', `${networksUrl()}/${network.id}`)).status).toBe(204);
  expect(t.stores.cities.getNetwork({ id: network.id })).toBeUndefined();
  expect(audits('network.delete')).toBe(1);
  expect(t.stores.cities.getByCode({ code: 'ZUR' })!.networks).toEqual(['ICC']);
});

test('networks: memberships name existing networks only; analysts read but change nothing; anonymous callers get 401', async () => {
  const zur = t.stores.cities.getByCode({ code: 'ZUR' })!;
  await expectError(await send('PUT', `${t.url}/api/cities/${zur.id}/networks`, { networks: ['NOPE'] }), 400, 'invalid');
  await expectError(await send('PUT', `${t.url}/api/cities/99999/networks`, { networks: [] }), 404, 'not_found');
  await expectError(await send('PUT', `${t.url}/api/cities/${zur.id}/networks`, { networks: 'ICC' }), 400, 'invalid');
  const analyst = t.sessionCookie(ANALYST_EMAIL);
  const list = await send('GET', networksUrl(), undefined, analyst);
  expect(list.status).toBe(200);
  expect(((await list.json()) as { code: string; members: number }[]).find((n) => n.code === 'ICC')).toMatchObject({ members: expect.any(Number) });
  await expectError(await send('POST', networksUrl(), { code: 'AN', name: 'x', kind: 'international' }, analyst), 403, 'forbidden');
  await expectError(await send('PUT', `${t.url}/api/cities/${zur.id}/networks`, { networks: [] }, analyst), 403, 'forbidden');
  await expectError(await send('DELETE', `${networksUrl()}/1`, undefined, null), 401, 'unauthorised');
  expect(t.stores.cities.getByCode({ code: 'ZUR' })!.networks).toEqual(['ICC']);
});
