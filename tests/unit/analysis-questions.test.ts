import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyseSurvey } from '../../analysis/analyse-survey';
import type { ChoiceSummary, NumericSummary, RankingSummary, TextSummary } from '../../analysis/question-summaries';
import { wilsonInterval } from '../../analysis/wilson-interval';

const definition = {
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'radiogroup', name: 'role', choices: ['coordinator', 'staff'], showOtherItem: true, showDontKnowItem: true },
        { type: 'dropdown', name: 'size', choices: [1, 2, 3] },
        { type: 'boolean', name: 'team' },
        { type: 'checkbox', name: 'svc', choices: ['report', 'visit', 'event'], showNoneItem: true, showOtherItem: true },
        { type: 'tagbox', name: 'tags', choices: ['a', 'b'] },
        { type: 'rating', name: 'useful', rateMin: 1, rateMax: 5 },
        { type: 'text', name: 'members', inputType: 'number' },
        { type: 'ranking', name: 'rank', choices: ['x', 'y', 'z'] },
        {
          type: 'matrix',
          name: 'grid',
          columns: [{ value: 'yes' }, { value: 'no' }, { value: 'dont_know' }],
          rows: ['r1', 'r2'],
        },
        { type: 'comment', name: 'note' },
        { type: 'text', name: 'name' },
      ],
    },
  ],
};

const responses = [
  { city: 'A', data: { role: 'coordinator', size: 1, team: true, svc: ['report', 'visit'], useful: 5, members: 3, rank: ['x', 'y', 'z'], grid: { r1: 'yes', r2: 'no' }, note: 'first' } },
  { city: 'B', data: { role: 'coordinator', size: 2, team: false, svc: ['report'], useful: 4, members: 5, rank: ['y', 'x', 'z'], grid: { r1: 'yes' } } },
  { city: 'C', data: { role: 'coordinator', size: 2, team: true, svc: ['none'], useful: 4, members: 10, rank: ['x', 'z', 'y'], grid: { r1: 'dont_know' } } },
  { city: 'D', data: { role: 'staff', svc: ['other'], 'svc-Comment': 'mentoring', useful: 2, rank: ['x'], name: '  ' } },
  { city: 'E', data: { role: 'staff', tags: ['a', 'b'], 'role-Comment': 'ignored?' } },
  { city: 'F', data: { role: 'other', 'role-Comment': 'mayor' } },
  { city: 'G', data: { role: 'dontknow', svc: [] } },
  { city: 'H', data: {} },
];

const analysis = analyseSurvey({ definition, responses });
const q = <T>(code: string) => analysis.questions[code] as T;

describe('single choice', () => {
  test('counts and shares over the responses that answered, other and dont know kept apart', () => {
    const role = q<ChoiceSummary>('role');
    expect(role.type).toBe('radiogroup');
    expect(role.n).toBe(7);
    expect(role.counts).toEqual({ coordinator: 3, staff: 2, other: 1, dontknow: 1 });
    expect(role.shares.coordinator!.p).toBe(3 / 7);
    expect(role.shares.coordinator!.ci95).toEqual(wilsonInterval(3, 7));
    expect(role.shares.dontknow!.p).toBe(1 / 7);
    expect(role.kinds).toEqual({ coordinator: 'substantive', staff: 'substantive', other: 'other', dontknow: 'dontknow' });
    expect(role.nSubstantive).toBe(5);
    expect(Object.keys(role.substantiveShares)).toEqual(['coordinator', 'staff']);
    expect(role.substantiveShares.coordinator!.p).toBe(3 / 5);
    expect(role.top).toBe('coordinator');
    expect(role.comments).toEqual([
      { city: 'E', text: 'ignored?' },
      { city: 'F', text: 'mayor' },
    ]);
  });

  test('numeric choice values and booleans are keyed by their text', () => {
    expect(q<ChoiceSummary>('size').counts).toEqual({ '1': 1, '2': 2, '3': 0 });
    const team = q<ChoiceSummary>('team');
    expect(team.n).toBe(3);
    expect(team.counts).toEqual({ true: 2, false: 1 });
    expect(team.shares.true!.p).toBe(2 / 3);
  });
});

