/**
 * Rec 19 — changes inspired by the ICC programme, per policy area and overall.
 *
 * Read from tags only: the `change` matrix (rows tagged with a policyArea; columns scored 1 = yes, 0 = no,
 * unscored = don't know), `attribution` ratings (1-5), `services` checkboxes and `most_important_change`
 * texts, each tagged with its policyArea.
 *
 * Definitions (per area; "overall" in brackets):
 * - change: k = cities answering yes [yes in at least one area], n = cities answering yes or no
 *   [yes or no in at least one area]; don't know is reported apart (dontKnowShare over all who answered the row)
 *   and never counts as no;
 * - attributed: a change rated ≥ threshold (default 3 of 5) on the attribution scale. Ratings count only for
 *   areas where the city answered yes (a rating left over for a 'no' area is ignored).
 *   - attributedAmongChanged: n = cities answering yes that rated attribution [with at least one rated change];
 *   - attributedAmongAnswering: n = cities answering yes or no, an unrated change counting as not attributed
 *     (a conservative lower bound), i.e. "share of cities reporting a change attributed to ICC".
 * - services: counts and Wilson shares over the cities that answered the services question of the area;
 *   overall, k = cities crediting the service in at least one area, n = cities answering any services question.
 */
import { distinctByText, isAnswered, listValue, numericValue, textValue } from './answer-values';
import { meanInterval, ratingBounds, withinBounds } from './mean-interval';
import { ChoiceTally, type CityAnswers, type ReadAnswers, type Share, type TextEntry } from './question-summaries';
import {
  comparePolicyAreas,
  questionsTagged,
  type AnswerKind,
  type CatalogueQuestion,
  type ChoiceOption,
  type SurveyCatalogue,
} from './survey-catalogue';
import { proportion, type Interval, type Proportion } from './wilson-interval';
import { NumberTally } from './number-tally';
import { yearOverYear, type YearOverYear } from './year-over-year';

/** Default attribution threshold: 3 on the 1-5 scale ("at least moderately inspired by ICC"). */
export const ATTRIBUTION_THRESHOLD = 3;

type ChangeAnswer = 'yes' | 'no' | 'dontknow';

/** What one city said about changes, per policy area. */
export interface CityChanges {
  answers: Map<string, ChangeAnswer>;
  attribution: Map<string, number>;
  services: Map<string, readonly unknown[]>;
  texts: Map<string, string>;
}

/** Counts and shares of the services credited (over the cities that answered the services question). */
export interface ServicesCredited {
  n: number;
  counts: Record<string, number>;
  shares: Record<string, Share>;
  kinds: Record<string, AnswerKind>;
}

/** Rec 19 figures of one policy area. */
export interface AreaChange {
  area: string;
  /** Cities answering the area's change row at all (yes, no or don't know). */
  answered: number;
  yes: number;
  no: number;
  dontKnow: number;
  /** yes / (yes + no). */
  change: Proportion;
  /** don't know / answered. */
  dontKnowShare: Proportion;
  /** Attribution ratings of the cities reporting a change here: n, mean, 95% t interval. */
  attribution: { n: number; mean: number | null; ci95: Interval | null };
  attributedAmongChanged: Proportion;
  attributedAmongAnswering: Proportion;
  /** Cities reporting a change here without rating its attribution. */
  changedWithoutAttribution: number;
  services: ServicesCredited | null;
  mostImportantChanges: TextEntry[];
}

/** Rec 19 figures across areas. */
export interface OverallChange {
  /** Cities answering at least one change row. */
  answered: number;
  /** k = cities with a change in at least one area; n = cities answering yes or no for at least one area. */
  change: Proportion;
  /** Cities that answered only "don't know". */
  allDontKnow: number;
  attributedAmongChanged: Proportion;
  attributedAmongAnswering: Proportion;
}

/** Year-over-year of the two city-level indicators (0/1 per city), panel and cross-section. */
export interface ChangeYearOverYear {
  change: YearOverYear;
  attributed: YearOverYear;
}

