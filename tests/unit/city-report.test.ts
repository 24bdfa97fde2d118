import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cityReport, visibleGroups, type CityReport, type RosterCity, type SurveyResponse } from '../../analysis';

const scored = (values: [string, number | null][]) => values.map(([value, score]) => (score === null ? { value } : { value, score }));

/** A small questionnaire carrying the tags the report reads, plus open questions. */
const definition = {
  pages: [
    {
      name: 'p',
      elements: [
        { type: 'radiogroup', name: 'role', choices: ['coordinator', 'officer'], showOtherItem: true },
        {
          type: 'matrix',
          name: 'chg',
          indicator: 'change',
          columns: scored([
            ['yes', 1],
            ['no', 0],
            ['dont_know', null],
          ]),
          rows: [
            { value: 'education', policyArea: 'education' },
            { value: 'language', policyArea: 'language' },
          ],
        },
        { type: 'rating', name: 'insp_edu', indicator: 'attribution', policyArea: 'education', rateMin: 1, rateMax: 5 },
        { type: 'rating', name: 'insp_lang', indicator: 'attribution', policyArea: 'language', rateMin: 1, rateMax: 5 },
        { type: 'checkbox', name: 'svc_edu', indicator: 'services', policyArea: 'education', choices: ['index_report', 'expert_visit'] },
        { type: 'comment', name: 'txt_edu', indicator: 'most_important_change', policyArea: 'education' },
        {
          type: 'matrix',
          name: 'prog',
          indicator: 'self_assessment',
          columns: [0, 1, 2, 3, 4].map((v) => ({ value: v, score: v })),
          rows: [
            { value: 'education', policyArea: 'education' },
            { value: 'language', policyArea: 'language' },
          ],
        },
        {
          type: 'radiogroup',
          name: 'mk1',
          indicator: 'marker',
          choices: scored([
            ['yes', 1],
            ['partly', 0.5],
            ['no', 0],
          ]),
        },
        { type: 'text', name: 'team_size', inputType: 'number' },
        { type: 'comment', name: 'final' },
      ],
    },
  ],
};

/** Five cities; ALPHA, BRAVO and CHARLIE are also in the national network NAT. */
const roster: RosterCity[] = [
  { code: 'ALPHA', name: 'Alphaville', country: 'FR', network: ['ICC', 'NAT'] },
  { code: 'BRAVO', name: 'Bravotown', country: 'FR', network: ['ICC', 'NAT'] },
  { code: 'CHARLIE', name: 'Charleston', country: 'FR', network: ['ICC', 'NAT'] },
  { code: 'DELTA', name: 'Deltaburg', country: 'DE', network: ['ICC'] },
  { code: 'ECHO', name: 'Echoville', country: 'DE', network: ['ICC'] },
];

const responses: SurveyResponse[] = [
  {
    city: 'ALPHA',
    data: {
      role: 'other',
      'role-Comment': 'Deputy mayor office',
      chg: { education: 'yes', language: 'no' },
      insp_edu: 4,
      svc_edu: ['index_report'],
      txt_edu: 'Our school plan',
      prog: { education: 4, language: 2 },
      mk1: 'yes',
      team_size: 3,
      final: 'Thanks',
    },
  },
  {
    city: 'BRAVO',
    data: { chg: { education: 'yes', language: 'dont_know' }, insp_edu: 2, txt_edu: 'SECRET-BRAVO plan', prog: { education: 3, language: 1 }, mk1: 'no', final: 'SECRET-BRAVO final' },
  },
  { city: 'CHARLIE', data: { chg: { education: 'no', language: 'no' }, prog: { education: 2 }, final: 'SECRET-CHARLIE' } },
  { city: 'DELTA', data: { chg: { education: 'yes', language: 'yes' }, insp_lang: 5, prog: { education: 1, language: 3 }, mk1: 'partly' } },
  { city: 'ECHO', data: { chg: { education: 'dont_know', language: 'dont_know' }, prog: { education: 0 }, mk1: 'yes' } },
];

const previous: SurveyResponse[] = [
  { city: 'ALPHA', data: { prog: { education: 2, language: 2 }, mk1: 'partly' } },
  { city: 'BRAVO', data: { prog: { education: 4, language: 4 }, mk1: 'yes' } },
];

