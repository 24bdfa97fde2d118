/**
 * The analysis of one survey year: per-question summaries and the indicators of the ICC action plan
 * (Rec 19 changes, Rec 17 progress scores, Rec 11 communication, Rec 10 response rate and engagement,
 * Rec 18 needs, Rec 7 coordination team, Rec 13 pairing).
 *
 * Pure and deterministic: plain data in, plain JSON-able data out; responses are de-duplicated by city and
 * sorted by city code first, so the output does not depend on input order; no randomness.
 */
import { compareCodes } from './answer-values';
import { computeChangeIndicators, ATTRIBUTION_THRESHOLD, type ChangeIndicators } from './change-indicators';
import { buildCohort, canonicalFilters, filteredRoster, type Filters, type RosterCity, type SurveyResponse } from './cohort';
import { computeCommunicationPreferences, type CommunicationPreferences } from './communication-preferences';
import {
  computeCoordination,
  computeNeeds,
  computePairing,
  type Coordination,
  type Needs,
  type Pairing,
} from './needs-and-coordination';
import { AnalysisInputError } from './input-error';
import { computeProgressScores, type ProgressScores } from './progress-scores';
import { summariseQuestions, type QuestionSummary } from './question-summaries';
import { computeEngagement, computeResponseRates, type Engagement, type ResponseRates } from './response-rates';
import { surveyCatalogue, type SurveyCatalogue } from './survey-catalogue';
import { DEFAULT_MIN_CELL } from './suppression';

/** Last year's answers, read with last year's questionnaire when given (else with this year's). */
export interface PreviousYear {
  responses: SurveyResponse[];
  definition?: unknown;
}

/** What analyseSurvey takes. */
export interface AnalyseSurveyInput {
  /** The SurveyJS definition with the analysis tags of surveys/extensions.ts. */
  definition: unknown;
  responses: SurveyResponse[];
  /** The invited cities; N = its size after filters. */
  roster?: RosterCity[];
  /** Last year's responses (same questionnaire) or `{ responses, definition }`. */
  previous?: SurveyResponse[] | PreviousYear;
  filters?: Filters;
  /** Smallest breakdown cell shown (default 5). */
  minCell?: number;
  /** Attribution rating counted as "inspired by ICC" (default 3 of 5). */
  attributionThreshold?: number;
  /**
   * `surveyCatalogue(definition)` when the caller has read it already (the server shows it beside the
   * figures): reading a definition builds a survey-core Model, a good part of the time of a small analysis.
   */
  catalogue?: SurveyCatalogue;
}

/** The result: everything is plain JSON-able data. */
export interface SurveyAnalysis {
  /** Responses analysed (one per city, after filters). */
  n: number;
  /** Cities invited (roster after filters), present only when a roster is given. */
  N?: number;
  minCell: number;
  filters: Record<string, string[]>;
  /** n below minCell: the figures describe so few cities that they must not be published. */
  smallSample: boolean;
  questions: Record<string, QuestionSummary>;
  rec19: ChangeIndicators;
  rec17: ProgressScores;
  rec11: CommunicationPreferences;
  responseRates: ResponseRates;
  engagement: Engagement;
  /** Rec 18 / Rec 4: support needs. */
  rec18: Needs;
  /** Rec 7: coordination team. */
  rec7: Coordination;
  /** Rec 13: pairing suggestions. */
  rec13: Pairing;
  /** Last year's responses analysed for the year-over-year figures. */
  previous?: { n: number };
  warnings: string[];
}

function checkResponses(responses: unknown, label: string): asserts responses is SurveyResponse[] {
  if (!Array.isArray(responses)) throw new AnalysisInputError(`${label} must be an array of {city, data}`);
  responses.forEach((r, i) => {
    if (typeof r !== 'object' || r === null) throw new AnalysisInputError(`${label}[${i}] is not an object`);
    const { city, data } = r as { city?: unknown; data?: unknown };
    if (typeof city !== 'string' || city.trim() === '') throw new AnalysisInputError(`${label}[${i}] has no city code`);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new AnalysisInputError(`${label}[${i}] (city ${city}): data must be an object of answers`);
    }
  });
}

