import fc from 'fast-check';
import { expect, test } from 'vitest';
import { mergeAnswers, sameValue, type Answers } from '../../surveys/answers-merge';

/** Merges with the base given as a whole answer set, as the response store reads it from history. */
const merge = (base: Answers, current: Answers, sent: Answers) =>
  mergeAnswers({ current, sent, baseValue: (q) => (Object.hasOwn(base, q) ? base[q] : undefined) });

test('sameValue compares JSON values structurally, ignoring key order', () => {
  expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
  expect(sameValue('yes', 'yes')).toBe(true);
  expect(sameValue(0, 0)).toBe(true);
  expect(sameValue(undefined, undefined)).toBe(true);
  expect(sameValue(null, null)).toBe(true);
});

test('sameValue tells different values apart', () => {
  expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false); // the order of a ranking matters
  expect(sameValue([1], [1, 2])).toBe(false);
  expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  expect(sameValue({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
  expect(sameValue(null, undefined)).toBe(false);
  expect(sameValue(0, '0')).toBe(false);
  expect(sameValue(1, true)).toBe(false);
  expect(sameValue([], {})).toBe(false);
  expect(sameValue({}, null)).toBe(false);
  expect(sameValue('', undefined)).toBe(false);
});

test('changes to different answers merge', () => {
  const result = merge({ q0: 'same' }, { q0: 'same', q1: 'server' }, { q0: 'same', q2: 'sender' });
  expect(result).toEqual({ merged: { q0: 'same', q1: 'server', q2: 'sender' }, changes: [{ question: 'q2', value: 'sender' }], conflicts: [] });
});

test('the same answer changed differently on both sides is a conflict', () => {
  const result = merge({ q1: 'base' }, { q1: 'server' }, { q1: 'sender' });
  expect(result).toEqual({ merged: { q1: 'server' }, changes: [], conflicts: ['q1'] });
});

test('the same answer changed to the same value on both sides is no conflict and no change', () => {
  const result = merge({ q1: 'base' }, { q1: 'both' }, { q1: 'both' });
  expect(result).toEqual({ merged: { q1: 'both' }, changes: [], conflicts: [] });
});

test('an answer the sender left as it was at the base keeps the server value', () => {
  const result = merge({ q1: 'base', q2: 1 }, { q1: 'server', q2: 1 }, { q1: 'base', q2: 1 });
  expect(result).toEqual({ merged: { q1: 'server', q2: 1 }, changes: [], conflicts: [] });
});

test('an answer added on the server since the base is kept when the sender never saw it', () => {
  const result = merge({}, { q1: 'server' }, {});
  expect(result).toEqual({ merged: { q1: 'server' }, changes: [], conflicts: [] });
});

test('clearing an answer the server still has at its base value removes it', () => {
  const result = merge({ q1: 'base', q2: 'keep' }, { q1: 'base', q2: 'keep' }, { q2: 'keep' });
  expect(result).toEqual({ merged: { q2: 'keep' }, changes: [{ question: 'q1', value: undefined }], conflicts: [] });
  expect(Object.hasOwn(result.merged, 'q1')).toBe(false);
});

test('clearing an answer the server changed since the base is a conflict', () => {
  expect(merge({ q1: 'base' }, { q1: 'server' }, {}).conflicts).toEqual(['q1']);
});

test('changing an answer the server cleared since the base is a conflict', () => {
  expect(merge({ q1: 'base' }, {}, { q1: 'sender' }).conflicts).toEqual(['q1']);
});

test('the key order inside an answer is irrelevant', () => {
  const result = merge({ m: { a: 1, b: 2 } }, { m: { a: 1, b: 2 } }, { m: { b: 2, a: 1 } });
  expect(result).toEqual({ merged: { m: { a: 1, b: 2 } }, changes: [], conflicts: [] });
});

test('a reordered ranking is a change', () => {
  const result = merge({ r: ['a', 'b'] }, { r: ['a', 'b'] }, { r: ['b', 'a'] });
  expect(result).toEqual({ merged: { r: ['b', 'a'] }, changes: [{ question: 'r', value: ['b', 'a'] }], conflicts: [] });
});

test('conflicts are listed in alphabetical order', () => {
  const result = merge({ b: 0, a: 0, c: 0 }, { b: 1, a: 1, c: 1 }, { c: 2, b: 2, a: 2 });
  expect(result.conflicts).toEqual(['a', 'b', 'c']);
});

test('the merge does not modify its inputs', () => {
  const current = { q1: 'server', q2: { a: 1 } };
  const sent = { q2: { a: 1 }, q3: 'new' };
  const snapshot = JSON.stringify([current, sent]);
  merge({ q1: 'server', q2: { a: 1 } }, current, sent);
  expect(JSON.stringify([current, sent])).toBe(snapshot);
});

test('baseValue is only asked for answers where sender and server differ', () => {
  const asked: string[] = [];
  mergeAnswers({
    current: { same: 1, differs: 'a' },
    sent: { same: 1, differs: 'b', added: true },
    baseValue: (q) => {
      asked.push(q);
      return undefined;
    },
  });
  expect(asked.sort()).toEqual(['added', 'differs']);
});

test('a question code named like an Object.prototype member merges like any other', () => {
  const result = merge({}, { a: 1 }, { valueOf: 'v' });
  expect(result).toEqual({ merged: { a: 1, valueOf: 'v' }, changes: [{ question: 'valueOf', value: 'v' }], conflicts: [] });
});

// ---------------------------------------------------------------------------------------------
// Properties

const key = fc.constantFrom('q1', 'q2', 'q3', 'chg', 'prog', 'team_size', 'final_comment');
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 5 }),
    fc.integer({ min: -3, max: 3 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;
const answers = fc.dictionary(key, json, { maxKeys: 5, noNullPrototype: true }) as fc.Arbitrary<Answers>;

test('property: merging from the current revision never conflicts and yields what was sent', () => {
  fc.assert(
    fc.property(answers, answers, (current, sent) => {
      const { merged, conflicts } = merge(current, current, sent);
      expect(conflicts).toEqual([]);
      expect(sameValue(merged, sent)).toBe(true);
    }),
  );
});

test('property: a sender that changed nothing since its base keeps the server answers', () => {
  fc.assert(
    fc.property(answers, answers, (base, current) => {
      const { merged, conflicts, changes } = merge(base, current, base);
      expect(conflicts).toEqual([]);
      expect(changes).toEqual([]);
      expect(sameValue(merged, current)).toBe(true);
    }),
  );
});

test('property: the merge keeps every answer only one side changed', () => {
  fc.assert(
    fc.property(answers, answers, answers, (base, current, sent) => {
      const { merged, conflicts } = merge(base, current, sent);
      for (const q of new Set([...Object.keys(base), ...Object.keys(current), ...Object.keys(sent)])) {
        if (conflicts.includes(q)) continue;
        if (!sameValue(sent[q], base[q])) expect(sameValue(merged[q], sent[q])).toBe(true);
        else expect(sameValue(merged[q], current[q])).toBe(true);
      }
    }),
  );
});

test('property: sameValue agrees with comparing canonical JSON', () => {
  const canonical = (v: unknown): string =>
    JSON.stringify(v, (_k, x) =>
      x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
    );
  fc.assert(
    fc.property(json, json, (a, b) => {
      expect(sameValue(a, b)).toBe(canonical(a) === canonical(b));
      expect(sameValue(a, JSON.parse(JSON.stringify(a)))).toBe(true);
    }),
  );
});