describe('multiple choice', () => {
  test('a checkbox counts each selected value; n = responses that selected something', () => {
    const svc = q<ChoiceSummary>('svc');
    expect(svc.n).toBe(4);
    expect(svc.counts).toEqual({ report: 2, visit: 1, event: 0, none: 1, other: 1 });
    expect(svc.shares.report!.p).toBe(2 / 4);
    expect(svc.kinds.none).toBe('dontknow');
    expect(svc.kinds.other).toBe('other');
    expect(svc.nSubstantive).toBe(2);
    expect(svc.substantiveShares.report!.p).toBe(1);
    expect(svc.comments).toEqual([{ city: 'D', text: 'mentoring' }]);
  });

  test('tagbox works like checkbox', () => {
    expect(q<ChoiceSummary>('tags').counts).toEqual({ a: 1, b: 1 });
    expect(q<ChoiceSummary>('tags').n).toBe(1);
  });
});

describe('numeric', () => {
  test('rating: mean with t interval, sd, median and the full scale distribution', () => {
    const useful = q<NumericSummary>('useful');
    // 5, 4, 4, 2: mean 3.75, squared deviations 1.5625 + 0.0625 + 0.0625 + 3.0625 = 4.75, sd √(4.75/3),
    // t(0.975, 3) = 3.1824
    const sd = Math.sqrt(4.75 / 3);
    expect(useful.n).toBe(4);
    expect(useful.mean).toBe(3.75);
    expect(useful.sd).toBeCloseTo(sd, 12);
    const half = (3.182446305284263 * sd) / 2;
    expect(useful.ci95![0]).toBeCloseTo(3.75 - half, 9);
    // 3.75 + half = 5.75 runs past the top of the 1-5 scale: the interval is cut there (issue 3).
    expect(3.75 + half).toBeGreaterThan(5);
    expect(useful.ci95![1]).toBe(5);
    expect(useful.median).toBe(4);
    expect(useful.distribution).toEqual({ '1': 0, '2': 1, '3': 0, '4': 2, '5': 1 });
  });

  test('number input: mean and distribution of the values given', () => {
    const members = q<NumericSummary>('members');
    expect(members.n).toBe(3);
    expect(members.mean).toBe(6);
    expect(members.median).toBe(5);
    expect(members.distribution).toEqual({ '3': 1, '5': 1, '10': 1 });
  });
});

describe('ranking', () => {
  test('mean rank (1 = first) and shares ranked first (over n) and last (over complete rankings)', () => {
    const rank = q<RankingSummary>('rank');
    expect(rank.n).toBe(4);
    expect(rank.meanRank).toEqual({ x: (1 + 2 + 1 + 1) / 4, y: (2 + 1 + 3) / 3, z: (3 + 3 + 2) / 3 });
    expect(rank.rankedFirst.x).toEqual({ k: 3, n: 4, p: 3 / 4, ci95: wilsonInterval(3, 4) });
    expect(rank.nComplete).toBe(3);
    expect(rank.rankedLast.z).toEqual({ k: 2, n: 3, p: 2 / 3, ci95: wilsonInterval(2, 3) });
    expect(rank.rankedLast.y!.k).toBe(1);
  });
});

describe('matrix', () => {
  test('each row is reported under "<code>.<row>" like a single choice, dont know kept apart', () => {
    expect(analysis.questions.grid).toBeUndefined();
    const r1 = q<ChoiceSummary>('grid.r1');
    expect(r1.type).toBe('matrix');
    expect(r1.n).toBe(3);
    expect(r1.counts).toEqual({ yes: 2, no: 0, dont_know: 1 });
    expect(r1.kinds.dont_know).toBe('dontknow');
    expect(r1.substantiveShares.yes!.p).toBe(1);
    expect(q<ChoiceSummary>('grid.r2').counts).toEqual({ yes: 0, no: 1, dont_know: 0 });
  });
});

describe('text', () => {
  test('texts are listed with their city; blank text is unanswered', () => {
    expect(q<TextSummary>('note')).toEqual({ type: 'comment', n: 1, texts: [{ city: 'A', text: 'first' }] });
    expect(q<TextSummary>('name').n).toBe(0);
  });
});

test('the result is plain JSON', () => {
  expect(JSON.parse(JSON.stringify(analysis))).toEqual(analysis);
});

test('shares of a single-choice question sum to 1 over substantive, other and dont know answers', () => {
  const value = fc.constantFrom('coordinator', 'staff', 'other', 'dontknow', undefined);
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (values) => {
      const rs = values.map((role, i) => ({ city: `C${i}`, data: role === undefined ? {} : { role } }));
      const role = analyseSurvey({ definition, responses: rs }).questions.role as ChoiceSummary;
      const answered = values.filter((v) => v !== undefined).length;
      if (role.n !== answered) return false;
      if (answered === 0) return Object.keys(role.shares).length === 0;
      const sum = Object.values(role.shares).reduce((s, x) => s + x.p, 0);
      return Math.abs(sum - 1) < 1e-12;
    }),
    { numRuns: 50 },
  );
});
