import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addItem,
  addPage,
  addQuestion,
  canRedo,
  canUndo,
  changeType,
  commit,
  createHistory,
  deleteAt,
  duplicateAt,
  getAt,
  itemsOf,
  listUntranslated,
  moveAt,
  moveItem,
  moveTo,
  moveToTarget,
  outlineOf,
  redo,
  removeItem,
  setItemText,
  setProperty,
  setText,
  textOf,
  undo,
  updateItem,
  withText,
  type Definition,
} from '../../client/builder/edit-definition';

const loc = (en: string, fr: string) => ({ default: en, fr });

function sample(): Definition {
  return {
    title: loc('Survey', 'Enquête'),
    showProgressBar: true,
    pages: [
      {
        name: 'p1',
        elements: [
          { type: 'text', name: 'a', title: loc('A', 'A fr') },
          { type: 'panel', name: 'box', elements: [{ type: 'text', name: 'b' }, { type: 'text', name: 'c' }] },
          { type: 'radiogroup', name: 'd', choices: ['yes', { value: 'no', text: loc('No', 'Non'), score: 0 }], indicator: 'marker' },
        ],
      },
      { name: 'p2', elements: [{ type: 'comment', name: 'e' }] },
    ],
  };
}

const names = (def: Definition) => outlineOf(def).map((r) => `${' '.repeat(r.depth)}${r.name}`);

test('the outline lists pages, panels and questions in order with depth and English title', () => {
  expect(outlineOf(sample()).map((r) => [r.path.join('.'), r.depth, r.kind, r.name, r.title])).toEqual([
    ['0', 0, 'page', 'p1', ''],
    ['0.0', 1, 'question', 'a', 'A'],
    ['0.1', 1, 'panel', 'box', ''],
    ['0.1.0', 2, 'question', 'b', ''],
    ['0.1.1', 2, 'question', 'c', ''],
    ['0.2', 1, 'question', 'd', ''],
    ['1', 0, 'page', 'p2', ''],
    ['1.0', 1, 'question', 'e', ''],
  ]);
});

test('edits never change their input and keep untouched objects and key order', () => {
  const before = sample();
  const frozen = JSON.stringify(before);
  const after = setText(before, [0, 0], 'title', 'fr', 'A en français');
  expect(JSON.stringify(before)).toBe(frozen);
  expect(getAt(after, [0, 0])!.title).toEqual(loc('A', 'A en français'));
  // Objects off the edited path are shared, not copied.
  expect((after.pages as Definition[])[1]).toBe((before.pages as Definition[])[1]);
  expect(Object.keys(after)).toEqual(Object.keys(before));
  expect(Object.keys(getAt(after, [0, 0])!)).toEqual(['type', 'name', 'title']);
});

test('a question is added after the selected element, inside its panel, or at the end of a selected page, with a fresh code', () => {
  const afterA = addQuestion(sample(), 'radiogroup', [0, 0]);
  expect(afterA.path).toEqual([0, 1]);
  expect(getAt(afterA.definition, afterA.path)).toEqual({ type: 'radiogroup', name: 'question1' });
  const inPanel = addQuestion(afterA.definition, 'text', [0, 2, 0]);
  expect(inPanel.path).toEqual([0, 2, 1]);
  expect(getAt(inPanel.definition, inPanel.path)!.name).toBe('question2');
  const onPage = addQuestion(sample(), 'boolean', [1]);
  expect(onPage.path).toEqual([1, 1]);
  const empty = addQuestion({}, 'text');
  expect(empty.definition).toEqual({ pages: [{ name: 'page1', elements: [{ type: 'text', name: 'question1' }] }] });
});

test('duplicating copies deeply with new codes, inserted right after', () => {
  const { definition, path } = duplicateAt(sample(), [0, 1]);
  expect(path).toEqual([0, 2]);
  expect(names(definition)).toEqual(['p1', ' a', ' box', '  b', '  c', ' box_copy1', '  b_copy1', '  c_copy1', ' d', 'p2', ' e']);
  const again = duplicateAt(definition, [0, 2]);
  expect(getAt(again.definition, again.path)!.name).toBe('box_copy2');
  const q = duplicateAt(sample(), [0, 2]);
  expect(getAt(q.definition, q.path)).toEqual({ ...getAt(sample(), [0, 2]), name: 'd_copy1' });
});