/** Everything Rec 19 asks for. */
export interface ChangeIndicators {
  threshold: number;
  areas: AreaChange[];
  overall: OverallChange;
  /** Cities crediting each service in at least one area. */
  services: ServicesCredited | null;
  mostImportantChanges: (TextEntry & { area: string })[];
  yearOverYear?: { overall: ChangeYearOverYear; areas: ({ area: string } & ChangeYearOverYear)[] };
}

/** Per change matrix: the answer each column stands for (looked up once per catalogue, not per city and row). */
const changeColumnsByCatalogue = new WeakMap<SurveyCatalogue, Map<string, ReadonlyMap<string, ChangeAnswer>>>();
function changeColumns(catalogue: SurveyCatalogue, q: CatalogueQuestion): ReadonlyMap<string, ChangeAnswer> {
  let byQuestion = changeColumnsByCatalogue.get(catalogue);
  if (!byQuestion) changeColumnsByCatalogue.set(catalogue, (byQuestion = new Map()));
  let columns = byQuestion.get(q.code);
  if (!columns) {
    const map = new Map<string, ChangeAnswer>();
    // The first column of a key decides, as a search of the columns in order would.
    for (const c of q.options) {
      if (!map.has(c.key)) map.set(c.key, c.kind === 'dontknow' || c.score === null ? 'dontknow' : c.score > 0 ? 'yes' : 'no');
    }
    byQuestion.set(q.code, (columns = map));
  }
  return columns;
}

/** Per city, per area: change answer, attribution rating, services and most important change. */
export function readCityChanges(catalogue: SurveyCatalogue, r: CityAnswers): CityChanges {
  const city: CityChanges = { answers: new Map(), attribution: new Map(), services: new Map(), texts: new Map() };
  for (const q of questionsTagged(catalogue, 'change')) {
    if (q.shape !== 'matrix') continue;
    const value = r.data[q.code] as Record<string, unknown> | undefined;
    const columns = changeColumns(catalogue, q);
    for (const row of q.rows) {
      if (!row.policyArea || city.answers.has(row.policyArea)) continue;
      const cell = value?.[row.key];
      // An unknown column is no answer; a known one: yes, no, or don't know (unscored).
      const answer = isAnswered(cell) ? columns.get(String(cell)) : undefined;
      if (answer) city.answers.set(row.policyArea, answer);
    }
  }
  for (const q of questionsTagged(catalogue, 'attribution')) {
    const x = numericValue(r.data[q.code]);
    if (q.policyArea && x !== null && !city.attribution.has(q.policyArea)) city.attribution.set(q.policyArea, x);
  }
  for (const q of questionsTagged(catalogue, 'services')) {
    const list = listValue(r.data[q.code]);
    if (!q.policyArea || list.length === 0) continue;
    const earlier = city.services.get(q.policyArea);
    city.services.set(q.policyArea, earlier ? [...earlier, ...list] : list);
  }
  for (const q of questionsTagged(catalogue, 'most_important_change')) {
    const text = textValue(r.data[q.code]);
    if (q.policyArea && text !== null && !city.texts.has(q.policyArea)) city.texts.set(q.policyArea, text);
  }
  return city;
}

/** Areas the questionnaire asks about for Rec 19, in ICC Index order. */
export function changeAreas(catalogue: SurveyCatalogue): string[] {
  const areas = new Set<string>();
  for (const q of questionsTagged(catalogue, 'change')) for (const row of q.rows) if (row.policyArea) areas.add(row.policyArea);
  for (const indicator of ['attribution', 'services', 'most_important_change'] as const) {
    for (const q of questionsTagged(catalogue, indicator)) if (q.policyArea) areas.add(q.policyArea);
  }
  return [...areas].sort(comparePolicyAreas);
}

