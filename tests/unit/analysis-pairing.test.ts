/** Rec 13 pairing suggestions: the one-pass top-3 selection equals sorting every candidate; large sets are skipped, said so. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareCodes } from '../../analysis/answer-values';
import { PAIRING_MAX_CITIES, computePairing } from '../../analysis/needs-and-coordination';
import { surveyCatalogue } from '../../analysis/survey-catalogue';
import definition from '../../surveys/icc-annual-survey.json';

const catalogue = surveyCatalogue(definition);
const question = catalogue.questions.find((q) => q.indicator === 'pairing_topics')!;
const topics = question.options.filter((o) => o.kind === 'substantive').map((o) => o.key);
const responses = (sets: string[][]) =>
  sets.map((chosen, i) => ({ city: `C${String(i).padStart(3, '0')}`, attrs: {}, data: { [question.code]: chosen } })) as never[];

describe('computePairing', () => {
  test('property: each city gets the 3 partners sharing most topics, ties by city code, as a full sort gives', () => {
    fc.assert(
      fc.property(fc.array(fc.subarray(topics), { minLength: 0, maxLength: 25 }), (sets) => {
        const out = computePairing(catalogue, responses(sets));
        const cities = sets.map((s, i) => ({ city: `C${String(i).padStart(3, '0')}`, topics: s })).filter((c) => c.topics.length > 0);
        expect(out.interested).toBe(cities.length);
        for (const s of out.suggestions) {
          const me = cities.find((c) => c.city === s.city)!;
          const expected = cities
            .filter((o) => o.city !== me.city)
            .map((o) => ({ city: o.city, shared: me.topics.filter((t) => o.topics.includes(t)).length }))
            .filter((p) => p.shared > 0)
            .sort((a, b) => b.shared - a.shared || compareCodes(a.city, b.city))
            .slice(0, 3)
            .map((p) => p.city);
          expect(s.partners.map((p) => p.city)).toEqual(expected);
          for (const p of s.partners) expect(p.sharedTopics.every((t) => me.topics.includes(t))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('more interested cities than the limit: no suggestions, and the result says why', () => {
    const out = computePairing(catalogue, responses(Array.from({ length: PAIRING_MAX_CITIES + 1 }, () => [topics[0]!])));
    expect(out.interested).toBe(PAIRING_MAX_CITIES + 1);
    expect(out.suggestions).toEqual([]);
    expect(out.skipped).toMatch(/at most 1500/);
  });
});
