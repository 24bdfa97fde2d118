import { describe, expect, test } from 'vitest';
import { goodPracticeRows, goodPracticeTable, type RosterCity, type SurveyResponse } from '../../analysis';

const both = (en: string, fr: string) => ({ default: en, fr });

/** A small questionnaire with the Rec 19 tags of two policy areas. */
const definition = {
  pages: [
    {
      name: 'p',
      elements: [
        {
          type: 'matrix',
          name: 'chg',
          indicator: 'change',
          columns: [
            { value: 'yes', score: 1 },
            { value: 'no', score: 0 },
            { value: 'dont_know' },
          ],
          rows: [
            { value: 'education', text: both('Education', 'Éducation'), policyArea: 'education' },
            { value: 'language', text: both('Language', 'Langue'), policyArea: 'language' },
          ],
        },
        { type: 'rating', name: 'insp_edu', indicator: 'attribution', policyArea: 'education', rateMin: 1, rateMax: 5 },
        { type: 'rating', name: 'insp_lang', indicator: 'attribution', policyArea: 'language', rateMin: 1, rateMax: 5 },
        {
          type: 'checkbox',
          name: 'svc_edu',
          indicator: 'services',
          policyArea: 'education',
          choices: [
            { value: 'index_report', text: both('Index report', 'Rapport de l’Index') },
            { value: 'study_visit', text: both('Study visit', 'Visite d’étude') },
          ],
          showOtherItem: true,
          otherText: both('Other (please specify)', 'Autre (veuillez préciser)'),
        },
        { type: 'comment', name: 'txt_edu', indicator: 'most_important_change', policyArea: 'education' },
        { type: 'comment', name: 'txt_lang', indicator: 'most_important_change', policyArea: 'language' },
        { type: 'comment', name: 'final', title: 'Anything else?' },
      ],
    },
  ],
};

const roster: RosterCity[] = [
  { code: 'BBB', name: 'Bravo', country: 'ES', network: ['RECI', 'ICC'] },
  { code: 'AAA', name: 'Alpha', country: 'DK', network: ['ICC'] },
];

describe('goodPracticeRows', () => {
  test('one row per city × area with a text, with change, attribution and services; sorted by city then ICC Index area', () => {
    const responses: SurveyResponse[] = [
      {
        city: 'BBB',
        data: {
          chg: { education: 'yes', language: 'yes' },
          insp_edu: 2,
          insp_lang: 5,
          svc_edu: ['study_visit', 'other'],
          'svc_edu-Comment': 'A webinar series',
          txt_edu: 'Mother-tongue classes',
          txt_lang: 'Interpreting service',
          final: 'not a good practice',
        },
      },
      { city: 'AAA', data: { chg: { education: 'yes' }, insp_edu: 3, svc_edu: ['index_report'], txt_edu: 'Intercultural school plan' } },
      // A text without any change answer or rating, from a city outside the roster; blank texts give no row.
      { city: 'ZZZ', data: { txt_lang: 'Signs in four languages', txt_edu: '   ' } },
    ];
    expect(goodPracticeRows({ definition, responses, roster })).toEqual([
      {
        city: 'AAA',
        cityName: 'Alpha',
        country: 'DK',
        networks: ['ICC'],
        area: 'education',
        areaLabel: { en: 'Education', fr: 'Éducation' },
        text: 'Intercultural school plan',
        change: 'yes',
        attribution: 3,
        attributed: true,
        services: [{ value: 'index_report', en: 'Index report', fr: 'Rapport de l’Index' }],
        otherService: null,
      },
      {
        city: 'BBB',
        cityName: 'Bravo',
        country: 'ES',
        networks: ['ICC', 'RECI'],
        area: 'education',
        areaLabel: { en: 'Education', fr: 'Éducation' },
        text: 'Mother-tongue classes',
        change: 'yes',
        attribution: 2,
        attributed: false,
        services: [
          { value: 'study_visit', en: 'Study visit', fr: 'Visite d’étude' },
          { value: 'other', en: 'Other (please specify)', fr: 'Autre (veuillez préciser)' },
        ],
        otherService: 'A webinar series',
      },
      {
        city: 'BBB',
        cityName: 'Bravo',
        country: 'ES',
        networks: ['ICC', 'RECI'],
        area: 'language',
        areaLabel: { en: 'Language', fr: 'Langue' },
        text: 'Interpreting service',
        change: 'yes',
        attribution: 5,
        attributed: true,
        services: [],
        otherService: null,
      },
      {
        city: 'ZZZ',
        cityName: null,
        country: null,
        networks: [],
        area: 'language',
        areaLabel: { en: 'Language', fr: 'Langue' },
        text: 'Signs in four languages',
        change: null,
        attribution: null,
        attributed: null,
        services: [],
        otherService: null,
      },
    ]);
  });

  test('the last response of a city wins; the threshold can be changed', () => {
    const responses: SurveyResponse[] = [
      { city: 'AAA', data: { txt_edu: 'first draft', insp_edu: 4 } },
      { city: 'AAA', data: { txt_edu: 'final text', insp_edu: 4 } },
    ];
    const rows = goodPracticeRows({ definition, responses, roster, attributionThreshold: 5 });
    expect(rows.map((r) => [r.text, r.attributed])).toEqual([['final text', false]]);
  });

  test('the table: one column per field, empty cells for unknowns, texts as written', () => {
    const rows = goodPracticeRows({
      definition,
      roster,
      responses: [{ city: 'AAA', data: { txt_edu: '=HYPERLINK("http://x")', svc_edu: ['index_report', 'study_visit'] } }],
    });
    const table = goodPracticeTable(rows);
    expect(table.columns.map((c) => c.name)).toEqual([
      'city',
      'city_name',
      'country',
      'networks',
      'policy_area',
      'policy_area_en',
      'policy_area_fr',
      'most_important_change',
      'change_answer',
      'attribution',
      'attributed_to_icc',
      'icc_services',
      'icc_services_en',
      'icc_services_other',
    ]);
    // Escaping against formula injection is the CSV writer's job (server side): the table keeps the text.
    expect(table.rows).toEqual([
      ['AAA', 'Alpha', 'DK', 'ICC', 'education', 'Education', 'Éducation', '=HYPERLINK("http://x")', null, null, null, 'index_report;study_visit', 'Index report; Study visit', null],
    ]);
  });

  test('no most-important-change question: no rows', () => {
    const plain = { pages: [{ name: 'p', elements: [{ type: 'text', name: 'q' }] }] };
    expect(goodPracticeRows({ definition: plain, responses: [{ city: 'AAA', data: { q: 'x' } }], roster })).toEqual([]);
  });
});
