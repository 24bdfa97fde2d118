/**
 * The analysis of one survey year: per-question summaries and the indicators of the ICC action plan
 * (Rec 19 changes, Rec 17 progress scores, Rec 11 communication, Rec 10 response rate and engagement,
 * Rec 18 needs, Rec 7 coordination team, Rec 13 pairing).
 *
 * Pure and deterministic: plain data in, plain JSON-able data out; responses are de-duplicated by city and
 * sorted by city code first, so the output does not depend on input order; no randomness.
 */
import { compareCodes } from './answer-values';
import { changeIndicatorsReader, computeChangeIndicators, ATTRIBUTION_THRESHOLD, type ChangeIndicators } from './change-indicators';
import {
  buildCohort,
  canonicalFilters,
  cohortJoiner,
  filteredRoster,
  type CohortResponse,
  type Filters,
  type RosterCity,
  type SurveyResponse,
} from './cohort';
import { communicationReader, computeCommunicationPreferences, type CommunicationPreferences } from './communication-preferences';
import {
  computeCoordination,
  computeNeeds,
  computePairing,
  coordinationReader,
  needsReader,
  pairingOfInterested,
  type Coordination,
  type Needs,
  type Pairing,
} from './needs-and-coordination';
import { AnalysisInputError } from './input-error';
import { cityProgressReader, computeProgressScores, markerTally, ProgressTally, type CityProgress, type ProgressScores } from './progress-scores';
import { PAIRING_MAX_CITIES, pairingInterest } from './pairing';
import { questionSummariser, type QuestionSummary } from './question-summaries';
import {
  computeEngagement,
  computeResponseRates,
  engagementReader,
  responseRatesReader,
  type Engagement,
  type ResponseRates,
} from './response-rates';
import { questionsTagged, surveyCatalogue, type SurveyCatalogue } from './survey-catalogue';
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

/** The message of a malformed response at `index` of `label`, or null when it is well formed. */
function responseProblem(r: unknown, index: number, label: string): string | null {
  if (typeof r !== 'object' || r === null) return `${label}[${index}] is not an object`;
  const { city, data } = r as { city?: unknown; data?: unknown };
  if (typeof city !== 'string' || city.trim() === '') return `${label}[${index}] has no city code`;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `${label}[${index}] (city ${city}): data must be an object of answers`;
  return null;
}

function checkResponses(responses: unknown, label: string): asserts responses is SurveyResponse[] {
  if (!Array.isArray(responses)) throw new AnalysisInputError(`${label} must be an array of {city, data}`);
  responses.forEach((r, i) => {
    const problem = responseProblem(r, i, label);
    if (problem !== null) throw new AnalysisInputError(problem);
  });
}

/** Streamed responses (analyseSurveyStream) that are not in strictly increasing city-code order. */
export class ResponseOrderError extends AnalysisInputError {
  override name = 'ResponseOrderError';
}

/** What analyseSurveyStream takes: analyseSurvey's input with the responses as a stream in city-code order. */
export type AnalyseSurveyStreamInput = Omit<AnalyseSurveyInput, 'responses'> & {
  /** Read once; each city once, in strictly increasing code order (compareCodes of the trimmed codes). */
  responses: Iterable<SurveyResponse>;
};

/**
 * Analyses one survey year, as analyseSurvey does, from responses read one at a time and not kept: the question
 * summaries and every indicator read each response as it comes and keep only what their figures are made of
 * (counts, scores, texts); answers are kept only for the cities the pairing may profile. The output is the same
 * as analyseSurvey's on the same responses (tests/unit/analysis-stream.test.ts). At 100,000 responses, holding
 * the parsed responses (or their tagged answers) made the collector copy them again and again: most of the
 * analysis time (bench/README.md).
 *
 * Throws ResponseOrderError (an AnalysisInputError) on a city code not above the previous one (a city given
 * twice, or responses out of order): the caller may then read them into an array for analyseSurvey, which sorts.
 */
export function analyseSurveyStream(input: AnalyseSurveyStreamInput): SurveyAnalysis {
  return analyse(input, true, (join, visit) => {
    const { join: joinToRoster, unmatched } = join;
    let previous: string | null = null;
    let index = 0;
    for (const r of input.responses) {
      const problem = responseProblem(r, index, 'responses');
      if (problem !== null) throw new AnalysisInputError(problem);
      const city = r.city.trim();
      if (previous !== null && compareCodes(previous, city) >= 0) {
        throw new ResponseOrderError(
          `responses[${index}] (city ${city}) does not come after city ${previous}: streamed responses must be in increasing city-code order, each city once`,
        );
      }
      previous = city;
      index++;
      const joined = joinToRoster(city, r);
      if (joined !== null) visit(joined);
    }
    return { duplicates: [], unmatched };
  });
}

