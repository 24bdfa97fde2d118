/** The coordination team edited through the city's survey link: own city only, validated, revocable. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, START_TIME, expectError, jsonInit, snapshotTables, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let aarToken: string;
let bilPersonId: number;
type Person = { id: number; cityId: number; name: string; email: string; lang: string; consent: boolean; consentAt: string | null };

const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;
const team = (token: string, path = '', init?: RequestInit) => fetch(`${t.url}/api/respond/${token}/team${path}`, init);

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  aarToken = t.linkFor(t.surveyId, cityId('AAR'));
  const res = await fetch(
    `${t.url}/api/cities/${cityId('BIL')}/people`,
    jsonInit('POST', { name: 'Ane Etxeberria', role: 'staff', email: 'ane@bilbao.example', lang: 'en', consent: true }, { Cookie: admin }),
  );
  expect(res.status).toBe(201);
  bilPersonId = ((await res.json()) as Person).id;
});
afterAll(async () => {
  await t?.close();
});

describe('/api/respond/:token/team', () => {
  test('a coordinator adds, edits and removes colleagues of their own city; the Unit sees the change', async () => {
    expect(await (await team(aarToken)).json()).toEqual([]);
    const added = await team(aarToken, '', jsonInit('POST', { name: 'Mette Holm', role: 'elected', email: 'mette@aarhus.example', lang: 'fr', consent: true }));
    expect(added.status).toBe(201);
    const mette = (await added.json()) as Person;
    expect(mette).toMatchObject({ cityId: cityId('AAR'), name: 'Mette Holm', lang: 'fr', consent: true, consentAt: START_TIME.toISOString() });

    // The addition is audited as the city's link, with the new person's id, so her data export lists it.
    const exported = (await (await fetch(`${t.url}/api/people/${mette.id}/export`, { headers: { Cookie: admin } })).json()) as {
      auditEntries: { action: string; actor: string; detail: Record<string, unknown> }[];
    };
    expect(exported.auditEntries).toMatchObject([{ action: 'team.add', actor: `link of city ${cityId('AAR')}`, detail: { personId: String(mette.id) } }]);

    const edited = await team(aarToken, `/${mette.id}`, jsonInit('PATCH', { consent: false, name: 'Mette K. Holm' }));
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ name: 'Mette K. Holm', consent: false, consentAt: null });

    const seenByUnit = (await (await fetch(`${t.url}/api/cities/${cityId('AAR')}/people`, { headers: { Cookie: admin } })).json()) as Person[];
    expect(seenByUnit.map((p) => p.name)).toEqual(['Mette K. Holm']);

    expect((await team(aarToken, `/${mette.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await team(aarToken)).json()).toEqual([]);
  });

  test('a link never reaches another city’s team, and nothing changes', async () => {
    const before = snapshotTables(t.db);
    await expectError(await team(aarToken, `/${bilPersonId}`, jsonInit('PATCH', { name: 'Taken over' })), 404, 'not_found');
    await expectError(await team(aarToken, `/${bilPersonId}`, { method: 'DELETE' }), 404, 'not_found');
    expect(snapshotTables(t.db)).toEqual(before);
    const own = (await (await team(aarToken)).json()) as Person[];
    expect(own.some((p) => p.id === bilPersonId)).toBe(false);
  });

  test('bad input is refused with a JSON error and stores nothing', async () => {
    const before = snapshotTables(t.db);
    const post = (body: unknown) => team(aarToken, '', jsonInit('POST', body));
    await expectError(await post({ name: 'X', role: 'staff', email: 'not an email', lang: 'en', consent: true }), 400, 'invalid');
    await expectError(await post({ name: 'X', role: 'mayor', email: 'x@aarhus.example' }), 400, 'invalid');
    // The date of agreement cannot be given (nor backdated) through a link.
    await expectError(await post({ name: 'X', role: 'staff', email: 'x@aarhus.example', consent: true, consentAt: '2020-01-01' }), 400, 'invalid');
    await expectError(await post({ name: 'X\u0007', role: 'staff', email: 'x@aarhus.example' }), 400, 'invalid');
    await expectError(await post({ name: 'x'.repeat(600_000), role: 'staff', email: 'x@aarhus.example' }), 413, 'too_large');
    await expectError(
      await team(aarToken, '', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": ' }),
      400,
      'bad_request',
    );
    await expectError(await team(aarToken, '/abc', jsonInit('PATCH', { name: 'Y' })), 400, 'invalid');
    expect(snapshotTables(t.db)).toEqual(before);
  });

  test('an address already in the team is a 409; unknown and replaced links are 404', async () => {
    const body = { name: 'Lars', role: 'staff', email: 'lars@aarhus.example', lang: 'en', consent: false };
    expect((await team(aarToken, '', jsonInit('POST', body))).status).toBe(201);
    await expectError(await team(aarToken, '', jsonInit('POST', { ...body, email: 'LARS@aarhus.example' })), 409, 'conflict');
    await expectError(await team('A'.repeat(43)), 404, 'not_found');
    await expectError(await team('short'), 404, 'not_found');
    const old = aarToken;
    t.admin.linkFor({ surveyId: t.surveyId, cityId: cityId('AAR'), reissue: true });
    const gone = await expectError(await team(old), 404, 'not_found');
    expect(gone.error.reason).toBe('revoked');
    await expectError(await team(old, '', jsonInit('POST', { ...body, email: 'new@aarhus.example' })), 404, 'not_found');
  });
});
