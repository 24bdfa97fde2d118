/**
 * Benchmark fixtures: plausible answer sets for a SurveyJS definition (walking the JSON, no survey-core, so
 * that the first survey-core call of the run stays cold), and a generated 200-question definition.
 */
import type { Answers } from '../../surveys/answers-merge';
import { mulberry32 } from '../../analysis/seeded-random';

type Json = Record<string, unknown>;

/** Deterministic PRNG (mulberry32), so payloads are identical from run to run. */
export const rng = mulberry32;

const WORDS = (
  'the city council adopted an intercultural strategy with neighbourhood associations schools libraries and ' +
  'migrant organisations training for front-desk staff new mediation service public space festival language ' +
  'courses welcoming newcomers evaluation budget partnership youth sport culture housing employment dialogue'
).split(' ');

export function sentence(rand: () => number, chars: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = WORDS[Math.floor(rand() * WORDS.length)]!;
    out.push(w);
    n += w.length + 1;
  }
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

const SPECIAL = new Set(['other', 'none', 'dont_know', 'dontknow', 'refused']);
const valueOf = (item: unknown): unknown => (item !== null && typeof item === 'object' ? (item as Json)['value'] : item);
const choicesOf = (q: Json, key = 'choices'): unknown[] =>
  (Array.isArray(q[key]) ? (q[key] as unknown[]) : []).map(valueOf).filter((v) => !SPECIAL.has(String(v)));

/** Questions (not panels, not html) of a definition, in page order. */
export function questionsOf(definition: Json): Json[] {
  const out: Json[] = [];
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const e of elements as Json[]) {
      if (e['type'] === 'panel') walk(e['elements']);
      else if (e['type'] !== 'html' && e['type'] !== 'image' && e['type'] !== 'expression') out.push(e);
    }
  };
  for (const page of (definition['pages'] as Json[] | undefined) ?? []) walk(page['elements']);
  walk(definition['elements']);
  return out;
}

function pick<T>(rand: () => number, list: T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function shuffled<T>(rand: () => number, list: T[]): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A valid value for one question, or undefined when the generator does not know the type. */
export function answerFor(q: Json, rand: () => number): unknown {
  switch (q['type']) {
    case 'radiogroup':
    case 'dropdown':
      return pick(rand, choicesOf(q));
    case 'checkbox':
    case 'tagbox': {
      const choices = choicesOf(q);
      const max = Math.min(Number(q['maxSelectedChoices'] ?? 0) || choices.length, 3);
      const min = Math.max(Number(q['minSelectedChoices'] ?? 0), 1);
      const n = Math.max(min, 1 + Math.floor(rand() * max));
      return shuffled(rand, choices).slice(0, Math.min(n, choices.length));
    }
    case 'ranking':
      return shuffled(rand, choicesOf(q));
    case 'rating': {
      const values = choicesOf(q, 'rateValues');
      if (values.length) return pick(rand, values);
      const min = Number(q['rateMin'] ?? 1);
      const max = Number(q['rateMax'] ?? 5);
      const step = Number(q['rateStep'] ?? 1);
      return min + step * Math.floor(rand() * (Math.floor((max - min) / step) + 1));
    }
    case 'boolean':
      return rand() < 0.5;
    case 'comment': {
      const max = Number(q['maxLength'] ?? 0) || 2000;
      return sentence(rand, Math.min(max - 10, 150 + Math.floor(rand() * 350)));
    }
    case 'text': {
      if (q['inputType'] === 'number') {
        const min = q['min'] === undefined ? 0 : Number(q['min']);
        const max = q['max'] === undefined ? min + 100 : Number(q['max']);
        return min + Math.floor(rand() * (max - min + 1));
      }
      return sentence(rand, 20 + Math.floor(rand() * 40));
    }
    case 'matrix': {
      const cols = choicesOf(q, 'columns');
      const rows = (Array.isArray(q['rows']) ? (q['rows'] as unknown[]) : []).map(valueOf);
      return Object.fromEntries(rows.map((r) => [String(r), pick(rand, cols)]));
    }
    default:
      return undefined;
  }
}

/** Answers to the first `share` of the questions (a respondent part-way through), skipping unknown types. */
export function answersFor(definition: Json, { seed, share = 1 }: { seed: number; share?: number }): Answers {
  const rand = rng(seed);
  const qs = questionsOf(definition);
  const data: Answers = {};
  for (const q of qs.slice(0, Math.ceil(qs.length * share))) {
    const v = answerFor(q, rand);
    if (v !== undefined) data[String(q['name'])] = v;
  }
  return data;
}

const t = (en: string, fr: string) => ({ default: en, fr });
const items = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i + 1}`, text: t(`Option ${i + 1}`, `Option ${i + 1} (fr)`) }));

export const QUESTION_TYPES = ['text', 'number', 'radiogroup', 'checkbox', 'rating', 'matrix', 'comment', 'boolean', 'dropdown', 'ranking'] as const;

/** A 200-question definition: 10 pages of 20 questions cycling through the common types; about one in three required. */
export function generateDefinition({ questions = 200, pages = 10 }: { questions?: number; pages?: number } = {}): Json {
  const perPage = Math.ceil(questions / pages);
  const pageList: Json[] = [];
  for (let p = 0; p < pages; p++) {
    const elements: Json[] = [];
    for (let k = 0; k < perPage && p * perPage + k < questions; k++) {
      const i = p * perPage + k;
      const kind = QUESTION_TYPES[i % QUESTION_TYPES.length]!;
      const name = `q${String(i + 1).padStart(3, '0')}_${kind}`;
      const base: Json = { name, title: t(`Question ${i + 1}: ${kind}`, `Question ${i + 1} : ${kind}`), isRequired: i % 3 === 0 };
      switch (kind) {
        case 'text':
          elements.push({ ...base, type: 'text', maxLength: 200 });
          break;
        case 'number':
          elements.push({ ...base, type: 'text', inputType: 'number', min: 0, max: 1000 });
          break;
        case 'radiogroup':
          elements.push({ ...base, type: 'radiogroup', choices: items('r', 5), showOtherItem: true, showDontKnowItem: true });
          break;
        case 'checkbox':
          elements.push({ ...base, type: 'checkbox', choices: items('c', 8), maxSelectedChoices: 4, showNoneItem: true });
          break;
        case 'rating':
          elements.push({ ...base, type: 'rating', rateMin: 1, rateMax: 5 });
          break;
        case 'matrix':
          elements.push({ ...base, type: 'matrix', rows: items('row', 6), columns: items('col', 4), eachRowRequired: i % 3 === 0 });
          break;
        case 'comment':
          elements.push({ ...base, type: 'comment', maxLength: 2000, rows: 3 });
          break;
        case 'boolean':
          elements.push({ ...base, type: 'boolean' });
          break;
        case 'dropdown':
          elements.push({ ...base, type: 'dropdown', choices: items('d', 12) });
          break;
        case 'ranking':
          elements.push({ ...base, type: 'ranking', choices: items('k', 5) });
          break;
      }
    }
    // A little logic, as real questionnaires have: the page's last question depends on its first answer.
    const first = elements[0];
    const last = elements[elements.length - 1];
    if (first && last && first !== last) last['visibleIf'] = `{${String(first['name'])}} notempty`;
    pageList.push({ name: `page${p + 1}`, title: t(`Part ${p + 1}`, `Partie ${p + 1}`), elements });
  }
  return {
    title: t('Benchmark survey (200 questions)', 'Enquête de mesure (200 questions)'),
    showQuestionNumbers: 'off',
    checkErrorsMode: 'onComplete',
    pages: pageList,
  };
}
