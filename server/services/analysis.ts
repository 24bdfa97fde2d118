/**
 * The dashboard's analysis of one survey year: reads the definition, the responses (saved at least once), the
 * roster and last year's responses of the same questionnaire, and hands them to the pure analysis module.
 */
import crypto from 'node:crypto';
import {
  AnalysisInputError,
  analyseSurvey,
  analyseSurveyStream,
  ResponseOrderError,
  surveyCatalogue,
  type CatalogueQuestion,
  type CatalogueSection,
  type Filters,
  type RosterCity,
  questionAcrossYears,
  type QuestionAcrossYears,
  type SurveyAnalysis,
  type SurveyCatalogue,
  type SurveyResponse,
} from '../../analysis';
import { compareCodes } from '../../analysis/answer-values';
import { canonicalFilters } from '../../analysis/cohort';
import { applyAnswerMapping, collectQuestions, type AnswerMapping } from '../../surveys/definition-diff';
import { AppError, notFound } from '../errors';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { Survey, SurveyStore, SurveyVersion } from '../stores/surveys';
import type { StoredMapping, VersionMappingStore } from '../stores/version-mappings';
import type { SameYearMappingStore } from '../stores/same-year-mappings';
import { readVersionConverter, responsesInReadVersion } from './same-year-answers';
import { frenchTitle } from './surveys-admin';


