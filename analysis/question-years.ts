/**
 * One question across the years of a questionnaire, matched by its code (codes are kept stable from year to
 * year; older years arrive already read through the stored answer mappings). Per year, over that year's cities
 * answering it (n: a cross-section, like the headline lines across years):
 * - choice questions: the share of each choice (Wilson 95%);
 * - ratings and numbers: the mean (t 95%, cut to the scale of a rating);
 * - single-choice matrices: per row, n, the share of each column (Wilson 95%) and, when the columns are scored,
 *   the row's mean score (t 95%, cut to the range of the scores), with a panel n per row;
 * - rankings: per item, the mean rank (t 95%, over the cities that ranked it) and the share ranking it first
 *   (Wilson 95%, over the cities that ranked anything);
 * - texts: the answers with their city.
 * And, per earlier year, the panel: the cities that answered the question both that year and the latest one.
 *
 * A year whose questionnaire has no question with this code, or has it as another kind of question (a choice
 * that became a number), is listed as not asked. Filters apply to every year as in analyseSurvey (the roster's
 * attributes of today). Other structured questions (matrices of drop-downs, dynamic panels) have no figure here
 * (kind null): their summaries hold only n.
 */
import { isAnswered } from './answer-values';
import { buildCohort, type Filters, type RosterCity, type SurveyResponse } from './cohort';
import { matrixRowCities, matrixRowsOfYear, matrixScale, rankingItemsOfYear, type MatrixRowYear, type RankingItemYear } from './question-year-figures';
import { summariseQuestions, type ChoiceSummary, type NumericSummary, type RankingSummary, type TextEntry, type TextSummary } from './question-summaries';
import type { ScaleBounds } from './mean-interval';
import type { AnswerKind, CatalogueQuestion, LocalisedText, SurveyCatalogue } from './survey-catalogue';
import { proportion, type Interval, type Proportion } from './wilson-interval';

/** One year of the questionnaire: its catalogue and its responses (one per city). */
export interface QuestionYearInput {
  year: number;
  catalogue: SurveyCatalogue;
  responses: readonly SurveyResponse[];
}

/** The figure of one year. */
export interface QuestionYear {
  year: number;
  /** Whether that year's questionnaire asked this question as the same kind of question. */
  asked: boolean;
  /** Cities answering the question that year (after filters). */
  n: number;
  /** Cities answering it both this year and the latest year (null for the latest year itself). */
  panelN: number | null;
  /** Choice questions: share of the n cities choosing each option (every option of `options`, 0 when not chosen). */
  shares?: Record<string, Proportion>;
  /** Ratings and numbers: mean with its 95% t interval (cut to the rating scale). */
  mean?: { n: number; mean: number | null; ci95: Interval | null };
  /** Matrices: each row of that year's questionnaire (a row of `rows` it lacks is absent: not asked that year). */
  rows?: Record<string, MatrixRowYear>;
  /** Rankings: each item of `options`. */
  items?: Record<string, RankingItemYear>;
  /** Texts: the answers with their city, in city-code order. */
  texts?: TextEntry[];
}

/** The kind of figure across years; null: none for this kind of question. */
export type AcrossYearsKind = 'choice' | 'mean' | 'matrix' | 'ranking' | 'text';

/** The question across years, oldest year first. */
export interface QuestionAcrossYears {
  code: string;
  /**
   * 'choice': shares per option; 'mean': a mean per year; 'matrix': per row, shares per column and mean score;
   * 'ranking': per item, mean rank and share first; 'text': the answers; null: no figure across years.
   */
  kind: AcrossYearsKind | null;
  /**
   * The options shown (choices, matrix columns, ranking items): the latest year's, then those only earlier years
   * had, then other values met.
   */
  options: { key: string; kind: AnswerKind; text: LocalisedText }[];
  /** Matrices: the rows, the latest year's first, then those only earlier years had; empty otherwise. */
  rows: { key: string; text: LocalisedText }[];
  /** Scored matrices: the range of the latest year's scores (the axis of the row means); null otherwise. */
  scale: ScaleBounds | null;
  years: QuestionYear[];
}

const KIND_OF_SHAPE: Partial<Record<CatalogueQuestion['shape'], AcrossYearsKind>> = {
  single: 'choice',
  multiple: 'choice',
  numeric: 'mean',
  matrix: 'matrix',
  ranking: 'ranking',
  text: 'text',
};
const kindOf = (q: CatalogueQuestion | undefined): AcrossYearsKind | null => (q === undefined ? null : (KIND_OF_SHAPE[q.shape] ?? null));

/** Keys in a stable order: by code unit, never by the machine's locale. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The figures of question `code` in every year given (any order; sorted by year). The latest year decides the
 * kind of question; the panel n of an earlier year counts the cities with an answer in both years.
 */
