/**
 * One summary per question (per row for matrices), in the shape of the contract's `summary.json`
 * (docs/contract.md): `{ type, n, counts?, shares?, mean?, ci95?, meanRank? }` plus the extras below.
 *
 * n is always the number of responses that answered the item (blank, empty arrays and empty objects do not
 * count). Hidden questions are simply unanswered.
 */
import type { Answers } from '../surveys/answers-merge';
import { isAnswered, listValue, numericValue, textValue } from './answer-values';
import { summariseSample } from './sample-summary';
import {
  DONT_KNOW_VALUES,
  type AnswerKind,
  type CatalogueQuestion,
  type ChoiceOption,
  type SurveyCatalogue,
} from './survey-catalogue';
import { proportion, wilsonInterval, type Interval, type Proportion } from './wilson-interval';

/** One response as analysis reads it. */
export interface CityAnswers {
  city: string;
  data: Answers;
}

/** A share p = k/n with its Wilson 95% interval (contract shape). */
export interface Share {
  p: number;
  ci95: Interval;
}

/** Free text of one city. */
export interface TextEntry {
  city: string;
  text: string;
}

interface SummaryBase {
  type: string;
  n: number;
  indicator?: string;
  policyArea?: string;
}

/** Single- or multiple-choice item (matrix rows included). */
export interface ChoiceSummary extends SummaryBase {
  /** Responses choosing each value (a checkbox counts each selected value). Declared choices first. */
  counts: Record<string, number>;
  /** counts / n with Wilson interval, for every value, 'other' and don't-know included. Empty when n = 0. */
  shares: Record<string, Share>;
  /** Which values are substantive, 'other' or don't-know-like (kept apart from the substantive ones). */
  kinds: Record<string, AnswerKind>;
  /** Responses with at least one substantive answer (neither 'other' nor don't-know-like). */
  nSubstantive: number;
  /** Substantive values only, over nSubstantive: "of the cities that gave a real answer". */
  substantiveShares: Record<string, Share>;
  /** The most frequent substantive value (ties: questionnaire order); null when none. */
  top: string | null;
  /** Matrix rows: the row value. */
  row?: string;
  /** 'Other (please specify)' texts and comments. */
  comments?: TextEntry[];
}

/** Numeric rating or number input. */
export interface NumericSummary extends SummaryBase {
  mean: number | null;
  ci95: Interval | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  /** Responses giving each value (a rating scale lists every scale point). */
  distribution: Record<string, number>;
  /** Answered with something that is not a number (not in n). */
  invalid: number;
  comments?: TextEntry[];
}

/** Ranking (position 1 = first = preferred). */
export interface RankingSummary extends SummaryBase {
  /** Mean position of each value over the responses that ranked it (values nobody ranked are absent). */
  meanRank: Record<string, number>;
  /** Responses that ranked each value at all. */
  rankedCount: Record<string, number>;
  /** Share of the n responses that put each value first. */
  rankedFirst: Record<string, Proportion>;
  /** Share of the complete rankings (nComplete) that put each value last. */
  rankedLast: Record<string, Proportion>;
  /** Responses that ranked every choice (only those tell what is last). */
  nComplete: number;
  comments?: TextEntry[];
}

/** Free text. */
export interface TextSummary extends SummaryBase {
  texts: TextEntry[];
}

/** The summary of one question (or matrix row), by question family. */
export type QuestionSummary = ChoiceSummary | NumericSummary | RankingSummary | TextSummary | SummaryBase;

function tags(q: CatalogueQuestion): Pick<SummaryBase, 'indicator' | 'policyArea'> {
  return {
    ...(q.indicator ? { indicator: q.indicator } : {}),
    ...(q.policyArea ? { policyArea: q.policyArea } : {}),
  };
}

function sharesOf(counts: Record<string, number>, n: number, keys: readonly string[]): Record<string, Share> {
  const shares: Record<string, Share> = {};
  if (n === 0) return shares;
  for (const key of keys) shares[key] = { p: counts[key]! / n, ci95: wilsonInterval(counts[key]!, n)! };
  return shares;
}