test('deleting removes the element or page', () => {
  expect(names(deleteAt(sample(), [0, 1, 0]))).toEqual(['p1', ' a', ' box', '  c', ' d', 'p2', ' e']);
  expect(names(deleteAt(sample(), [0]))).toEqual(['p2', ' e']);
});

describe('moving up and down as in a tree', () => {
  test('within a list', () => {
    const m = moveAt(sample(), [1], -1)!;
    expect(m.path).toEqual([0]);
    expect(names(m.definition)[0]).toBe('p2');
    const inPanel = moveAt(sample(), [0, 1, 1], -1)!;
    expect(inPanel.path).toEqual([0, 1, 0]);
    expect(names(inPanel.definition).slice(2, 5)).toEqual([' box', '  c', '  b']);
  });
  test('into a neighbouring panel and out of it', () => {
    const down = moveAt(sample(), [0, 0], 1)!;
    expect(down.path).toEqual([0, 0, 0]);
    expect(names(down.definition).slice(0, 5)).toEqual(['p1', ' box', '  a', '  b', '  c']);
    const up = moveAt(sample(), [0, 2], -1)!;
    expect(up.path).toEqual([0, 1, 2]);
    expect(names(up.definition).slice(2, 6)).toEqual([' box', '  b', '  c', '  d']);
    const out = moveAt(sample(), [0, 1, 0], -1)!;
    expect(out.path).toEqual([0, 1]);
    expect(names(out.definition).slice(0, 5)).toEqual(['p1', ' a', ' b', ' box', '  c']);
    const outDown = moveAt(sample(), [0, 1, 1], 1)!;
    expect(outDown.path).toEqual([0, 2]);
    expect(names(outDown.definition).slice(2, 6)).toEqual([' box', '  b', ' c', ' d']);
  });
  test('across pages, and not past the first or last', () => {
    const next = moveAt(sample(), [0, 2], 1)!;
    expect(next.path).toEqual([1, 0]);
    expect(names(next.definition).slice(-3)).toEqual(['p2', ' d', ' e']);
    const previous = moveAt(sample(), [1, 0], -1)!;
    expect(previous.path).toEqual([0, 3]);
    expect(moveAt(sample(), [0, 0], -1)).toBeUndefined();
    expect(moveAt(sample(), [1, 0], 1)).toBeUndefined();
    expect(moveAt(sample(), [0], -1)).toBeUndefined();
  });
  test('property: moving down then up (or up then down) returns the same definition', () => {
    const paths = outlineOf(sample()).map((r) => r.path);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.constantFrom(-1 as const, 1 as const), (path, dir) => {
        const there = moveAt(sample(), path, dir);
        if (!there) return;
        const back = moveAt(there.definition, there.path, dir === 1 ? -1 : 1)!;
        expect(back.definition).toEqual(sample());
        expect(back.path).toEqual(path);
      }),
    );
  });
});