/**
 * Analyses one survey year. Throws AnalysisInputError (DefinitionError for the definition) on malformed input.
 * See each module for what n is in each figure: question summaries count the responses answering the item,
 * indicators count cities as documented beside them.
 */
export function analyseSurvey(input: AnalyseSurveyInput): SurveyAnalysis {
  return analyse(
    input,
    false,
    (_join, visit) => {
      const cohort = buildCohort(input.responses, input.roster, input.filters);
      for (const r of cohort.responses) visit(r);
      return { duplicates: cohort.duplicates, unmatched: cohort.unmatched };
    },
    () => checkResponses(input.responses, 'responses'),
  );
}

/**
 * The answer codes of the tagged questions (every indicator finds its questions through questionsTagged): what
 * the streamed analysis keeps of the responses of the cities the pairing may profile. Null (keep everything) for
 * a code a plain object cannot hold.
 */
function taggedCodes(catalogue: SurveyCatalogue): string[] | null {
  const tagged = catalogue.questions.filter((q) => q.indicator !== null);
  if (tagged.some((q) => q.code === '__proto__')) return null;
  return tagged.map((q) => q.code);
}

/** A response's answers to the given codes only (those it has). */
function projection(data: SurveyResponse['data'], codes: readonly string[]): SurveyResponse['data'] {
  const out: SurveyResponse['data'] = {};
  for (const code of codes) if (Object.hasOwn(data, code)) out[code] = data[code];
  return out;
}

/**
 * What notes the keys of a response's answers that answer no question (`note(data, found, unknown)`, `found`
 * being what the question summariser's read returned: how many of the known keys the answers hold with a value).
 * Looking every key up cost more than a second at 100,000 responses × 200 questions; when the answers are a
 * plain object with as many keys as known keys found, every key is known and none is looked up. That count is
 * exact when the known keys are distinct (the summariser counts each once) and none is a property of
 * Object.prototype (a value found is then the object's own): else every key is looked up, as for any other
 * object (a class instance, or keys that do not add up).
 */
function unknownKeyCheck(knownKeys: readonly string[], known: ReadonlySet<string>) {
  const countable = known.size === knownKeys.length && !knownKeys.some((k) => k in Object.prototype);
  return (data: SurveyResponse['data'], found: number, unknown: Set<string>): void => {
    if (countable) {
      const proto = Object.getPrototypeOf(data) as unknown;
      if ((proto === Object.prototype || proto === null) && Object.keys(data).length === found) return;
    }
    for (const k in data) if (!known.has(k) && Object.hasOwn(data, k)) unknown.add(k);
  };
}

/**
 * The analysis of the cohort responses `feed` hands to `visit` in city-code order (returning what it noticed on
 * the way): the question summaries and, when `project`, every indicator read each one as it comes (the
 * indicators' readers); else the indicators run on the responses kept whole.
 */
