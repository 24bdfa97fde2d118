import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  applyImport,
  collectTexts,
  completenessOf,
  parseTranslationsCsv,
  planImport,
  setEntryText,
  translationsCsv,
} from '../../client/builder/translations';
import type { Definition } from '../../client/builder/edit-definition';
import { findUntranslated, loadDefaultSurveys } from '../../surveys/default-surveys';

const loc = (en: string, fr: string) => ({ default: en, fr });

function sample(): Definition {
  return {
    title: loc('Survey', 'Enquête'),
    pages: [
      {
        name: 'p1',
        title: 'Welcome',
        elements: [
          {
            type: 'radiogroup',
            name: 'motto',
            title: loc('Motto?', 'Devise ?'),
            description: { fr: 'Seulement en français' },
            choices: [{ value: 'yes', text: loc('Yes', 'Oui') }, { value: 'no' }, 'maybe', 3],
          },
          { type: 'panel', name: 'box', title: loc('Box', 'Boîte'), elements: [{ type: 'text', name: 'why/how', title: '=SUM(A1)' }] },
          { type: 'matrix', name: 'grid', rows: [{ value: 'r1', text: loc('Row', 'Ligne') }], columns: [{ value: 1, text: 'One' }] },
        ],
      },
    ],
  };
}

test('every text is listed once under a stable key naming its element and property', () => {
  const entries = collectTexts(sample());
  expect(entries.map((e) => [e.key, e.element, e.property, e.en, e.fr, e.translated])).toEqual([
    ['survey/title', 'survey', 'title', 'Survey', 'Enquête', true],
    ['page/p1/title', 'p1', 'title', 'Welcome', '', false],
    ['element/motto/title', 'motto', 'title', 'Motto?', 'Devise ?', true],
    ['element/motto/description', 'motto', 'description', '', 'Seulement en français', false],
    ['element/motto/choices/yes/text', 'motto', 'choices/yes/text', 'Yes', 'Oui', true],
    ['element/motto/choices/no/text', 'motto', 'choices/no/text', 'no', '', false],
    ['element/motto/choices/maybe/text', 'motto', 'choices/maybe/text', 'maybe', '', false],
    ['element/box/title', 'box', 'title', 'Box', 'Boîte', true],
    ['element/why%2Fhow/title', 'why/how', 'title', '=SUM(A1)', '', false],
    ['element/grid/rows/r1/text', 'grid', 'rows/r1/text', 'Row', 'Ligne', true],
    ['element/grid/columns/1/text', 'grid', 'columns/1/text', 'One', '', false],
  ]);
  expect(completenessOf(entries)).toEqual({ translated: 5, total: 11 });
});

test('the untranslated texts are the ones the server refuses to publish', () => {
  for (const def of [sample(), ...loadDefaultSurveys().map((s) => s.definition)]) {
    const ours = collectTexts(def).filter((e) => !e.translated).length;
    expect(ours).toBe(findUntranslated(def).length);
  }
  const shipped = loadDefaultSurveys()[0]!.definition;
  const { translated, total } = completenessOf(collectTexts(shipped));
  expect(total).toBeGreaterThan(50);
  expect(translated).toBe(total);
});

test('filling a missing French text translates it, keeping the English', () => {
  const def = sample();
  const find = (d: Definition, key: string) => collectTexts(d).find((e) => e.key === key)!;
  let d = setEntryText(def, find(def, 'page/p1/title'), 'fr', 'Bienvenue');
  d = setEntryText(d, find(d, 'element/motto/choices/no/text'), 'fr', 'Non');
  d = setEntryText(d, find(d, 'element/motto/choices/maybe/text'), 'fr', 'Peut-être');
  d = setEntryText(d, find(d, 'element/motto/description'), 'default', 'French only');
  const page = (d.pages as Definition[])[0]!;
  expect(page.title).toEqual(loc('Welcome', 'Bienvenue'));
  const motto = (page.elements as Definition[])[0]!;
  expect(motto.choices).toEqual([{ value: 'yes', text: loc('Yes', 'Oui') }, { value: 'no', text: loc('no', 'Non') }, { value: 'maybe', text: loc('maybe', 'Peut-être') }, 3]);
  expect(motto.description).toEqual({ fr: 'Seulement en français', default: 'French only' });
  expect(completenessOf(collectTexts(d))).toEqual({ translated: 9, total: 11 });
  expect(def).toEqual(sample()); // the input is not changed
});

test('export then import unchanged gives the identical definition', () => {
  const def = sample();
  const csv = translationsCsv(def);
  expect(csv.split('\r\n')[0]).toBe('key,element,property,english,french');
  expect(csv).toContain(",'=SUM(A1),"); // a spreadsheet would run it as a formula
  const { rows, errors } = parseTranslationsCsv(`\uFEFF${csv}`);
  expect(errors).toEqual([]);
  const plan = planImport(def, rows);
  expect(plan).toEqual({ changes: [], unknownKeys: [], duplicateKeys: [] });
  expect(applyImport(def, plan)).toBe(def);
});

test("a translator's file changes the texts it fills in, and only those", () => {
  const def = sample();
  const csv = translationsCsv(def, { onlyUntranslated: true });
  const { rows } = parseTranslationsCsv(csv);
  expect(rows.map((r) => r.key)).toEqual(collectTexts(def).filter((e) => !e.translated).map((e) => e.key));
  const filled = rows.map((r) => ({ ...r, french: r.french || `FR ${r.english}` }));
  const plan = planImport(def, filled.filter((r) => r.key !== 'element/motto/description'));
  expect(plan.changes.map((c) => [c.key, c.locale, c.before, c.after])).toEqual([
    ['page/p1/title', 'fr', '', 'FR Welcome'],
    ['element/motto/choices/no/text', 'fr', '', 'FR no'],
    ['element/motto/choices/maybe/text', 'fr', '', 'FR maybe'],
    ['element/why%2Fhow/title', 'fr', '', 'FR =SUM(A1)'],
    ['element/grid/columns/1/text', 'fr', '', 'FR One'],
  ]);
  const after = applyImport(def, plan);
  expect(collectTexts(after).filter((e) => !e.translated).map((e) => e.key)).toEqual(['element/motto/description']);
  const grid = ((after.pages as Definition[])[0]!.elements as Definition[])[2]!;
  expect(grid.columns).toEqual([{ value: 1, text: loc('One', 'FR One') }]);
});

test('a file naming unknown or repeated keys is refused', () => {
  const def = sample();
  const { rows } = parseTranslationsCsv('key,english,french\nelement/nope/title,A,B\nsurvey/title,Survey,Enquête\nsurvey/title,Survey,Sondage\n');
  const plan = planImport(def, rows);
  expect(plan.unknownKeys).toEqual(['element/nope/title']);
  expect(plan.duplicateKeys).toEqual(['survey/title']);
  expect(() => applyImport(def, plan)).toThrow(/refused/);
  expect(parseTranslationsCsv('name,text\na,b\n').errors).toEqual(['missing column(s): key, english, french']);
});

test('any texts survive the CSV round trip (property)', () => {
  const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom("'=x", "''-1", '\r\n', '"a,b"'));
  fc.assert(
    fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 6 }), (pairs) => {
      const def: Definition = {
        pages: [{ name: 'p', elements: pairs.map(([en, fr], i) => ({ type: 'text', name: `q${i}`, title: { default: en, fr } })) }],
      };
      const { rows, errors } = parseTranslationsCsv(translationsCsv(def));
      expect(errors).toEqual([]);
      expect(planImport(def, rows).changes).toEqual([]);
    }),
    { numRuns: 200 },
  );
});
