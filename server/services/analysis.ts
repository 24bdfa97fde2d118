/**
 * The dashboard's analysis of one survey year: reads the definition, the responses (saved at least once), the
 * roster and last year's responses of the same questionnaire, and hands them to the pure analysis module.
 */
import {
  AnalysisInputError,
  analyseSurvey,
  surveyCatalogue,
  type CatalogueQuestion,
  type CatalogueSection,
  type Filters,
  type RosterCity,
  type SurveyAnalysis,
  type SurveyResponse,
} from '../../analysis';
import { AppError, notFound } from '../errors';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';

const PAGE = 500;

type Label = { en: string; fr: string };
export interface AnalysisLabels {
  areas: Record<string, Label>;
  channels: Record<string, Label>;
}
export type SurveyAnalysisView = SurveyAnalysis & {
  survey: { id: number; year: number; title: string };
  labels: AnalysisLabels;
  /** Values present in the roster, to offer as filters. */
  filterOptions: { network: string[]; country: string[]; size: string[] };
  /** The questionnaire as analysis reads it: sections (pages) and questions with their texts and choices. */
  catalogue: { sections: CatalogueSection[]; questions: CatalogueQuestion[] };
  /** City code → name, for the text answers listed with their city (analysts may read answers). */
  cityNames: Record<string, string>;
};

/** Headline figures of one year, for the lines across years. */
export interface TrendPoint {
  surveyId: number;
  year: number;
  status: string;
  n: number;
  N: number | null;
  responseRate: { p: number | null; ci95: [number, number] | null };
  change: { k: number; n: number; p: number | null; ci95: [number, number] | null };
  attributed: { k: number; n: number; p: number | null; ci95: [number, number] | null };
  progress: { n: number; mean: number | null; ci95: [number, number] | null };
  emailPreferred: { k: number; n: number; p: number | null; ci95: [number, number] | null };
}

function labelOf(text: unknown, fallback: string): Label {
  if (typeof text === 'string') return { en: text, fr: text };
  if (text && typeof text === 'object') {
    const t = text as Record<string, unknown>;
    const en = typeof t.default === 'string' ? t.default : typeof t.en === 'string' ? t.en : fallback;
    return { en, fr: typeof t.fr === 'string' ? t.fr : en };
  }
  return { en: fallback, fr: fallback };
}

/** Labels of policy areas (rows tagged `policyArea`) and channels (choices tagged `channel`) of a definition. */
export function analysisLabels(definition: unknown): AnalysisLabels {
  const labels: AnalysisLabels = { areas: {}, channels: {} };
  const walk = (e: unknown, depth: number): void => {
    if (depth > 40 || e === null || typeof e !== 'object') return;
    if (Array.isArray(e)) return e.forEach((x) => walk(x, depth + 1));
    const o = e as Record<string, unknown>;
    if (typeof o.policyArea === 'string' && o.value !== undefined && !labels.areas[o.policyArea]) {
      labels.areas[o.policyArea] = labelOf(o.text, o.policyArea);
    }
    if (typeof o.channel === 'string' && o.value !== undefined) {
      labels.channels[String(o.value)] = labelOf(o.text, String(o.value));
    }
    for (const v of Object.values(o)) walk(v, depth + 1);
  };
  walk(definition, 0);
  return labels;
}

