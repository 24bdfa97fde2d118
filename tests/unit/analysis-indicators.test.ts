import { describe, expect, test } from 'vitest';
import { analyseSurvey } from '../../analysis/analyse-survey';
import { proportion, wilsonInterval } from '../../analysis/wilson-interval';

const scored = (values: [string, number | null][]) => values.map(([value, score]) => (score === null ? { value } : { value, score }));
const marker = (name: string) => ({
  type: 'radiogroup',
  name,
  indicator: 'marker',
  choices: scored([
    ['yes', 1],
    ['partly', 0.5],
    ['no', 0],
  ]),
  showDontKnowItem: true,
});

/** A small questionnaire carrying every tag the indicators read. */
const definition = {
  pages: [
    {
      name: 'p',
      elements: [
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
        {
          type: 'checkbox',
          name: 'svc_edu',
          indicator: 'services',
          policyArea: 'education',
          choices: ['index_report', 'expert_visit'],
          showNoneItem: true,
        },
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
        marker('mk1'),
        marker('mk2'),
        {
          type: 'ranking',
          name: 'channels',
          indicator: 'channel_ranking',
          choices: [
            { value: 'mail', channel: 'email' },
            { value: 'news', channel: 'newsletter' },
            { value: 'web', channel: 'portal' },
          ],
        },
        { type: 'radiogroup', name: 'freq', indicator: 'frequency', choices: ['monthly', 'quarterly'] },
        { type: 'checkbox', name: 'topics', indicator: 'topics', choices: ['education', 'language'] },
        { type: 'checkbox', name: 'acts', indicator: 'participation', choices: ['meeting', 'webinar'], showNoneItem: true },
      ],
    },
  ],
};

const responses = [
  {
    city: 'A',
    data: {
      chg: { education: 'yes', language: 'no' },
      insp_edu: 4,
      svc_edu: ['index_report'],
      txt_edu: 'A opened a welcome desk',
      prog: { education: 3, language: 4 },
      mk1: 'yes',
      mk2: 'partly',
      channels: ['mail', 'news', 'web'],
      freq: 'monthly',
      topics: ['education', 'language'],
      acts: ['meeting', 'webinar'],
    },
  },
  {
    city: 'B',
    data: {
      chg: { education: 'yes', language: 'yes' },
      insp_edu: 2,
      insp_lang: 5,
      svc_edu: ['index_report', 'expert_visit'],
      prog: { education: 2 },
      mk1: 'dontknow',
      mk2: 'no',
      channels: ['mail', 'web', 'news'],
      freq: 'monthly',
      topics: ['language'],
      acts: ['none'],
    },
  },
  {
    city: 'C',
    data: {
      chg: { education: 'no', language: 'dont_know' },
      mk1: 'yes',
      channels: ['news', 'mail', 'web'],
      freq: 'quarterly',
      acts: ['meeting'],
    },
  },
  { city: 'D', data: { chg: { education: 'dont_know', language: 'dont_know' }, prog: { language: 0 }, mk1: 'dontknow', channels: ['mail', 'news'] } },
  { city: 'E', data: { chg: { education: 'yes' }, svc_edu: ['none'], txt_edu: 'E trained staff' } },
  // F rated attribution for an area where it reported no change: the rating is ignored.
  { city: 'F', data: { chg: { education: 'no', language: 'no' }, insp_edu: 5 } },
  { city: 'G', data: {} },
];

const previous = [
  { city: 'A', data: { prog: { education: 2, language: 4 }, mk1: 'yes', mk2: 'partly', chg: { education: 'no' } } },
  { city: 'B', data: { prog: { education: 1 }, mk2: 'no', chg: { education: 'yes' }, insp_edu: 3 } },
  { city: 'C', data: { mk1: 'partly', chg: { education: 'no' } } },
  { city: 'F', data: { prog: { education: 4 }, mk1: 'no' } },
];

const roster = [
  { code: 'A', country: 'IT', network: ['ICC'], size: 'large' },
  { code: 'B', country: 'IT', network: ['ICC'], size: 'large' },
  { code: 'C', country: 'IT', network: ['ICC'], size: 'small' },
  { code: 'D', country: 'ES', network: ['ICC'], size: 'small' },
  { code: 'E', country: 'ES', network: ['ICC'], size: 'small' },
  { code: 'F', country: 'ES', network: ['RECI'], size: 'small' },
  { code: 'G', country: 'FR', network: ['RECI'], size: 'large' },
  { code: 'H', country: 'FR', network: ['RECI'], size: 'large' },
];