const report = (over: Partial<Parameters<typeof cityReport>[0]> = {}): CityReport =>
  cityReport({ definition, responses, roster, previous, minCell: 2, city: 'ALPHA', ...over });

const group = <T extends { group: string }>(groups: T[], key: string): T => groups.find((g) => g.group === key)!;

describe('cityReport: contents on a small dataset computed by hand (minCell 2)', () => {
  test('groups: the city’s networks and all cities, counting the other cities only', () => {
    const r = report();
    expect(r.city).toBe('ALPHA');
    expect(r.responded).toBe(true);
    expect(r.networks).toEqual(['ICC', 'NAT']);
    expect(r.groups).toEqual([
      { key: 'network:ICC', kind: 'network', network: 'ICC', invited: 4, responded: 4 },
      { key: 'network:NAT', kind: 'network', network: 'NAT', invited: 2, responded: 2 },
      { key: 'all', kind: 'all', network: null, invited: 4, responded: 4 },
    ]);
  });

  test('Rec 17: own scores vs the means of the other cities; a group of one other city is suppressed', () => {
    const r = report();
    // education: ALPHA 4/4 → 100; BRAVO 75, CHARLIE 50 (NAT mean 62.5); DELTA 25, ECHO 0 (all: 150/4 = 37.5).
    const education = r.progress.find((p) => p.area === 'education')!;
    expect(education.city).toBe(100);
    expect(group(education.groups, 'network:NAT')).toMatchObject({ n: 2, mean: 62.5, suppressed: false });
    expect(group(education.groups, 'all')).toMatchObject({ n: 4, mean: 37.5, suppressed: false });
    // NAT inside all: the rest (DELTA, ECHO) holds 2 ≥ minCell cities, so NAT may be shown.
    // t interval of {50, 75}: 62.5 ± t(0.975, 1) · 17.6777 / √2 = 62.5 ± 12.7062 · 12.5.
    const ci = group(education.groups, 'network:NAT').ci95!;
    // 62.5 − 158.8 runs below 0 and 62.5 + 158.8 above 100: cut to the 0-100 scale (issue 3).
    expect(62.5 - 12.7062047 * 12.5).toBeLessThan(0);
    expect(ci).toEqual([0, 100]);
    // language: ALPHA 50; BRAVO 25, DELTA 75; NAT has only BRAVO → suppressed.
    const language = r.progress.find((p) => p.area === 'language')!;
    expect(language.city).toBe(50);
    expect(group(language.groups, 'network:NAT')).toEqual({ group: 'network:NAT', n: null, mean: null, ci95: null, suppressed: true });
    expect(group(language.groups, 'all')).toMatchObject({ n: 2, mean: 50 });
    // overall = 0.75 × mean area + 0.25 × marker: ALPHA 0.75·75 + 25 = 81.25; BRAVO 0.75·50 + 0 = 37.5;
    // CHARLIE 50 (areas only); DELTA 0.75·50 + 12.5 = 50; ECHO 0 + 25 = 25.
    const overall = r.progress.find((p) => p.area === 'overall')!;
    expect(overall.city).toBe(81.25);
    expect(group(overall.groups, 'network:NAT')).toMatchObject({ n: 2, mean: 43.75 });
    expect(group(overall.groups, 'all')).toMatchObject({ n: 4, mean: 40.625 });
    expect(r.progress.map((p) => p.area)).toEqual(['education', 'language', 'overall']);
  });

  test('Rec 19: own answers, attribution and services; shares of the others; differencing suppresses NAT', () => {
    const r = report();
    const education = r.changes.find((c) => c.area === 'education')!;
    expect(education).toMatchObject({ answer: 'yes', attribution: 4, attributed: true, services: ['index_report'] });
    // Others answering yes/no on education: BRAVO yes (rated 2), CHARLIE no, DELTA yes (unrated) → 2/3, 0/3.
    const all = group(education.groups, 'all');
    expect(all).toMatchObject({ n: 3, change: { k: 2, n: 3 }, attributed: { k: 0, n: 3 }, suppressed: false });
    // NAT (BRAVO, CHARLIE) has 2 cities, but all minus NAT would be DELTA alone: NAT is hidden.
    expect(group(education.groups, 'network:NAT')).toEqual({ group: 'network:NAT', n: null, change: null, attributed: null, suppressed: true });
    // ICC holds the same three cities as all: no disclosure, shown.
    expect(group(education.groups, 'network:ICC')).toMatchObject({ n: 3, change: { k: 2, n: 3 } });

    const language = r.changes.find((c) => c.area === 'language')!;
    expect(language).toMatchObject({ answer: 'no', attribution: null, attributed: false, services: [] });
    expect(group(language.groups, 'all')).toMatchObject({ n: 2, change: { k: 1, n: 2, p: 0.5 }, attributed: { k: 1, n: 2 } });

    const overall = r.changes.find((c) => c.area === 'overall')!;
    expect(overall).toMatchObject({ answer: 'yes', attribution: 4, attributed: true, services: ['index_report'] });
    // BRAVO changed (not attributed), CHARLIE no change, DELTA changed and attributed (language 5); ECHO only don't know.
    expect(group(overall.groups, 'all')).toMatchObject({ n: 3, change: { k: 2, n: 3 }, attributed: { k: 1, n: 3 } });
  });

  test('own change since last year, area by area and overall', () => {
    const r = report();
    // Last year: education 50, language 50, marker 50 → overall 50.
    expect(r.sinceLastYear).toEqual({
      answeredBoth: true,
      changes: [
        { area: 'education', current: 100, previous: 50, difference: 50 },
        { area: 'language', current: 50, previous: 50, difference: 0 },
        { area: 'overall', current: 81.25, previous: 50, difference: 31.25 },
      ],
    });
    expect(report({ city: 'CHARLIE' }).sinceLastYear).toEqual({ answeredBoth: false, changes: [] });
    expect(report({ previous: undefined }).sinceLastYear).toBeNull();
  });

  test('open answers: only the city’s own texts (comments, other texts), numbers left out', () => {
    const r = report();
    expect(r.openAnswers.map((a) => [a.key, a.text, a.policyArea])).toEqual([
      ['role-Comment', 'Deputy mayor office', null],
      ['txt_edu', 'Our school plan', 'education'],
      ['final', 'Thanks', null],
    ]);
  });

  test('no other city’s code, name or text appears anywhere in the report', () => {
    for (const city of ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO']) {
      const json = JSON.stringify(report({ city, minCell: 1 }));
      for (const other of roster.filter((c) => c.code !== city)) {
        expect(json).not.toContain(other.code);
        expect(json).not.toContain(other.name!);
      }
      if (city !== 'BRAVO') expect(json).not.toContain('SECRET-BRAVO');
      if (city !== 'CHARLIE') expect(json).not.toContain('SECRET-CHARLIE');
    }
  });

  test('a city that did not answer gets the comparisons only', () => {
    const r = cityReport({ definition, responses: responses.filter((x) => x.city !== 'ALPHA'), roster, minCell: 2, city: 'ALPHA' });
    expect(r.responded).toBe(false);
    expect(r.networks).toEqual(['ICC', 'NAT']);
    expect(r.progress.every((p) => p.city === null)).toBe(true);
    expect(r.changes.every((c) => c.answer === null && !c.attributed)).toBe(true);
    expect(r.openAnswers).toEqual([]);
    expect(group(r.progress.find((p) => p.area === 'education')!.groups, 'all')).toMatchObject({ n: 4, mean: 37.5 });
  });

  test('bad input is refused with a clear message', () => {
    expect(() => report({ city: ' ' })).toThrow(/city code/);
    expect(() => report({ minCell: 0 })).toThrow(/minCell/);
  });
});

