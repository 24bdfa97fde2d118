/**
 * Rec 17 (and Rec 16) — progress between ICC Index assessments, on the Index's 0-100 scale.
 *
 * Formula (read from tags only):
 * - area score of a city = 100 × (score of the chosen `self_assessment` column) / (highest column score of that
 *   matrix, 4 in the default questionnaire); unscored columns (don't know) leave the area unanswered;
 * - marker score = the chosen choice's `score` (yes 1, partly 0.5, no 0; a boolean marker: true 1, false 0);
 *   don't know is excluded;
 * - overall score of a city = 0.75 × mean of its answered area scores + 0.25 × 100 × mean of its answered
 *   marker scores. When only one part is answered, the overall score is that part alone (the weights are
 *   renormalised); null when the city answered neither.
 * - `strategy_status` is reported beside (100 × score / highest score), not inside the overall score.
 * Distributions are over the cities with a score (n), with a 95% t interval for the mean, median and quartiles
 * (type 7). Year-over-year: panel change (cities scored in both years) apart from the cross-section change.
 */
import { isAnswered } from './answer-values';
import { groupBy, type Dimension } from './breakdowns';
import type { ResolvedAttributes } from './cohort';
import { meanInterval, SCORE_BOUNDS, withinBounds } from './mean-interval';
import type { CityAnswers } from './question-summaries';
import { summariseSample, type SampleSummary } from './sample-summary';
import { comparePolicyAreas, questionsTagged, type CatalogueQuestion, type SurveyCatalogue } from './survey-catalogue';
import { suppressBreakdown } from './suppression';
import type { Interval } from './wilson-interval';
import { yearOverYear, type YearOverYear } from './year-over-year';

/** Bounds of a change of a 0-100 score between two years. */
const CHANGE_BOUNDS = { min: -SCORE_BOUNDS.max, max: SCORE_BOUNDS.max };

/** Weight of the mean area score in the overall score (the markers take the rest). */
export const AREA_WEIGHT = 0.75;
/** Weight of the mean marker score in the overall score. */
export const MARKER_WEIGHT = 0.25;

/** The formula, as printed in summary.json next to the figures. */
export const PROGRESS_FORMULA =
  'area score = 100 × self-assessment column score / highest column score (0-4 → 0-100); ' +
  'marker score = choice score (yes 1, partly 0.5, no 0; don\'t know excluded); ' +
  'overall = 0.75 × mean of answered area scores + 0.25 × 100 × mean of answered marker scores ' +
  '(only one part answered: that part; none: null)';

/** One city's progress scores (0-100). */
export interface CityProgress {
  city: string;
  areas: Record<string, number>;
  /** Mean of the answered area scores. */
  areaMean: number | null;
  /** 100 × mean of the answered marker scores. */
  markerScore: number | null;
  overall: number | null;
  /** 100 × strategy status score / highest score. */
  strategyStatus: number | null;
}

/** Summary of one marker question: scores over the n cities that did not answer don't know. */
export interface MarkerSummary {
  question: string;
  n: number;
  dontKnow: number;
  /** Mean marker score in [0, 1] with its 95% t interval. */
  meanScore: number | null;
  ci95: Interval | null;
  counts: Record<string, number>;
}

/** One breakdown cell of the overall score. n = cities with an overall score in the group. */
export interface ScoreCell {
  group: string;
  n: number | null;
  mean: number | null;
  ci95: Interval | null;
  median: number | null;
  suppressed: boolean;
}

/** Everything Rec 17 asks for. */
export interface ProgressScores {
  formula: string;
  cities: CityProgress[];
  areas: ({ area: string } & SampleSummary)[];
  overall: SampleSummary;
  markers: MarkerSummary[];
  strategyStatus: SampleSummary | null;
  byNetwork: ScoreCell[];
  byCountry: ScoreCell[];
  bySize: ScoreCell[];
  change?: { overall: YearOverYear; areas: ({ area: string } & YearOverYear)[] };
}

const maxScore = (q: CatalogueQuestion): number =>
  Math.max(0, ...q.options.filter((o) => o.kind === 'substantive' && o.score !== null).map((o) => o.score!));

/**
 * A scored question with its scores looked up once (they were looked up for every city):
 * `scoreOf(value)` is the chosen option's score, null for don't know, unknown or unanswered values;
 * `max` the highest substantive score (maxScore).
 */
interface Scoring {
  q: CatalogueQuestion;
  max: number;
  scoreOf(value: unknown): number | null;
}

function scoring(q: CatalogueQuestion): Scoring {
  // The first option of each key decides, as a search of the options in order would.
  const scores = new Map<string, number | null>();
  for (const o of q.options) {
    if (!scores.has(o.key)) scores.set(o.key, o.kind === 'substantive' && o.score !== null ? o.score : null);
  }
  return {
    q,
    max: maxScore(q),
    scoreOf: (value) => (!isAnswered(value) || typeof value === 'object' ? null : (scores.get(String(value)) ?? null)),
  };
}

