/**
 * Structured questions through the whole server (issue 3: "per question, by type ... matrix cells"): a survey
 * with a matrix of dropdowns and a multiple text, answered through coordinator links, reads back from
 * `GET /api/surveys/:id/analysis` with one summary per cell, in the catalogue's cells' order.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

type Json = Record<string, any>;
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
});
afterAll(async () => {
  await t?.close();
});

const loc = (en: string, fr: string) => ({ default: en, fr });
const definition = {
  title: loc('Plans pilot', 'Pilote des plans'),
  pages: [
    {
      name: 'plans',
      elements: [
        {
          type: 'matrixdropdown',
          name: 'plan',
          title: loc('Your plans per area', 'Vos plans par domaine'),
          choices: [
            { value: 'planned', text: loc('Planned', 'Prévu') },
            { value: 'done', text: loc('Done', 'Fait') },
          ],
          columns: [
            { name: 'status', title: loc('Status', 'État') },
            { name: 'budget', title: loc('Budget (k€)', 'Budget (k€)'), cellType: 'text', inputType: 'number' },
          ],
          rows: [
            { value: 'education', text: loc('Education', 'Éducation') },
            { value: 'housing', text: loc('Housing', 'Logement') },
          ],
        },
        {
          type: 'multipletext',
          name: 'team',
          title: loc('Your team', 'Votre équipe'),
          items: [
            { name: 'lead', title: loc('Lead', 'Responsable') },
            { name: 'staff', title: loc('Staff', 'Personnel'), inputType: 'number' },
          ],
        },
      ],
    },
  ],
};

async function ok(res: Promise<Response>, status = 200): Promise<Json> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text.slice(0, 400)}`);
  return JSON.parse(text) as Json;
}
const cityId = (code: string) => t.cities.find((c) => c.code === code)!.id;

test('a matrix of dropdowns and a multiple text give one figure per cell; cities answering nothing of it are not in n', async () => {
  const { id } = await ok(fetch(`${t.url}/api/surveys?year=2081`, jsonInit('POST', definition, { Cookie: admin })), 201);
  await ok(fetch(`${t.url}/api/surveys/${id}/open`, jsonInit('POST', undefined, { Cookie: admin })));
  const answers: Record<string, Json> = {
    AAR: { plan: { education: { status: 'done', budget: 120 }, housing: { status: 'planned' } }, team: { lead: 'Ana', staff: 4 } },
    BIL: { plan: { education: { status: 'planned', budget: 80 } }, team: { staff: 2 } },
    LYO: { team: { lead: 'Léa' } },
  };
  for (const [city, data] of Object.entries(answers)) {
    await ok(fetch(`${t.url}/api/respond/${t.linkFor(id, cityId(city))}`, jsonInit('PUT', { data, revision: 0 })));
  }

  const a = await ok(fetch(`${t.url}/api/surveys/${id}/analysis`, { headers: { Cookie: admin } }));
  const plan = a.catalogue.questions.find((q: Json) => q.code === 'plan');
  expect(plan.cells.map((c: Json) => c.key)).toEqual(['education.status', 'education.budget', 'housing.status', 'housing.budget']);
  expect(plan.cells[0]).toMatchObject({ shape: 'single', type: 'dropdown', title: { en: 'Education · Status', fr: 'Éducation · État' } });
  expect(plan.cells[1]).toMatchObject({ shape: 'numeric', type: 'text' });

  // The question: cities answering any cell (Lyon gave no plan).
  expect(a.questions.plan).toMatchObject({ type: 'matrixdropdown', n: 2 });
  expect(a.questions['plan.education.status']).toMatchObject({ type: 'dropdown', row: 'education', column: 'status', n: 2, counts: { planned: 1, done: 1 } });
  expect(a.questions['plan.education.status'].shares.done.p).toBe(0.5);
  expect(a.questions['plan.housing.status']).toMatchObject({ n: 1, counts: { planned: 1, done: 0 } });
  expect(a.questions['plan.education.budget']).toMatchObject({ n: 2, mean: 100, min: 80, max: 120 });
  expect(a.questions['plan.housing.budget']).toMatchObject({ n: 0, mean: null });

  expect(a.questions.team).toMatchObject({ type: 'multipletext', n: 3 });
  expect(a.questions['team.lead']).toMatchObject({ item: 'lead', n: 2, texts: [{ city: 'AAR', text: 'Ana' }, { city: 'LYO', text: 'Léa' }] });
  expect(a.questions['team.staff']).toMatchObject({ item: 'staff', n: 2, mean: 3 });
});
