/**
 * The large synthetic data set of the analysis and CSV-export benchmarks: the real questionnaire
 * (surveys/icc-annual-survey.json, 77 questions) extended with generated questions up to 200, about a third of
 * them carrying the analysis tags of surveys/extensions.ts (marker, self_assessment, attribution,
 * most_important_change), and N synthetic cities that each submitted one response, stored through the server's
 * own database code (openDatabase + migrations, the city and survey stores; responses by parameterised INSERTs
 * into the real `responses` table, as the stores would leave them after a save).
 *
 * Deterministic (analysis/seeded-random.ts). Answers are drawn from a pool of distinct answer sets (at most
 * POOL of them, each city picks one at random) so that building 100,000 responses takes seconds; the analysis
 * and the export do the same work whether or not two cities gave the same answers.
 *
 * No survey-core here: the parent process must not create the run's first Model (see sections/validate.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../analysis/seeded-random';
import { answerFor, questionsOf, sentence } from './answers';
import { ROOT, startTs } from './util';

type Json = Record<string, unknown>;

export const BULK_QUESTIONS = 200;
/** Responses of the full and the quick run. */
export const BULK_RESPONSES = { full: 100_000, quick: 5_000 } as const;
const POOL = 5_000;
export const BULK_YEAR = 2026;
export const BULK_SURVEY_CODE = 'icc-annual-survey';

const t = (en: string, fr: string) => ({ default: en, fr });
const AREAS = [
  'commitment',
  'education',
  'neighbourhoods',
  'public_services',
  'business_labour',
  'cultural_civil_life',
  'public_space',
  'mediation',
  'language',
  'media_communication',
  'international_outlook',
  'intercultural_intelligence',
  'welcoming_newcomers',
  'leadership_citizenship',
  'anti_discrimination',
  'participation',
  'interaction',
];
const options = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i + 1}`, text: t(`Option ${i + 1}`, `Option ${i + 1} (fr)`) }));

/** Kinds of the generated questions, in the order they cycle: 4 of 13 carry analysis tags. */
const KINDS = [
  'marker',
  'text',
  'radiogroup',
  'self_assessment',
  'checkbox',
  'rating',
  'attribution',
  'matrix',
  'number',
  'most_important_change',
  'boolean',
  'dropdown',
  'ranking',
] as const;

function generatedQuestion(i: number): Json {
  const kind = KINDS[i % KINDS.length]!;
  const area = AREAS[Math.floor(i / KINDS.length) % AREAS.length]!;
  const name = `bq${String(i + 1).padStart(3, '0')}_${kind}`;
  const base: Json = { name, title: t(`Extra question ${i + 1} (${kind})`, `Question supplémentaire ${i + 1} (${kind})`) };
  switch (kind) {
    case 'marker':
      return {
        ...base,
        type: 'radiogroup',
        indicator: 'marker',
        choices: [
          { value: 'yes', text: t('Yes', 'Oui'), score: 1 },
          { value: 'partly', text: t('Partly', 'En partie'), score: 0.5 },
          { value: 'no', text: t('No', 'Non'), score: 0 },
        ],
        showDontKnowItem: true,
      };
    case 'self_assessment': {
      const rows = Array.from({ length: 5 }, (_, k) => AREAS[(i + k) % AREAS.length]!).map((a) => ({ value: a, text: t(a, a), policyArea: a }));
      const columns = [0, 1, 2, 3, 4].map((s) => ({ value: s, text: t(String(s), String(s)), score: s }));
      return { ...base, type: 'matrix', indicator: 'self_assessment', rows, columns: [...columns, { value: 'dont_know', text: t("Don't know", 'Ne sait pas') }] };
    }
    case 'attribution':
      return { ...base, type: 'rating', indicator: 'attribution', policyArea: area, rateMin: 1, rateMax: 5 };
    case 'most_important_change':
      return { ...base, type: 'comment', indicator: 'most_important_change', policyArea: area, maxLength: 2000 };
    case 'text':
      return { ...base, type: 'text', maxLength: 200 };
    case 'number':
      return { ...base, type: 'text', inputType: 'number', min: 0, max: 1000 };
    case 'radiogroup':
      return { ...base, type: 'radiogroup', choices: options('r', 5), showOtherItem: true, showDontKnowItem: true };
    case 'checkbox':
      return { ...base, type: 'checkbox', choices: options('c', 8), maxSelectedChoices: 4, showNoneItem: true };
    case 'rating':
      return { ...base, type: 'rating', rateMin: 1, rateMax: 5 };
    case 'matrix':
      return { ...base, type: 'matrix', rows: options('row', 6), columns: options('col', 4) };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'dropdown':
      return { ...base, type: 'dropdown', choices: options('d', 12) };
    case 'ranking':
      return { ...base, type: 'ranking', choices: options('k', 5) };
  }
}

/** The real questionnaire plus generated pages of at most 13 questions, up to `questions` questions in all. */
export function bulkDefinition(questions = BULK_QUESTIONS): Json {
  const real = JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys', 'icc-annual-survey.json'), 'utf8')) as Json;
  const have = questionsOf(real).length;
  if (have > questions) throw new Error(`the questionnaire already has ${have} questions (more than ${questions})`);
  const extra = Array.from({ length: questions - have }, (_, i) => generatedQuestion(i));
  const pages = [...((real['pages'] as Json[] | undefined) ?? [])];
  for (let p = 0; p * KINDS.length < extra.length; p++) {
    pages.push({ name: `bench_extra_${p + 1}`, title: t(`Additional questions ${p + 1}`, `Questions supplémentaires ${p + 1}`), elements: extra.slice(p * KINDS.length, (p + 1) * KINDS.length) });
  }
  const out = { ...real, pages };
  const n = questionsOf(out).length;
  if (n !== questions) throw new Error(`the benchmark definition has ${n} questions, expected ${questions}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Answers