/** Per-city scores of the responses under the formula above. */
export function cityProgressScores(catalogue: SurveyCatalogue, responses: readonly CityAnswers[]): CityProgress[] {
  return responses.map(cityProgressReader(catalogue));
}

/**
 * The scores of one city at a time under the formula above (cityProgressScores, response by response): for a
 * caller that reads the responses as a stream and keeps the scores rather than the self-assessment answers.
 */
export function cityProgressReader(catalogue: SurveyCatalogue): (r: CityAnswers) => CityProgress {
  const assessments = questionsTagged(catalogue, 'self_assessment').map(scoring).filter((a) => a.q.shape === 'matrix' && a.max > 0);
  const markers = questionsTagged(catalogue, 'marker').map(scoring);
  const strategy = questionsTagged(catalogue, 'strategy_status').map(scoring).find((a) => a.max > 0);
  // The areas a city can be scored on, in ICC Index order, and per assessment row the slot of its area: a city's
  // scores go into one reused array instead of an object sorted afterwards (one object per city less to collect).
  const areaOrder = [...new Set(assessments.flatMap((a) => a.q.rows.flatMap((row) => (row.policyArea ? [row.policyArea] : []))))].sort(
    comparePolicyAreas,
  );
  const slotOf = new Map(areaOrder.map((area, i) => [area, i] as const));
  const rowSlots = assessments.map((a) => a.q.rows.map((row) => (row.policyArea ? slotOf.get(row.policyArea)! : -1)));
  const slots: (number | null)[] = areaOrder.map(() => null);
  return (r) => {
    slots.fill(null);
    for (let k = 0; k < assessments.length; k++) {
      const { q, max, scoreOf } = assessments[k]!;
      const value = r.data[q.code] as Record<string, unknown> | undefined;
      const rowSlot = rowSlots[k]!;
      for (let i = 0; i < q.rows.length; i++) {
        const slot = rowSlot[i]!;
        // The first answered row of an area decides.
        if (slot < 0 || slots[slot] !== null) continue;
        const s = scoreOf(value?.[q.rows[i]!.key]);
        if (s !== null) slots[slot] = (100 * s) / max;
      }
    }
    // Summed in ICC Index order, as the mean of the sorted area scores was.
    const sortedAreas: Record<string, number> = {};
    let areaSum = 0;
    let areaCount = 0;
    for (let i = 0; i < areaOrder.length; i++) {
      const score = slots[i];
      if (score === null || score === undefined) continue;
      sortedAreas[areaOrder[i]!] = score;
      areaSum += score;
      areaCount++;
    }
    let markerSum = 0;
    let markerCount = 0;
    for (const { q, max, scoreOf } of markers) {
      const s = scoreOf(r.data[q.code]);
      if (s === null) continue;
      markerSum += s / Math.max(1, max);
      markerCount++;
    }
    const areaMean = areaCount === 0 ? null : areaSum / areaCount;
    const markerMean = markerCount === 0 ? null : markerSum / markerCount;
    const markerScore = markerMean === null ? null : 100 * markerMean;
    const overall =
      areaMean !== null && markerScore !== null
        ? AREA_WEIGHT * areaMean + MARKER_WEIGHT * markerScore
        : (areaMean ?? markerScore);
    const strategyScore = strategy ? strategy.scoreOf(r.data[strategy.q.code]) : null;
    return {
      city: r.city,
      areas: sortedAreas,
      areaMean,
      markerScore,
      overall,
      strategyStatus: strategy && strategyScore !== null ? (100 * strategyScore) / strategy.max : null,
    };
  };
}

function markerSummary(q: CatalogueQuestion, responses: readonly CityAnswers[]): MarkerSummary {
  const tally = markerTally(q);
  for (const r of responses) tally.read(r);
  return tally.summary();
}

/**
 * The summary of one marker question (markerSummary) read one response at a time: for a caller that reads the
 * responses as a stream and does not keep the marker answers.
 */
export function markerTally(q: CatalogueQuestion): { read(r: CityAnswers): void; summary(): MarkerSummary } {
  const { max, scoreOf } = scoring(q);
  const counts: Record<string, number> = Object.fromEntries(q.options.map((o) => [o.key, 0]));
  const scores: number[] = [];
  let dontKnow = 0;
  return {
    read(r) {
      const v = r.data[q.code];
      if (!isAnswered(v) || typeof v === 'object') return;
      const key = String(v);
      counts[key] = (counts[key] ?? 0) + 1;
      const s = scoreOf(v);
      if (s === null) dontKnow++;
      else scores.push(s / Math.max(1, max));
    },
    summary() {
      // Marker scores lie in [0, 1].
      const m = withinBounds(meanInterval(scores.sort((a, b) => a - b)), { min: 0, max: 1 });
      return { question: q.code, n: m.n, dontKnow, meanScore: m.mean, ci95: m.ci95, counts };
    },
  };
}

