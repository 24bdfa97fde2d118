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
import { ChoiceTally, type CityAnswers, type Share, type TextEntry } from './question-summaries';
import {
  comparePolicyAreas,
  questionsTagged,
  type AnswerKind,
  type CatalogueQuestion,
  type ChoiceOption,
  type SurveyCatalogue,
} from './survey-catalogue';
import { proportion, type Interval, type Proportion } from './wilson-interval';
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
  ratings: number[];
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

/**
 * The figures of every area in one pass over the cities (fed in their order by `add`, then `result`), each city's
 * areas read from its maps, rather than one pass over every city per area.
 */
function areaChangeTally(
  areas: readonly string[],
  catalogue: SurveyCatalogue,
  threshold: number,
): { add(city: CityChanges, code: string): void; result(): AreaChange[] } {
  const tallies = new Map<string, AreaTally>();
  for (const area of areas) {
    tallies.set(area, {
      yes: 0,
      no: 0,
      dontKnow: 0,
      attributed: 0,
      changedWithoutAttribution: 0,
      ratings: [],
      services: new ServicesTally(serviceOptions(catalogue, area)),
      texts: [],
    });
  }
  const add = (city: CityChanges, code: string): void => {
    city.answers.forEach((answer, area) => {
      const t = tallies.get(area);
      if (!t) return;
      if (answer === 'no') t.no++;
      else if (answer === 'dontknow') t.dontKnow++;
      else {
        t.yes++;
        const rating = city.attribution.get(area);
        if (rating === undefined) t.changedWithoutAttribution++;
        else {
          t.ratings.push(rating);
          if (rating >= threshold) t.attributed++;
        }
      }
    });
    city.services.forEach((list, area) => tallies.get(area)?.services.add(list));
    city.texts.forEach((text, area) => tallies.get(area)?.texts.push({ city: code, text }));
  };
  const result = () => areas.map((area): AreaChange => {
    const { yes, no, dontKnow, attributed, changedWithoutAttribution, ratings, services, texts } = tallies.get(area)!;
    // Ratings lie on the attribution scale (1-5): the t interval is cut to its ends.
    const rated = withinBounds(meanInterval(ratings.sort((a, b) => a - b)), attributionBounds(catalogue, area));
    return {
      area,
      answered: yes + no + dontKnow,
      yes,
      no,
      dontKnow,
      change: proportion(yes, yes + no),
      dontKnowShare: proportion(dontKnow, yes + no + dontKnow),
      attribution: { n: rated.n, mean: rated.mean, ci95: rated.ci95 },
      attributedAmongChanged: proportion(attributed, ratings.length),
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

  add(city: CityChanges): void {
    if (city.answers.size === 0) return;
    this.answered++;
    let onlyDontKnow = true;
    let anyYes = false;
    let anyRated = false;
    let anyAttributed = false;
    city.answers.forEach((answer, area) => {
      if (answer !== 'dontknow') onlyDontKnow = false;
      if (answer !== 'yes') return;
      anyYes = true;
      const rating = city.attribution.get(area);
      if (rating !== undefined) {
        anyRated = true;
        if (rating >= this.threshold) anyAttributed = true;
      }
    });
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
}: {
  catalogue: SurveyCatalogue;
  threshold?: number;
  keepCities: boolean;
}): {
  read(r: CityAnswers): void;
  result(previous?: { catalogue: SurveyCatalogue; responses: readonly CityAnswers[] }): ChangeIndicators;
} {
  const kept = keepCities ? new Map<string, CityChanges>() : null;
  const overall = new OverallTally(threshold);
  const allServices = new ChoiceTally(serviceOptions(catalogue));
  let servicesNamed = false;
  const areaTally = areaChangeTally(changeAreas(catalogue), catalogue, threshold);
  return {
    read(r) {
      const city = readCityChanges(catalogue, r);
      areaTally.add(city, r.city);
      overall.add(city);
      if (city.services.size > 0) {
        const list = city.services.size === 1 ? city.services.values().next().value! : [...city.services.values()].flat();
        if (list.length > 0) {
          servicesNamed = true;
          allServices.add(distinctByText(list));
        }
      }
      kept?.set(r.city, city);
    },
    result(previous) {
      const areas = areaTally.result();
      const result: ChangeIndicators = {
        threshold,
        areas,
        overall: overall.result(),
        services: servicesSummary(allServices, servicesNamed),
        mostImportantChanges: areas.flatMap((a) => a.mostImportantChanges.map((t) => ({ area: a.area, ...t }))),
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
