import { describe, expect, test } from 'vitest';
import { NumberTally } from '../../analysis/number-tally';
import { summariseSample, summariseSorted } from '../../analysis/sample-summary';
import { mulberry32 as seededRandom } from '../../analysis/seeded-random';

const tallyOf = (values: number[]) => {
  const t = new NumberTally();
  for (const v of values) t.add(v);
  return t;
};
/** Bit-exact comparison (Object.is tells -0 from 0). */
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

describe('NumberTally', () => {
  test('gives the values in the order a typed-array sort gives them, -0 before 0', () => {
    const values = [3, -0, 1.5, 0, -2, 3, -0, 100, 0, 0.1 + 0.2, -2, 7, 8, 9, 10, 11, 12];
    const sorted = tallyOf(values).sorted();
    expect(same(sorted, Float64Array.from(values).sort())).toBe(true);
    expect(Object.is(sorted[2], -0) && Object.is(sorted[4], 0)).toBe(true);
  });

  test('values that do not repeat (past the distinct values it counts) come back sorted and complete', () => {
    const random = seededRandom(7);
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? Math.floor(random() * 5) : random() * 1000 - 500));
    const t = tallyOf(values);
    expect(t.size).toBe(10_000);
    expect(same(t.sorted(), Float64Array.from(values).sort())).toBe(true);
  });

  test('summaries of the tally are those of the values, to the last bit', () => {
    const random = seededRandom(11);
    const values = Array.from({ length: 5_000 }, () => (100 * Math.floor(random() * 5)) / 4);
    expect(summariseSorted(tallyOf(values).sorted())).toEqual(summariseSample(values));
  });

  test('an empty tally gives an empty sample', () => {
    expect(new NumberTally().sorted().length).toBe(0);
  });
});