function unknownKind(key: string): AnswerKind {
  return DONT_KNOW_VALUES.has(key) ? 'dontknow' : 'substantive';
}

/**
 * Counts and shares of a choice item. `answers` holds, per responding city, the list of values it chose
 * (one value for single choice). n = responses with at least one value.
 */
export function choiceSummary(
  base: SummaryBase,
  options: readonly ChoiceOption[],
  answers: readonly (readonly unknown[])[],
): ChoiceSummary {
  const counts: Record<string, number> = {};
  const kinds: Record<string, AnswerKind> = {};
  for (const o of options) {
    counts[o.key] = 0;
    kinds[o.key] = o.kind;
  }
  const unknown = new Set<string>();
  let n = 0;
  let nSubstantive = 0;
  for (const values of answers) {
    if (values.length === 0) continue;
    n++;
    let hasSubstantive = false;
    for (const v of values) {
      const key = String(v);
      if (!(key in counts)) {
        counts[key] = 0;
        kinds[key] = unknownKind(key);
        unknown.add(key);
      }
      counts[key]!++;
      if (kinds[key] === 'substantive') hasSubstantive = true;
    }
    if (hasSubstantive) nSubstantive++;
  }
  const keys = [...options.map((o) => o.key), ...[...unknown].sort()];
  const orderedCounts: Record<string, number> = {};
  const orderedKinds: Record<string, AnswerKind> = {};
  for (const key of keys) {
    orderedCounts[key] = counts[key]!;
    orderedKinds[key] = kinds[key]!;
  }
  const substantiveKeys = keys.filter((k) => orderedKinds[k] === 'substantive');
  let top: string | null = null;
  for (const key of substantiveKeys) if (orderedCounts[key]! > 0 && (top === null || orderedCounts[key]! > orderedCounts[top]!)) top = key;
  return {
    ...base,
    n,
    counts: orderedCounts,
    shares: sharesOf(orderedCounts, n, keys),
    kinds: orderedKinds,
    nSubstantive,
    substantiveShares: sharesOf(orderedCounts, nSubstantive, substantiveKeys),
    top,
  };
}

/** Mean (t interval), sd, median, quartiles and distribution of a numeric item; n = numeric answers. */
export function numericSummary(base: SummaryBase, options: readonly ChoiceOption[], raw: readonly unknown[]): NumericSummary {
  const values: number[] = [];
  let invalid = 0;
  for (const v of raw) {
    if (!isAnswered(v)) continue;
    const x = numericValue(v);
    if (x === null) invalid++;
    else values.push(x);
  }
  const counts = new Map<number, number>();
  for (const o of options) if (typeof o.value === 'number') counts.set(o.value, 0);
  for (const x of values) counts.set(x, (counts.get(x) ?? 0) + 1);
  const distribution: Record<string, number> = {};
  for (const [x, c] of [...counts.entries()].sort(([a], [b]) => a - b)) distribution[String(x)] = c;
  const s = summariseSample(values);
  return {
    ...base,
    n: s.n,
    mean: s.mean,
    ci95: s.ci95,
    sd: s.sd,
    median: s.median,
    q1: s.q1,
    q3: s.q3,
    min: s.min,
    max: s.max,
    distribution,
    invalid,
  };
}