type Label = { en: string; fr: string };
export interface AnalysisLabels {
  areas: Record<string, Label>;
  channels: Record<string, Label>;
}
export type SurveyAnalysisView = SurveyAnalysis & {
  /** `title` as stored (English); `titleFr` from the definition's French title, else the same. */
  survey: { id: number; year: number; title: string; titleFr: string };
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

/**
 * Responses read at a time by the streamed analysis, as text, each parsed only when the analysis takes it: parsed
 * answers should die young, in the collector's new space; a page of 1,000 parsed ones (tens of megabytes of small
 * objects) outlived it and was copied to the old generation, which then had to be collected again and again.
 */
const ANSWER_PAGE = 100;
/** Analyses kept per app (dashboard + exports + trend share them); each can be large at 100,000 responses. */
const ANALYSES_KEPT = 6;
/** Headline points of single years kept for the lines across years. */
const TREND_POINTS_KEPT = 64;
/** Questionnaires read into catalogues, per survey version. */
const CATALOGUES_KEPT = 16;

/** A small least-recently-used map: a Map keeps insertion order, so the first key is the oldest use. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Caches of one app's analyses, shared by every service built on the same stores (the dashboard, the indicator
 * exports, the trend): keyed by what the result depends on (survey, filters, questionnaire version, a fingerprint
 * of the answers, the roster), so a save, a submission, a reopening, a publication or a roster edit gives a new
 * key and a stale figure is never served. Results are shared: callers must not modify them.
 */
interface AnalysisCaches {
  catalogues: Lru<{ catalogue: SurveyCatalogue; labels: AnalysisLabels }>;
  analyses: Lru<SurveyAnalysisView>;
  trendPoints: Lru<TrendPoint>;
  questionYears: Lru<QuestionAcrossYears>;
}
const cachesByStore = new WeakMap<ResponseStore, AnalysisCaches>();
function cachesOf(responses: ResponseStore): AnalysisCaches {
  let caches = cachesByStore.get(responses);
  if (!caches) {
    caches = {
      catalogues: new Lru(CATALOGUES_KEPT),
      analyses: new Lru(ANALYSES_KEPT),
      trendPoints: new Lru(TREND_POINTS_KEPT),
      questionYears: new Lru(TREND_POINTS_KEPT),
    };
    cachesByStore.set(responses, caches);
  }
  return caches;
}

const digest = (x: unknown): string => crypto.createHash('sha1').update(JSON.stringify(x)).digest('base64url');

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Answers of an older year expressed in a later year's codes: each mapping of the chain applied in turn. */
function mapResponses(responses: SurveyResponse[], chain: readonly StoredMapping[]): SurveyResponse[] {
  if (chain.length === 0) return responses;
  return responses.map((r) => ({
    city: r.city,
    data: chain.reduce((data, m) => applyAnswerMapping(data, m.mapping), r.data as Record<string, unknown>),
  }));
}

/**
 * An older year's catalogue in a later year's codes, as applyAnswerMapping renames its answers: question codes
 * renamed (null: dropped), choice and matrix row keys renamed or dropped; everything else (texts, tags, scores)
 * as that year had it, so the older year is still read with its own questionnaire.
 */
function mapCatalogue(catalogue: SurveyCatalogue, chain: readonly StoredMapping[]): SurveyCatalogue {
  if (chain.length === 0) return catalogue;
  const one = (c: SurveyCatalogue, m: AnswerMapping): SurveyCatalogue => ({
    ...c,
    questions: c.questions.flatMap((q) => {
      const code = hasOwn(m.questions, q.code) ? m.questions[q.code] : q.code;
      if (code === null || code === undefined) return [];
      const values = m.values?.[q.code];
      const rename = (key: string): string | null => (values && hasOwn(values, key) ? (values[key] ?? null) : key);
      const options = q.options.flatMap((o) => {
        const key = rename(o.key);
        return key === null ? [] : key === o.key ? [o] : [{ ...o, key, value: key }];
      });
      const rows = q.rows.flatMap((r) => {
        const key = rename(r.key);
        return key === null ? [] : key === r.key ? [r] : [{ ...r, key, value: key }];
      });
      const comment = q.commentKey !== null && hasOwn(m.questions, q.commentKey) ? m.questions[q.commentKey] : q.commentKey;
      return [{ ...q, code, options, rows, commentKey: comment ?? null }];
    }),
  });
  return chain.reduce((c, m) => one(c, m.mapping), catalogue);
}

/**
 * An older year's definition in a later year's codes, as mapCatalogue: question names and choice / row / column
 * values renamed (null: the item removed), everything else (texts, tags, scores) as that year had it. A dropped
 * question keeps its name (its answers are dropped by the mapping).
 */
function mapDefinition(definition: unknown, chain: readonly StoredMapping[]): unknown {
  if (chain.length === 0) return definition;
  const out = structuredClone(definition);
  for (const { mapping } of chain) {
    for (const [name, { json }] of collectQuestions(out)) {
      const values = mapping.values?.[name];
      if (values) {
        for (const list of ['choices', 'rows', 'columns', 'rateValues']) {
          const items = json[list];
          if (!Array.isArray(items)) continue;
          json[list] = items.flatMap((item: unknown) => {
            const obj = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : null;
            const value = obj ? obj.value : item;
            if (value === undefined || !hasOwn(values, String(value))) return [item];
            const target = values[String(value)];
            if (target === null || target === undefined) return [];
            return [obj ? { ...obj, value: target } : target];
          });
        }
      }
      const target = hasOwn(mapping.questions, name) ? mapping.questions[name] : undefined;
      if (typeof target === 'string') json.name = target;
    }
  }
  return out;
}

export function analysisService(d: {
  surveys: SurveyStore;
  responses: ResponseStore;
  cities: CityStore;
  versionMappings?: VersionMappingStore;
  sameYearMappings?: SameYearMappingStore;
}) {
  const caches = cachesOf(d.responses);
  function readResponses(surveyId: number, submittedOnly: boolean): SurveyResponse[] {
    const out: SurveyResponse[] = [];
    for (const r of d.responses.answersOf({ surveyId })) {
      if (!submittedOnly || r.status === 'submitted') out.push({ city: r.cityCode, data: r.data });
    }
    // In city-code order, as every reader of these responses had them (the analysis sorts again; reports too).
    // Answers given to an older version of the year are read in its latest version's codes (same-year-answers.ts).
    return responsesInReadVersion(d.sameYearMappings, { surveyId }, out.sort((a, b) => compareCodes(a.city, b.city)));
  }
  const versionOf = (surveyId: number) => d.surveys.currentVersion({ surveyId });
  const definitionOf = (surveyId: number) => versionOf(surveyId)?.definition;
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
  /**
   * A survey's saved responses (of submitted cities only, if asked) in city-code order, read page by page as the
   * analysis consumes them, each response in the codes of the version the year is read with (as readResponses).
   */
  function* streamResponses(surveyId: number, submittedOnly: boolean): Generator<SurveyResponse> {
    // Looked up once for the whole read, not per response.
    const inReadVersion = readVersionConverter(d.sameYearMappings, { surveyId });
    // Each response parsed only when the analysis takes it (a page of parsed answers outlived young collections).
    for (const page of d.responses.answerTextPages({ surveyId, pageSize: ANSWER_PAGE })) {
      for (const r of page) {
        if (submittedOnly && r.status !== 'submitted') continue;
        yield inReadVersion({ city: r.cityCode, data: JSON.parse(r.text) as SurveyResponse['data'] });
      }
    }
  }
  /**
   * The analysis of a survey's responses read as a stream (analyseSurveyStream: never all held at once, the
   * difference between minutes and seconds at 100,000 responses); read into a sorted array for analyseSurvey
   * when the database's order of the codes is not the analysis's (codes beyond plain ASCII, in theory).
   */
  function runStreamed(surveyId: number, submittedOnly: boolean, input: Omit<Parameters<typeof analyseSurvey>[0], 'responses'>): SurveyAnalysis {
    return analysing(() => {
      try {
        return analyseSurveyStream({ ...input, responses: streamResponses(surveyId, submittedOnly) });
      } catch (err) {
        if (err instanceof ResponseOrderError) return analyseSurvey({ ...input, responses: readResponses(surveyId, submittedOnly) });
        throw err;
      }
    });
  }
  function requireSurvey(surveyId: number) {
    const survey = d.surveys.get({ id: surveyId });
    if (!survey) throw notFound(`No survey with id ${surveyId}.`);
    return survey;
  }
  /**
   * The catalogue (a survey-core walk of the whole questionnaire, the slowest part of a small analysis) and labels
   * of a survey version, read once per version and revision (a draft's revision changes with each save).
   */
  function catalogueOf(version: SurveyVersion) {
    const key = `${version.id}:${version.revision}`;
    let entry = caches.catalogues.get(key);
    if (!entry) {
      entry = { catalogue: analysing(() => surveyCatalogue(version.definition)), labels: analysisLabels(version.definition) };
      caches.catalogues.set(key, entry);
    }
    return entry;
  }
  /** The roster and the surveys of this survey's questionnaire (same code) up to its year, oldest first. */
  function yearsUpTo(surveyId: number) {
    const survey = requireSurvey(surveyId);
    const cities = d.cities.list();
    const years = d.surveys
      .list()
      .filter((s) => s.code === survey.code && s.year <= survey.year)
      .sort((a, b) => a.year - b.year);
    return { cities, roster: rosterOf(cities), rosterKey: digest(cities.map((c) => [c.code, c.country, c.networks, c.sizeBand])), years };
  }
  /**
   * The answer mappings (builder, issue 4/3) that bring answers of the `from` year to the codes of the `to` year,
   * oldest first: those published with the versions of every year of the questionnaire after `from` up to `to`,
   * up to the version each year is analysed with (a rename A→B one year and B→C the next compose). Empty when
   * none is stored (or no mapping store is given). Mappings are immutable once stored, so the versions they were
   * published with (`versionId`) identify the chain in cache keys.
   */
  function mappingChain(from: Survey, to: Survey): StoredMapping[] {
    if (!d.versionMappings || from.year >= to.year) return [];
    const chain: StoredMapping[] = [];
    const between = d.surveys
      .list()
      .filter((s) => s.code === to.code && s.year > from.year && s.year <= to.year)
      .sort((a, b) => a.year - b.year);
    for (const s of between) {
      const version = versionOf(s.id);
      if (!version) continue;
      for (const m of d.versionMappings.ofSurvey({ surveyId: s.id })) {
        const number = m.versionId === version.id ? version.number : d.surveys.version({ id: m.versionId })?.number;
        if (number !== undefined && number <= version.number) chain.push(m);
      }
    }
    return chain;
  }
  const chainKey = (chain: readonly StoredMapping[]) => chain.map((m) => m.versionId);
  /**
   * Last year's responses for the comparisons of a year, read with last year's questionnaire (its tags and
   * scores): both in this year's codes when mappings were published between them, else as they were.
   */
  function previousYear(prevSurvey: Survey, chain: readonly StoredMapping[], submittedOnly: boolean, prevDefinition: unknown, definition: unknown) {
    const responses = mapResponses(readResponses(prevSurvey.id, submittedOnly), chain);
    return { responses, definition: prevDefinition === undefined ? definition : mapDefinition(prevDefinition, chain) };
  }
  /** What a survey's figures depend on besides the roster and filters: its questionnaire version and answers. */
  const surveyState = (surveyId: number, version: SurveyVersion | undefined) => ({
    surveyId,
    version: version ? `${version.id}:${version.revision}` : null,
    answers: d.responses.answersVersion({ surveyId }),
  });

  return {
    /** What the analysis of one survey reads (definition, responses, roster, last year), for other views of it. */
    inputs({ surveyId, submittedOnly }: { surveyId: number; submittedOnly: boolean }) {
      const survey = requireSurvey(surveyId);
      const definition = definitionOf(surveyId);
      if (!definition) throw notFound('This survey has no definition.');
      const prevSurvey = d.surveys.previous({ code: survey.code, year: survey.year });
      const previous = prevSurvey
        ? previousYear(prevSurvey, mappingChain(prevSurvey, survey), submittedOnly, definitionOf(prevSurvey.id), definition)
        : undefined;
      return { survey, definition, responses: readResponses(surveyId, submittedOnly), roster: rosterOf(d.cities.list()), previous, previousYear: prevSurvey?.year ?? null };
    },

    /**
     * The dashboard's analysis of a survey year with last year's for the changes. Served from the cache when
     * nothing it depends on has changed (the same result object: do not modify it).
     */
    analyse({ surveyId, filters, submittedOnly }: { surveyId: number; filters: Filters; submittedOnly: boolean }): SurveyAnalysisView {
      const survey = requireSurvey(surveyId);
      const version = versionOf(surveyId);
      if (!version) throw notFound('This survey has no definition.');
      const definition = version.definition;
      const cities = d.cities.list();
      const roster = rosterOf(cities);
      const prevSurvey = d.surveys.previous({ code: survey.code, year: survey.year });
      const prevVersion = prevSurvey ? versionOf(prevSurvey.id) : undefined;
      const chain = prevSurvey ? mappingChain(prevSurvey, survey) : [];
      const key = digest({
        survey: surveyState(surveyId, version),
        previous: prevSurvey ? surveyState(prevSurvey.id, prevVersion) : null,
        // A mapping is stored when a version is published, which may be the version already in the key.
        mappings: chainKey(chain),
        filters: canonicalFilters(filters),
        submittedOnly,
        title: survey.title,
        cities: cities.map((c) => [c.code, c.name, c.country, c.networks, c.sizeBand]),
      });
      const cached = caches.analyses.get(key);
      if (cached) return cached;
      const previous = prevSurvey ? previousYear(prevSurvey, chain, submittedOnly, prevVersion?.definition, definition) : undefined;
      // Read once per version, for the analysis and for the view (a survey-core Model of the whole questionnaire).
      const { catalogue, labels } = catalogueOf(version);
      const result = runStreamed(surveyId, submittedOnly, { definition, catalogue, roster, previous, filters });
      const sorted = (xs: Iterable<string>) => [...new Set(xs)].filter((x) => x !== '').sort((a, b) => a.localeCompare(b));
      const view: SurveyAnalysisView = {
        ...result,
        survey: { id: survey.id, year: survey.year, title: survey.title, titleFr: frenchTitle(definition, survey.title) },
        labels,
        filterOptions: {
          network: sorted(cities.flatMap((c) => c.networks)),
          country: sorted(cities.map((c) => c.country)),
          size: sorted(cities.flatMap((c) => (c.sizeBand ? [c.sizeBand] : []))),
        },
        catalogue: { sections: catalogue.sections, questions: catalogue.questions },
        cityNames: Object.fromEntries(cities.map((c) => [c.code, c.name])),
      };
      caches.analyses.set(key, view);
      return view;
    },

    /**
     * The headline figures of every year of this questionnaire (same survey code) up to this survey's year,
     * oldest first, each year read with its own definition and the same filters: the lines across years.
     * Each year's point is cached like the analyses (a new answer in one year recomputes that year only).
     */
    trend({ surveyId, filters, submittedOnly }: { surveyId: number; filters: Filters; submittedOnly: boolean }): TrendPoint[] {
      const { roster, rosterKey, years } = yearsUpTo(surveyId);
      const points: TrendPoint[] = [];
      for (const s of years) {
        const version = versionOf(s.id);
        if (!version) continue;
        const key = digest({ survey: surveyState(s.id, version), status: s.status, year: s.year, filters: canonicalFilters(filters), submittedOnly, rosterKey });
        let point = caches.trendPoints.get(key);
        if (!point) {
          point = trendPoint(s, runStreamed(s.id, submittedOnly, { definition: version.definition, catalogue: catalogueOf(version).catalogue, roster, filters }));
          caches.trendPoints.set(key, point);
        }
        points.push(point);
      }
      return points;
    },

    /**
     * One question across the years of this questionnaire up to this survey's year (matched by its code), with
     * the same filters: shares per choice or the mean per year, and the panel n (see analysis/question-years.ts).
     */
    questionYears({ surveyId, code, filters, submittedOnly }: { surveyId: number; code: string; filters: Filters; submittedOnly: boolean }): QuestionAcrossYears & { labels: AnalysisLabels } {
      const { roster, rosterKey, years } = yearsUpTo(surveyId);
      const withVersions = years.flatMap((s) => {
        const version = versionOf(s.id);
        return version ? [{ survey: s, version }] : [];
      });
      const current = withVersions.find((y) => y.survey.id === surveyId);
      if (!current) throw notFound('This survey has no definition.');
      if (!catalogueOf(current.version).catalogue.questions.some((q) => q.code === code)) {
        throw notFound(`No question ${code} in this survey.`);
      }
      // Older years in this year's codes (question code and choices) through the mappings published since.
      const chains = new Map(withVersions.map((y) => [y.survey.id, mappingChain(y.survey, current.survey)]));
      const key = digest({
        code,
        years: withVersions.map((y) => ({ ...surveyState(y.survey.id, y.version), year: y.survey.year, mappings: chainKey(chains.get(y.survey.id)!) })),
        filters: canonicalFilters(filters),
        submittedOnly,
        rosterKey,
      });
      let result = caches.questionYears.get(key);
      if (!result) {
        result = analysing(() =>
          questionAcrossYears({
            code,
            years: withVersions.map((y) => ({
              year: y.survey.year,
              catalogue: mapCatalogue(catalogueOf(y.version).catalogue, chains.get(y.survey.id)!),
              responses: mapResponses(readResponses(y.survey.id, submittedOnly), chains.get(y.survey.id)!),
            })),
            roster,
            filters,
          }),
        );
        caches.questionYears.set(key, result);
      }
      return { ...result, labels: catalogueOf(current.version).labels };
    },
  };
}

/** The headline figures of one year's analysis, as a point of the lines across years. */
function trendPoint(s: { id: number; year: number; status: string }, a: SurveyAnalysis): TrendPoint {
  const share = (x: { k: number; n: number; p: number | null; ci95: [number, number] | null }) => ({
    k: x.k,
    n: x.n,
    p: x.p,
    ci95: x.ci95,
  });
  return {
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
  };
}
export type AnalysisService = ReturnType<typeof analysisService>;