export function questionAcrossYears({
  code,
  years,
  roster,
  filters,
}: {
  code: string;
  years: readonly QuestionYearInput[];
  roster?: RosterCity[];
  filters?: Filters;
}): QuestionAcrossYears {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const latest = sorted[sorted.length - 1];
  const questionOf = (y: QuestionYearInput) => y.catalogue.questions.find((q) => q.code === code);
  const kind = latest ? kindOf(questionOf(latest)) : null;

  const read = sorted.map((y) => {
    const q = questionOf(y);
    const asked = q !== undefined && kind !== null && kindOf(q) === kind;
    const cohort = buildCohort(y.responses, roster, filters).responses;
    // A matrix is answered when one of its rows is (the rows its questionnaire has, each with a plain value).
    const rowCities = asked && kind === 'matrix' ? matrixRowCities(q, cohort) : undefined;
    const answered = rowCities
      ? new Set([...rowCities.values()].flatMap((cities) => [...cities]))
      : new Set(cohort.filter((r) => isAnswered(r.data[code])).map((r) => r.city));
    const summaries = asked ? summariseQuestions({ questions: [q], sections: [] }, cohort) : {};
    return { year: y.year, q, asked, cohort, answered, rowCities, summaries, summary: summaries[code] };
  });

  // Options: the latest year's declared ones first, then those of earlier years (latest first), then values met.
  const options: QuestionAcrossYears['options'] = [];
  if (kind === 'choice' || kind === 'matrix' || kind === 'ranking') {
    const seen = new Set<string>();
    for (const y of [...read].reverse()) {
      if (!y.asked) continue;
      for (const o of y.q!.options) {
        if (seen.has(o.key)) continue;
        seen.add(o.key);
        options.push({ key: o.key, kind: o.kind, text: o.text });
      }
    }
    // Values no questionnaire declared (a choice since removed without a mapping): after the declared ones.
    const extra = new Map<string, AnswerKind>();
    for (const y of read) {
      if (!y.asked) continue;
      for (const [key, k] of extraValues(kind, y.q!, y.summaries)) if (!seen.has(key) && !extra.has(key)) extra.set(key, k);
    }
    for (const [key, k] of [...extra].sort(([a], [b]) => byCode(a, b))) options.push({ key, kind: k, text: { en: key, fr: null } });
  }
  const rows: QuestionAcrossYears['rows'] = [];
  if (kind === 'matrix') {
    const seen = new Set<string>();
    for (const y of [...read].reverse()) {
      if (!y.asked) continue;
      for (const r of y.q!.rows) {
        if (seen.has(r.key)) continue;
        seen.add(r.key);
        rows.push({ key: r.key, text: r.text });
      }
    }
  }

  const last = read[read.length - 1];
  return {
    code,
    kind,
    options,
    rows,
    scale: kind === 'matrix' && last?.asked ? matrixScale(last.q!) : null,
    years: read.map((y): QuestionYear => {
      let panelN: number | null = null;
      if (y !== last && y.asked && last) {
        panelN = 0;
        for (const city of y.answered) if (last.answered.has(city)) panelN++;
      }
      const base = { year: y.year, asked: y.asked, n: y.asked ? (y.summary?.n ?? 0) : 0, panelN };
      if (!y.asked) return base;
      if (kind === 'choice') {
        const s = y.summary as ChoiceSummary;
        return { ...base, shares: Object.fromEntries(options.map((o) => [o.key, proportion(s.counts[o.key] ?? 0, s.n)])) };
      }
      if (kind === 'matrix') {
        const figures = matrixRowsOfYear({
          q: y.q!,
          responses: y.cohort,
          summaries: y.summaries,
          columns: options.map((o) => o.key),
          ...(y !== last ? { latestRows: last!.rowCities } : {}),
        });
        return { ...base, n: y.answered.size, rows: figures };
      }
      if (kind === 'ranking') {
        const s = y.summary as RankingSummary;
        return { ...base, items: rankingItemsOfYear({ q: y.q!, responses: y.cohort, summary: s, items: options.map((o) => o.key) }) };
      }
      if (kind === 'text') return { ...base, texts: (y.summary as TextSummary).texts };
      // The question's own summary: a rating's interval is already cut to that year's scale.
      const s = y.summary as NumericSummary;
      return { ...base, mean: { n: s.n, mean: s.mean, ci95: s.ci95 } };
    }),
  };
}

/** Values met in a year's answers that its questionnaire does not declare, with their kind. */
function extraValues(kind: AcrossYearsKind, q: CatalogueQuestion, summaries: Record<string, unknown>): [string, AnswerKind][] {
  if (kind === 'choice') {
    const s = summaries[q.code] as ChoiceSummary | undefined;
    return Object.keys(s?.counts ?? {}).map((key) => [key, s!.kinds[key]!]);
  }
  if (kind === 'matrix') {
    return q.rows.flatMap((row) => {
      const s = summaries[`${q.code}.${row.key}`] as ChoiceSummary | undefined;
      return Object.keys(s?.counts ?? {}).map((key): [string, AnswerKind] => [key, s!.kinds[key]!]);
    });
  }
  if (kind === 'ranking') {
    const s = summaries[q.code] as RankingSummary | undefined;
    return Object.keys(s?.rankedCount ?? {}).map((key) => [key, 'substantive']);
  }
  return [];
}