/** Mean rank, first and last shares of a ranking; n = responses that ranked at least one value. */
export function rankingSummary(base: SummaryBase, options: readonly ChoiceOption[], raw: readonly unknown[]): RankingSummary {
  const keys = options.map((o) => o.key);
  const declared = options.filter((o) => o.kind === 'substantive').map((o) => o.key);
  const positionSums = new Map<string, number>();
  const rankedCount = new Map<string, number>();
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const extra = new Set<string>();
  let n = 0;
  let nComplete = 0;
  for (const v of raw) {
    const list = listValue(v).map(String);
    if (list.length === 0) continue;
    n++;
    list.forEach((key, i) => {
      if (!keys.includes(key)) extra.add(key);
      positionSums.set(key, (positionSums.get(key) ?? 0) + i + 1);
      rankedCount.set(key, (rankedCount.get(key) ?? 0) + 1);
    });
    first.set(list[0]!, (first.get(list[0]!) ?? 0) + 1);
    if (declared.every((key) => list.includes(key))) {
      nComplete++;
      const lastKey = list[list.length - 1]!;
      last.set(lastKey, (last.get(lastKey) ?? 0) + 1);
    }
  }
  const allKeys = [...keys, ...[...extra].sort()];
  const meanRank: Record<string, number> = {};
  const counted: Record<string, number> = {};
  const rankedFirst: Record<string, Proportion> = {};
  const rankedLast: Record<string, Proportion> = {};
  for (const key of allKeys) {
    const c = rankedCount.get(key) ?? 0;
    counted[key] = c;
    if (c > 0) meanRank[key] = positionSums.get(key)! / c;
    rankedFirst[key] = proportion(first.get(key) ?? 0, n);
    rankedLast[key] = proportion(last.get(key) ?? 0, nComplete);
  }
  return { ...base, n, meanRank, rankedCount: counted, rankedFirst, rankedLast, nComplete };
}

function textEntries(responses: readonly CityAnswers[], key: string): TextEntry[] {
  const out: TextEntry[] = [];
  for (const r of responses) {
    const text = textValue(r.data[key]);
    if (text !== null) out.push({ city: r.city, text });
  }
  return out;
}

function withComments<T extends SummaryBase>(summary: T, q: CatalogueQuestion, responses: readonly CityAnswers[]): T {
  if (!q.commentKey) return summary;
  return { ...summary, comments: textEntries(responses, q.commentKey) };
}

const singleValues = (responses: readonly CityAnswers[], read: (d: Answers) => unknown): unknown[][] =>
  responses.map((r) => {
    const v = read(r.data);
    return isAnswered(v) && !Array.isArray(v) && typeof v !== 'object' ? [v] : [];
  });

/**
 * The summary of every question, keyed by answer code; matrix rows under `"<code>.<row>"` (and a matrix's
 * comment area under `"<code>-Comment"`). Responses are read in the order given (callers sort by city).
 */
export function summariseQuestions(
  catalogue: SurveyCatalogue,
  responses: readonly CityAnswers[],
): Record<string, QuestionSummary> {
  const out: Record<string, QuestionSummary> = {};
  for (const q of catalogue.questions) {
    const base: SummaryBase = { type: q.type, n: 0, ...tags(q) };
    const raw = responses.map((r) => r.data[q.code]);
    switch (q.shape) {
      case 'single':
        out[q.code] = withComments(choiceSummary(base, q.options, singleValues(responses, (d) => d[q.code])), q, responses);
        break;
      case 'multiple':
        out[q.code] = withComments(choiceSummary(base, q.options, raw.map(listValue)), q, responses);
        break;
      case 'numeric':
        out[q.code] = withComments(numericSummary(base, q.options, raw), q, responses);
        break;
      case 'ranking':
        out[q.code] = withComments(rankingSummary(base, q.options, raw), q, responses);
        break;
      case 'matrix':
        for (const row of q.rows) {
          const rowBase: SummaryBase = { ...base, ...(row.policyArea ? { policyArea: row.policyArea } : {}) };
          const values = singleValues(responses, (d) => (d[q.code] as Record<string, unknown> | undefined)?.[row.key]);
          out[`${q.code}.${row.key}`] = { ...choiceSummary(rowBase, q.options, values), row: row.key };
        }
        if (q.commentKey) {
          const texts = textEntries(responses, q.commentKey);
          out[q.commentKey] = { type: 'comment', n: texts.length, texts } satisfies TextSummary;
        }
        break;
      case 'text': {
        const texts = textEntries(responses, q.code);
        out[q.code] = { ...base, n: texts.length, texts } satisfies TextSummary;
        break;
      }
      default:
        out[q.code] = { ...base, n: raw.filter(isAnswered).length };
    }
  }
  return out;
}
