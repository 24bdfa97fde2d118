import '../../surveys/extensions';
import fc from 'fast-check';
import { Model } from 'survey-core';
import { describe, expect, test } from 'vitest';
import { analyseSurvey, analyseSurveyStream, ResponseOrderError, type AnalyseSurveyInput } from '../../analysis/analyse-survey';
import { compareCodes } from '../../analysis/answer-values';
import { AnalysisInputError } from '../../analysis/input-error';
import { PAIRING_MAX_CITIES } from '../../analysis/pairing';
import { mulberry32 } from '../../analysis/seeded-random';
import { surveyCatalogue } from '../../analysis/survey-catalogue';
import { loadDefaultSurveys } from '../../surveys/default-surveys';

type Json = Record<string, any>;
const definition = loadDefaultSurveys().find((s) => s.code === 'icc-annual-survey')!.definition as Json;
const model = new Model(definition);
// Read once: a catalogue is a survey-core walk of the questionnaire, most of the time of so small an analysis.
const catalogue = surveyCatalogue(definition);
const questions = model.getAllQuestions(false, false, true).filter((q: any) => !q.parentQuestion) as any[];

const TEXTS = ['plain', 'Œuvre à Zürich', '  ', '', 'a, "quoted"\nline', '12', 'x'.repeat(300)];

/**
 * Answers to every question, odd ones included: blanks, don't know, 'other' with its text, partial rankings,
 * numbers as text, values outside the choices, answers to no question.
 */
function randomAnswers(rnd: () => number): Json {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const data: Json = {};
  for (const q of questions) {
    if (rnd() < 0.15) continue;
    const key = q.getValueName();
    const choices = (q.choices ?? []).map((c: any) => c.value);
    const specials = [q.showNoneItem && 'none', q.showOtherItem && 'other', q.showDontKnowItem && 'dontknow', 'not-a-choice'].filter(Boolean);
    switch (q.getType()) {
      case 'radiogroup':
      case 'dropdown':
        data[key] = pick([...choices, ...specials]);
        if (data[key] === 'other') data[`${key}-Comment`] = pick(TEXTS);
        break;
      case 'checkbox':
      case 'tagbox': {
        const selected = [...choices, ...specials].filter(() => rnd() < 0.35);
        data[key] = rnd() < 0.05 ? [...selected, ...selected] : selected;
        if (selected.includes('other')) data[`${key}-Comment`] = pick(TEXTS);
        break;
      }
      case 'ranking': {
        const order = [...choices].sort(() => rnd() - 0.5);
        data[key] = rnd() < 0.3 ? order.slice(0, 1 + Math.floor(rnd() * 3)) : order;
        break;
      }
      case 'rating':
        data[key] = rnd() < 0.1 ? String(1 + Math.floor(rnd() * 5)) : 1 + Math.floor(rnd() * 5);
        break;
      case 'matrix': {
        const value: Json = {};
        for (const row of q.rows) if (rnd() < 0.8) value[row.value] = pick(q.columns.map((c: any) => c.value));
        data[key] = value;
        break;
      }
      case 'boolean':
        data[key] = rnd() < 0.5;
        break;
      case 'text':
        data[key] = q.inputType === 'number' ? pick([1, 2, 3, 7, '4', 'many', '']) : pick(TEXTS);
        break;
      default:
        data[key] = pick(TEXTS);
    }
  }
  if (rnd() < 0.05) data[`stray_${Math.floor(rnd() * 3)}`] = 'answer to no question';
  return data;
}

const NETWORKS = ['ICC', 'RECI', 'ICC-IT'];
function world(seed: number, cities: number) {
  const rnd = mulberry32(seed);
  const codes = Array.from({ length: cities }, (_, i) => `C${String(i).padStart(4, '0')}`);
  const roster = codes
    .filter(() => rnd() < 0.95)
    .map((code) => ({
      code,
      country: ['IT', 'ES', 'PT', ' '][Math.floor(rnd() * 4)]!,
      network: NETWORKS.filter(() => rnd() < 0.5),
      ...(rnd() < 0.9 ? { size: ['small', 'large'][Math.floor(rnd() * 2)]! } : {}),
    }));
  const answered = (p: number) => codes.filter(() => rnd() < p).map((city) => ({ city, data: randomAnswers(rnd), ...(rnd() < 0.1 ? { attrs: { country: 'FR' } } : {}) }));
  return { roster, responses: answered(0.8), previous: answered(0.7) };
}

