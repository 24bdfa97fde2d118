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
import { DIMENSIONS, groupStates } from './breakdowns';
import type { ResolvedAttributes } from './cohort';
import { meanInterval, SCORE_BOUNDS, withinBounds } from './mean-interval';
import type { CityAnswers, ReadAnswers } from './question-summaries';
import { NumberTally } from './number-tally';
import { summariseSorted, type SampleSummary } from './sample-summary';
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

/**
 * The reader of one answer of a response: from what the question summariser read of it (`answers`, when the
 * summariser reads each response first), else looked up in the response.
 */
function readAnswer(answers: ReadAnswers | undefined): (code: string) => (r: CityAnswers) => unknown {
  return (code) => {
    const slot = answers ? answers.slotOf(code) : -1;
    if (slot < 0) return (r) => r.data[code];
    const values = answers!.values;
    return () => values[slot];
  };
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
export function cityProgressReader(catalogue: SurveyCatalogue, tally?: ProgressTally, answers?: ReadAnswers): (r: CityAnswers) => CityProgress {
  const answerOf = readAnswer(answers);
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
  const assessmentAnswers = assessments.map((a) => answerOf(a.q.code));
  const markerAnswers = markers.map((m) => answerOf(m.q.code));
  const strategyAnswer = strategy ? answerOf(strategy.q.code) : null;
  return (r) => {
    slots.fill(null);
    for (let k = 0; k < assessments.length; k++) {
      const { q, max, scoreOf } = assessments[k]!;
      const value = assessmentAnswers[k]!(r) as Record<string, unknown> | undefined;
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
      tally?.addArea(areaOrder[i]!, score);
      areaSum += score;
      areaCount++;
    }
    let markerSum = 0;
    let markerCount = 0;
    for (let k = 0; k < markers.length; k++) {
      const { max, scoreOf } = markers[k]!;
      const s = scoreOf(markerAnswers[k]!(r));
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
    const strategyScore = strategy ? strategy.scoreOf(strategyAnswer!(r)) : null;
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
export function markerTally(q: CatalogueQuestion, answers?: ReadAnswers): { read(r: CityAnswers): void; summary(): MarkerSummary } {
  const answer = readAnswer(answers)(q.code);
  const { max, scoreOf } = scoring(q);
  const counts: Record<string, number> = Object.fromEntries(q.options.map((o) => [o.key, 0]));
  const scores = new NumberTally();
  let dontKnow = 0;
  return {
    read(r) {
      const v = answer(r);
      if (!isAnswered(v) || typeof v === 'object') return;
      const key = String(v);
      counts[key] = (counts[key] ?? 0) + 1;
      const s = scoreOf(v);
      if (s === null) dontKnow++;
      else scores.add(s / Math.max(1, max));
    },
    summary() {
      // Marker scores lie in [0, 1].
      const m = withinBounds(meanInterval(scores.sorted()), { min: 0, max: 1 });
      return { question: q.code, n: m.n, dontKnow, meanScore: m.mean, ci95: m.ci95, counts };
    },
  };
}

/** Overall score by group (network, country or size band) from each group's scores, small cells suppressed. */
function scoreBreakdown(groups: [string, NumberTally][], minCell: number): ScoreCell[] {
  const cells = groups.map(([group, scores]): ScoreCell => {
    const s = withinBounds(summariseSorted(scores.sorted()), SCORE_BOUNDS);
    return { group, n: s.n, mean: s.mean, ci95: s.ci95, median: s.median, suppressed: false };
  });
  return suppressBreakdown(cells, minCell, (c) => ({ ...c, n: null, mean: null, ci95: null, median: null }));
}

/**
 * What computeProgressScores summarises of the city scores (per area, overall, strategy status, overall by group),
 * gathered one city at a time (`add`, with the city's attributes; a city without is left out of the breakdowns):
 * scores counted rather than listed and sorted (NumberTally), no pass over every city afterwards.
 */
export class ProgressTally {
  /** Per area met (in the order met), its scores. */
  readonly areas = new Map<string, NumberTally>();
  readonly overall = new NumberTally();
  readonly strategyStatus = new NumberTally();
  readonly groups = DIMENSIONS.map((d) => groupStates(d, () => new NumberTally()));
  private score = 0;
  private readonly addScore = (t: NumberTally) => t.add(this.score);

  /** One area score of a city (as `add` reads them from the city's areas, when cityProgressReader hands them over). */
  addArea(area: string, score: number): void {
    this.scoresOf(area).add(score);
  }

  /** An area's scores, from its first meeting (an area met without a score still has its figure). */
  private scoresOf(area: string): NumberTally {
    let scores = this.areas.get(area);
    if (scores === undefined) this.areas.set(area, (scores = new NumberTally()));
    return scores;
  }

  /** A city's scores, its area scores included unless they were added as read (`areasAdded`). */
  add(c: CityProgress, attrs: ResolvedAttributes | undefined, areasAdded = false): void {
    if (!areasAdded) {
      for (const area in c.areas) {
        const scores = this.scoresOf(area);
        const v = c.areas[area];
        if (v !== null && v !== undefined) scores.add(v);
      }
    }
    if (c.overall !== null && c.overall !== undefined) {
      this.overall.add(c.overall);
      if (attrs !== undefined) {
        this.score = c.overall;
        for (const g of this.groups) g.add(attrs, this.addScore);
      }
    }
    if (c.strategyStatus !== null && c.strategyStatus !== undefined) this.strategyStatus.add(c.strategyStatus);
  }
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
  tally: given,
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
  /** The tally of the city scores (with attrsByCity's attributes) when the caller has gathered it (with cityScores). */
  tally?: ProgressTally;
}): ProgressScores {
  const cities = cityScores ?? cityProgressScores(catalogue, responses);
  let tally = given;
  if (tally === undefined) {
    tally = new ProgressTally();
    for (const c of cities) tally.add(c, attrsByCity.get(c.city));
  }
  const areaScores = tally.areas;
  for (const q of questionsTagged(catalogue, 'self_assessment')) {
    for (const row of q.rows) if (row.policyArea && !areaScores.has(row.policyArea)) areaScores.set(row.policyArea, new NumberTally());
  }
  const areaList = [...areaScores.keys()].sort(comparePolicyAreas);
  const strategy = questionsTagged(catalogue, 'strategy_status')[0];
  const [byNetwork, byCountry, bySize] = tally.groups.map((g) => scoreBreakdown(g.entries(), minCell)) as [ScoreCell[], ScoreCell[], ScoreCell[]];
  const result: ProgressScores = {
    formula: PROGRESS_FORMULA,
    cities,
    areas: areaList.map((area) => ({ area, ...withinBounds(summariseSorted(areaScores.get(area)!.sorted()), SCORE_BOUNDS) })),
    overall: withinBounds(summariseSorted(tally.overall.sorted()), SCORE_BOUNDS),
    markers: markers ?? questionsTagged(catalogue, 'marker').map((q) => markerSummary(q, responses)),
    strategyStatus: strategy ? withinBounds(summariseSorted(tally.strategyStatus.sorted()), SCORE_BOUNDS) : null,
    byNetwork,
    byCountry,
    bySize,
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
