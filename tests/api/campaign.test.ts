import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { wilsonInterval } from '../../analysis/wilson-interval';
import { ADMIN_EMAIL, ANALYST_EMAIL, START_TIME, expectError, jsonInit, startTestApp, tokenOfUrl, type TestApp } from '../helpers/test-app';

let t: TestApp;
let code: string;
let previousId: number;
const links: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  code = t.stores.surveys.get({ id: t.surveyId })!.code;
});
afterAll(async () => {
  await t?.close();
});

const city = (c: string) => t.cities.find((x) => x.code === c)!;
const at = (iso: string) => new Date(iso);
const admin = () => t.sessionCookie(ADMIN_EMAIL);
const analyst = () => t.sessionCookie(ANALYST_EMAIL);

/** A save of the city's answers at a given time, straight through the store. */
function saveAt(surveyId: number, c: string, when: string, progress = 0.5) {
  t.clock.set(at(when));
  const versionId = t.stores.surveys.publishedVersionId({ surveyId })!;
  const current = t.stores.responses.get({ surveyId, cityId: city(c).id });
  t.stores.responses.merge({ surveyId, cityId: city(c).id, versionId, data: { team_size: 3 }, revision: current?.revision ?? 0, author: null, progress, now: at(when) });
}
function submitAt(surveyId: number, c: string, when: string) {
  const r = t.stores.responses.get({ surveyId, cityId: city(c).id })!;
  t.stores.responses.setStatus({ id: r.id, status: 'submitted', now: at(when) });
}