/**
 * Analyses one survey year. Throws AnalysisInputError (DefinitionError for the definition) on malformed input.
 * See each module for what n is in each figure: question summaries count the responses answering the item,
 * indicators count cities as documented beside them.
 */
export function analyseSurvey(input: AnalyseSurveyInput): SurveyAnalysis {
  const minCell = input.minCell ?? DEFAULT_MIN_CELL;
  if (!Number.isInteger(minCell) || minCell < 1) throw new AnalysisInputError(`minCell must be a positive integer, got ${minCell}`);
  const catalogue = input.catalogue ?? surveyCatalogue(input.definition);
  checkResponses(input.responses, 'responses');
  const previousInput = Array.isArray(input.previous) ? { responses: input.previous } : input.previous;
  if (previousInput) checkResponses(previousInput.responses, 'previous responses');
  const previousCatalogue = previousInput?.definition !== undefined ? surveyCatalogue(previousInput.definition) : catalogue;

  const roster = input.roster ? filteredRoster(input.roster, input.filters) : undefined;
  const cohort = buildCohort(input.responses, input.roster, input.filters);
  const previousCohort = previousInput ? buildCohort(previousInput.responses, input.roster, input.filters) : undefined;
  const responses = cohort.responses;
  const previous = previousCohort ? { catalogue: previousCatalogue, responses: previousCohort.responses } : undefined;
  const attrsByCity = new Map(responses.map((r) => [r.city, r.attrs] as const));

  const warnings: string[] = [];
  if (cohort.duplicates.length > 0) warnings.push(`several responses for ${cohort.duplicates.join(', ')}: the last one of each was analysed`);
  if (cohort.unmatched.length > 0) warnings.push(`responses from cities not in the roster (analysed, not counted as invited): ${cohort.unmatched.join(', ')}`);
  if (previousCohort && previousCohort.duplicates.length > 0) {
    warnings.push(`several previous-year responses for ${previousCohort.duplicates.join(', ')}: the last one of each was used`);
  }
  if (responses.length < minCell) warnings.push(`only ${responses.length} responses (fewer than ${minCell}): do not publish these figures`);
  const known = new Set(catalogue.questions.flatMap((q) => [q.code, ...(q.commentKey ? [q.commentKey] : [])]));
  // A loop rather than one list of every key of every response (a million keys for 5,000 responses).
  const unknown = new Set<string>();
  for (const r of responses) {
    for (const k in r.data) if (!known.has(k) && Object.hasOwn(r.data, k)) unknown.add(k);
  }
  const unknownKeys = [...unknown].sort(compareCodes);
  if (unknownKeys.length > 0) warnings.push(`answers to no question of the definition were ignored: ${unknownKeys.join(', ')}`);

  return {
    n: responses.length,
    ...(roster ? { N: roster.length } : {}),
    minCell,
    filters: canonicalFilters(input.filters),
    smallSample: responses.length < minCell,
    questions: summariseQuestions(catalogue, responses),
    rec19: computeChangeIndicators({
      catalogue,
      responses,
      previous,
      threshold: input.attributionThreshold ?? ATTRIBUTION_THRESHOLD,
    }),
    rec17: computeProgressScores({ catalogue, responses, attrsByCity, minCell, previous }),
    rec11: computeCommunicationPreferences({ catalogue, responses }),
    responseRates: computeResponseRates({ responses, roster, minCell }),
    engagement: computeEngagement({ catalogue, responses, minCell }),
    rec18: computeNeeds(catalogue, responses, minCell),
    rec7: computeCoordination(catalogue, responses),
    rec13: computePairing(catalogue, responses),
    ...(previousCohort ? { previous: { n: previousCohort.responses.length } } : {}),
    warnings,
  };
}
