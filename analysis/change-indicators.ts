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
import { isAnswered, listValue, numericValue, textValue } from './answer-values';
import { meanInterval } from './mean-interval';
import { choiceSummary, type CityAnswers, type Share, type TextEntry } from './question-summaries';
import { comparePolicyAreas, questionsTagged, type AnswerKind, type ChoiceOption, type SurveyCatalogue } from './survey-catalogue';
import { proportion, type Interval, type Proportion } from './wilson-interval';
import { yearOverYear, type YearOverYear } from './year-over-year';

/** Default attribution threshold: 3 on the 1-5 scale ("at least moderately inspired by ICC"). */
export const ATTRIBUTION_THRESHOLD = 3;

type ChangeAnswer = 'yes' | 'no' | 'dontknow';

/** What one city said about changes, per policy area. */
export interface CityChanges {
  answers: Map<string, ChangeAnswer>;
  attribution: Map<string, number>;
  services: Map<string, unknown[]>;
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

function changeAnswerOf(value: unknown, columns: readonly ChoiceOption[]): ChangeAnswer | null {
  if (!isAnswered(value)) return null;
  const column = columns.find((c) => c.key === String(value));
  if (!column) return null;
  if (column.kind === 'dontknow' || column.score === null) return 'dontknow';
  return column.score > 0 ? 'yes' : 'no';
}

/** Per city, per area: change answer, attribution rating, services and most important change. */
export function readCityChanges(catalogue: SurveyCatalogue, r: CityAnswers): CityChanges {
  const city: CityChanges = { answers: new Map(), attribution: new Map(), services: new Map(), texts: new Map() };
  for (const q of questionsTagged(catalogue, 'change')) {
    if (q.shape !== 'matrix') continue;
    const value = r.data[q.code] as Record<string, unknown> | undefined;
    for (const row of q.rows) {
      if (!row.policyArea || city.answers.has(row.policyArea)) continue;
      const answer = changeAnswerOf(value?.[row.key], q.options);
      if (answer) city.answers.set(row.policyArea, answer);
    }
  }
  for (const q of questionsTagged(catalogue, 'attribution')) {
    const x = numericValue(r.data[q.code]);
    if (q.policyArea && x !== null && !city.attribution.has(q.policyArea)) city.attribution.set(q.policyArea, x);
  }
  for (const q of questionsTagged(catalogue, 'services')) {
    const list = listValue(r.data[q.code]);
    if (q.policyArea && list.length > 0) city.services.set(q.policyArea, [...(city.services.get(q.policyArea) ?? []), ...list]);
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

function servicesCredited(options: ChoiceOption[], lists: unknown[][]): ServicesCredited | null {
  if (options.length === 0 && lists.every((l) => l.length === 0)) return null;
  const unique = lists.map((l) => [...new Map(l.map((v) => [String(v), v])).values()]);
  const s = choiceSummary({ type: 'checkbox', n: 0 }, options, unique);
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

function areaChange(area: string, cities: ReadonlyMap<string, CityChanges>, catalogue: SurveyCatalogue, threshold: number): AreaChange {
  let yes = 0;
  let no = 0;
  let dontKnow = 0;
  let attributed = 0;
  let changedWithoutAttribution = 0;
  const ratings: number[] = [];
  const serviceLists: unknown[][] = [];
  const texts: TextEntry[] = [];
  for (const [code, city] of cities) {
    const answer = city.answers.get(area);
    if (answer === 'yes') yes++;
    else if (answer === 'no') no++;
    else if (answer === 'dontknow') dontKnow++;
    if (answer === 'yes') {
      const rating = city.attribution.get(area);
      if (rating === undefined) changedWithoutAttribution++;
      else {
        ratings.push(rating);
        if (rating >= threshold) attributed++;
      }
    }
    serviceLists.push(city.services.get(area) ?? []);
    const text = city.texts.get(area);
    if (text !== undefined) texts.push({ city: code, text });
  }
  const rated = meanInterval(ratings.sort((a, b) => a - b));
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
    services: servicesCredited(serviceOptions(catalogue, area), serviceLists),
    mostImportantChanges: texts,
  };
}

function overallChange(cities: ReadonlyMap<string, CityChanges>, threshold: number): OverallChange {
  let answered = 0;
  let changed = 0;
  let substantive = 0;
  let allDontKnow = 0;
  let withRatedChange = 0;
  let attributed = 0;
  for (const city of cities.values()) {
    const answers = [...city.answers.entries()];
    if (answers.length === 0) continue;
    answered++;
    const yesAreas = answers.filter(([, a]) => a === 'yes').map(([area]) => area);
    if (answers.every(([, a]) => a === 'dontknow')) allDontKnow++;
    else substantive++;
    if (yesAreas.length > 0) changed++;
    if (yesAreas.some((area) => city.attribution.has(area))) withRatedChange++;
    if (yesAreas.some((area) => isAttributed(city, area, threshold))) attributed++;
  }
  return {
    answered,
    change: proportion(changed, substantive),
    allDontKnow,
    attributedAmongChanged: proportion(attributed, withRatedChange),
    attributedAmongAnswering: proportion(attributed, substantive),
  };
}

function readAll(catalogue: SurveyCatalogue, responses: readonly CityAnswers[]): Map<string, CityChanges> {
  return new Map(responses.map((r) => [r.city, readCityChanges(catalogue, r)] as const));
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
  const cities = readAll(catalogue, responses);
  const areas = changeAreas(catalogue).map((area) => areaChange(area, cities, catalogue, threshold));
  const allServices = [...cities.values()].map((c) => [...c.services.values()].flat());
  const result: ChangeIndicators = {
    threshold,
    areas,
    overall: overallChange(cities, threshold),
    services: servicesCredited(serviceOptions(catalogue), allServices),
    mostImportantChanges: areas.flatMap((a) => a.mostImportantChanges.map((t) => ({ area: a.area, ...t }))),
  };
  if (previous) {
    const before = readAll(previous.catalogue, previous.responses);
    const compare = (area: string | null): ChangeYearOverYear => {
      const now = cityIndicators(cities, area, threshold);
      const then = cityIndicators(before, area, threshold);
      return { change: yearOverYear(now.change, then.change), attributed: yearOverYear(now.attributed, then.attributed) };
    };
    result.yearOverYear = { overall: compare(null), areas: areas.map((a) => ({ area: a.area, ...compare(a.area) })) };
  }
  return result;
}