describe('cityReport: suppression with the default minCell (5)', () => {
  const many = (prefix: string, n: number, network: string[], eduScore: number): { roster: RosterCity[]; responses: SurveyResponse[] } => {
    const codes = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
    return {
      roster: codes.map((code) => ({ code, name: `${code} town`, network })),
      responses: codes.map((city) => ({ city, data: { prog: { education: eduScore }, chg: { education: 'yes' } } })),
    };
  };

  test('a network of two cities never reveals the other city’s score', () => {
    const pair = many('PAIR', 2, ['ICC', 'DUO'], 4);
    const rest = many('REST', 8, ['ICC'], 1);
    const r = cityReport({ definition, responses: [...pair.responses, ...rest.responses], roster: [...pair.roster, ...rest.roster], city: 'PAIR1' });
    for (const row of [...r.progress, ...r.changes]) {
      expect(group<{ group: string; suppressed: boolean }>(row.groups, 'network:DUO').suppressed).toBe(true);
    }
    expect(r.groups.find((g) => g.key === 'network:DUO')!.responded).toBeNull();
    const education = r.progress.find((p) => p.area === 'education')!;
    // All other cities: PAIR2 (100) and 8 × 25 → (100 + 200) / 9; PAIR2's 100 cannot be isolated.
    expect(group(education.groups, 'all')).toMatchObject({ n: 9, mean: 300 / 9, suppressed: false });
    expect(JSON.stringify(r)).not.toContain('PAIR2');
  });

  test('a network of 6 inside 7 other cities is hidden: all minus the network would be one city', () => {
    const nat = many('NAT', 7, ['ICC', 'NAT'], 3);
    const lone = many('LONE', 1, ['ICC'], 0);
    const r = cityReport({ definition, responses: [...nat.responses, ...lone.responses], roster: [...nat.roster, ...lone.roster], city: 'NAT1' });
    const education = r.progress.find((p) => p.area === 'education')!;
    expect(group(education.groups, 'network:NAT').suppressed).toBe(true);
    expect(group(education.groups, 'all')).toMatchObject({ n: 7, suppressed: false });
    // ICC holds exactly the same cities as all: shown.
    expect(group(education.groups, 'network:ICC')).toMatchObject({ n: 7, suppressed: false });
  });

  test('fewer than 5 other cities in all: everything is suppressed', () => {
    const few = many('FEW', 5, ['ICC'], 2);
    const r = cityReport({ definition, responses: few.responses, roster: few.roster, city: 'FEW1' });
    expect(r.progress.every((row) => row.groups.every((g) => g.suppressed && g.mean === null && g.n === null))).toBe(true);
    expect(r.changes.every((row) => row.groups.every((g) => g.suppressed && g.change === null))).toBe(true);
    expect(r.progress.find((p) => p.area === 'education')!.city).toBe(50);
  });
});