test('the campaign: stage, opening, progress and emails per city; rates overall, per network and per country; responses per day against last year', async () => {
  // Last year's campaign of the same questionnaire: opened 1 December 2024; Aarhus and Lyon started on day 1,
  // Aarhus submitted on day 4.
  const definition = t.stores.surveys.latestVersion({ surveyId: t.surveyId })!.definition;
  previousId = t.stores.surveys.create({ year: 2024, code, title: 'ICC annual survey 2024', definition, opensAt: '2024-12-01', closesAt: '2025-01-31', now: at('2024-11-20T09:00:00Z') });
  t.stores.surveys.setStatus({ id: previousId, status: 'open', now: at('2024-12-01T08:00:00Z') });
  for (const c of ['AAR', 'LYO']) t.stores.links.getOrCreate({ surveyId: previousId, cityId: city(c).id, now: at('2024-12-01T08:00:00Z') });
  saveAt(previousId, 'AAR', '2024-12-02T10:00:00Z');
  saveAt(previousId, 'LYO', '2024-12-02T15:00:00Z');
  submitAt(previousId, 'AAR', '2024-12-05T11:00:00Z');
  t.stores.surveys.setStatus({ id: previousId, status: 'closed', now: at('2025-02-01T08:00:00Z') });

  // This year (opened at START_TIME, 10 December 2025): Aarhus, Bilbao and Lyon invited; Zürich not.
  t.clock.set(START_TIME);
  const addPerson = async (c: string, body: Record<string, unknown>) =>
    expect((await fetch(`${t.url}/api/cities/${city(c).id}/people`, jsonInit('POST', body, { Cookie: admin() }))).status).toBe(201);
  await addPerson('AAR', { name: 'Ana', role: 'staff', email: 'ana@aarhus.example.org', consent: true });
  await addPerson('BIL', { name: 'Iker', role: 'staff', email: 'iker@bilbao.example.org', consent: true });
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/invitations`, jsonInit('POST', { cityIds: ['AAR', 'BIL', 'LYO'].map((c) => city(c).id) }, { Cookie: admin() }));
  for (const l of (await res.json()) as { cityId: number; url: string }[]) links[t.cities.find((c) => c.id === l.cityId)!.code] = l.url;
  await t.mail.whenIdle();

  // Aarhus opens its link at once and saves half the next day; Bilbao opens, saves and submits later.
  expect((await fetch(`${t.url}/api/respond/${tokenOfUrl(links.AAR!)}`)).status).toBe(200);
  saveAt(t.surveyId, 'AAR', '2025-12-11T10:00:00Z', 0.5);
  t.clock.set(at('2025-12-12T08:30:00Z'));
  expect((await fetch(`${t.url}/api/respond/${tokenOfUrl(links.BIL!)}`)).status).toBe(200);
  saveAt(t.surveyId, 'BIL', '2025-12-12T09:00:00Z', 0.9);
  submitAt(t.surveyId, 'BIL', '2025-12-13T16:00:00Z');

  t.clock.set(at('2025-12-14T12:00:00Z'));
  const got = await fetch(`${t.url}/api/surveys/${t.surveyId}/campaign`, { headers: { Cookie: admin() } });
  expect(got.status).toBe(200);
  expect(got.headers.get('cache-control')).toBe('no-store');
  const body = (await got.json()) as Record<string, any>;

  expect(body.survey).toMatchObject({ id: t.surveyId, year: 2025, status: 'open', closesAt: '2026-01-31' });
  expect(body.totals).toEqual({ cities: 4, invited: 3, opened: 2, emails: { sent: 2, failed: 0, pending: 0, cancelled: 0 } });
  const byCode = Object.fromEntries((body.cities as Record<string, any>[]).map((c) => [c.code, c]));
  expect(byCode.AAR).toMatchObject({
    stage: 'draft',
    invited: true,
    invitedAt: START_TIME.toISOString(),
    hasActiveLink: true,
    opened: true,
    firstOpenedAt: START_TIME.toISOString(),
    responseStatus: 'draft',
    progress: 0.5,
    submittedAt: null,
    lastActivityAt: '2025-12-11T10:00:00.000Z',
    emails: { sent: 1, failed: 0, pending: 0, cancelled: 0, lastError: null },
  });
  expect(byCode.BIL).toMatchObject({ stage: 'submitted', opened: true, firstOpenedAt: '2025-12-12T08:30:00.000Z', progress: 1, submittedAt: '2025-12-13T16:00:00.000Z', lastActivityAt: '2025-12-13T16:00:00.000Z' });
  expect(byCode.LYO).toMatchObject({ stage: 'invited', invited: true, opened: false, firstOpenedAt: null, responseStatus: 'not_started', progress: 0, lastActivityAt: null, emails: { sent: 0 } });
  expect(byCode.ZUR).toMatchObject({ stage: 'not_invited', invited: false, invitedAt: null, opened: false });

  const rate = (N: number, started: number, n: number) => ({ N, started, n, rate: N > 0 ? n / N : null, ci95: wilsonInterval(n, N) });
  expect(body.responseRate).toEqual(rate(3, 2, 1));
  expect(body.byNetwork).toEqual([
    { network: 'ICC', name: 'Intercultural Cities', members: 3, ...rate(3, 2, 1) },
    { network: 'RECI', name: 'Red de Ciudades Interculturales', members: 1, ...rate(1, 1, 1) },
  ]);
  // One city per country: every country cell is under 5 invited cities, so its figures are hidden (N stays);
  // a country with nobody invited has no rate to hide.
  const hidden = (N: number) => ({ N, started: null, n: null, rate: null, ci95: null, suppressed: true });
  expect(body.byCountry).toEqual([
    { country: 'CH', members: 1, ...rate(0, 0, 0), suppressed: false },
    { country: 'DK', members: 1, ...hidden(1) },
    { country: 'ES', members: 1, ...hidden(1) },
    { country: 'FR', members: 1, ...hidden(1) },
  ]);
  expect(body.bySizeBand).toEqual([{ sizeBand: 'unknown', members: 4, ...hidden(3) }]);

  const current = body.responsesPerDay.current;
  expect(current).toMatchObject({ surveyId: t.surveyId, year: 2025, openedAt: START_TIME.toISOString(), invited: 3 });
  expect(current.days).toEqual([
    { day: 0, date: '2025-12-10', firstSaves: 0, submissions: 0, started: 0, submitted: 0 },
    { day: 1, date: '2025-12-11', firstSaves: 1, submissions: 0, started: 1, submitted: 0 },
    { day: 2, date: '2025-12-12', firstSaves: 1, submissions: 0, started: 2, submitted: 0 },
    { day: 3, date: '2025-12-13', firstSaves: 0, submissions: 1, started: 2, submitted: 1 },
    { day: 4, date: '2025-12-14', firstSaves: 0, submissions: 0, started: 2, submitted: 1 },
  ]);
  const previous = body.responsesPerDay.previous;
  expect(previous).toMatchObject({ surveyId: previousId, year: 2024, openedAt: '2024-12-01T08:00:00.000Z', invited: 2 });
  // Aligned by days since opening, up to last year's deadline (31 January 2025 = day 61).
  expect(previous.days).toHaveLength(62);
  expect(previous.days[1]).toEqual({ day: 1, date: '2024-12-02', firstSaves: 2, submissions: 0, started: 2, submitted: 0 });
  expect(previous.days[4]).toEqual({ day: 4, date: '2024-12-05', firstSaves: 0, submissions: 1, started: 2, submitted: 1 });
  expect(previous.days[61]).toMatchObject({ date: '2025-01-31', started: 2, submitted: 1 });
});

test('analysts read the campaign without SMTP errors (they may name addresses); without a session 401; unknown survey 404', async () => {
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/campaign`, { headers: { Cookie: analyst() } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { cities: { code: string; emails: Record<string, unknown> }[] };
  expect(body.cities.find((c) => c.code === 'AAR')!.emails).toEqual({ sent: 1, failed: 0, pending: 0, cancelled: 0 });
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/campaign`), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/surveys/99999/campaign`, { headers: { Cookie: admin() } }), 404, 'not_found');
  await expectError(await fetch(`${t.url}/api/surveys/abc/campaign`, { headers: { Cookie: admin() } }), 400, 'invalid');
});