/** The union of the options of the services questions (declared first, in questionnaire order). */
function serviceOptions(catalogue: SurveyCatalogue, area?: string): ChoiceOption[] {
  const options: ChoiceOption[] = [];
  for (const q of questionsTagged(catalogue, 'services')) {
    if (area !== undefined && q.policyArea !== area) continue;
    for (const o of q.options) if (!options.some((x) => x.key === o.key)) options.push(o);
  }
  return options;
}

/** The services figure of a tally; null when the questionnaire declares no services and nobody named any. */
function servicesSummary(tally: ChoiceTally, named: boolean): ServicesCredited | null {
  if (!tally.hasOptions && !named) return null;
  const s = tally.summary({ type: 'checkbox', n: 0 });
  return { n: s.n, counts: s.counts, shares: s.shares, kinds: s.kinds };
}

const isAttributed = (city: CityChanges, area: string, threshold: number): boolean =>
  city.answers.get(area) === 'yes' && (city.attribution.get(area) ?? -Infinity) >= threshold;

/** City-level 0/1 indicators for year-over-year comparison: changed (yes/no answered) and attributed. */
function cityIndicators(cities: ReadonlyMap<string, CityChanges>, area: string | null, threshold: number) {
  const change = new Map<string, number>();
  const attributed = new Map<string, number>();
  for (const [code, city] of cities) {
    const areas = area === null ? [...city.answers.keys()] : [area];
    const substantive = areas.filter((a) => city.answers.get(a) === 'yes' || city.answers.get(a) === 'no');
    if (substantive.length === 0) continue;
    change.set(code, substantive.some((a) => city.answers.get(a) === 'yes') ? 1 : 0);
    attributed.set(code, substantive.some((a) => isAttributed(city, a, threshold)) ? 1 : 0);
  }
  return { change, attributed };
}

/** What one area's figures are built from, gathered city by city. */
interface AreaTally {
  yes: number;
  no: number;
  dontKnow: number;
  attributed: number;
  changedWithoutAttribution: number;
  ratings: NumberTally;
  /** The services credited, counted city by city (rather than every city's list kept until the end). */
  services: ServicesTally;
  texts: TextEntry[];
}

/**
 * Services credited, fed one city's list at a time: each list counted once per city (duplicates within a list
 * removed), over the cities with a non-empty list; `summary` is null when the questionnaire declares no services
 * and nobody named any.
 */
class ServicesTally {
  private readonly tally: ChoiceTally;
  private named = false;
  constructor(options: ChoiceOption[]) {
    this.tally = new ChoiceTally(options);
  }
  add(list: readonly unknown[]): void {
    if (list.length === 0) return;
    this.named = true;
    this.tally.add(distinctByText(list));
  }
  summary(): ServicesCredited | null {
    return servicesSummary(this.tally, this.named);
  }
}

const NO_ANSWER = 0;
const YES = 1;
const NO = 2;
const DONT_KNOW = 3;
const ANSWER_CODES: Record<ChangeAnswer, number> = { yes: YES, no: NO, dontknow: DONT_KNOW };

/**
 * One city's Rec 19 answers by area slot (the areas of changeAreas, in order), what readCityChanges gives in maps:
 * read into arrays reused from city to city (four maps per city were most of the time of the Rec 19 figures at
 * 100,000 cities, and as much to collect).
 */
interface CitySlots {
  /** NO_ANSWER, YES, NO or DONT_KNOW. */
  answers: Uint8Array;
  /** The attribution rating; NaN for none (numericValue never gives NaN). */
  ratings: Float64Array;
  services: (readonly unknown[] | null)[];
  texts: (string | null)[];
  /** The question each text was read from. */
  textCodes: string[];
}