describe('moving to any place (drag and drop)', () => {
  test('before or after another element, in the same list or another one', () => {
    const after = moveToTarget(sample(), [0, 0], [0, 2], 'after')!;
    expect(after.path).toEqual([0, 2]);
    expect(names(after.definition)).toEqual(['p1', ' box', '  b', '  c', ' d', ' a', 'p2', ' e']);
    const before = moveToTarget(sample(), [0, 2], [0, 0], 'before')!;
    expect(before.path).toEqual([0, 0]);
    expect(names(before.definition).slice(0, 3)).toEqual(['p1', ' d', ' a']);
    const beforeInPanel = moveToTarget(sample(), [0, 2], [0, 1, 1], 'before')!;
    expect(beforeInPanel.path).toEqual([0, 1, 1]);
    expect(names(beforeInPanel.definition).slice(2, 6)).toEqual([' box', '  b', '  d', '  c']);
    const outOfPanel = moveToTarget(sample(), [0, 1, 0], [1, 0], 'after')!;
    expect(outOfPanel.path).toEqual([1, 1]);
    expect(names(outOfPanel.definition).slice(-3)).toEqual(['p2', ' e', ' b']);
  });
  test('into a panel or to the end of another page; a panel moves with its questions', () => {
    const intoPanel = moveToTarget(sample(), [0, 0], [0, 1], 'inside')!;
    expect(intoPanel.path).toEqual([0, 0, 2]);
    expect(names(intoPanel.definition).slice(0, 5)).toEqual(['p1', ' box', '  b', '  c', '  a']);
    const toPage = moveToTarget(sample(), [0, 0], [1], 'inside')!;
    expect(toPage.path).toEqual([1, 1]);
    expect(getAt(toPage.definition, toPage.path)).toEqual(getAt(sample(), [0, 0]));
    const panel = moveToTarget(sample(), [0, 1], [1, 0], 'before')!;
    expect(panel.path).toEqual([1, 0]);
    expect(names(panel.definition)).toEqual(['p1', ' a', ' d', 'p2', ' box', '  b', '  c', ' e']);
    // A page whose elements come before the slot: the slot counts places before the move.
    expect(moveTo(sample(), [0, 0], { parent: [0], index: 3 })!.path).toEqual([0, 2]);
    const page = moveToTarget(sample(), [0], [1], 'after')!;
    expect(page.path).toEqual([1]);
    expect(names(page.definition)[0]).toBe('p2');
  });
  test('refused: into itself, no change, a page into a page, into a question, out of or into a dynamic panel', () => {
    expect(moveToTarget(sample(), [0, 1], [0, 1, 0], 'after')).toBeUndefined();
    expect(moveToTarget(sample(), [0, 1], [0, 1], 'inside')).toBeUndefined();
    expect(moveToTarget(sample(), [0, 0], [0, 1], 'before')).toBeUndefined();
    expect(moveToTarget(sample(), [0, 0], [0, 0], 'after')).toBeUndefined();
    expect(moveToTarget(sample(), [0], [1], 'inside')).toBeUndefined();
    expect(moveToTarget(sample(), [0, 1, 0], [0], 'before')).toBeUndefined();
    expect(moveToTarget(sample(), [0, 0], [0, 2], 'inside')).toBeUndefined();
    const dyn: Definition = {
      pages: [
        {
          name: 'p',
          elements: [
            { type: 'text', name: 'x' },
            { type: 'paneldynamic', name: 'people', templateElements: [{ type: 'text', name: 'who' }, { type: 'text', name: 'role' }] },
          ],
        },
      ],
    };
    expect(moveToTarget(dyn, [0, 1, 0], [0, 0], 'before')).toBeUndefined();
    expect(moveToTarget(dyn, [0, 0], [0, 1, 0], 'before')).toBeUndefined();
    expect(moveToTarget(dyn, [0, 0], [0, 1], 'inside')).toBeUndefined();
    expect(moveAt(dyn, [0, 1, 0], -1)).toBeUndefined();
    // Within it, questions still move.
    const inside = moveToTarget(dyn, [0, 1, 0], [0, 1, 1], 'after')!;
    expect(inside.path).toEqual([0, 1, 1]);
    expect(getAt(inside.definition, [0, 1])!.templateElements).toEqual([{ type: 'text', name: 'role' }, { type: 'text', name: 'who' }]);
  });
  test('property: a drop never loses or duplicates anything and leaves its input unchanged', () => {
    const paths = outlineOf(sample()).map((r) => r.path);
    const sorted = (def: Definition) => names(def).map((n) => n.trim()).sort();
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.constantFrom(...paths), fc.constantFrom('before' as const, 'after' as const, 'inside' as const), (from, target, pos) => {
        const input = sample();
        const moved = moveToTarget(input, from, target, pos);
        expect(input).toEqual(sample());
        if (!moved) return;
        expect(sorted(moved.definition)).toEqual(sorted(input));
        expect(getAt(moved.definition, moved.path)).toEqual(getAt(input, from));
      }),
    );
  });
});

test('localised texts: plain strings become objects, empty texts are removed, nothing left removes the property', () => {
  expect(withText('Hello', 'fr', 'Bonjour')).toEqual({ default: 'Hello', fr: 'Bonjour' });
  expect(withText({ default: 'Hello', fr: 'Bonjour' }, 'fr', '')).toEqual({ default: 'Hello' });
  expect(withText({ default: 'Hello' }, 'default', '')).toBeUndefined();
  expect(withText(undefined, 'fr', 'Bonjour')).toEqual({ fr: 'Bonjour' });
  expect(textOf('Hello', 'default')).toBe('Hello');
  expect(textOf('Hello', 'fr')).toBe('');
  let d = setText(sample(), [0, 1, 0], 'title', 'default', 'B');
  d = setText(d, [0, 1, 0], 'title', 'fr', 'B fr');
  expect(getAt(d, [0, 1, 0])!.title).toEqual(loc('B', 'B fr'));
  d = setText(setText(d, [0, 1, 0], 'title', 'fr', ''), [0, 1, 0], 'title', 'default', '');
  expect('title' in getAt(d, [0, 1, 0])!).toBe(false);
  expect(setText(sample(), [0, 0], 'title', 'default', 'A')).toEqual(sample());
});