test('opening a link again within a minute is not written again; later it updates the last opening only', async () => {
  const token = tokenOfUrl(links.LYO!);
  const opened = () => t.db.prepare('SELECT first_opened_at, last_opened_at FROM links WHERE survey_id = ? AND city_id = ?').get(t.surveyId, city('LYO').id);
  t.clock.set(at('2025-12-15T10:00:00Z'));
  await fetch(`${t.url}/api/respond/${token}`);
  t.clock.set(at('2025-12-15T10:00:30Z'));
  await fetch(`${t.url}/api/respond/${token}`);
  expect(opened()).toEqual({ first_opened_at: '2025-12-15T10:00:00.000Z', last_opened_at: '2025-12-15T10:00:00.000Z' });
  t.clock.set(at('2025-12-15T11:00:00Z'));
  await fetch(`${t.url}/api/respond/${token}`);
  expect(opened()).toEqual({ first_opened_at: '2025-12-15T10:00:00.000Z', last_opened_at: '2025-12-15T11:00:00.000Z' });
});

// ---------------------------------------------------------------------------------------------
// Key dates and the iCalendar export

const keyDates = (cookie: string | null, method = 'GET', body?: unknown, path = '') =>
  fetch(`${t.url}/api/surveys/${t.surveyId}/key-dates${path}`, jsonInit(method, body, cookie ? { Cookie: cookie } : {}));

test('the key dates of a survey: its opening, reminders and deadline, read from the survey', async () => {
  t.clock.set(START_TIME);
  const res = await keyDates(analyst());
  expect(res.status).toBe(200);
  const list = (await res.json()) as Record<string, unknown>[];
  expect(list.map((k) => [k.key, k.kind, k.date, k.automatic, k.id])).toEqual([
    ['open', 'open', '2025-12-01', true, null],
    ['reminder-14', 'reminder', '2026-01-17', true, null],
    ['reminder-7', 'reminder', '2026-01-24', true, null],
    ['reminder-2', 'reminder', '2026-01-29', true, null],
    ['close', 'close', '2026-01-31', true, null],
  ]);
  expect(list[4]).toMatchObject({ titleEn: 'ICC annual survey 2025: deadline for answers', titleFr: 'Enquête annuelle ICC 2025 : date limite des réponses' });
});