const analysis = analyseSurvey({ definition, responses, previous, roster, minCell: 2 });

describe('Rec 19: changes inspired by ICC', () => {
  const education = analysis.rec19.areas.find((a) => a.area === 'education')!;
  const language = analysis.rec19.areas.find((a) => a.area === 'language')!;

  test('areas come in ICC Index order', () => {
    expect(analysis.rec19.areas.map((a) => a.area)).toEqual(['education', 'language']);
  });

  test('share reporting a change is yes among yes + no; dont know is reported apart', () => {
    expect([education.yes, education.no, education.dontKnow, education.answered]).toEqual([3, 2, 1, 6]);
    expect(education.change).toEqual(proportion(3, 5));
    expect(education.change.p).toBe(3 / 5);
    expect(education.dontKnowShare.p).toBe(1 / 6);
    expect(language.change).toEqual(proportion(1, 3));
  });

  test('attribution ≥ 3 among cities reporting a change, and among all answering', () => {
    // education: A rated 4, B rated 2, E did not rate; F's 5 is ignored (no change)
    expect(education.attribution.n).toBe(2);
    expect(education.attribution.mean).toBe(3);
    expect(education.attributedAmongChanged).toEqual(proportion(1, 2));
    expect(education.attributedAmongAnswering).toEqual(proportion(1, 5));
    expect(education.changedWithoutAttribution).toBe(1);
    expect(language.attributedAmongChanged).toEqual(proportion(1, 1));
    expect(language.attributedAmongAnswering).toEqual(proportion(1, 3));
  });

  test('overall: cities reporting at least one change', () => {
    const o = analysis.rec19.overall;
    expect(o.answered).toBe(6);
    expect(o.change).toEqual(proportion(3, 5));
    expect(o.allDontKnow).toBe(1);
    expect(o.attributedAmongChanged).toEqual(proportion(2, 2));
    expect(o.attributedAmongAnswering).toEqual(proportion(2, 5));
  });

  test('services credited and most important changes by area with city', () => {
    expect(education.services!.n).toBe(3);
    expect(education.services!.counts).toEqual({ index_report: 2, expert_visit: 1, none: 1 });
    expect(education.services!.shares.index_report).toEqual({ p: 2 / 3, ci95: wilsonInterval(2, 3) });
    expect(analysis.rec19.services!.counts.index_report).toBe(2);
    expect(analysis.rec19.mostImportantChanges).toEqual([
      { area: 'education', city: 'A', text: 'A opened a welcome desk' },
      { area: 'education', city: 'E', text: 'E trained staff' },
    ]);
  });

  test('year over year: panel of cities answering both years, apart from the cross-section', () => {
    const y = analysis.rec19.yearOverYear!.areas.find((a) => a.area === 'education')!;
    // panel A (0 → 1), B (1 → 1), C (0 → 0): mean change 1/3
    expect(y.change.panel.n).toBe(3);
    expect(y.change.panel.meanChange).toBeCloseTo(1 / 3, 12);
    expect(y.change.crossSection.current).toEqual({ n: 5, mean: 3 / 5 });
    expect(y.change.crossSection.previous).toEqual({ n: 3, mean: 1 / 3 });
    // attributed: A (0 → 1: rated 4), B (1 → 0: rated 3 last year, 2 now), C (0 → 0)
    expect(y.attributed.panel.meanChange).toBe(0);
  });
});

