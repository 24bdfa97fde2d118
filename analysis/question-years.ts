/**
 * One question across the years of a questionnaire, matched by its code (codes are kept stable from year to
 * year): per year, the share of each choice (Wilson 95%) for a choice question, or the mean (t 95%, cut to the
 * scale of a rating) for a rating or number, each over that year's cities answering it (n: a cross-section,
 * like the headline lines across years); and, per earlier year, the panel: the cities that answered the
 * question both that year and the latest one.
 *
 * A year whose questionnaire has no question with this code, or has it as another kind of question (a choice
 * that became a number), is listed as not asked. Filters apply to every year as in analyseSurvey (the roster's
 * attributes of today). Matrices, rankings and texts have no figure here (kind null).
 */
import { isAnswered } from './answer-values';
import { buildCohort, type Filters, type RosterCity, type SurveyResponse } from './cohort';
import { summariseQuestions, type ChoiceSummary, type NumericSummary } from './question-summaries';
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
}

/** The question across years, oldest year first. */
export interface QuestionAcrossYears {
  code: string;
  /** 'choice': shares per option; 'mean': a mean per year; null: no figure across years for this kind of question. */
  kind: 'choice' | 'mean' | null;
  /** The options shown (choice questions): the latest year's, then those only earlier years had, then other values met. */
  options: { key: string; kind: AnswerKind; text: LocalisedText }[];
  years: QuestionYear[];
}

const kindOf = (q: CatalogueQuestion | undefined): 'choice' | 'mean' | null =>
  q === undefined ? null : q.shape === 'single' || q.shape === 'multiple' ? 'choice' : q.shape === 'numeric' ? 'mean' : null;

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
    const answered = new Set(cohort.filter((r) => isAnswered(r.data[code])).map((r) => r.city));
    const summary = asked ? summariseQuestions({ questions: [q], sections: [] }, cohort)[code] : undefined;
    return { year: y.year, q, asked, answered, summary };
  });

  // Options: the latest year's declared ones first, then those of earlier years (latest first), then values met.
  const options: QuestionAcrossYears['options'] = [];
  if (kind === 'choice') {
    const seen = new Set<string>();
    for (const y of [...read].reverse()) {
      if (!y.asked) continue;
      for (const o of y.q!.options) {
        if (seen.has(o.key)) continue;
        seen.add(o.key);
        options.push({ key: o.key, kind: o.kind, text: o.text });
      }
    }
    const extra = new Map<string, AnswerKind>();
    for (const y of read) {
      const s = y.summary as ChoiceSummary | undefined;
      for (const key of Object.keys(s?.counts ?? {})) if (!seen.has(key) && !extra.has(key)) extra.set(key, s!.kinds[key]!);
    }
    for (const [key, k] of [...extra].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) options.push({ key, kind: k, text: { en: key, fr: null } });
  }

  const last = read[read.length - 1];
  return {
    code,
    kind,
    options,
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
      // The question's own summary: a rating's interval is already cut to that year's scale.
      const s = y.summary as NumericSummary;
      return { ...base, mean: { n: s.n, mean: s.mean, ci95: s.ci95 } };
    }),
  };
}