/** Overall score by group (network, country or size band), small cells suppressed. */
function scoreBreakdown(
  cities: readonly CityProgress[],
  attrsByCity: ReadonlyMap<string, ResolvedAttributes>,
  dimension: Dimension,
  minCell: number,
): ScoreCell[] {
  const scored = cities.filter((c) => c.overall !== null && attrsByCity.has(c.city));
  const cells = groupBy(scored, (c) => attrsByCity.get(c.city)!, dimension).map(([group, members]): ScoreCell => {
    const s = withinBounds(summariseSample(members.map((c) => c.overall!)), SCORE_BOUNDS);
    return { group, n: s.n, mean: s.mean, ci95: s.ci95, median: s.median, suppressed: false };
  });
  return suppressBreakdown(cells, minCell, (c) => ({ ...c, n: null, mean: null, ci95: null, median: null }));
}

/** The scores of the cities that have one (cities are given once each, as the cohort holds them). */
function scoresOf(cities: readonly CityProgress[], read: (c: CityProgress) => number | null | undefined): number[] {
  const scores: number[] = [];
  for (const c of cities) {
    const v = read(c);
    if (v !== null && v !== undefined) scores.push(v);
  }
  return scores;
}

/** City → score, for the cities that have one (a city given twice: its last score, at its first place). */
function scoreMap(cities: readonly CityProgress[], read: (c: CityProgress) => number | null | undefined): Map<string, number> {
  const scores = new Map<string, number>();
  for (const c of cities) {
    const v = read(c);
    if (v !== null && v !== undefined) scores.set(c.city, v);
  }
  return scores;
}

/**
 * Rec 17 progress scores: per city, their distribution per area and overall, marker and strategy summaries,
 * breakdowns of the overall score (suppressed below minCell), and the change since last year's answers
 * (read with last year's questionnaire) on the panel and on the cross-section. Responses: one per city.
 */
export function computeProgressScores({
  catalogue,
  responses,
  attrsByCity,
  minCell,
  previous,
  cityScores,
  markers,
}: {
  catalogue: SurveyCatalogue;
  /** Read for the marker summaries and the city scores, unless they are given. */
  responses: readonly CityAnswers[];
  attrsByCity: ReadonlyMap<string, ResolvedAttributes>;
  minCell: number;
  previous?: { catalogue: SurveyCatalogue; responses: readonly CityAnswers[] };
  /** cityProgressScores(catalogue, responses) when the caller has read them already (cityProgressReader). */
  cityScores?: CityProgress[];
  /** The marker summaries when the caller has read them already (markerTally of each marker, in order). */
  markers?: MarkerSummary[];
}): ProgressScores {
  const cities = cityScores ?? cityProgressScores(catalogue, responses);
  // Each area's scores in city order, gathered in one pass over the cities' areas (looking each area up in every
  // city, area by area, took seconds at 100,000 cities: the cities' area objects come in many shapes).
  const areaScores = new Map<string, number[]>();
  for (const c of cities) {
    for (const area in c.areas) {
      const v = c.areas[area];
      let list = areaScores.get(area);
      if (list === undefined) areaScores.set(area, (list = []));
      if (v !== null && v !== undefined) list.push(v);
    }
  }
  for (const q of questionsTagged(catalogue, 'self_assessment')) for (const row of q.rows) if (row.policyArea && !areaScores.has(row.policyArea)) areaScores.set(row.policyArea, []);
  const areaList = [...areaScores.keys()].sort(comparePolicyAreas);
  const strategy = questionsTagged(catalogue, 'strategy_status')[0];
  const result: ProgressScores = {
    formula: PROGRESS_FORMULA,
    cities,
    areas: areaList.map((area) => ({ area, ...withinBounds(summariseSample(areaScores.get(area)!), SCORE_BOUNDS) })),
    overall: withinBounds(summariseSample(scoresOf(cities, (c) => c.overall)), SCORE_BOUNDS),
    markers: markers ?? questionsTagged(catalogue, 'marker').map((q) => markerSummary(q, responses)),
    strategyStatus: strategy ? withinBounds(summariseSample(scoresOf(cities, (c) => c.strategyStatus)), SCORE_BOUNDS) : null,
    byNetwork: scoreBreakdown(cities, attrsByCity, 'network', minCell),
    byCountry: scoreBreakdown(cities, attrsByCity, 'country', minCell),
    bySize: scoreBreakdown(cities, attrsByCity, 'size', minCell),
  };
  if (previous) {
    const before = cityProgressScores(previous.catalogue, previous.responses);
    // A change of a 0-100 score lies in [-100, 100]: its panel interval is cut there.
    const bounded = (y: YearOverYear): YearOverYear => ({ ...y, panel: withinBounds(y.panel, CHANGE_BOUNDS) });
    result.change = {
      overall: bounded(yearOverYear(scoreMap(cities, (c) => c.overall), scoreMap(before, (c) => c.overall))),
      areas: areaList.map((area) => ({
        area,
        ...bounded(yearOverYear(scoreMap(cities, (c) => c.areas[area]), scoreMap(before, (c) => c.areas[area]))),
      })),
    };
  }
  return result;
}