/**
 * Evaluates the few visibleIf forms the questionnaire uses (`{a.b} = 'x'`, `{a} <> true`, `{a} anyof [...]`,
 * `{a} notempty`); anything else counts as visible.
 */
function visible(expr: unknown, data: Json): boolean {
  if (typeof expr !== 'string') return true;
  const m = /^\{([\w-]+)(?:\.([\w-]+))?\}\s*(=|<>|anyof|notempty)\s*(.*)$/.exec(expr.trim());
  if (!m) return true;
  const [, key, sub, op, rest] = m;
  let v: unknown = data[key!];
  if (sub !== undefined) v = v && typeof v === 'object' ? (v as Json)[sub] : undefined;
  const literal = (s: string): unknown => {
    const x = s.trim();
    if (x === 'true' || x === 'false') return x === 'true';
    if (/^'.*'$/.test(x)) return x.slice(1, -1);
    return Number.isFinite(Number(x)) && x !== '' ? Number(x) : x;
  };
  switch (op) {
    case '=':
      return v === literal(rest!);
    case '<>':
      return v !== literal(rest!);
    case 'anyof': {
      const list = rest!.replace(/^\[|\]$/g, '').split(',').map(literal);
      return list.includes(v);
    }
    default:
      return v !== undefined && v !== null && v !== '';
  }
}

/**
 * One plausible answer set: each shown question answered with probability 0.9 (required ones always),
 * occasional 'other' (with its text) and 'don't know', matrices with a 'don't know' row now and then,
 * and questions hidden by visibleIf left empty.
 */