/** Reads a city's answers into slots as readCityChanges reads them into maps (same questions, same precedence). */
function citySlotsReader(
  catalogue: SurveyCatalogue,
  areas: readonly string[],
  answers?: ReadAnswers,
): { slots: CitySlots; read(r: CityAnswers): void } {
  // Each answer taken from what the question summariser read of the same response, when it is given.
  const answerSlot = (code: string) => (answers ? answers.slotOf(code) : -1);
  const values = answers?.values ?? [];
  const answerOf = (r: CityAnswers, q: { code: string; answer: number }): unknown => (q.answer >= 0 ? values[q.answer] : r.data[q.code]);
  const slotOf = new Map(areas.map((area, i) => [area, i] as const));
  const slot = (area: string | null | undefined): number => (area ? (slotOf.get(area) ?? -1) : -1);
  // Rows and questions without a policy area are never read into the maps either.
  const matrices = questionsTagged(catalogue, 'change')
    .filter((q) => q.shape === 'matrix')
    .map((q) => ({
      code: q.code,
      answer: answerSlot(q.code),
      columns: new Map([...changeColumns(catalogue, q)].map(([key, answer]) => [key, ANSWER_CODES[answer]] as const)),
      rows: q.rows.filter((row) => slot(row.policyArea) >= 0).map((row) => ({ key: row.key, slot: slot(row.policyArea) })),
    }));
  const byArea = (indicator: 'attribution' | 'services' | 'most_important_change') =>
    questionsTagged(catalogue, indicator).flatMap((q) =>
      slot(q.policyArea) >= 0 ? [{ code: q.code, answer: answerSlot(q.code), slot: slot(q.policyArea) }] : [],
    );
  const attributions = byArea('attribution');
  const services = byArea('services');
  const texts = byArea('most_important_change');
  const slots: CitySlots = {
    answers: new Uint8Array(areas.length),
    ratings: new Float64Array(areas.length),
    services: areas.map(() => null),
    texts: areas.map(() => null),
    textCodes: areas.map(() => ''),
  };
  return {
    slots,
    read(r) {
      slots.answers.fill(NO_ANSWER);
      slots.ratings.fill(NaN);
      slots.services.fill(null);
      slots.texts.fill(null);
      for (const m of matrices) {
        const value = answerOf(r, m) as Record<string, unknown> | undefined;
        for (const row of m.rows) {
          if (slots.answers[row.slot] !== NO_ANSWER) continue;
          const cell = value?.[row.key];
          // An unknown column is no answer; a known one: yes, no, or don't know (unscored).
          const answer = isAnswered(cell) ? m.columns.get(String(cell)) : undefined;
          if (answer !== undefined) slots.answers[row.slot] = answer;
        }
      }
      for (const q of attributions) {
        if (!Number.isNaN(slots.ratings[q.slot]!)) continue;
        const x = numericValue(answerOf(r, q));
        if (x !== null) slots.ratings[q.slot] = x;
      }
      for (const q of services) {
        const list = listValue(answerOf(r, q));
        if (list.length === 0) continue;
        const earlier = slots.services[q.slot];
        slots.services[q.slot] = earlier ? [...earlier, ...list] : list;
      }
      for (const q of texts) {
        if (slots.texts[q.slot] !== null) continue;
        slots.texts[q.slot] = textValue(answerOf(r, q));
        slots.textCodes[q.slot] = q.code;
      }
    },
  };
}

/**
 * The figures of every area in one pass over the cities (fed in their order by `add`, then `result`), each city's
 * areas read from its slots, rather than one pass over every city per area.
 */