export function analysisService(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore }) {
  function readResponses(surveyId: number, submittedOnly: boolean): SurveyResponse[] {
    const out: SurveyResponse[] = [];
    let afterCode = '';
    for (;;) {
      const page = d.responses.page({ surveyId, afterCode, limit: PAGE });
      for (const r of page) {
        if (r.revision > 0 && (!submittedOnly || r.status === 'submitted')) out.push({ city: r.cityCode, data: r.data });
      }
      if (page.length < PAGE) return out;
      afterCode = page[page.length - 1]!.cityCode;
    }
  }
  const definitionOf = (surveyId: number) =>
    (d.surveys.publishedVersion({ surveyId }) ?? d.surveys.latestVersion({ surveyId }))?.definition;
  const rosterOf = (cities: ReturnType<CityStore['list']>): RosterCity[] =>
    cities.map((c) => ({
      code: c.code,
      name: c.name,
      country: c.country,
      network: c.networks,
      ...(c.sizeBand ? { size: c.sizeBand } : {}),
    }));
  /** Runs a step of the analysis, its input errors answered as validation errors. */
  function analysing<T>(step: () => T): T {
    try {
      return step();
    } catch (err) {
      if (err instanceof AnalysisInputError) throw new AppError('validation_failed', `The survey cannot be analysed: ${err.message}`);
      throw err;
    }
  }
  const run = (input: Parameters<typeof analyseSurvey>[0]): SurveyAnalysis => analysing(() => analyseSurvey(input));
  function requireSurvey(surveyId: number) {
    const survey = d.surveys.get({ id: surveyId });
    if (!survey) throw notFound(`No survey with id ${surveyId}.`);
    return survey;
  }

  return {
    /** What the analysis of one survey reads (definition, responses, roster, last year), for other views of it. */
    inputs({ surveyId, submittedOnly }: { surveyId: number; submittedOnly: boolean }) {
      const survey = requireSurvey(surveyId);
      const definition = definitionOf(surveyId);
      if (!definition) throw notFound('This survey has no definition.');
      const prevSurvey = d.surveys.previous({ code: survey.code, year: survey.year });
      const previous = prevSurvey
        ? { responses: readResponses(prevSurvey.id, submittedOnly), definition: definitionOf(prevSurvey.id) ?? definition }
        : undefined;
      return { survey, definition, responses: readResponses(surveyId, submittedOnly), roster: rosterOf(d.cities.list()), previous, previousYear: prevSurvey?.year ?? null };
    },

    analyse({ surveyId, filters, submittedOnly }: { surveyId: number; filters: Filters; submittedOnly: boolean }): SurveyAnalysisView {
      const survey = requireSurvey(surveyId);
      const definition = definitionOf(surveyId);
      if (!definition) throw notFound('This survey has no definition.');
      const cities = d.cities.list();
      const roster = rosterOf(cities);
      const prevSurvey = d.surveys.previous({ code: survey.code, year: survey.year });
      const previous = prevSurvey
        ? { responses: readResponses(prevSurvey.id, submittedOnly), definition: definitionOf(prevSurvey.id) ?? definition }
        : undefined;
      // Read once, for the analysis and for the view (a survey-core Model of the whole questionnaire).
      const catalogue = analysing(() => surveyCatalogue(definition));
      const result = run({ definition, catalogue, responses: readResponses(surveyId, submittedOnly), roster, previous, filters });
      const sorted = (xs: Iterable<string>) => [...new Set(xs)].filter((x) => x !== '').sort((a, b) => a.localeCompare(b));
      return {
        ...result,
        survey: { id: survey.id, year: survey.year, title: survey.title },
        labels: analysisLabels(definition),
        filterOptions: {
          network: sorted(cities.flatMap((c) => c.networks)),
          country: sorted(cities.map((c) => c.country)),
          size: sorted(cities.flatMap((c) => (c.sizeBand ? [c.sizeBand] : []))),
        },
        catalogue: { sections: catalogue.sections, questions: catalogue.questions },
        cityNames: Object.fromEntries(cities.map((c) => [c.code, c.name])),
      };
    },

    /**
     * The headline figures of every year of this questionnaire (same survey code) up to this survey's year,
     * oldest first, each year read with its own definition and the same filters: the lines across years.
     */
    trend({ surveyId, filters, submittedOnly }: { surveyId: number; filters: Filters; submittedOnly: boolean }): TrendPoint[] {
      const survey = requireSurvey(surveyId);
      const roster = rosterOf(d.cities.list());
      const years = d.surveys
        .list()
        .filter((s) => s.code === survey.code && s.year <= survey.year)
        .sort((a, b) => a.year - b.year);
      const points: TrendPoint[] = [];
      for (const s of years) {
        const definition = definitionOf(s.id);
        if (!definition) continue;
        const a = run({ definition, responses: readResponses(s.id, submittedOnly), roster, filters });
        const share = (x: { k: number; n: number; p: number | null; ci95: [number, number] | null }) => ({
          k: x.k,
          n: x.n,
          p: x.p,
          ci95: x.ci95,
        });
        points.push({
          surveyId: s.id,
          year: s.year,
          status: s.status,
          n: a.n,
          N: a.N ?? null,
          responseRate: { p: a.responseRates.overall.p, ci95: a.responseRates.overall.ci95 },
          change: share(a.rec19.overall.change),
          attributed: share(a.rec19.overall.attributedAmongAnswering),
          progress: { n: a.rec17.overall.n, mean: a.rec17.overall.mean, ci95: a.rec17.overall.ci95 },
          emailPreferred: share(a.rec11.emailPreferred),
        });
      }
      return points;
    },
  };
}
export type AnalysisService = ReturnType<typeof analysisService>;