export function bulkAnswers(definition: Json, rand: () => number): Json {
  const data: Json = {};
  const answer = (q: Json) => {
    if (!visible(q['visibleIf'], data)) return;
    if (!q['isRequired'] && rand() < 0.1) return;
    const name = String(q['name']);
    const type = q['type'];
    if ((type === 'radiogroup' || type === 'dropdown') && q['showDontKnowItem'] && rand() < 0.05) {
      data[name] = 'dontknow';
      return;
    }
    if ((type === 'radiogroup' || type === 'checkbox') && q['showOtherItem'] && rand() < 0.04) {
      data[name] = type === 'checkbox' ? ['other'] : 'other';
      data[`${name}-Comment`] = sentence(rand, 15 + Math.floor(rand() * 30));
      return;
    }
    if (type === 'comment') {
      // Shorter than answers.ts's 150-500 characters: a 100,000-response survey of 500-character texts
      // would be mostly text (the figures are about computing indicators, not about moving strings).
      data[name] = sentence(rand, 40 + Math.floor(rand() * 160));
      return;
    }
    let v = answerFor(q, rand);
    if (q['indicator'] === 'change' && v && typeof v === 'object') {
      // Each city changed something in 0-30 % of the areas (answerFor would say 'yes' to half of them).
      const p = 0.3 * rand();
      for (const row of Object.keys(v)) {
        const x = rand();
        (v as Json)[row] = x < p ? 'yes' : x < 0.92 ? 'no' : 'dont_know';
      }
    } else if (type === 'matrix' && v && typeof v === 'object') {
      const cols = (q['columns'] as Json[] | undefined) ?? [];
      const dk = cols.find((c) => c['value'] === 'dont_know');
      if (dk) for (const row of Object.keys(v)) if (rand() < 0.08) (v as Json)[row] = 'dont_know';
    }
    if (type === 'ranking' && Array.isArray(v) && rand() < 0.3) v = v.slice(0, 3);
    if (v !== undefined) data[name] = v;
  };
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const e of elements as Json[]) {
      if (e['type'] === 'panel') {
        if (visible(e['visibleIf'], data)) walk(e['elements']);
      } else if (e['type'] !== 'html' && e['type'] !== 'image' && e['type'] !== 'expression') answer(e);
    }
  };
  for (const page of (definition['pages'] as Json[] | undefined) ?? []) if (visible(page['visibleIf'], data)) walk(page['elements']);
  return data;
}

// ---------------------------------------------------------------------------------------------
// The database (built in a child process: bulk-job.ts build)

const NETWORKS = [
  { code: 'ICC-INT', name: 'Intercultural Cities international network (synthetic)', kind: 'international' as const, country: null },
  { code: 'RECI', name: 'Spanish network (synthetic)', kind: 'national' as const, country: 'ES' },
  { code: 'ICC-IT', name: 'Italian network (synthetic)', kind: 'national' as const, country: 'IT' },
  { code: 'ICC-PT', name: 'Portuguese network (synthetic)', kind: 'national' as const, country: 'PT' },
  { code: 'ICC-UA', name: 'Ukrainian network (synthetic)', kind: 'national' as const, country: 'UA' },
  { code: 'ICC-NO', name: 'Norwegian network (synthetic)', kind: 'national' as const, country: 'NO' },
];
const COUNTRIES = ['ES', 'IT', 'PT', 'UA', 'NO', 'FR', 'DE', 'PL', 'GR', 'CH', 'CA', 'MA', 'NL', 'SE', 'GB'];
const SIZES = ['small', 'medium', 'large', 'very_large'];

export interface BulkDatabase {
  file: string;
  dir: string;
  surveyId: number;
  responses: number;
  questions: number;
  /** Bytes of the answers' JSON, all responses. */
  dataBytes: number;
  buildMs: number;
}

