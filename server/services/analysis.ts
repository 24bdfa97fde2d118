/**
 * The dashboard's analysis of one survey year: reads the definition, the responses (saved at least once), the
 * roster and last year's responses of the same questionnaire, and hands them to the pure analysis module.
 */
import { AnalysisInputError, analyseSurvey, type Filters, type RosterCity, type SurveyAnalysis, type SurveyResponse } from '../../analysis';
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
};

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

  return {
    analyse({ surveyId, filters, submittedOnly }: { surveyId: number; filters: Filters; submittedOnly: boolean }): SurveyAnalysisView {
      const survey = d.surveys.get({ id: surveyId });
      if (!survey) throw notFound(`No survey with id ${surveyId}.`);
      const definition = definitionOf(surveyId);
      if (!definition) throw notFound('This survey has no definition.');
      const cities = d.cities.list();
      const roster: RosterCity[] = cities.map((c) => ({
        code: c.code,
        name: c.name,
        country: c.country,
        network: c.networks,
        ...(c.sizeBand ? { size: c.sizeBand } : {}),
      }));
      const prevSurvey = d.surveys.previous({ code: survey.code, year: survey.year });
      const previous = prevSurvey
        ? { responses: readResponses(prevSurvey.id, submittedOnly), definition: definitionOf(prevSurvey.id) ?? definition }
        : undefined;
      let result: SurveyAnalysis;
      try {
        result = analyseSurvey({ definition, responses: readResponses(surveyId, submittedOnly), roster, previous, filters });
      } catch (err) {
        if (err instanceof AnalysisInputError) throw new AppError('validation_failed', `The survey cannot be analysed: ${err.message}`);
        throw err;
      }
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
      };
    },
  };
}
export type AnalysisService = ReturnType<typeof analysisService>;