describe('visibleGroups', () => {
  const set = (from: number, to: number) => new Set(Array.from({ length: to - from + 1 }, (_, i) => String(from + i)));

  test('cases by hand', () => {
    expect(visibleGroups([set(1, 5), set(1, 6)], 5)).toEqual([false, true]);
    expect(visibleGroups([set(1, 5), set(1, 10)], 5)).toEqual([true, true]);
    expect(visibleGroups([set(1, 6), set(1, 6)], 5)).toEqual([true, true]);
    expect(visibleGroups([set(1, 4), set(1, 10)], 5)).toEqual([false, true]);
    // Two disjoint networks of 5 inside 11: each alone leaves 6, together 1 → the first (smallest, tie) hidden.
    expect(visibleGroups([set(1, 5), set(6, 10), set(1, 11)], 5)).toEqual([false, true, true]);
    // Nested networks: 5 inside 7 inside 20 → the rest of 2 hides the inner one.
    expect(visibleGroups([set(1, 5), set(1, 7), set(1, 20)], 5)).toEqual([false, true, true]);
  });

  test('property: every visible group has ≥ minCell cities and no difference of visible groups isolates fewer than minCell', () => {
    const groupArb = fc.uniqueArray(fc.integer({ min: 0, max: 14 }), { maxLength: 15 });
    fc.assert(
      fc.property(fc.array(groupArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 6 }), (groups, minCell) => {
        const all = new Set(groups.flat());
        const members = [...groups.map((g) => new Set(g.map(String))), new Set([...all].map(String))];
        const visible = visibleGroups(members, minCell);
        members.forEach((m, i) => visible[i] && expect(m.size).toBeGreaterThanOrEqual(minCell));
        const shown = members.map((_, i) => i).filter((i) => visible[i]);
        for (const h of shown) {
          const H = members[h]!;
          const inside = shown.filter((i) => i !== h && members[i]!.size < H.size && [...members[i]!].every((x) => H.has(x)));
          for (let mask = 1; mask < 1 << inside.length; mask++) {
            const family = inside.filter((_, j) => mask & (1 << j));
            const union = new Set(family.flatMap((i) => [...members[i]!]));
            if (union.size !== family.reduce((s, i) => s + members[i]!.size, 0)) continue; // not disjoint
            const rest = H.size - union.size;
            expect(rest === 0 || rest >= minCell).toBe(true);
          }
        }
        // "all" is hidden only when it is itself too small.
        expect(visible[members.length - 1]).toBe(members[members.length - 1]!.size >= minCell);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
