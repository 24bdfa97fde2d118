/**
 * Rec 13 in the analysis output (`rec13`, computePairing): each city's partners are its best pairs of
 * analysis/pairing.ts (score, then partner code), with the topics both chose; large sets are skipped, said so.
 * The matching itself is tested on constructed cases in tests/unit/pairing.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareCodes } from '../../analysis/answer-values';
import { PAIRING_MAX_CITIES, computePairing } from '../../analysis/needs-and-coordination';
import { surveyCatalogue } from '../../analysis/survey-catalogue';
import definition from '../../surveys/icc-annual-survey.json';

const catalogue = surveyCatalogue(definition);
const question = catalogue.questions.find((q) => q.indicator === 'pairing_topics')!;
const topics = question.options.filter((o) => o.kind === 'substantive').map((o) => o.key);
const code = (i: number) => `C${String(i).padStart(3, '0')}`;
const responses = (sets: { chosen: string[]; changed: string[] }[]) =>
  sets.map(({ chosen, changed }, i) => ({
    city: code(i),
    attrs: {},
    data: { pair_interest: 'yes', [question.code]: chosen, chg: Object.fromEntries(changed.map((a) => [a, 'yes'])) },
  })) as never[];

describe('computePairing', () => {
  test('property: each city gets its 3 best pairs, best first, ties by city code, with the topics both chose', () => {
    const city = fc.record({ chosen: fc.subarray(topics), changed: fc.subarray(topics) });
    fc.assert(
      fc.property(fc.array(city, { minLength: 0, maxLength: 20 }), (sets) => {
        const out = computePairing(catalogue, responses(sets));
        expect(out.interested).toBe(sets.length);
        for (const s of out.suggestions) {
          const mine = out.pairs
            .filter((p) => p.cities.includes(s.city))
            .map((p) => ({ city: p.cities.find((c) => c !== s.city)!, score: p.score }))
            .sort((a, b) => b.score - a.score || compareCodes(a.city, b.city))
            .slice(0, 3);
          expect(s.partners.map((p) => [p.city, p.score])).toEqual(mine.map((p) => [p.city, p.score]));
          const me = sets[Number(s.city.slice(1))]!.chosen;
          for (const p of s.partners) {
            const theirs = sets[Number(p.city.slice(1))]!.chosen;
            expect(p.sharedTopics).toEqual(me.filter((t) => theirs.includes(t)).sort(compareCodes));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('more interested cities than the limit: no suggestions, and the result says why', () => {
    const out = computePairing(catalogue, responses(Array.from({ length: PAIRING_MAX_CITIES + 1 }, () => ({ chosen: [topics[0]!], changed: [] }))));
    expect(out.interested).toBe(PAIRING_MAX_CITIES + 1);
    expect(out.suggestions).toEqual([]);
    expect(out.pairs).toEqual([]);
    expect(out.skipped).toMatch(/at most 1500/);
  });
});