test('the key dates of another questionnaire (a pilot) carry its own title in each language, not the annual survey\'s', async () => {
  const definition = { title: { default: 'Anti-rumours pilot', fr: 'Pilote anti-rumeurs' }, pages: [] };
  const pilotId = t.stores.surveys.create({ year: 2032, code: 'anti-rumours-pilot', title: 'Anti-rumours pilot', definition, opensAt: '2032-03-01', closesAt: '2032-04-30', now: at('2025-12-01T08:00:00Z') });
  const list = (await (await fetch(`${t.url}/api/surveys/${pilotId}/key-dates`, { headers: { Cookie: analyst() } })).json()) as Record<string, unknown>[];
  expect(list.find((k) => k.key === 'open')).toMatchObject({ titleEn: 'Anti-rumours pilot opens', titleFr: 'Ouverture : Pilote anti-rumeurs' });
  expect(list.find((k) => k.key === 'close')).toMatchObject({ titleEn: 'Anti-rumours pilot: deadline for answers', titleFr: 'Pilote anti-rumeurs : date limite des réponses' });
  expect(list.filter((k) => k.kind === 'reminder').every((k) => String(k.titleEn).startsWith('Anti-rumours pilot: reminder') && String(k.titleFr).startsWith('Pilote anti-rumeurs : rappel'))).toBe(true);
  expect(JSON.stringify(list)).not.toContain('ICC annual survey');
  const fr = await (await fetch(`${t.url}/api/surveys/${pilotId}/calendar.ics?lang=fr`, { headers: { Cookie: admin() } })).text();
  expect(fr).toContain('X-WR-CALNAME:Pilote anti-rumeurs : dates clés');
  expect(fr).not.toContain('Enquête annuelle ICC');
});

let eventId: number;
test('the Unit adds, changes and removes events; input is checked strictly', async () => {
  const created = await keyDates(admin(), 'POST', {
    date: '2026-03-10',
    endDate: '2026-03-11',
    titleEn: 'Results webinar, Q&A; part 1',
    titleFr: 'Webinaire des résultats, questions ; partie 1',
    descriptionEn: 'Online.\nLink sent by email.',
  });
  expect(created.status).toBe(201);
  const event = (await created.json()) as Record<string, any>;
  eventId = event.id;
  expect(event).toEqual({
    key: `event-${eventId}`,
    id: eventId,
    automatic: false,
    kind: 'event',
    date: '2026-03-10',
    endDate: '2026-03-11',
    titleEn: 'Results webinar, Q&A; part 1',
    titleFr: 'Webinaire des résultats, questions ; partie 1',
    descriptionEn: 'Online.\nLink sent by email.',
    descriptionFr: null,
  });

  const good = { date: '2026-02-01', titleEn: 'x', titleFr: 'x' };
  for (const bad of [
    { ...good, date: '01/02/2026' },
    { ...good, endDate: '2026-01-01' },
    { ...good, titleEn: '' },
    { ...good, titleFr: 'two\nlines' },
    { ...good, kind: 'party' },
    { ...good, surveyId: 3 },
    { date: '2026-02-01', titleEn: 'x' },
  ]) {
    await expectError(await keyDates(admin(), 'POST', bad), 400, 'invalid');
  }
  await expectError(await keyDates(analyst(), 'POST', good), 403, 'forbidden');
  await expectError(await keyDates(null, 'POST', good), 401, 'unauthorised');

  const changed = await keyDates(admin(), 'PATCH', { descriptionFr: 'En ligne.' }, `/${eventId}`);
  expect(changed.status).toBe(200);
  expect(await changed.json()).toMatchObject({ id: eventId, descriptionFr: 'En ligne.', titleEn: 'Results webinar, Q&A; part 1' });
  await expectError(await keyDates(admin(), 'PATCH', {}, `/${eventId}`), 400, 'invalid');
  await expectError(await keyDates(admin(), 'PATCH', { endDate: '2026-03-01' }, `/${eventId}`), 400, 'invalid');
  await expectError(await keyDates(admin(), 'PATCH', { titleEn: 'y' }, '/99999'), 404, 'not_found');
  await expectError(await fetch(`${t.url}/api/surveys/${previousId}/key-dates/${eventId}`, jsonInit('PATCH', { titleEn: 'y' }, { Cookie: admin() })), 404, 'not_found');

  const other = (await (await keyDates(admin(), 'POST', good)).json()) as { id: number };
  expect((await keyDates(admin(), 'DELETE', undefined, `/${other.id}`)).status).toBe(204);
  await expectError(await keyDates(admin(), 'DELETE', undefined, `/${other.id}`), 404, 'not_found');
  await expectError(await keyDates(analyst(), 'DELETE', undefined, `/${eventId}`), 403, 'forbidden');
});

