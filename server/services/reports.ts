/**
 * Per-city feedback reports (issue 7): the pure `cityReport` of the analysis module fed with what the
 * dashboard's analysis reads (services/analysis.ts), plus the labels the page needs. The payload names one
 * city only: the report's own; comparison groups are named by their network.
 *
 * Release rule: the ICC Unit (admin, analyst) reads any city's report at any time (to review it); a city reads
 * its own report through its survey link once the survey is closed (answers are final then, and every city's
 * comparison rests on the same data). Before that the link gets 403 `forbidden` with reason `not_released`.
 */
import { AnalysisInputError, cityReport, surveyCatalogue, type CityReport } from '../../analysis';
import { AppError, notFound } from '../errors';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';
import { analysisLabels, analysisService, type AnalysisLabels } from './analysis';
import { frenchTitle } from './surveys-admin';

type Label = { en: string; fr: string };

export interface CityReportView {
  /** `title` as stored (English); `titleFr` from the definition's French title, else the same. */
  survey: { id: number; year: number; title: string; titleFr: string; status: string };
  city: { code: string; name: string; nameFr: string | null; country: string };
  /** The city's networks with their names (comparison groups `network:<code>`). */
  networks: { code: string; name: string; nameFr: string | null }[];
  /** Year of the previous survey of the same questionnaire, if any. */
  previousYear: number | null;
  labels: AnalysisLabels & { services: Record<string, Label> };
  report: CityReport;
}

export function reportService(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore }) {
  const analysis = analysisService(d);

  function view({ surveyId, cityId, submittedOnly }: { surveyId: number; cityId: number; submittedOnly: boolean }): CityReportView {
    const input = analysis.inputs({ surveyId, submittedOnly });
    const city = d.cities.get({ id: cityId });
    if (!city) throw notFound(`No city with id ${cityId}.`);
    let report: CityReport;
    try {
      report = cityReport({ definition: input.definition, responses: input.responses, roster: input.roster, previous: input.previous, city: city.code });
    } catch (err) {
      if (err instanceof AnalysisInputError) throw new AppError('validation_failed', `The report cannot be computed: ${err.message}`);
      throw err;
    }
    const services: Record<string, Label> = {};
    for (const q of surveyCatalogue(input.definition).questions) {
      if (q.indicator !== 'services') continue;
      for (const o of q.options) services[o.key] ??= { en: o.text.en, fr: o.text.fr ?? o.text.en };
    }
    const networkNames = new Map(d.cities.listNetworks().map((n) => [n.code, n] as const));
    return {
      survey: { id: input.survey.id, year: input.survey.year, title: input.survey.title, titleFr: frenchTitle(input.definition, input.survey.title), status: input.survey.status },
      city: { code: city.code, name: city.name, nameFr: city.nameFr, country: city.country },
      networks: report.networks.map((code) => ({ code, name: networkNames.get(code)?.name ?? code, nameFr: networkNames.get(code)?.nameFr ?? null })),
      previousYear: input.previousYear,
      labels: { ...analysisLabels(input.definition), services },
      report,
    };
  }

  return {
    /** Any city's report, for the ICC Unit. */
    forUnit: view,
    /** The link holder's own report, once the survey is closed. */
    forCity({ surveyId, cityId }: { surveyId: number; cityId: number }): CityReportView {
      const survey = d.surveys.get({ id: surveyId });
      if (!survey) throw notFound('This survey no longer exists.');
      if (survey.status !== 'closed') {
        throw new AppError('forbidden', 'Your city’s report will be available once the survey has closed.', { reason: 'not_released' });
      }
      return view({ surveyId, cityId, submittedOnly: false });
    },
  };
}
export type ReportService = ReturnType<typeof reportService>;
