import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let analyst: string;
type Json = Record<string, any>;

const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;
async function save(code: string, data: Json, revision = 0): Promise<void> {
  const res = await fetch(`${t.url}/api/respond/${t.linkFor(t.surveyId, cityId(code))}`, jsonInit('PUT', { data, revision }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
}
const get = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/api/surveys/${t.surveyId}/analysis${query}`, { headers: { Cookie: analyst, ...headers } });

beforeAll(async () => {
  t = await startTestApp();
  analyst = t.sessionCookie(ANALYST_EMAIL);
  await save('AAR', { respondent_role: 'coordinator', chg: { education: 'yes', language: 'no' }, chg_insp_education: 4, comm_channels: ['email_targeted', 'portal'] });
  await save('BIL', { respondent_role: 'coordinator', chg: { education: 'no', language: 'no' }, comm_channels: ['portal', 'email_targeted'] });
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/surveys/:id/analysis?part=headlines (issue 3: dashboard first render)', () => {
  test('the headline figures exactly as in the whole analysis, without the rest', async () => {
    const full = (await (await get('')).json()) as Json;
    const res = await get('?part=headlines');
    expect(res.status).toBe(200);
    const head = (await res.json()) as Json;
    expect(head.part).toBe('headlines');
    for (const k of ['n', 'N', 'minCell', 'smallSample', 'survey', 'labels', 'filterOptions', 'filters', 'warnings']) expect(head[k]).toEqual(full[k]);
    expect(head.responseRates).toEqual({ overall: full.responseRates.overall });
    expect(head.rec19.overall).toEqual(full.rec19.overall);
    expect(head.rec19.areas).toEqual(
      full.rec19.areas.map((a: Json) => ({ area: a.area, change: a.change, attributedAmongAnswering: a.attributedAmongAnswering })),
    );
    expect(head.rec17.overall).toEqual(full.rec17.overall);
    expect(head.rec17.change?.overall).toEqual(full.rec17.change?.overall);
    for (const k of ['n', 'channels', 'preferred', 'emailPreferred', 'leastFavourite']) expect(head.rec11[k]).toEqual(full.rec11[k]);
    for (const k of ['questions', 'catalogue', 'cityNames', 'rec13', 'rec18', 'rec7', 'engagement']) expect(head).not.toHaveProperty(k);
    expect(JSON.stringify(head).length * 5).toBeLessThan(JSON.stringify(full).length);
  });

  test('filters apply to the part; an unknown part or a part elsewhere is refused', async () => {
    const head = (await (await get('?part=headlines&country=ES')).json()) as Json;
    const full = (await (await get('?country=ES')).json()) as Json;
    expect(head.n).toBe(full.n);
    expect(head.filters).toEqual(full.filters);
    expect(head.rec19.overall).toEqual(full.rec19.overall);
    await expectError(await get('?part=questions'), 400, 'invalid');
    await expectError(await get('?part='), 400, 'invalid');
    await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/trend?part=headlines`, { headers: { Cookie: analyst } }), 400, 'invalid');
    await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/analysis?part=headlines`), 401, 'unauthorised');
  });

  test('the body is kept while nothing changes (gzip and plain alike) and follows every save', async () => {
    const gz = async (query: string) => {
      const res = await get(query, { 'Accept-Encoding': 'gzip' });
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
      return res;
    };
    const a = await gz('');
    expect(a.headers.get('content-encoding')).toBe('gzip');
    const first = (await a.json()) as Json;
    const second = (await (await gz('')).json()) as Json;
    expect(second).toEqual(first);
    const plain = await get('', { 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await plain.text())).toEqual(first);
    // Raw bytes: what node's fetch decoded above is a real gzip stream of the same JSON.
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get: httpGet }) =>
        httpGet(`${t.url}/api/surveys/${t.surveyId}/analysis`, { headers: { Cookie: analyst, 'Accept-Encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        }).on('error', reject),
      );
    });
    expect(JSON.parse(zlib.gunzipSync(raw).toString('utf8'))).toEqual(first);

    const headBefore = (await (await gz('?part=headlines')).json()) as Json;
    await save('LYO', { respondent_role: 'coordinator', chg: { education: 'yes', language: 'yes' } });
    const after = (await (await gz('')).json()) as Json;
    expect(after.n).toBe(first.n + 1);
    const headAfter = (await (await gz('?part=headlines')).json()) as Json;
    expect(headAfter.n).toBe(headBefore.n + 1);
    expect(headAfter.rec19.overall).toEqual(after.rec19.overall);
  });
});