function checkIcs(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

test('the key dates download as an iCalendar file, in English or French, with stable UIDs', async () => {
  t.clock.set(at('2025-12-20T07:30:00Z'));
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/calendar.ics`, { headers: { Cookie: analyst() } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="icc-survey-2025-key-dates.ics"');
  const text = await res.text();
  const lines = checkIcs(text);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(6);
  expect(lines.filter((l) => l.startsWith('UID:'))).toEqual([
    `UID:icc-survey-${t.surveyId}-open@127.0.0.1`,
    `UID:icc-survey-${t.surveyId}-reminder-14@127.0.0.1`,
    `UID:icc-survey-${t.surveyId}-reminder-7@127.0.0.1`,
    `UID:icc-survey-${t.surveyId}-reminder-2@127.0.0.1`,
    `UID:icc-survey-${t.surveyId}-close@127.0.0.1`,
    `UID:icc-survey-${t.surveyId}-event-${eventId}@127.0.0.1`,
  ]);
  expect(lines).toContain('DTSTAMP:20251220T073000Z');
  expect(lines).toContain('SUMMARY:Results webinar\\, Q&A\\; part 1');
  expect(lines).toContain('DESCRIPTION:Online.\\nLink sent by email.');
  expect(lines).toContain('DTSTART;VALUE=DATE:20260310');
  expect(lines).toContain('DTEND;VALUE=DATE:20260312');

  const fr = await (await fetch(`${t.url}/api/surveys/${t.surveyId}/calendar.ics?lang=fr`, { headers: { Cookie: admin() } })).text();
  const frLines = checkIcs(fr);
  expect(frLines).toContain('SUMMARY:Enquête annuelle ICC 2025 : date limite des réponses');
  expect(frLines).toContain('DESCRIPTION:En ligne.');
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/calendar.ics?lang=de`, { headers: { Cookie: admin() } }), 400, 'invalid');
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/calendar.ics`), 401, 'unauthorised');
});

test('coordinators get the key dates with their survey, and the calendar file through their link', async () => {
  const token = tokenOfUrl(links.AAR!);
  const page = (await (await fetch(`${t.url}/api/respond/${token}`)).json()) as Record<string, any>;
  // The contract's fields are unchanged; keyDates is extra.
  expect(Object.keys(page)).toEqual(expect.arrayContaining(['survey', 'data', 'revision', 'status', 'keyDates']));
  expect(page.status).toBe('draft');
  expect((page.keyDates as { key: string }[]).map((k) => k.key)).toEqual(['open', 'reminder-14', 'reminder-7', 'reminder-2', 'close', `event-${eventId}`]);

  const res = await fetch(`${t.url}/api/respond/${token}/calendar.ics?lang=fr`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  const lines = checkIcs(await res.text());
  expect(lines).toContain(`UID:icc-survey-${t.surveyId}-close@127.0.0.1`);
  expect(lines).toContain('SUMMARY:Webinaire des résultats\\, questions \\; partie 1');

  await expectError(await fetch(`${t.url}/api/respond/${'x'.repeat(43)}/calendar.ics`), 404, 'not_found');
  // A replaced link no longer gives the calendar.
  const fresh = t.admin.linkFor({ surveyId: t.surveyId, cityId: city('AAR').id, reissue: true });
  const revoked = await expectError(await fetch(`${t.url}/api/respond/${token}/calendar.ics`), 404, 'not_found');
  expect(revoked.error.reason).toBe('revoked');
  expect((await fetch(`${t.url}/api/respond/${tokenOfUrl(fresh.url)}/calendar.ics`)).status).toBe(200);
});

test('changing the reminder days moves the reminder entries of the calendar', async () => {
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/reminders`, jsonInit('PUT', { days: [5] }, { Cookie: admin() }));
  expect(res.status).toBe(200);
  const list = (await (await keyDates(admin())).json()) as { key: string; date: string }[];
  expect(list.filter((k) => k.key.startsWith('reminder'))).toMatchObject([{ key: 'reminder-5', date: '2026-01-26' }]);
});