test('changing the type drops properties the new type lacks and keeps choices between choice types', () => {
  const checkbox = changeType(sample(), [0, 2], 'checkbox');
  expect(getAt(checkbox, [0, 2])).toEqual({ ...getAt(sample(), [0, 2]), type: 'checkbox' });
  const text = changeType(sample(), [0, 2], 'text');
  expect(getAt(text, [0, 2])).toEqual({ type: 'text', name: 'd', indicator: 'marker' });
  const rating = changeType(setProperty(sample(), [0, 0], 'maxLength', 20), [0, 0], 'comment');
  expect(getAt(rating, [0, 0])).toEqual({ type: 'comment', name: 'a', title: loc('A', 'A fr'), maxLength: 20 });
});

test('choices: add with a free value, edit value, texts and score, reorder and remove; bare values become objects only when edited', () => {
  let d = addItem(sample(), [0, 2]);
  expect(itemsOf(getAt(d, [0, 2])).map((c) => c.value)).toEqual(['yes', 'no', 'item3']);
  d = setItemText(d, [0, 2], 2, 'default', 'Partly');
  d = setItemText(d, [0, 2], 2, 'fr', 'En partie');
  d = updateItem(d, [0, 2], 2, (c) => ({ ...c, value: 'partly', score: 0.5 }));
  d = moveItem(d, [0, 2], 2, -1);
  expect(getAt(d, [0, 2])!.choices).toEqual(['yes', { value: 'partly', text: loc('Partly', 'En partie'), score: 0.5 }, { value: 'no', text: loc('No', 'Non'), score: 0 }]);
  expect(moveItem(d, [0, 2], 0, -1)).toBe(d);
  d = updateItem(d, [0, 2], 0, (c) => ({ ...c, score: 1 }));
  d = updateItem(d, [0, 2], 1, (c) => ({ ...c, score: undefined }));
  d = removeItem(d, [0, 2], 2);
  expect(getAt(d, [0, 2])!.choices).toEqual([{ value: 'yes', score: 1 }, { value: 'partly', text: loc('Partly', 'En partie') }]);
});

test('untranslated texts are listed: one-language texts, plain strings and choices shown by their value', () => {
  expect(listUntranslated(sample())).toEqual(['pages[0].elements[2].choices[0]']);
  let d = setText(sample(), [0, 1, 0], 'title', 'default', 'Only English');
  d = addItem(d, [0, 2]);
  d = setProperty(d, [1], 'title', 'Page two');
  expect(listUntranslated(d)).toEqual([
    'pages[0].elements[1].elements[0].title',
    'pages[0].elements[2].choices[0]',
    'pages[0].elements[2].choices[2].text',
    'pages[1].title',
  ]);
  expect(listUntranslated({ pages: [{ elements: [{ type: 'rating', name: 'r', choices: ['1', '2'] }] }] })).toEqual([]);
});

test('undo and redo walk a stack of definitions; typing in one field is one step; a new edit clears redo', () => {
  const d0 = sample();
  let h = createHistory(d0);
  expect(canUndo(h)).toBe(false);
  const d1 = addPage(d0).definition;
  h = commit(h, d1);
  const d2 = setText(d1, [0, 0], 'title', 'fr', 'A f');
  h = commit(h, d2, 'title-fr');
  const d3 = setText(d2, [0, 0], 'title', 'fr', 'A fr!');
  h = commit(h, d3, 'title-fr');
  expect(h.past).toEqual([d0, d1]);
  expect(commit(h, d3)).toBe(h);
  h = undo(h);
  expect(h.present).toBe(d1);
  expect(canRedo(h)).toBe(true);
  h = undo(h);
  expect(h.present).toBe(d0);
  expect(undo(h)).toBe(h);
  h = redo(redo(h));
  expect(h.present).toBe(d3);
  expect(redo(h)).toBe(h);
  h = undo(h);
  // After an undo, the same key starts a new step, and redo is gone once something else is edited.
  h = commit(h, setProperty(d1, [0, 0], 'isRequired', true), 'title-fr');
  expect(h.past).toEqual([d0, d1]);
  expect(canRedo(h)).toBe(false);
});
