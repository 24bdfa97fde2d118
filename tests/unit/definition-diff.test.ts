import { expect, test } from 'vitest';
import { canonical, collectQuestions, diffDefinitions, isSameDefinition } from '../../surveys/definition-diff';

const loc = (en: string, fr: string) => ({ default: en, fr });

function base() {
  return {
    title: loc('Survey', 'Enquête'),
    pages: [
      {
        name: 'intro',
        elements: [
          { type: 'radiogroup', name: 'role', title: loc('Role', 'Rôle'), choices: ['coordinator', { value: 'staff', text: loc('Staff', 'Personnel') }] },
          {
            type: 'panel',
            name: 'box',
            elements: [{ type: 'text', name: 'size', title: loc('Size', 'Taille'), inputType: 'number' }],
          },
        ],
      },
      {
        name: 'matrix',
        elements: [
          {
            type: 'matrix',
            name: 'chg',
            rows: [{ value: 'education', policyArea: 'education' }],
            columns: [
              { value: 'yes', score: 1 },
              { value: 'no', score: 0 },
            ],
          },
        ],
      },
    ],
  };
}

test('identical definitions have no differences, whatever the key order', () => {
  const a = base();
  const b = JSON.parse(JSON.stringify(a), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
  expect(diffDefinitions(a, b)).toEqual({
    added: [],
    removed: [],
    changed: [],
    possibleRenames: [],
    pages: { added: [], removed: [] },
    surveyProperties: [],
  });
  expect(isSameDefinition(a, b)).toBe(true);
  expect(canonical({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
});

test('questions inside panels are collected with their page; panels themselves are not questions', () => {
  const found = collectQuestions(base());
  expect([...found.keys()]).toEqual(['role', 'size', 'chg']);
  expect(found.get('size')!.page).toBe('intro');
  expect(collectQuestions({ pages: [{ elements: [{ type: 'text', name: 'x' }] }] }).get('x')!.page).toBe('page1');
  expect(collectQuestions(null).size).toBe(0);
});

test('an added and a removed question are listed with type, page and title', () => {
  const b = base();
  b.pages[0]!.elements.splice(1, 1);
  b.pages[1]!.elements.push({ type: 'comment', name: 'note', title: loc('Note', 'Note') } as never);
  const d = diffDefinitions(base(), b);
  expect(d.removed).toEqual([{ name: 'size', type: 'text', page: 'intro', title: loc('Size', 'Taille') }]);
  expect(d.added).toEqual([{ name: 'note', type: 'comment', page: 'matrix', title: loc('Note', 'Note') }]);
  expect(d.changed).toEqual([]);
  expect(d.possibleRenames).toEqual([]);
});

test('choices are compared by value: a bare value equals {value}, text and score changes are named, order changes flagged', () => {
  const b = base();
  const role = b.pages[0]!.elements[0] as { choices: unknown[]; isRequired?: boolean };
  role.choices = [
    { value: 'staff', text: loc('Staff member', 'Membre du personnel') },
    { value: 'coordinator' },
    { value: 'elected', text: loc('Elected', 'Élu') },
  ];
  role.isRequired = true;
  const matrix = b.pages[1]!.elements[0] as { columns: { value: string; score: number }[] };
  matrix.columns[1]!.score = 0.5;
  const d = diffDefinitions(base(), b);
  expect(d.changed).toEqual([
    {
      name: 'role',
      type: 'radiogroup',
      page: 'intro',
      title: loc('Role', 'Rôle'),
      properties: ['isRequired'],
      items: [{ list: 'choices', added: ['elected'], removed: [], changed: [{ value: 'staff', properties: ['text'] }], reordered: true }],
    },
    {
      name: 'chg',
      type: 'matrix',
      page: 'matrix',
      properties: [],
      items: [{ list: 'columns', added: [], removed: [], changed: [{ value: 'no', properties: ['score'] }], reordered: false }],
    },
  ]);
});

test('a question moved to another page is a change with movedFrom', () => {
  const b = base();
  const [size] = (b.pages[0]!.elements[1] as { elements: unknown[] }).elements.splice(0, 1);
  b.pages[1]!.elements.push(size as never);
  const d = diffDefinitions(base(), b);
  expect(d.changed).toEqual([{ name: 'size', type: 'text', page: 'matrix', title: loc('Size', 'Taille'), properties: [], items: [], movedFrom: 'intro' }]);
});

test('a question under a new code with the same content or title is suggested as a rename', () => {
  const b = base();
  (b.pages[0]!.elements[0] as { name: string }).name = 'respondent_role';
  const inner = (b.pages[0]!.elements[1] as { elements: { name: string; inputType?: string }[] }).elements[0]!;
  inner.name = 'population';
  delete inner.inputType;
  const d = diffDefinitions(base(), b);
  expect(d.removed.map((q) => q.name)).toEqual(['role', 'size']);
  expect(d.added.map((q) => q.name)).toEqual(['respondent_role', 'population']);
  expect(d.possibleRenames).toEqual([
    { from: 'role', to: 'respondent_role' },
    { from: 'size', to: 'population' },
  ]);
});

test('pages and survey-level properties are compared too', () => {
  const b = base() as ReturnType<typeof base> & { showProgressBar?: boolean };
  b.pages[1]!.name = 'changes';
  b.title = loc('Survey 2026', 'Enquête 2026');
  b.showProgressBar = true;
  const d = diffDefinitions(base(), b);
  expect(d.pages).toEqual({ added: ['changes'], removed: ['matrix'] });
  expect(d.surveyProperties).toEqual(['showProgressBar', 'title']);
  expect(d.changed.map((q) => [q.name, q.movedFrom])).toEqual([['chg', 'matrix']]);
});