/** Fills a new database file with N cities and one response each (runs in the child, imports the server). */
export async function buildBulkDatabase(file: string, n: number): Promise<Omit<BulkDatabase, 'dir'>> {
  const started = performance.now();
  const { openDatabase } = await import('../../server/db');
  const { cityStore } = await import('../../server/stores/cities');
  const { surveyStore } = await import('../../server/stores/surveys');
  const db = openDatabase(file);
  const cities = cityStore(db);
  const surveys = surveyStore(db);
  const rand = mulberry32(20_260_001);
  const definition = bulkDefinition();
  const pool = Array.from({ length: Math.min(n, POOL) }, () => JSON.stringify(bulkAnswers(definition, rand)));
  const now = new Date(Date.UTC(BULK_YEAR, 11, 15));

  const cityIds: number[] = [];
  db.transaction(() => {
    for (const net of NETWORKS) cities.createNetwork(net);
    for (let i = 0; i < n; i++) {
      const country = COUNTRIES[Math.floor(rand() * COUNTRIES.length)]!;
      const nets: string[] = [];
      if (rand() < 0.7) nets.push('ICC-INT');
      const national = NETWORKS.find((x) => x.country === country);
      if (national && rand() < 0.8) nets.push(national.code);
      cityIds.push(
        cities.create(
          {
            code: `BC${String(i + 1).padStart(6, '0')}`,
            name: `Bench city ${i + 1} (synthetic)`,
            country,
            sizeBand: SIZES[Math.floor(rand() * SIZES.length)]!,
            isSynthetic: true,
          },
          nets,
        ),
      );
    }
  })();
  const surveyId = surveys.create({
    year: BULK_YEAR,
    code: BULK_SURVEY_CODE,
    title: `Benchmark survey ${BULK_YEAR} (${BULK_QUESTIONS} questions, synthetic)`,
    definition,
    status: 'open',
    now,
  });
  const versionId = surveys.publishedVersionId({ surveyId });
  if (versionId === undefined) throw new Error('the benchmark survey has no published version');
  const insert = db.prepare(
    `INSERT INTO responses (survey_id, city_id, version_id, data, revision, status, page_no, progress, created_at, updated_at, submitted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let dataBytes = 0;
  db.transaction(() => {
    for (const cityId of cityIds) {
      const data = pool[Math.floor(rand() * pool.length)]!;
      dataBytes += Buffer.byteLength(data);
      const submitted = rand() < 0.9;
      const at = new Date(now.getTime() - Math.floor(rand() * 30 * 86_400_000)).toISOString();
      insert.run(surveyId, cityId, versionId, data, 1 + Math.floor(rand() * 20), submitted ? 'submitted' : 'draft', 0, submitted ? 1 : 0.8, at, at, submitted ? at : null);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { file, surveyId, responses: n, questions: BULK_QUESTIONS, dataBytes, buildMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Parent side: one database per run, shared by the sections that need it, removed at exit.

let shared: Promise<BulkDatabase> | undefined;
let sharedDir: string | undefined;
process.once('exit', () => {
  if (sharedDir) fs.rmSync(sharedDir, { recursive: true, force: true });
});

/** Runs bulk-job.ts in a child and returns the one `RESULT {json}` line it prints. */
export async function runJob<T>(args: string[], { heapMb = 0, timeoutMs = 15 * 60_000 }: { heapMb?: number; timeoutMs?: number } = {}): Promise<T> {
  const opts = ['--expose-gc', ...(heapMb ? [`--max-old-space-size=${heapMb}`] : [])];
  const child = startTs('bench/lib/bulk-job.ts', { args, env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, ...opts].filter(Boolean).join(' ') } });
  try {
    const line = await child.waitForLine(/^RESULT (.*)$/, timeoutMs);
    return JSON.parse(line[1]!) as T;
  } finally {
    await child.stop();
  }
}

/** The benchmark database of this run (built on first use, in a child process). */
export function bulkDatabase({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<BulkDatabase> {
  shared ??= (async () => {
    const n = quick ? BULK_RESPONSES.quick : BULK_RESPONSES.full;
    sharedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-bench-bulk-'));
    const file = path.join(sharedDir, 'bulk.sqlite');
    const built = await runJob<Omit<BulkDatabase, 'dir'>>(['build', file, String(n)]);
    log(
      `bulk data: ${built.responses.toLocaleString('en')} responses x ${built.questions} questions, ` +
        `${(built.dataBytes / 1024 / built.responses).toFixed(1)} KiB of answers each (${(built.dataBytes / 2 ** 20).toFixed(0)} MiB), ` +
        `built in ${(built.buildMs / 1000).toFixed(1)} s`,
    );
    return { ...built, dir: sharedDir };
  })();
  return shared;
}
