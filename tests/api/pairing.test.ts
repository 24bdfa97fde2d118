/**
 * Peer pairing for the ICC Unit (Rec 13, issue 7): suggestions with reasons in words, the Unit's decisions
 * (admin only, audited) kept across recomputation, and the escaped, audited CSV export.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ANALYST_EMAIL, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
const ids: Record<string, number> = {};
type Json = Record<string, any>;

async function save(code: string, data: Json): Promise<void> {
  const token = t.linkFor(t.surveyId, ids[code]!);
  const current = (await (await fetch(`${t.url}/api/respond/${token}`)).json()) as { revision: number };
  const res = await fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', { data, revision: current.revision }));
  if (res.status !== 200) throw new Error(`save answered ${res.status}: ${await res.text()}`);
}
const get = (path: string, cookie: string) => fetch(`${t.url}/api/surveys/${t.surveyId}/${path}`, { headers: { Cookie: cookie } });
const decide = (a: number, b: number, body: unknown, cookie = admin) =>
  fetch(`${t.url}/api/surveys/${t.surveyId}/pairing/${a}/${b}`, jsonInit('PUT', body, { Cookie: cookie }));
const pairOf = (view: Json, a: string, b: string) => view.pairs.find((p: Json) => [p.cityA.code, p.cityB.code].sort().join() === [a, b].sort().join());

// Aarhus wants to work on education, where Bilbao reported a change and self-assesses 4 of 4; Lyon progressed
// everywhere but is not interested; Zürich wants media and communication, where nobody progressed (yet).
const AAR = { pair_interest: 'yes', pair_topics: ['education'], prog: { education: 0 }, strat_needs: ['training'] };
const BIL = { pair_interest: 'maybe', pair_topics: ['language'], chg: { education: 'yes' }, prog: { education: 4 }, strat_needs: ['training'] };
const LYO = { pair_interest: 'no', chg: { education: 'yes', media_communication: 'yes' }, prog: { education: 4, media_communication: 4 } };
const ZUR = { pair_interest: 'yes', pair_topics: ['media_communication'] };

beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie('admin@test.example');
  analyst = t.sessionCookie(ANALYST_EMAIL);
  for (const c of t.cities) ids[c.code] = c.id;
  await save('AAR', AAR);
  await save('BIL', BIL);
  await save('LYO', LYO);
  await save('ZUR', ZUR);
});
afterAll(async () => {
  await t?.close();
});

test('analysts read the suggestions with score and reasons in English and French; uninterested cities are never paired', async () => {
  const res = await get('pairing', analyst);
  expect(res.status).toBe(200);
  const view = (await res.json()) as Json;
  expect(view.interested).toBe(3);
  expect(view.pairs).toHaveLength(1);
  const p = view.pairs[0];
  expect([p.cityA.code, p.cityB.code]).toEqual(['AAR', 'BIL']);
  // complementarity 1/3 (Bilbao → Aarhus on education); challenges: Aarhus {training, education at 0/4},
  // Bilbao {training}, Jaccard 1/2: 100 × (0.5 × 1/3 + 0.3 × 1/2) = 31.7
  expect(p.score).toBe(31.7);
  expect(p.suggested).toBe(true);
  expect(p.status).toBe('pending');
  expect(p.reasons.map((r: Json) => r.kind)).toEqual(['complementary', 'shared-challenge']);
  expect(p.reasons[0].text.en).toBe('Bilbao (test) has progressed in Education (reported a change in the last 12 months and self-assessed 100/100); Aarhus (test) wants to work on it.');
  expect(p.reasons[0].text.fr).toBe('Bilbao (test) a progressé en Éducation (a signalé un changement ces 12 derniers mois et auto-évaluation 100/100) ; Aarhus (test) souhaite y travailler.');
  expect(p.reasons[1].text.fr).toBe('Les deux villes classent « Formation du personnel » parmi leurs trois principaux besoins d’accompagnement.');
  expect(JSON.stringify(view)).not.toContain('Lyon');
});

test('only admins decide; bad statuses, self-pairs, unknown cities and surveys are refused', async () => {
  await expectError(await decide(ids.AAR!, ids.BIL!, { status: 'accepted' }, analyst), 403, 'forbidden');
  await expectError(await decide(ids.AAR!, ids.BIL!, { status: 'maybe' }), 400, 'invalid');
  await expectError(await decide(ids.AAR!, ids.BIL!, { status: 'accepted', extra: 1 }), 400, 'invalid');
  await expectError(await decide(ids.AAR!, ids.BIL!, { status: 'accepted', note: 'x'.repeat(2001) }), 400, 'invalid');
  await expectError(await decide(ids.AAR!, ids.AAR!, { status: 'accepted' }), 400, 'invalid');
  await expectError(await decide(ids.AAR!, 999999, { status: 'accepted' }), 404, 'not_found');
  const unknownSurvey = await fetch(`${t.url}/api/surveys/999999/pairing/${ids.AAR}/${ids.BIL}`, jsonInit('PUT', { status: 'accepted' }, { Cookie: admin }));
  await expectError(unknownSurvey, 404, 'not_found');
  expect(t.stores.pairingDecisions.list({ surveyId: t.surveyId })).toEqual([]);
});

test('the Unit accepts a pair with a note (in either order of the cities); the decision is audited and kept after the answers change', async () => {
  const res = await decide(ids.BIL!, ids.AAR!, { status: 'accepted', note: '=HYPERLINK("http://evil") meet in May, «bientôt»' });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ cityA: Math.min(ids.AAR!, ids.BIL!), cityB: Math.max(ids.AAR!, ids.BIL!), status: 'accepted', decidedBy: 'admin@test.example' });
  const entries = t.stores.auditLog.list({ action: 'pairing.decide', limit: 10 });
  expect(entries).toHaveLength(1);
  expect(entries[0]!.detail).toMatchObject({ decision: 'accepted', cityA: String(ids.BIL) });

  let view = (await (await get('pairing', analyst)).json()) as Json;
  expect(pairOf(view, 'AAR', 'BIL')).toMatchObject({ status: 'accepted', note: '=HYPERLINK("http://evil") meet in May, «bientôt»', suggested: true });
  expect(view.counts).toEqual({ accepted: 1, rejected: 0, pending: 0 });

  // New answers: Lyon becomes interested and is the better partner for Zürich; Aarhus no longer wants education,
  // so Aarhus-Bilbao is not suggested any more, yet its decision stays, marked as such.
  await save('LYO', { ...LYO, pair_interest: 'yes', pair_topics: ['language'] });
  await save('AAR', { ...AAR, pair_topics: ['neighbourhoods'] });
  view = (await (await get('pairing', analyst)).json()) as Json;
  expect(pairOf(view, 'LYO', 'ZUR')).toMatchObject({ suggested: true, status: 'pending' });
  const kept = pairOf(view, 'AAR', 'BIL');
  expect(kept).toMatchObject({ suggested: false, status: 'accepted', note: '=HYPERLINK("http://evil") meet in May, «bientôt»' });
  // They still share a top need, but without common ground on an area the pair has no score.
  expect(kept.score).toBeNull();

  // Back to pending keeps the note when none is sent.
  await decide(ids.AAR!, ids.BIL!, { status: 'pending' });
  view = (await (await get('pairing', analyst)).json()) as Json;
  expect(pairOf(view, 'AAR', 'BIL')).toMatchObject({ status: 'pending', note: '=HYPERLINK("http://evil") meet in May, «bientôt»' });
  await save('AAR', AAR);
  await decide(ids.AAR!, ids.BIL!, { status: 'accepted' });
});

test('the CSV lists each pair with names, score, reasons in words, decision and note; cells are escaped; the export is audited', async () => {
  const res = await get('pairing.csv', analyst);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(res.headers.get('content-disposition')).toMatch(/icc-survey-\d{4}-pairing\.csv/);
  const rows = Papa.parse<string[]>((await res.text()).trim(), { newline: '\r\n' }).data;
  expect(rows[0]).toEqual(['city_a_code', 'city_a', 'city_a_country', 'city_b_code', 'city_b', 'city_b_country', 'score', 'suggested', 'reasons', 'decision', 'note', 'decided_at', 'decided_by']);
  const ab = rows.find((r) => r[0] === 'AAR' && r[3] === 'BIL')!;
  expect(ab.slice(0, 8)).toEqual(['AAR', 'Aarhus (test)', 'DK', 'BIL', 'Bilbao (test)', 'ES', '31.7', 'yes']);
  expect(ab[8]).toContain('Bilbao (test) has progressed in Education');
  expect(ab[8]).toContain(' | Both rank “Training for staff” among their three main support needs.');
  expect(ab[9]).toBe('accepted');
  expect(ab[10]).toBe('\'=HYPERLINK("http://evil") meet in May, «bientôt»');
  expect(ab[12]).toBe('admin@test.example');
  expect(rows.some((r) => r[0] === 'LYO' || r[3] === 'LYO')).toBe(true);

  const fr = await get('pairing.csv?lang=fr&bom=1', admin);
  const bytes = new Uint8Array(await fr.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes);
  expect(text).toContain('Bilbao (test) a progressé en Éducation');
  expect(fr.headers.get('content-disposition')).toMatch(/pairing-fr\.csv/);
  await expectError(await get('pairing.csv?lang=de', admin), 400, 'invalid');
  const exports = t.stores.auditLog.list({ action: 'export.pairing', limit: 10 });
  expect(exports).toHaveLength(2);
  expect(exports.map((e) => (e.detail as Json).query ?? null)).toContainEqual({ lang: 'fr', bom: '1' });
});

test('without a session the pairing is not readable', async () => {
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/pairing`), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/pairing.csv`), 401, 'unauthorised');
});
