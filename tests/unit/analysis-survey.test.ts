import '../../surveys/extensions';
import fc from 'fast-check';
import Papa from 'papaparse';
import { Model } from 'survey-core';
import { describe, expect, test } from 'vitest';
import { analyseSurvey, type SurveyAnalysis } from '../../analysis/analyse-survey';
import { AnalysisInputError } from '../../analysis/input-error';
import { DefinitionError } from '../../analysis/survey-catalogue';
import { answerColumns, escapeCell, parseAnswerRow, unescapeCell } from '../../surveys/answer-columns';
import { loadDefaultSurveys } from '../../surveys/default-surveys';
import { mulberry32 } from '../../analysis/seeded-random';

type Json = Record<string, any>;
const iccDefinition = (): Json => loadDefaultSurveys().find((s) => s.code === 'icc-annual-survey')!.definition as Json;

const seeded = mulberry32;

const TEXTS = ['plain', '=HYPERLINK("x")', '+33 1 23', '-minus', '-5', '@sum', '\ttab', 'a, "quoted"\nline', "'apostrophe", 'Œuvre à Zürich'];

/** Answers to every question of a definition, driven by question types only (seeded, so reproducible). */
function randomAnswers(model: Model, rnd: () => number): Json {
  const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)]!;
  const data: Json = {};
  for (const question of model.getAllQuestions(false, false, true)) {
    const q = question as any;
    if (q.parentQuestion || rnd() < 0.15) continue;
    const key = q.getValueName();
    const choices = (q.choices ?? []).map((c: any) => c.value);
    const specials = [q.showNoneItem && 'none', q.showOtherItem && 'other', q.showDontKnowItem && 'dontknow'].filter(Boolean);
    switch (q.getType()) {
      case 'radiogroup':
      case 'dropdown':
        data[key] = pick([...choices, ...specials]);
        if (data[key] === 'other') data[`${key}-Comment`] = pick(TEXTS);
        break;
      case 'checkbox': {
        const selected = [...choices, ...specials].filter(() => rnd() < 0.35);
        if (selected.length > 0) data[key] = selected;
        if (selected.includes('other')) data[`${key}-Comment`] = pick(TEXTS);
        break;
      }
      case 'ranking': {
        const order = [...choices].sort(() => rnd() - 0.5);
        data[key] = rnd() < 0.2 ? order.slice(0, 3) : order;
        break;
      }
      case 'rating':
        data[key] = 1 + Math.floor(rnd() * 5);
        break;
      case 'matrix': {
        const value: Json = {};
        for (const row of q.rows) if (rnd() < 0.8) value[row.value] = pick(q.columns.map((c: any) => c.value));
        if (Object.keys(value).length > 0) data[key] = value;
        break;
      }
      case 'boolean':
        data[key] = rnd() < 0.5;
        break;
      case 'text':
        data[key] = q.inputType === 'number' ? 2010 + Math.floor(rnd() * 15) : pick(TEXTS);
        break;
      case 'comment':
        data[key] = pick(TEXTS);
        break;
    }
  }
  return data;
}

function syntheticYear(definition: Json, seed: number, cities: string[]) {
  const model = new Model(definition);
  const rnd = seeded(seed);
  return cities.map((city) => ({ city, data: randomAnswers(model, rnd) }));
}

const CITIES = Array.from({ length: 30 }, (_, i) => `C${String(i).padStart(2, '0')}`);
const roster = CITIES.map((code, i) => ({
  code,
  country: ['IT', 'ES', 'PT'][i % 3]!,
  network: i % 4 === 0 ? ['ICC', 'RECI'] : ['ICC'],
  size: i % 2 === 0 ? 'large' : 'small',
}));