function areaChangeTally(
  areas: readonly string[],
  catalogue: SurveyCatalogue,
  threshold: number,
  lastText?: (code: string) => TextEntry | null,
): { add(city: CitySlots, code: string): void; result(): AreaChange[] } {
  const tallies: AreaTally[] = areas.map((area) => ({
    yes: 0,
    no: 0,
    dontKnow: 0,
    attributed: 0,
    changedWithoutAttribution: 0,
    ratings: new NumberTally(),
    services: new ServicesTally(serviceOptions(catalogue, area)),
    texts: [],
  }));
  const add = (city: CitySlots, code: string): void => {
    for (let i = 0; i < tallies.length; i++) {
      const t = tallies[i]!;
      const answer = city.answers[i];
      if (answer === NO) t.no++;
      else if (answer === DONT_KNOW) t.dontKnow++;
      else if (answer === YES) {
        t.yes++;
        const rating = city.ratings[i]!;
        if (Number.isNaN(rating)) t.changedWithoutAttribution++;
        else {
          t.ratings.add(rating);
          if (rating >= threshold) t.attributed++;
        }
      }
      const services = city.services[i];
      if (services) t.services.add(services);
      const text = city.texts[i];
      if (text !== null && text !== undefined) {
        // The question summary's entry of the same text when it has one (the same object listed twice).
        const listed = lastText?.(city.textCodes[i]!);
        t.texts.push(listed && listed.city === code && listed.text === text ? listed : { city: code, text });
      }
    }
  };
  const result = () => areas.map((area, i): AreaChange => {
    const { yes, no, dontKnow, attributed, changedWithoutAttribution, ratings, services, texts } = tallies[i]!;
    // Ratings lie on the attribution scale (1-5): the t interval is cut to its ends.
    const rated = withinBounds(meanInterval(ratings.sorted()), attributionBounds(catalogue, area));
    return {
      area,
      answered: yes + no + dontKnow,
      yes,
      no,
      dontKnow,
      change: proportion(yes, yes + no),
      dontKnowShare: proportion(dontKnow, yes + no + dontKnow),
      attribution: { n: rated.n, mean: rated.mean, ci95: rated.ci95 },
      attributedAmongChanged: proportion(attributed, ratings.size),
      attributedAmongAnswering: proportion(attributed, yes + no),
      changedWithoutAttribution,
      services: services.summary(),
      mostImportantChanges: texts,
    };
  });
  return { add, result };
}

/** The scale of an area's attribution questions (lowest and highest rating of them all); null when unknown. */
function attributionBounds(catalogue: SurveyCatalogue, area: string) {
  return ratingBounds(questionsTagged(catalogue, 'attribution').filter((q) => q.policyArea === area).flatMap((q) => q.options.map((o) => o.value)));
}

/** The figures across areas, fed one city at a time (see OverallChange). */
class OverallTally {
  private answered = 0;
  private changed = 0;
  private substantive = 0;
  private allDontKnow = 0;
  private withRatedChange = 0;
  private attributed = 0;
  constructor(private readonly threshold: number) {}

  add(city: CitySlots): void {
    let answered = false;
    let onlyDontKnow = true;
    let anyYes = false;
    let anyRated = false;
    let anyAttributed = false;
    for (let i = 0; i < city.answers.length; i++) {
      const answer = city.answers[i];
      if (answer === NO_ANSWER) continue;
      answered = true;
      if (answer !== DONT_KNOW) onlyDontKnow = false;
      if (answer !== YES) continue;
      anyYes = true;
      const rating = city.ratings[i]!;
      if (!Number.isNaN(rating)) {
        anyRated = true;
        if (rating >= this.threshold) anyAttributed = true;
      }
    }
    if (!answered) return;
    this.answered++;
    if (onlyDontKnow) this.allDontKnow++;
    else this.substantive++;
    if (anyYes) this.changed++;
    if (anyRated) this.withRatedChange++;
    if (anyAttributed) this.attributed++;
  }

  result(): OverallChange {
    return {
      answered: this.answered,
      change: proportion(this.changed, this.substantive),
      allDontKnow: this.allDontKnow,
      attributedAmongChanged: proportion(this.attributed, this.withRatedChange),
      attributedAmongAnswering: proportion(this.attributed, this.substantive),
    };
  }
}

function readAll(catalogue: SurveyCatalogue, responses: readonly CityAnswers[]): Map<string, CityChanges> {
  return new Map(responses.map((r) => [r.city, readCityChanges(catalogue, r)] as const));
}

/** The responses with one per city: the last one of a city given twice, at its first place (as a Map by city keeps them). */
function onePerCity(responses: readonly CityAnswers[]): readonly CityAnswers[] {
  const seen = new Set<string>();
  for (const r of responses) {
    if (seen.has(r.city)) return [...new Map(responses.map((x) => [x.city, x] as const)).values()];
    seen.add(r.city);
  }
  return responses;
}