/** The input's responses as a one-pass stream in city-code order (a generator, as the server gives them). */
function* inOrder(responses: AnalyseSurveyInput['responses']) {
  yield* [...responses].sort((a, b) => compareCodes(a.city, b.city));
}

describe('the streamed analysis gives what the analysis of the array gives', () => {
  test('on random years, with a roster, last year and filters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 120 }),
        fc.record({ network: fc.subarray(NETWORKS), country: fc.subarray(['IT', 'ES', 'FR']), size: fc.subarray(['small', 'large']) }),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        (seed, cities, filters, withPrevious, minCell) => {
          const { roster, responses, previous } = world(seed, cities);
          const input: AnalyseSurveyInput = { definition, catalogue, responses, roster, filters, minCell, ...(withPrevious ? { previous } : {}) };
          const expected = analyseSurvey(input);
          const streamed = analyseSurveyStream({ ...input, responses: inOrder(responses) });
          expect(JSON.stringify(streamed)).toBe(JSON.stringify(expected));
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);

  test('with enough interested cities for pairing suggestions, and no roster', () => {
    const { responses } = world(7, 400);
    const expected = analyseSurvey({ definition, catalogue, responses });
    expect(expected.rec13.pairs.length).toBeGreaterThan(0);
    expect(JSON.stringify(analyseSurveyStream({ definition, catalogue, responses: inOrder(responses) }))).toBe(JSON.stringify(expected));
  });

  test('with more interested cities than the pairing profiles (their scores and changes then need not be kept)', () => {
    const interest = catalogue.questions.find((q) => q.indicator === 'pairing_interest')!.code;
    // Most cities interested (a few not, and a few without an answer), so that there are more than the pairing reads.
    const responses = world(11, 2 * PAIRING_MAX_CITIES).responses.map((r, i) => ({
      ...r,
      data: i % 20 === 3 ? r.data : { ...r.data, [interest]: i % 20 === 7 ? 'no' : 'yes' },
    }));
    const expected = analyseSurvey({ definition, catalogue, responses });
    expect(expected.rec13.interested).toBeGreaterThan(PAIRING_MAX_CITIES);
    expect(expected.rec13.skipped).toBeDefined();
    expect(JSON.stringify(analyseSurveyStream({ definition, catalogue, responses: inOrder(responses) }))).toBe(JSON.stringify(expected));
  }, 120_000);

  test('the responses are read once', () => {
    const { responses } = world(3, 30);
    let reads = 0;
    const stream = {
      *[Symbol.iterator]() {
        reads++;
        yield* inOrder(responses);
      },
    };
    const out = analyseSurveyStream({ definition, responses: stream });
    expect(reads).toBe(1);
    expect(out.n).toBe(responses.length);
  });
});

describe('streamed responses must come in city-code order, each city once', () => {
  const { responses } = world(11, 10);
  const sorted = [...responses].sort((a, b) => compareCodes(a.city, b.city));

  test('a city out of order is refused with a ResponseOrderError', () => {
    const swapped = [sorted[1]!, sorted[0]!, ...sorted.slice(2)];
    expect(() => analyseSurveyStream({ definition, responses: swapped })).toThrow(ResponseOrderError);
    expect(() => analyseSurveyStream({ definition, responses: swapped })).toThrow(/does not come after city/);
  });

  test('a city given twice (codes equal once trimmed) is refused', () => {
    const twice = [sorted[0]!, { ...sorted[0]!, city: ` ${sorted[0]!.city} ` }, ...sorted.slice(1)];
    expect(() => analyseSurveyStream({ definition, responses: twice })).toThrow(ResponseOrderError);
  });

  test('a malformed response is refused as analyseSurvey refuses it', () => {
    const bad = [sorted[0]!, { city: 'ZZ', data: [] as never }];
    expect(() => analyseSurveyStream({ definition, responses: bad })).toThrow(AnalysisInputError);
    expect(() => analyseSurveyStream({ definition, responses: bad })).toThrow(/responses\[1\] \(city ZZ\): data must be an object/);
  });
});