// ---------------------------------------------------------------------------------------------
// Engagement across the years (Rec 10)

test('engagement per city and survey year, and per network, as CSV with formula cells escaped', async () => {
  t.stores.cities.create({ code: 'EVL', name: '=HYPERLINK("http://evil.example")', country: 'FR', isSynthetic: true });
  const res = await fetch(`${t.url}/api/engagement.csv`, { headers: { Cookie: analyst() } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="icc-engagement-cities.csv"');
  const text = await res.text();
  expect(text.startsWith('\uFEFF')).toBe(false);
  const rows = Papa.parse<string[]>(text.trimEnd(), { newline: '\r\n' }).data;
  expect(rows).toEqual([
    ['city', 'city_name', 'country', 'networks', 'survey_year', 'survey_code', 'invited', 'answered', 'submitted', 'progress_percent'],
    ['AAR', 'Aarhus (test)', 'DK', 'ICC', '2024', code, '1', '1', '1', '100'],
    ['AAR', 'Aarhus (test)', 'DK', 'ICC', '2025', code, '1', '1', '0', '50'],
    ['BIL', 'Bilbao (test)', 'ES', 'ICC;RECI', '2024', code, '0', '0', '0', '0'],
    ['BIL', 'Bilbao (test)', 'ES', 'ICC;RECI', '2025', code, '1', '1', '1', '100'],
    ['EVL', `'=HYPERLINK("http://evil.example")`, 'FR', '', '2024', code, '0', '0', '0', '0'],
    ['EVL', `'=HYPERLINK("http://evil.example")`, 'FR', '', '2025', code, '0', '0', '0', '0'],
    ['LYO', 'Lyon (test)', 'FR', 'ICC', '2024', code, '1', '1', '0', '50'],
    ['LYO', 'Lyon (test)', 'FR', 'ICC', '2025', code, '1', '0', '0', '0'],
    ['ZUR', 'Zürich (test)', 'CH', '', '2024', code, '0', '0', '0', '0'],
    ['ZUR', 'Zürich (test)', 'CH', '', '2025', code, '0', '0', '0', '0'],
  ]);

  const networks = await fetch(`${t.url}/api/engagement/networks.csv?bom=1`, { headers: { Cookie: admin() } });
  expect(networks.status).toBe(200);
  const bytes = new Uint8Array(await networks.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const networkText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  expect(Papa.parse<string[]>(networkText.trimEnd(), { newline: '\r\n' }).data).toEqual([
    ['network', 'network_name', 'survey_year', 'survey_code', 'member_cities', 'invited', 'answered', 'submitted', 'response_rate'],
    ['ICC', 'Intercultural Cities', '2024', code, '3', '2', '2', '1', '0.5'],
    ['ICC', 'Intercultural Cities', '2025', code, '3', '3', '2', '1', '0.3333'],
    ['RECI', 'Red de Ciudades Interculturales', '2024', code, '1', '0', '0', '0', ''],
    ['RECI', 'Red de Ciudades Interculturales', '2025', code, '1', '1', '1', '1', '1'],
  ]);

  await expectError(await fetch(`${t.url}/api/engagement.csv`), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/engagement.csv?bom=yes`, { headers: { Cookie: admin() } }), 400, 'invalid');
});

test('response rates per size band: Wilson intervals, cells under 5 invited cities hidden with complementary suppression', async () => {
  // A survey of its own, so the counts are this test's: 6 small cities (3 submitted), 5 medium (1 submitted,
  // 2 started), 2 large (1 submitted), plus the cities of the earlier tests, with no size band, not invited.
  const definition = t.stores.surveys.latestVersion({ surveyId: t.surveyId })!.definition;
  const surveyId = t.stores.surveys.create({ year: 2031, code: 'size-bands', title: 'Size bands', definition, opensAt: '2031-12-01', closesAt: '2032-01-31', now: at('2025-12-01T08:00:00Z') });
  t.stores.surveys.setStatus({ id: surveyId, status: 'open', now: at('2025-12-01T08:00:00Z') });
  const make = (band: string, k: number, submitted: number, started: number) => {
    for (let i = 1; i <= k; i++) {
      const c = `${band.slice(0, 2).toUpperCase()}${i}`;
      const id = t.stores.cities.create({ code: c, name: `${band} ${i}`, country: 'NL', sizeBand: band, isSynthetic: true });
      t.cities.push({ id, code: c, name: `${band} ${i}` });
      t.stores.links.getOrCreate({ surveyId, cityId: id, now: at('2025-12-01T08:00:00Z') });
      if (i <= started) saveAt(surveyId, c, '2025-12-02T10:00:00Z');
      if (i <= submitted) submitAt(surveyId, c, '2025-12-03T10:00:00Z');
    }
  };
  make('small', 6, 3, 4);
  make('medium', 5, 1, 2);
  make('large', 2, 1, 1);
  t.clock.set(at('2025-12-04T10:00:00Z'));
  const body = (await (await fetch(`${t.url}/api/surveys/${surveyId}/campaign`, { headers: { Cookie: admin() } })).json()) as Record<string, any>;
  const shown = (N: number, started: number, n: number) => ({ N, started, n, rate: n / N, ci95: wilsonInterval(n, N), suppressed: false });
  // Large (2 invited) is under 5; hidden alone, it could be recovered from the total, so the next smallest
  // cell (medium, 5) is hidden too. The cities without a band are not invited (N = 0): no rate, nothing to hide.
  expect(body.bySizeBand).toEqual([
    { sizeBand: 'small', members: 6, ...shown(6, 4, 3) },
    { sizeBand: 'medium', members: 5, N: 5, started: null, n: null, rate: null, ci95: null, suppressed: true },
    { sizeBand: 'large', members: 2, N: 2, started: null, n: null, rate: null, ci95: null, suppressed: true },
    { sizeBand: 'unknown', members: t.stores.cities.list().filter((c) => c.sizeBand === null).length, N: 0, started: 0, n: 0, rate: null, ci95: null, suppressed: false },
  ]);
  expect(body.bySizeBand[0].ci95[0]).toBeCloseTo(0.1876, 3);
  expect(body.bySizeBand[0].ci95[1]).toBeCloseTo(0.8124, 3);
  // The 13 Dutch cities form one country cell, shown.
  expect(body.byCountry.find((c: { country: string }) => c.country === 'NL')).toEqual({ country: 'NL', members: 13, ...shown(13, 7, 5) });
  expect(body.cities.find((c: { code: string }) => c.code === 'SM1')).toMatchObject({ sizeBand: 'small', stage: 'submitted' });
});
