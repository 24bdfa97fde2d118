/** The audit log: sensitive actions are recorded with their actor, readable and exportable by admins only. */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
type Entry = { id: number; at: string; actor: string; action: string; detail: Record<string, unknown> };

const audit = async (query = '', cookie = admin): Promise<Entry[]> => {
  const res = await fetch(`${t.url}/api/audit${query}`, { headers: { Cookie: cookie } });
  if (res.status !== 200) throw new Error(`audit answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Entry[];
};
const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
});
afterAll(async () => {
  await t?.close();
});

describe('what is recorded', () => {
  test('sign-ins, failed sign-ins (with the address tried) and sign-outs', async () => {
    const cookie = await t.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const bad = await fetch(`${t.url}/api/session`, jsonInit('POST', { email: 'Intruder@Example.org', password: 'guess' }));
    expect(bad.status).toBe(401);
    expect((await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { Cookie: cookie } })).status).toBe(204);
    const entries = await audit('?action=session.');
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['session.sign_out', `${ADMIN_EMAIL} (admin)`],
      ['session.sign_in_failed', 'intruder@example.org'],
      ['session.sign_in', `${ADMIN_EMAIL} (admin)`],
    ]);
    expect(entries[1]!.detail.ip).toMatch(/127\.0\.0\.1/);
  });

  test('exports with their filters, opening a survey, links; refused requests are not recorded as done', async () => {
    expect((await fetch(`${t.url}/api/surveys/${t.surveyId}/responses.csv?bom=1`, { headers: { Cookie: analyst } })).status).toBe(200);
    const refused = await fetch(`${t.url}/api/surveys/${t.surveyId}/close`, jsonInit('POST', {}, { Cookie: analyst }));
    expect(refused.status).toBe(403);
    expect((await fetch(`${t.url}/api/surveys/${t.surveyId}/cities/${cityId('LYO')}/link`, jsonInit('POST', { reissue: true }, { Cookie: admin }))).status).toBe(200);
    const [link, exported] = await audit('?limit=2');
    expect(link).toMatchObject({ action: 'link.get_or_reissue', actor: `${ADMIN_EMAIL} (admin)`, detail: { id: String(t.surveyId), cityId: String(cityId('LYO')), status: 200 } });
    expect(exported).toMatchObject({ action: 'export.responses', actor: `${ANALYST_EMAIL} (analyst)`, detail: { query: { bom: '1' } } });
    expect((await audit('?action=survey.close')).length).toBe(0);
  });

  test('a team change through a city link is recorded as that link, never with the token', async () => {
    const token = t.linkFor(t.surveyId, cityId('AAR'));
    const res = await fetch(`${t.url}/api/respond/${token}/team`, jsonInit('POST', { name: 'Jens', role: 'staff', email: 'jens@aarhus.example', lang: 'en', consent: true }));
    expect(res.status).toBe(201);
    const [entry] = await audit('?action=team.');
    expect(entry).toMatchObject({ action: 'team.add', actor: `link of city ${cityId('AAR')}` });
    expect(JSON.stringify(entry)).not.toContain(token);
  });
});

describe('reading it', () => {
  test('admins only; bad queries are 400', async () => {
    await expectError(await fetch(`${t.url}/api/audit`), 401, 'unauthorised');
    await expectError(await fetch(`${t.url}/api/audit`, { headers: { Cookie: analyst } }), 403, 'forbidden');
    await expectError(await fetch(`${t.url}/api/audit.csv`, { headers: { Cookie: analyst } }), 403, 'forbidden');
    for (const q of ['?limit=0', '?limit=abc', '?action=DROP%20TABLE', '?colour=red', '?before=-1']) {
      await expectError(await fetch(`${t.url}/api/audit${q}`, { headers: { Cookie: admin } }), 400, 'invalid');
    }
  });

  test('pages newest first by id', async () => {
    const all = await audit('?limit=1000');
    const first = await audit('?limit=2');
    const next = await audit(`?limit=2&before=${first[1]!.id}`);
    expect([...first, ...next]).toEqual(all.slice(0, 4));
  });

  test('the CSV export has every entry, formula cells escaped, and is itself recorded', async () => {
    await fetch(`${t.url}/api/session`, jsonInit('POST', { email: '=HYPERLINK("http://x")@x.example', password: 'guess' }));
    const res = await fetch(`${t.url}/api/audit.csv?bom=1`, { headers: { Cookie: admin } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.subarray(3).toString('utf8'), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['id', 'at', 'actor', 'action', 'detail']);
    expect(rows.some((r) => r[2] === `'=hyperlink("http://x")@x.example`)).toBe(true);
    expect(rows.length - 1).toBe((await audit('?limit=1000')).length - 1);
    expect((await audit('?limit=1'))[0]!.action).toBe('audit.export');
  });
});