/**
 * Rec 19 indicators read one city at a time (`read`, each city once, in city order), then computed (`result`):
 * what computeChangeIndicators returns, for a caller that reads the responses as a stream and does not keep
 * their change answers (analyse-survey.ts). Each city's answers are folded into every figure at once; they are
 * kept only when `keepCities` (the year-over-year comparison needs them again; at 100,000 cities, keeping them
 * all weighed on the collector).
 */
export function changeIndicatorsReader({
  catalogue,
  threshold = ATTRIBUTION_THRESHOLD,
  keepCities,
  lastText,
  answers,
}: {
  catalogue: SurveyCatalogue;
  threshold?: number;
  keepCities: boolean;
  /** questionSummariser's lastText, when the summariser reads each response before this reader. */
  lastText?: (code: string) => TextEntry | null;
  /** questionSummariser's answers, when the summariser reads each response before this reader. */
  answers?: ReadAnswers;
}): {
  read(r: CityAnswers): void;
  result(previous?: { catalogue: SurveyCatalogue; responses: readonly CityAnswers[] }): ChangeIndicators;
} {
  const kept = keepCities ? new Map<string, CityChanges>() : null;
  const overall = new OverallTally(threshold);
  const allServices = new ChoiceTally(serviceOptions(catalogue));
  let servicesNamed = false;
  const areas = changeAreas(catalogue);
  const areaTally = areaChangeTally(areas, catalogue, threshold, lastText);
  const city = citySlotsReader(catalogue, areas, answers);
  const { slots } = city;
  return {
    read(r) {
      city.read(r);
      areaTally.add(slots, r.city);
      overall.add(slots);
      // Every area's services in one list (counted once per city; the order of the areas changes no count).
      let list: readonly unknown[] | null = null;
      for (const areaList of slots.services) {
        if (areaList === null) continue;
        list = list === null ? areaList : [...list, ...areaList];
      }
      if (list !== null && list.length > 0) {
        servicesNamed = true;
        allServices.add(distinctByText(list));
      }
      // The year-over-year comparison reads the cities again, from readCityChanges' maps.
      kept?.set(r.city, readCityChanges(catalogue, r));
    },
    result(previous) {
      const areas = areaTally.result();
      const result: ChangeIndicators = {
        threshold,
        areas,
        overall: overall.result(),
        services: servicesSummary(allServices, servicesNamed),
        // Each text as { area, city, text } (a spread into each of a million objects took most of a second).
        mostImportantChanges: areas.flatMap((a) => a.mostImportantChanges.map((t) => ({ area: a.area, city: t.city, text: t.text }))),
      };
      if (previous && kept) {
        const before = readAll(previous.catalogue, previous.responses);
        const compare = (area: string | null): ChangeYearOverYear => {
          const now = cityIndicators(kept, area, threshold);
          const then = cityIndicators(before, area, threshold);
          return { change: yearOverYear(now.change, then.change), attributed: yearOverYear(now.attributed, then.attributed) };
        };
        result.yearOverYear = { overall: compare(null), areas: areas.map((a) => ({ area: a.area, ...compare(a.area) })) };
      }
      return result;
    },
  };
}

/**
 * Rec 19 indicators of the responses (one per city, in city order). When last year's responses (read with
 * last year's questionnaire) are given, adds the year-over-year change of the two city-level indicators,
 * on the panel and on the cross-section.
 */
export function computeChangeIndicators({
  catalogue,
  responses,
  previous,
  threshold = ATTRIBUTION_THRESHOLD,
}: {
  catalogue: SurveyCatalogue;
  responses: readonly CityAnswers[];
  previous?: { catalogue: SurveyCatalogue; responses: readonly CityAnswers[] };
  threshold?: number;
}): ChangeIndicators {
  const reader = changeIndicatorsReader({ catalogue, threshold, keepCities: previous !== undefined });
  for (const r of onePerCity(responses)) reader.read(r);
  return reader.result(previous);
}