describe('Rec 17: progress scores', () => {
  const city = (code: string) => analysis.rec17.cities.find((c) => c.city === code)!;

  test('area score = 100 × value / 4; overall = 0.75 × mean area + 0.25 × 100 × mean marker', () => {
    expect(city('A')).toEqual({
      city: 'A',
      areas: { education: 75, language: 100 },
      areaMean: 87.5,
      markerScore: 75,
      overall: 0.75 * 87.5 + 0.25 * 75,
      strategyStatus: null,
    });
    // B: don't know marker excluded → markers (no) = 0
    expect(city('B').overall).toBe(0.75 * 50 + 0.25 * 0);
  });

  test('one part answered: that part alone; nothing answered: null', () => {
    expect(city('C').overall).toBe(100);
    expect(city('D').overall).toBe(0);
    expect(city('D').markerScore).toBeNull();
    expect(city('E').overall).toBeNull();
  });

  test('distribution across cities: n, mean with t interval, median, quartiles', () => {
    const values = [84.375, 37.5, 100, 0];
    const o = analysis.rec17.overall;
    expect(o.n).toBe(4);
    expect(o.mean).toBe(values.reduce((a, b) => a + b) / 4);
    expect(o.median).toBe((37.5 + 84.375) / 2);
    expect(o.min).toBe(0);
    expect(o.max).toBe(100);
    const education = analysis.rec17.areas.find((a) => a.area === 'education')!;
    expect([education.n, education.mean]).toEqual([2, 62.5]);
  });

  test('change since last year on the panel of 3 cities, apart from the cross-section', () => {
    const change = analysis.rec17.change!.overall;
    // previous overall: A 0.75·75 + 0.25·75 = 75, B 0.75·25 + 0 = 18.75, C 50, F 0.75·100 + 0 = 75
    // panel A, B, C: differences 9.375, 18.75, 50
    const diffs = [84.375 - 75, 37.5 - 18.75, 100 - 50];
    const mean = (9.375 + 18.75 + 50) / 3;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / 2);
    const half = (4.302652729749464 * sd) / Math.sqrt(3);
    expect(change.panel.n).toBe(3);
    expect(change.panel.meanChange).toBeCloseTo(mean, 10);
    expect(change.panel.ci95![0]).toBeCloseTo(mean - half, 8);
    expect(change.panel.ci95![1]).toBeCloseTo(mean + half, 8);
    expect(change.crossSection.current.n).toBe(4);
    expect(change.crossSection.previous).toEqual({ n: 4, mean: (75 + 18.75 + 50 + 75) / 4 });
    expect(change.crossSection.difference).toBeCloseTo((84.375 + 37.5 + 100 + 0) / 4 - 54.6875, 12);
  });

  test('markers: mean score over cities not answering dont know', () => {
    const mk1 = analysis.rec17.markers.find((m) => m.question === 'mk1')!;
    expect([mk1.n, mk1.dontKnow, mk1.meanScore]).toEqual([2, 2, 1]);
  });
});

describe('Rec 11: communication preferences', () => {
  const r = analysis.rec11;

  test('channel ranking with mean rank and Wilson interval on the share ranked first', () => {
    expect(r.n).toBe(4);
    expect(r.channels.map((c) => c.value)).toEqual(['mail', 'news', 'web']);
    const mail = r.channels[0]!;
    expect(mail.meanRank).toBe(1.25);
    expect(mail.rankedFirst).toEqual(proportion(3, 4));
    expect(r.channels[2]!.meanRank).toBeCloseTo(8 / 3, 12);
  });

  test('cities prefer email and least like the portal, readable straight off the output', () => {
    expect(r.preferred).toMatchObject({ value: 'mail', channel: 'email', share: proportion(3, 4) });
    expect(r.emailPreferred).toEqual(proportion(3, 4));
    // last among the 3 complete rankings: web (A, C), news (B); D ranked only two channels
    expect(r.leastFavourite).toMatchObject({ value: 'web', channel: 'portal', share: proportion(2, 3) });
  });

  test('frequency and topics: counts and shares, cities per topic', () => {
    expect(r.frequency!.counts).toEqual({ monthly: 2, quarterly: 1 });
    expect(r.frequency!.shares.monthly!.p).toBe(2 / 3);
    expect(r.frequency!.top).toBe('monthly');
    expect(r.topics!.citiesByTopic).toEqual({ education: ['A'], language: ['A', 'B'] });
  });
});

describe('Rec 10: response rates and engagement', () => {
  test('invited N, responded n and the rate with its Wilson interval', () => {
    expect(analysis.N).toBe(8);
    expect(analysis.n).toBe(7);
    expect(analysis.responseRates.overall).toEqual({ invited: 8, responded: 7, p: 7 / 8, ci95: wilsonInterval(7, 8) });
    expect(analysis.responseRates.byNetwork).toEqual([
      { group: 'ICC', invited: 5, n: 5, p: 1, ci95: wilsonInterval(5, 5), suppressed: false },
      { group: 'RECI', invited: 3, n: 2, p: 2 / 3, ci95: wilsonInterval(2, 3), suppressed: false },
    ]);
  });

  test('a small cell is suppressed together with the next smallest', () => {
    // responded: ES 3, FR 1, IT 3 with minCell 2: FR hidden, then ES (first of the two smallest)
    expect(analysis.responseRates.byCountry).toEqual([
      { group: 'ES', invited: 3, n: null, p: null, ci95: null, suppressed: true },
      { group: 'FR', invited: 2, n: null, p: null, ci95: null, suppressed: true },
      { group: 'IT', invited: 3, n: 3, p: 1, ci95: wilsonInterval(3, 3), suppressed: false },
    ]);
  });

  test('engagement: share of responding cities taking part in at least one activity', () => {
    expect(analysis.engagement.engaged).toEqual(proportion(2, 3));
    expect(analysis.engagement.activities.mean).toBe(1);
  });
});

