/**
 * The figures of one year of a matrix, a ranking or a text question, for the question across years
 * (question-years.ts): what summariseQuestions gives for the year (counts, first places, texts) plus what a
 * comparison across years needs on top of it (the intervals of row means and of mean ranks, the cities behind
 * each item for the panel).
 */
import { isAnswered, listValue } from './answer-values';
import { clampInterval, meanInterval, type ScaleBounds } from './mean-interval';
import type { ChoiceSummary, CityAnswers, RankingSummary } from './question-summaries';
import type { ChoiceOption, CatalogueQuestion } from './survey-catalogue';
import { proportion, type Interval, type Proportion } from './wilson-interval';

/** A mean with its 95% t interval over n values (null mean when n = 0, null interval when n < 2). */
export interface MeanFigure {
  n: number;
  mean: number | null;
  ci95: Interval | null;
}

/** One row of a single-choice matrix in one year. */
export interface MatrixRowYear {
  /** Cities answering the row that year (any column, 'don't know' included). */
  n: number;
  /** Share of the n cities choosing each column (every column given, 0 when not chosen); Wilson 95%. */
  shares: Record<string, Proportion>;
  /**
   * Scored matrices (every substantive column carries a score or is a number): the mean score of the row over
   * the cities giving a substantive scored answer (don't know and unknown values left out), t 95% cut to the
   * scores' range. Null when that year's columns are not scored.
   */
  mean: MeanFigure | null;
  /** Cities answering the row both this year and the latest year (null for the latest year itself). */
  panelN: number | null;
}

/** One item of a ranking in one year. */
export interface RankingItemYear {
  /** Mean position (1 = first) over the cities that ranked the item, t 95% cut to [1, positions]. */
  meanRank: MeanFigure;
  /** Cities putting the item first, over the year's n (cities that ranked anything); Wilson 95%. */
  first: Proportion;
}

/** The score a matrix column gives: its score tag, else its value when it is a number; null for neither. */
export function columnScore(o: ChoiceOption): number | null {
  if (o.score !== null) return o.score;
  return typeof o.value === 'number' ? o.value : null;
}

/**
 * The range of a matrix's scores when every substantive column is scored (see columnScore), else null: the
 * matrix then has no mean per row.
 */
export function matrixScale(q: CatalogueQuestion): ScaleBounds | null {
  const scores = q.options.filter((o) => o.kind === 'substantive').map(columnScore);
  if (scores.length === 0 || scores.some((s) => s === null)) return null;
  const values = scores as number[];
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** The cities answering each row of a matrix (a row is answered when its cell holds a plain value). */
export function matrixRowCities(q: CatalogueQuestion, responses: readonly CityAnswers[]): Map<string, Set<string>> {
  const out = new Map(q.rows.map((row) => [row.key, new Set<string>()]));
  for (const r of responses) {
    const value = r.data[q.code];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const row of q.rows) {
      const cell = (value as Record<string, unknown>)[row.key];
      if (isAnswered(cell) && typeof cell !== 'object') out.get(row.key)!.add(r.city);
    }
  }
  return out;
}

/**
 * Each row of a matrix in one year: n and the share of every column in `columns` (the columns compared across
 * years, so a column this year lacks counts 0), from the row summaries summariseQuestions wrote under
 * `<code>.<row>`; and the row's mean score when the year's columns are scored. `latestRows` gives, per row, the
 * cities that answered it in the latest year (for the panel n; omit it for the latest year itself).
 */
export function matrixRowsOfYear({
  q,
  responses,
  summaries,
  columns,
  latestRows,
}: {
  q: CatalogueQuestion;
  responses: readonly CityAnswers[];
  summaries: Record<string, unknown>;
  columns: readonly string[];
  latestRows?: Map<string, Set<string>>;
}): Record<string, MatrixRowYear> {
  const scale = matrixScale(q);
  const scoreOf = new Map(q.options.filter((o) => o.kind === 'substantive').map((o) => [o.key, columnScore(o)]));
  const cities = matrixRowCities(q, responses);
  const out: Record<string, MatrixRowYear> = {};
  for (const row of q.rows) {
    const s = summaries[`${q.code}.${row.key}`] as ChoiceSummary | undefined;
    const n = s?.n ?? 0;
    let mean: MeanFigure | null = null;
    if (scale) {
      const scores: number[] = [];
      for (const r of responses) {
        const value = r.data[q.code];
        if (value === null || typeof value !== 'object') continue;
        const cell = (value as Record<string, unknown>)[row.key];
        if (!isAnswered(cell) || typeof cell === 'object') continue;
        const score = scoreOf.get(String(cell));
        if (score !== undefined && score !== null) scores.push(score);
      }
      const m = meanInterval(scores);
      mean = { n: m.n, mean: m.mean, ci95: clampInterval(m.ci95, scale) };
    }
    let panelN: number | null = null;
    if (latestRows) {
      panelN = 0;
      const latest = latestRows.get(row.key);
      if (latest) for (const city of cities.get(row.key)!) if (latest.has(city)) panelN++;
    }
    out[row.key] = {
      n,
      shares: Object.fromEntries(columns.map((key) => [key, proportion(s?.counts[key] ?? 0, n)])),
      mean,
      panelN,
    };
  }
  return out;
}

/**
 * Each item of `items` in one year of a ranking: the mean position with its t interval (over the cities that
 * ranked the item; cut to [1, the number of positions]) and the share putting it first (over the year's n),
 * from the year's ranking summary. An item that year's questionnaire did not offer and nobody ranked is absent.
 */
export function rankingItemsOfYear({
  q,
  responses,
  summary,
  items,
}: {
  q: CatalogueQuestion;
  responses: readonly CityAnswers[];
  summary: RankingSummary;
  items: readonly string[];
}): Record<string, RankingItemYear> {
  const positions = new Map(items.map((key) => [key, [] as number[]]));
  let longest = 0;
  for (const r of responses) {
    const list = listValue(r.data[q.code]);
    longest = Math.max(longest, list.length);
    list.forEach((v, i) => positions.get(String(v))?.push(i + 1));
  }
  const bounds: ScaleBounds = { min: 1, max: Math.max(1, longest, q.options.filter((o) => o.kind === 'substantive').length) };
  const offered = new Set(q.options.map((o) => o.key));
  return Object.fromEntries(
    items.filter((key) => offered.has(key) || positions.get(key)!.length > 0).map((key) => {
      const m = meanInterval(positions.get(key)!);
      const first = summary.rankedFirst[key] ?? proportion(0, summary.n);
      return [key, { meanRank: { n: m.n, mean: m.mean, ci95: clampInterval(m.ci95, bounds) }, first }];
    }),
  );
}
