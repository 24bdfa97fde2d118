/**
 * A team member's data on request (data protection): `GET /api/people/:id/export` gives everything the platform
 * holds about them; deleting them from the team removes their address from the mail log (the rows stay,
 * anonymised, so the campaign's counts remain true) and is audited.
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
  await t?.close();
});

const city = (code: string) => t.cities.find((c) => c.code === code)!;
const send = (method: string, path: string, body?: unknown, cookie: string | null = admin) =>
  fetch(`${t.url}${path}`, jsonInit(method, body, cookie ? { Cookie: cookie } : {}));
async function addPerson(code: string, body: Record<string, unknown>): Promise<number> {
  const res = await send('POST', `/api/cities/${city(code).id}/people`, body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

let marie = 0;
test('the export holds the person, their city, their other team records, the emails sent to them, the audit entries about them and the answers they signed', async () => {
  marie = await addPerson('LYO', { name: 'Marie Curie', role: 'staff', email: 'marie@lyon.example.org', lang: 'fr', consent: true });
  const other = await addPerson('AAR', { name: 'Marie Curie', role: 'other', email: 'MARIE@lyon.example.org', consent: false });
  const colleague = await addPerson('LYO', { name: 'Pierre', role: 'elected', email: 'pierre@lyon.example.org', consent: true });
  expect((await send('PATCH', `/api/cities/${city('LYO').id}/people/${marie}`, { role: 'other' })).status).toBe(200);

  // An invitation emailed to Marie and Pierre; Marie then saves an answer signed with her name, Pierre one with his.
  const invited = await send('POST', `/api/surveys/${t.surveyId}/invitations`, { cityIds: [city('LYO').id] });
  expect(invited.status).toBe(200);
  await t.mail.whenIdle();
  const token = t.linkFor(t.surveyId, city('LYO').id);
  let saved = await send('PUT', `/api/respond/${token}`, { data: { team_size: 4 }, revision: 0, author: 'Marie Curie' }, null);
  expect(saved.status).toBe(200);
  const { revision } = (await saved.json()) as { revision: number };
  saved = await send('PUT', `/api/respond/${token}`, { data: { team_size: 4, city_population: 500000 }, revision, author: 'Pierre' }, null);
  expect(saved.status).toBe(200);

  const res = await send('GET', `/api/people/${marie}/export`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="icc-person-${marie}-data.json"`);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as Record<string, any>;
  expect(body.person).toMatchObject({ id: marie, cityId: city('LYO').id, name: 'Marie Curie', role: 'other', email: 'marie@lyon.example.org', lang: 'fr', consent: true });
  expect(body.city).toMatchObject({ code: 'LYO', name: 'Lyon (test)', networks: ['ICC'] });
  expect(body.otherTeams).toMatchObject([{ person: { id: other, email: 'MARIE@lyon.example.org' }, city: { code: 'AAR' } }]);
  expect(body.emails).toHaveLength(1);
  expect(body.emails[0]).toMatchObject({ kind: 'invitation', to: 'marie@lyon.example.org', lang: 'fr', status: 'sent', surveyId: t.surveyId });
  // Her addition and her change, not Pierre's addition.
  expect(body.auditEntries.map((e: { action: string }) => e.action)).toEqual(['team.add', 'team.update']);
  expect(body.auditEntries[0].detail).toMatchObject({ personId: String(marie) });
  expect(body.answerChanges).toEqual([{ surveyId: t.surveyId, year: 2025, question: 'team_size', revision: 1, value: 4, changedAt: expect.any(String) }]);
  expect(JSON.stringify(body)).not.toContain('pierre@');
  expect(colleague).toBeGreaterThan(0);

  // The export is itself audited.
  const exports = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'person.export'").pluck().all() as string[];
  expect(exports.map((d) => JSON.parse(d))).toMatchObject([{ id: String(marie), status: 200 }]);
});

test('deleting the person cancels what is queued for them and anonymises the mail log; the export then finds nothing', async () => {
  const lyon = city('LYO').id;
  const countsBefore = t.db.prepare('SELECT status, count(*) AS n FROM mail_log GROUP BY status ORDER BY status').all();
  expect((await send('DELETE', `/api/cities/${lyon}/people/${marie}`)).status).toBe(204);
  // The row stays (the city's email counts remain true) without the address or the link to the person.
  expect(t.db.prepare('SELECT status, count(*) AS n FROM mail_log GROUP BY status ORDER BY status').all()).toEqual(countsBefore);
  expect(t.db.prepare("SELECT count(*) FROM mail_log WHERE to_address LIKE 'marie@%' COLLATE NOCASE AND city_id = ?").pluck().get(lyon)).toBe(0);
  expect(t.db.prepare("SELECT count(*) FROM mail_log WHERE to_address = '(removed)' AND person_id IS NULL").pluck().get()).toBe(1);
  const deletion = t.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'team.delete'").all() as { actor: string; detail: string }[];
  expect(deletion).toHaveLength(1);
  expect(deletion[0]!.actor).toBe(`${ADMIN_EMAIL} (admin)`);
  expect(JSON.parse(deletion[0]!.detail)).toMatchObject({ personId: String(marie), cityId: String(lyon) });
  // The audit entry keeps ids only: no name or address of the deleted person.
  expect(deletion[0]!.detail).not.toMatch(/marie/i);
  await expectError(await send('GET', `/api/people/${marie}/export`), 404, 'not_found');
});

test('only admins export a person; ids are checked', async () => {
  const id = await addPerson('BIL', { name: 'Iker', role: 'staff', email: 'iker@bilbao.example.org', consent: true });
  await expectError(await send('GET', `/api/people/${id}/export`, undefined, t.sessionCookie(ANALYST_EMAIL)), 403, 'forbidden');
  await expectError(await send('GET', `/api/people/${id}/export`, undefined, null), 401, 'unauthorised');
  await expectError(await send('GET', '/api/people/abc/export'), 400, 'invalid');
  await expectError(await send('GET', '/api/people/99999/export'), 404, 'not_found');
  expect(t.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'person.export'").pluck().get()).toBe(1);
});