describe('determinism', () => {
  const definition = iccDefinition();
  const responses = syntheticYear(definition, 1, CITIES.slice(0, 26));
  const previous = syntheticYear(definition, 2, CITIES.slice(3, 30));

  test('the same input twice gives deep-equal output, key order included', () => {
    const a = analyseSurvey({ definition, responses, previous, roster });
    const b = analyseSurvey({ definition, responses, previous, roster });
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  test('the order of responses and roster does not matter', () => {
    const a = analyseSurvey({ definition, responses, previous, roster });
    const b = analyseSurvey({
      definition,
      responses: [...responses].reverse(),
      previous: [...previous].reverse(),
      roster: [...roster].reverse(),
    });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

/** A copy of the definition and answers with every question renamed and choice-free keys left alone. */
function renameQuestions(definition: Json, responses: { city: string; data: Json }[]) {
  const names = new Map<string, string>();
  const copy = structuredClone(definition);
  const walk = (elements: Json[] | undefined) => {
    for (const el of elements ?? []) {
      if (el.type !== 'panel' && el.type !== 'html') {
        names.set(el.name, `renamed_${names.size}`);
        el.name = names.get(el.name);
      }
      walk(el.elements);
    }
  };
  for (const page of copy.pages) walk(page.elements);
  const text = JSON.stringify(copy).replace(/\{([a-z_]+)([.}])/g, (m, name: string, end: string) =>
    names.has(name) ? `{${names.get(name)}${end}` : m,
  );
  const renameKey = (key: string) => {
    const [stem, suffix] = key.endsWith('-Comment') ? [key.slice(0, -8), '-Comment'] : [key, ''];
    return `${names.get(stem) ?? stem}${suffix}`;
  };
  return {
    names,
    definition: JSON.parse(text) as Json,
    responses: responses.map((r) => ({
      city: r.city,
      data: Object.fromEntries(Object.entries(r.data).map(([k, v]) => [renameKey(k), v])),
    })),
  };
}

/** The indicators with the question codes they mention removed. */
function withoutCodes(a: SurveyAnalysis): unknown {
  return JSON.parse(
    JSON.stringify({ rec19: a.rec19, rec17: a.rec17, rec11: a.rec11, responseRates: a.responseRates, engagement: a.engagement }),
    (key, value) => (key === 'question' ? undefined : value),
  );
}

test('indicators are driven by tags: renaming every question gives the same figures', () => {
  const definition = iccDefinition();
  const responses = syntheticYear(definition, 3, CITIES);
  const previous = syntheticYear(definition, 4, CITIES.slice(5));
  const renamed = renameQuestions(definition, responses);
  const renamedPrevious = renameQuestions(definition, previous);
  expect(renamed.names.get('chg')).toMatch(/^renamed_/);
  const original = analyseSurvey({ definition, responses, previous, roster, minCell: 3 });
  const other = analyseSurvey({
    definition: renamed.definition,
    responses: renamed.responses,
    previous: renamedPrevious.responses,
    roster,
    minCell: 3,
  });
  expect(original.rec19.overall.change.n).toBeGreaterThan(10);
  expect(original.rec17.overall.n).toBeGreaterThan(10);
  expect(original.rec11.preferred).not.toBeNull();
  expect(withoutCodes(other)).toEqual(withoutCodes(original));
  for (const [code, summary] of Object.entries(original.questions)) {
    const [stem, rest] = code.includes('.') ? [code.slice(0, code.indexOf('.')), code.slice(code.indexOf('.'))] : [code, ''];
    expect(other.questions[`${renamed.names.get(stem)}${rest}`]).toEqual(summary);
  }
});

describe('parseAnswerRow, the inverse of answerColumns', () => {
  const definition = iccDefinition();
  const model = new Model(definition);
  const columns = answerColumns(model);

  function throughCsv(data: Json): Json {
    const csv = Papa.unparse([['city', ...columns.map((c) => c.header)], ['X', ...columns.map((c) => escapeCell(c.cell(data)))]]);
    const row = Papa.parse<Record<string, string>>(csv, { header: true }).data[0]!;
    return parseAnswerRow(model, row);
  }

  /** The data as the CSV can carry it: checkbox selections in questionnaire order. */
  function canonical(data: Json): Json {
    const out: Json = { ...data };
    for (const q of model.getAllQuestions() as any[]) {
      const v = out[q.getValueName()];
      if ((q.getType() === 'checkbox' || q.getType() === 'tagbox') && Array.isArray(v)) {
        const order = [...q.choices.map((c: any) => c.value), 'none', 'other', 'dontknow', 'refused'];
        out[q.getValueName()] = [...v].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      }
    }
    return out;
  }

  test('answers survive the CSV round trip, typed as the questionnaire stores them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const data = randomAnswers(model, seeded(seed));
        expect(throughCsv(data)).toEqual(canonical(data));
      }),
      { numRuns: 60 },
    );
  });

  test('any free text survives, formula escaping undone', () => {
    const text = fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }).filter((s) => !/^'[=+\-@\t\r]/.test(s) && !s.includes('\0'));
    fc.assert(
      fc.property(text, text, (comment, other) => {
        const data = { final_comment: comment, respondent_role: 'other', 'respondent_role-Comment': other };
        expect(throughCsv(data)).toEqual(data);
      }),
      { numRuns: 200 },
    );
  });

  test('matrix values, rankings and numbers come back with their types', () => {
    const data = { prog: { commitment: 0, education: 4 }, comm_channels: ['portal', 'email_targeted'], team_size: 7, index_never: true };
    expect(throughCsv(data)).toEqual(data);
  });

  test('unescapeCell removes only the apostrophe escapeCell adds', () => {
    expect(unescapeCell(String(escapeCell('=1+1')))).toBe('=1+1');
    expect(unescapeCell("'hello")).toBe("'hello");
    expect(unescapeCell("'-5")).toBe("'-5");
    expect(unescapeCell('-5')).toBe('-5');
  });
});

describe('bad input', () => {
  test('a definition with jsonErrors is refused', () => {
    const bad = { elements: [{ type: 'text', name: 'q', notAProperty: 1 }] };
    expect(() => analyseSurvey({ definition: bad, responses: [] })).toThrow(DefinitionError);
    expect(() => analyseSurvey({ definition: [], responses: [] })).toThrow(/JSON object/);
  });

  test('responses must be an array of {city, data}', () => {
    const definition = { elements: [{ type: 'text', name: 'q' }] };
    expect(() => analyseSurvey({ definition, responses: {} as never })).toThrow(AnalysisInputError);
    expect(() => analyseSurvey({ definition, responses: [{ city: '', data: {} }] })).toThrow(/no city code/);
    expect(() => analyseSurvey({ definition, responses: [{ city: 'A', data: [] as never }] })).toThrow(/data must be an object/);
  });

  test('a city answering twice is analysed once (its last response), with a warning', () => {
    const definition = { elements: [{ type: 'radiogroup', name: 'q', choices: ['a', 'b'] }] };
    const out = analyseSurvey({
      definition,
      responses: [
        { city: 'A', data: { q: 'a' } },
        { city: 'A', data: { q: 'b' } },
      ],
    });
    expect(out.n).toBe(1);
    expect((out.questions.q as { counts: Json }).counts).toEqual({ a: 0, b: 1 });
    expect(out.warnings.some((w) => w.includes('several responses for A'))).toBe(true);
  });
});