function analyse(
  input: AnalyseSurveyInput | AnalyseSurveyStreamInput,
  project: boolean,
  feed: (join: ReturnType<typeof cohortJoiner>, visit: (r: CohortResponse) => void) => { duplicates: string[]; unmatched: string[] },
  checkInput: () => void = () => undefined,
): SurveyAnalysis {
  const minCell = input.minCell ?? DEFAULT_MIN_CELL;
  if (!Number.isInteger(minCell) || minCell < 1) throw new AnalysisInputError(`minCell must be a positive integer, got ${minCell}`);
  const catalogue = input.catalogue ?? surveyCatalogue(input.definition);
  checkInput();
  const previousInput = Array.isArray(input.previous) ? { responses: input.previous } : input.previous;
  if (previousInput) checkResponses(previousInput.responses, 'previous responses');
  const previousCatalogue = previousInput?.definition !== undefined ? surveyCatalogue(previousInput.definition) : catalogue;

  const roster = input.roster ? filteredRoster(input.roster, input.filters) : undefined;
  const summariser = questionSummariser(catalogue);
  const knownKeys = catalogue.questions.flatMap((q) => [q.code, ...(q.commentKey ? [q.commentKey] : [])]);
  const known = new Set(knownKeys);
  const unknown = new Set<string>();
  const noteUnknown = unknownKeyCheck(knownKeys, known);
  const kept = project ? taggedCodes(catalogue) : null;
  const threshold = input.attributionThreshold ?? ATTRIBUTION_THRESHOLD;
  // Streamed: every indicator reads each response as it comes (responses are one per city in city order, as the
  // compute functions have them) and keeps what its figures are made of, not the answers; only the tagged answers
  // of the interested cities are kept, while the pairing may still profile them all (at most PAIRING_MAX_CITIES;
  // beyond, it profiles none). Else (a code a plain object cannot hold) the responses are kept whole.
  const progressTally = new ProgressTally();
  const streamed =
    kept === null
      ? null
      : {
          changes: changeIndicatorsReader({ catalogue, threshold, keepCities: previousInput !== undefined, lastText: summariser.lastText, answers: summariser.answers }),
          progress: cityProgressReader(catalogue, progressTally, summariser.answers),
          cityScores: [] as CityProgress[],
          progressTally,
          markers: questionsTagged(catalogue, 'marker').map((q) => markerTally(q, summariser.answers)),
          communication: communicationReader(catalogue),
          rates: responseRatesReader({ roster, minCell }),
          engagement: engagementReader({ catalogue, minCell }),
          needs: needsReader(catalogue, minCell),
          coordination: coordinationReader(catalogue),
          interested: pairingInterest(catalogue),
          interestedCount: 0,
          profiled: [] as CohortResponse[],
        };
  const responses: CohortResponse[] = [];
  const attrsByCity = new Map<string, CohortResponse['attrs']>();
  let n = 0;
  const cohort = feed(cohortJoiner(input.roster, input.filters), (r) => {
    n++;
    noteUnknown(r.data, summariser.read(r), unknown);
    if (streamed === null || kept === null) {
      responses.push(r);
      attrsByCity.set(r.city, r.attrs);
      return;
    }
    streamed.changes.read(r);
    const scores = streamed.progress(r);
    streamed.cityScores.push(scores);
    // Its area scores were added as they were read.
    streamed.progressTally.add(scores, r.attrs, true);
    for (const marker of streamed.markers) marker.read(r);
    streamed.communication.read(r);
    streamed.rates.read(r);
    streamed.engagement.read(r);
    streamed.needs.read(r);
    streamed.coordination.read(r);
    if (streamed.interested(r) && ++streamed.interestedCount <= PAIRING_MAX_CITIES) {
      streamed.profiled.push({ ...r, data: projection(r.data, kept) });
    }
  });
  const previousCohort = previousInput ? buildCohort(previousInput.responses, input.roster, input.filters) : undefined;
  const previous = previousCohort ? { catalogue: previousCatalogue, responses: previousCohort.responses } : undefined;

  const warnings: string[] = [];
  if (cohort.duplicates.length > 0) warnings.push(`several responses for ${cohort.duplicates.join(', ')}: the last one of each was analysed`);
  if (cohort.unmatched.length > 0) warnings.push(`responses from cities not in the roster (analysed, not counted as invited): ${cohort.unmatched.join(', ')}`);
  if (previousCohort && previousCohort.duplicates.length > 0) {
    warnings.push(`several previous-year responses for ${previousCohort.duplicates.join(', ')}: the last one of each was used`);
  }
  if (n < minCell) warnings.push(`only ${n} responses (fewer than ${minCell}): do not publish these figures`);
  const unknownKeys = [...unknown].sort(compareCodes);
  if (unknownKeys.length > 0) warnings.push(`answers to no question of the definition were ignored: ${unknownKeys.join(', ')}`);

  return {
    n,
    ...(roster ? { N: roster.length } : {}),
    minCell,
    filters: canonicalFilters(input.filters),
    smallSample: n < minCell,
    questions: summariser.result(),
    rec19: streamed ? streamed.changes.result(previous) : computeChangeIndicators({ catalogue, responses, previous, threshold }),
    rec17: computeProgressScores({ catalogue, responses, attrsByCity, minCell, previous, ...(streamed ? { cityScores: streamed.cityScores, markers: streamed.markers.map((m) => m.summary()), tally: streamed.progressTally } : {}) }),
    rec11: streamed ? streamed.communication.result() : computeCommunicationPreferences({ catalogue, responses }),
    responseRates: streamed ? streamed.rates.result() : computeResponseRates({ responses, roster, minCell }),
    engagement: streamed ? streamed.engagement.result() : computeEngagement({ catalogue, responses, minCell }),
    rec18: streamed ? streamed.needs.result() : computeNeeds(catalogue, responses, minCell),
    rec7: streamed ? streamed.coordination.result() : computeCoordination(catalogue, responses),
    rec13: streamed ? pairingOfInterested(catalogue, streamed.profiled, streamed.interestedCount) : computePairing(catalogue, responses),
    ...(previousCohort ? { previous: { n: previousCohort.responses.length } } : {}),
    warnings,
  };
}
