/**
 * Rec 13 peer pairing (analysis/pairing.ts) on the real questionnaire: constructed cities whose best partner is
 * known by construction, exact scores computed by hand, and properties (symmetry, no self-pair, only interested
 * cities, determinism whatever the order of the answers, the candidate index never misses a better partner).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareCodes } from '../../analysis/answer-values';
import { computePairing } from '../../analysis/needs-and-coordination';
import { PARTNERS_PER_CITY, pairingProfiles, scorePair, suggestPairs, type PairSuggestion } from '../../analysis/pairing';
import { surveyCatalogue } from '../../analysis/survey-catalogue';
import definition from '../../surveys/icc-annual-survey.json';

const catalogue = surveyCatalogue(definition);
const AREAS = ['commitment', 'education', 'neighbourhoods', 'public_space', 'language', 'media_communication'];
const NEEDS = ['expert_support', 'training', 'peer_exchange', 'funding_info', 'monitoring_tools'];

interface CityInput {
  interest?: 'yes' | 'maybe' | 'no';
  wants?: string[];
  changed?: string[];
  progress?: Record<string, number>;
  needs?: string[];
}
const answers = (c: CityInput) => ({
  ...(c.interest ? { pair_interest: c.interest } : {}),
  ...(c.wants && c.interest !== 'no' ? { pair_topics: c.wants } : {}),
  chg: Object.fromEntries((c.changed ?? []).map((a) => [a, 'yes'])),
  prog: c.progress ?? {},
  ...(c.needs ? { strat_needs: c.needs } : {}),
});
const responses = (cities: Record<string, CityInput>) => Object.entries(cities).map(([city, c]) => ({ city, attrs: {}, data: answers(c) })) as never[];

// Six cities where the right partner is obvious by construction:
// - A wants education and language, has not started education and needs training and funding information;
//   B progressed on both (reported a change in education, self-assesses 4 and 3) and has the same two needs;
// - C and D help each other: D changed media and communication, which C wants; C changed public space, which D wants;
// - E has progressed everywhere but said it is not interested: it must never be suggested;
// - F wants neighbourhoods, where no interested city progressed and nobody else wants to work: no partner.
const SIX: Record<string, CityInput> = {
  A: { interest: 'yes', wants: ['education', 'language'], progress: { education: 0 }, needs: ['training', 'funding_info'] },
  B: { interest: 'yes', wants: ['media_communication'], changed: ['education'], progress: { education: 4, language: 3 }, needs: ['training', 'funding_info'] },
  C: { interest: 'maybe', wants: ['media_communication'], changed: ['public_space'] },
  D: { interest: 'yes', wants: ['public_space'], changed: ['media_communication'] },
  E: { interest: 'no', changed: AREAS, progress: Object.fromEntries(AREAS.map((a) => [a, 4])), needs: ['training', 'funding_info'] },
  F: { interest: 'yes', wants: ['neighbourhoods'] },
};

const pairsOf = (suggestions: PairSuggestion[]) => suggestions.map((s) => `${s.cities.join('-')} ${s.score}`);

describe('constructed cases', () => {
  const result = suggestPairs(catalogue, responses(SIX));

  test('only interested cities (yes or maybe) are paired', () => {
    expect(result.interestQuestion).toBe('pair_interest');
    expect(result.interested).toEqual(['A', 'B', 'C', 'D', 'F']);
    expect(result.suggestions.flatMap((s) => s.cities)).not.toContain('E');
  });

  test('the suggestions and their scores, computed by hand', () => {
    // A-B: complementarity 2/3 (B → A on education and language), similar challenges 2/3 (training, funding
    //   information; A's low education is not B's): 100 × (0.5 × 2/3 + 0.3 × 2/3) = 53.3.
    // C-D: 2 complementary couples (D → C media, C → D public space): 100 × 0.5 × 2/3 = 33.3.
    // B-C: both want media and communication (topics Jaccard 1): 100 × 0.2 = 20.
    // B-D: D → B on media and communication: 100 × 0.5 × 1/3 = 16.7.
    expect(pairsOf(result.suggestions)).toEqual(['A-B 53.3', 'C-D 33.3', 'B-C 20', 'B-D 16.7']);
  });

  test('each city’s best partner is the one built for it; F has none', () => {
    const best = (city: string) =>
      result.suggestions.filter((s) => s.cities.includes(city)).map((s) => s.cities.find((c) => c !== city))[0] ?? null;
    expect(best('A')).toBe('B');
    expect(best('B')).toBe('A');
    expect(best('C')).toBe('D');
    expect(best('D')).toBe('C');
    expect(best('F')).toBeNull();
  });

  test('the reasons say who can help whom, on which area, and what the two share', () => {
    const ab = result.suggestions.find((s) => s.cities.join() === 'A,B')!;
    expect(ab.components).toEqual({ complementarity: 2 / 3, similarity: 2 / 3, topics: 0 });
    expect(ab.reasons).toEqual([
      { kind: 'complementary', area: 'education', giver: 'B', receiver: 'A', changed: true, giverScore: 100 },
      { kind: 'complementary', area: 'language', giver: 'B', receiver: 'A', changed: false, giverScore: 75 },
      { kind: 'shared-challenge', code: 'funding_info', source: 'need' },
      { kind: 'shared-challenge', code: 'training', source: 'need' },
    ]);
    const cd = result.suggestions.find((s) => s.cities.join() === 'C,D')!;
    expect(cd.reasons).toEqual([
      { kind: 'complementary', area: 'public_space', giver: 'C', receiver: 'D', changed: true, giverScore: null },
      { kind: 'complementary', area: 'media_communication', giver: 'D', receiver: 'C', changed: true, giverScore: null },
    ]);
    expect(result.suggestions.find((s) => s.cities.join() === 'B,C')!.reasons).toEqual([{ kind: 'shared-topic', area: 'media_communication' }]);
  });

  test('a city that progressed on an area it wants is not told to learn it from others', () => {
    const r = suggestPairs(catalogue, responses({ X: { interest: 'yes', wants: ['education'], changed: ['education'] }, Y: { interest: 'yes', changed: ['education'] } }));
    expect(r.suggestions).toEqual([]);
  });

  test('the analysis keeps its per-city shape, now with score and reasons', () => {
    const p = computePairing(catalogue, responses(SIX));
    expect(p.interested).toBe(5);
    expect(p.pairs).toEqual(result.suggestions);
    const b = p.suggestions.find((s) => s.city === 'B')!;
    expect(b.topics).toEqual(['media_communication']);
    expect(b.partners.map((x) => [x.city, x.score, x.sharedTopics])).toEqual([
      ['A', 53.3, []],
      ['C', 20, ['media_communication']],
      ['D', 16.7, []],
    ]);
    expect(p.suggestions.map((s) => s.city)).toEqual(['A', 'B', 'C', 'D']);
  });
});

// Random cities: a code, an interest, some wanted areas, changes, self-assessments and needs.
const cityArb = fc.record({
  interest: fc.constantFrom<'yes' | 'maybe' | 'no' | undefined>('yes', 'maybe', 'no', undefined),
  wants: fc.subarray(AREAS),
  changed: fc.subarray(AREAS),
  progress: fc.dictionary(fc.constantFrom(...AREAS), fc.integer({ min: 0, max: 4 })),
  needs: fc.shuffledSubarray(NEEDS),
});
const citiesArb = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[A-H][0-9]$/), cityArb), { selector: ([code]) => code, maxLength: 14 });

describe('properties', () => {
  test('scores are symmetric, in 0-100, and need common ground on an area', () => {
    fc.assert(
      fc.property(citiesArb, (list) => {
        const profiles = pairingProfiles(catalogue, responses(Object.fromEntries(list)));
        for (const x of profiles) {
          expect(scorePair(x, x)).toBeNull();
          for (const y of profiles) {
            const s = scorePair(x, y);
            expect(s).toEqual(scorePair(y, x));
            if (s === null) continue;
            expect(s.score).toBeGreaterThan(0);
            expect(s.score).toBeLessThanOrEqual(100);
            expect(s.reasons.some((r) => r.kind !== 'shared-challenge')).toBe(true);
            for (const r of s.reasons) if (r.kind === 'complementary') expect(r.giver).not.toBe(r.receiver);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('no self-pairs, no pair twice, only interested cities, best first', () => {
    fc.assert(
      fc.property(citiesArb, (list) => {
        const r = suggestPairs(catalogue, responses(Object.fromEntries(list)));
        const interested = new Set(list.filter(([, c]) => c.interest === 'yes' || c.interest === 'maybe').map(([code]) => code));
        expect(new Set(r.interested)).toEqual(interested);
        const keys = r.suggestions.map((s) => s.cities.join('|'));
        expect(new Set(keys).size).toBe(keys.length);
        for (const s of r.suggestions) {
          expect(s.cities[0]).not.toBe(s.cities[1]);
          expect(compareCodes(s.cities[0], s.cities[1])).toBeLessThan(0);
          for (const c of s.cities) expect(interested.has(c)).toBe(true);
        }
        for (let i = 1; i < r.suggestions.length; i++) expect(r.suggestions[i - 1]!.score).toBeGreaterThanOrEqual(r.suggestions[i]!.score);
      }),
      { numRuns: 150 },
    );
  });

  test('identical answers in any order give identical suggestions', () => {
    fc.assert(
      fc.property(citiesArb.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))), ([list, shuffled]) => {
        const a = suggestPairs(catalogue, responses(Object.fromEntries(list)));
        const b = suggestPairs(catalogue, responses(Object.fromEntries(shuffled)));
        expect(b).toEqual(a);
        expect(suggestPairs(catalogue, responses(Object.fromEntries(list)))).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  test('each interested city’s best partners by brute force are all suggested (the candidate index misses none)', () => {
    fc.assert(
      fc.property(citiesArb, (list) => {
        const rs = responses(Object.fromEntries(list));
        const r = suggestPairs(catalogue, rs);
        const profiles = pairingProfiles(catalogue, rs).filter((p) => p.interested);
        const suggested = new Map(r.suggestions.map((s) => [s.cities.join('|'), s.score]));
        for (const p of profiles) {
          const brute = profiles
            .flatMap((q) => {
              const s = scorePair(p, q);
              return s ? [{ partner: q.city, s }] : [];
            })
            .sort((u, v) => v.s.score - u.s.score || compareCodes(u.partner, v.partner))
            .slice(0, PARTNERS_PER_CITY);
          for (const { s } of brute) expect(suggested.get(s.cities.join('|'))).toBe(s.score);
        }
      }),
      { numRuns: 150 },
    );
  });
});