describe('filters', () => {
  test('apply to responses and roster alike', () => {
    const reci = analyseSurvey({ definition, responses, roster, filters: { network: 'RECI' } });
    expect([reci.n, reci.N]).toEqual([2, 3]);
    expect(reci.filters).toEqual({ network: ['RECI'] });
    const italianLarge = analyseSurvey({ definition, responses, roster, filters: { country: ['IT'], size: 'large' } });
    expect([italianLarge.n, italianLarge.N]).toEqual([2, 2]);
  });

  test('without roster, the response attributes are used and N is absent', () => {
    const rs = responses.map((r) => ({ ...r, attrs: { country: r.city < 'D' ? 'IT' : 'ES' } }));
    const it = analyseSurvey({ definition, responses: rs, filters: { country: 'IT' } });
    expect(it.n).toBe(3);
    expect('N' in it).toBe(false);
    expect(it.responseRates.overall).toEqual({ invited: null, responded: 3, p: null, ci95: null });
  });
});

describe('Rec 18 needs, Rec 7 team, Rec 13 pairing', () => {
  const small = {
    elements: [
      { type: 'ranking', name: 'needs', indicator: 'needs', choices: ['training', 'funding', 'experts', 'tools'] },
      { type: 'text', name: 'team', indicator: 'team_size', inputType: 'number' },
      { type: 'checkbox', name: 'pair', indicator: 'pairing_topics', choices: ['education', 'language', 'media'] },
    ],
  };
  const rs = [
    { city: 'A', data: { needs: ['training', 'funding', 'experts', 'tools'], team: 1, pair: ['education', 'language'] } },
    { city: 'B', data: { needs: ['funding', 'training'], team: 4, pair: ['language'] } },
    { city: 'C', data: { needs: ['training'], team: 2, pair: ['media'] } },
    { city: 'D', data: { team: 3, pair: ['education', 'language', 'media'] } },
  ];
  const out = analyseSurvey({ definition: small, responses: rs, minCell: 1 });

  test('needs: share ranking each need at all and in the top 3, most often ranked first by group', () => {
    expect(out.rec18.n).toBe(3);
    expect(out.rec18.needs.map((x) => x.value)).toEqual(['training', 'funding', 'experts', 'tools']);
    expect(out.rec18.needs[0]!.ranked).toEqual(proportion(3, 3));
    expect(out.rec18.needs[0]!.meanRank).toBe((1 + 2 + 1) / 3);
    expect(out.rec18.needs[3]!.top3).toEqual(proportion(0, 3));
    expect(out.rec18.byNetwork).toEqual([
      { group: '(not given)', n: 3, topNeed: 'training', p: 2 / 3, ci95: wilsonInterval(2, 3), suppressed: false },
    ]);
  });

  test('team: share of cities with at least 2 people', () => {
    expect(out.rec7.team).toEqual(proportion(3, 4));
    expect(out.rec7.teamSize.median).toBe(2.5);
  });

  test('pairing: peers with similar needs and shared topics first', () => {
    const a = out.rec13.suggestions.find((s) => s.city === 'A')!;
    // No interest question, changes or self-assessments here: interested = chose a topic; score = 100 × (0.3 ×
    // Jaccard of top-3 needs + 0.2 × Jaccard of topics): B shares 2 of A's 3 needs (30), D only topics (13.3).
    expect(a.partners.map(({ city, sharedTopics, score }) => ({ city, sharedTopics, score }))).toEqual([
      { city: 'B', sharedTopics: ['language'], score: 30 },
      { city: 'D', sharedTopics: ['education', 'language'], score: 13.3 },
    ]);
    expect(out.rec13.interested).toBe(4);
  });
});
