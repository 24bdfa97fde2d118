/**
 * Rec 18 / Rec 4 (support needs), Rec 7 (coordination team) and Rec 13 (pairing), read from tags.
 *
 * - needs (`needs` ranking, first = most needed): per need, the share of answering cities (n) that ranked it
 *   at all, that ranked it in their top 3, and its mean rank; the most frequent first-ranked need by network
 *   and by size band (cells under minCell cities suppressed);
 * - team (`team_size` number): share of answering cities whose team has at least 2 people (a team rather than
 *   one person), and the distribution of team sizes;
 * - pairing (Rec 13, analysis/pairing.ts): for each interested city, up to 3 peer cities with similar
 *   challenges and complementary experience, best score first (ties by city code), with the reasons.
 */
import { compareCodes, listValue, numericValue } from './answer-values';
import { PAIRING_MAX_CITIES, partnersByCity, suggestPairs, type PairReason, type PairSuggestion } from './pairing';
import { groupBy, type Dimension } from './breakdowns';
import type { CohortResponse } from './cohort';
import { rankingSummary } from './question-summaries';
import { summariseSample, type SampleSummary } from './sample-summary';
import { questionsTagged, type SurveyCatalogue } from './survey-catalogue';
import { suppressBreakdown } from './suppression';
import { proportion, wilsonInterval, type Interval, type Proportion } from './wilson-interval';

/** One support need. */
export interface NeedFigure {
  value: string;
  /** Cities (of n) ranking the need at all. */
  ranked: Proportion;
  /** Cities (of n) ranking it first, second or third. */
  top3: Proportion;
  meanRank: number | null;
}

/** The need most often ranked first in a group; n = cities of the group that answered. */
export interface NeedCell {
  group: string;
  n: number | null;
  topNeed: string | null;
  /** Share of the group's n ranking topNeed first. */
  p: number | null;
  ci95: Interval | null;
  suppressed: boolean;
}

/** Rec 18 needs. */
export interface Needs {
  question: string | null;
  n: number;
  needs: NeedFigure[];
  byNetwork: NeedCell[];
  bySize: NeedCell[];
}

/** Rec 7 coordination team. */
export interface Coordination {
  question: string | null;
  /** Cities (of those answering) with a team of at least 2 people. */
  team: Proportion;
  teamSize: SampleSummary;
}

/** Rec 13 pairing suggestions (analysis/pairing.ts), per city and as the list of pairs. */
export interface Pairing {
  question: string | null;
  /** Cities that said they are interested (`pairing_interest` yes or maybe; without that question: chose a topic). */
  interested: number;
  /**
   * Per interested city with at least one partner: its pairing topics and up to 3 partners, best score first
   * (ties by city code), with the topics both chose, the pair's score and its reasons.
   */
  suggestions: {
    city: string;
    topics: string[];
    partners: { city: string; sharedTopics: string[]; score: number; reasons: PairReason[] }[];
  }[];
  /** Every suggested pair once, best score first (see analysis/pairing.ts). */
  pairs: PairSuggestion[];
  /** Set when suggestions were not computed: more interested cities than PAIRING_MAX_CITIES. */
  skipped?: string;
}

const TOP = 3;
export { PAIRING_MAX_CITIES };

function firstRanked(list: unknown[]): string | null {
  return list.length > 0 ? String(list[0]) : null;
}

function needCells(answered: { r: CohortResponse; list: string[] }[], dimension: Dimension, minCell: number): NeedCell[] {
  const cells = groupBy(answered, (a) => a.r.attrs, dimension).map(([group, members]): NeedCell => {
    const counts = new Map<string, number>();
    for (const m of members) {
      const first = firstRanked(m.list);
      if (first !== null) counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    const [topNeed, k] = [...counts.entries()].sort(([a, x], [b, y]) => y - x || compareCodes(a, b))[0] ?? [null, 0];
    return { group, n: members.length, topNeed, p: k / members.length, ci95: wilsonInterval(k, members.length), suppressed: false };
  });
  return suppressBreakdown(cells, minCell, (c) => ({ ...c, n: null, topNeed: null, p: null, ci95: null }));
}

/** Rec 18 support needs; see the module comment for n. */
export function computeNeeds(catalogue: SurveyCatalogue, responses: readonly CohortResponse[], minCell: number): Needs {
  const q = questionsTagged(catalogue, 'needs').find((x) => x.shape === 'ranking' || x.shape === 'multiple') ?? null;
  if (!q) return { question: null, n: 0, needs: [], byNetwork: [], bySize: [] };
  const answered = responses.flatMap((r) => {
    const list = listValue(r.data[q.code]).map(String);
    return list.length > 0 ? [{ r, list }] : [];
  });
  const ranking = rankingSummary({ type: q.type, n: 0 }, q.options, answered.map((a) => a.list));
  const n = answered.length;
  const needs = q.options.map((o) => ({
    value: o.key,
    ranked: proportion(answered.filter((a) => a.list.includes(o.key)).length, n),
    top3: proportion(answered.filter((a) => a.list.slice(0, TOP).includes(o.key)).length, n),
    meanRank: q.shape === 'ranking' ? (ranking.meanRank[o.key] ?? null) : null,
  }));
  needs.sort((a, b) => b.ranked.k - a.ranked.k || b.top3.k - a.top3.k || compareCodes(a.value, b.value));
  return { question: q.code, n, needs, byNetwork: needCells(answered, 'network', minCell), bySize: needCells(answered, 'size', minCell) };
}

/** Rec 7: a coordination team (≥ 2 people) rather than one person; n = cities giving a team size. */
export function computeCoordination(catalogue: SurveyCatalogue, responses: readonly CohortResponse[]): Coordination {
  const q = questionsTagged(catalogue, 'team_size').find((x) => x.shape === 'numeric') ?? null;
  const sizes = q ? responses.map((r) => numericValue(r.data[q.code])).filter((x): x is number => x !== null) : [];
  return { question: q?.code ?? null, team: proportion(sizes.filter((s) => s >= 2).length, sizes.length), teamSize: summariseSample(sizes) };
}

/** Rec 13: suggested peer cities (similar challenges, complementary experience); see analysis/pairing.ts. */
export function computePairing(catalogue: SurveyCatalogue, responses: readonly CohortResponse[]): Pairing {
  const q = questionsTagged(catalogue, 'pairing_topics').find((x) => x.shape === 'multiple') ?? null;
  if (!q) return { question: null, interested: 0, suggestions: [], pairs: [] };
  const result = suggestPairs(catalogue, responses);
  const base = { question: q.code, interested: result.interested.length };
  if (result.skipped) return { ...base, suggestions: [], pairs: [], skipped: result.skipped };
  const substantive = new Set(q.options.filter((o) => o.kind === 'substantive').map((o) => o.key));
  const topicsOf = new Map<string, string[]>();
  for (const r of responses) topicsOf.set(r.city, [...new Set(listValue(r.data[q.code]).map(String).filter((t) => substantive.has(t)))].sort(compareCodes));
  const suggestions = [...partnersByCity(result)].flatMap(([city, list]) => {
    if (list.length === 0) return [];
    const topics = topicsOf.get(city) ?? [];
    const partners = list.slice(0, TOP).map(({ partner, suggestion }) => {
      const theirs = topicsOf.get(partner) ?? [];
      return { city: partner, sharedTopics: topics.filter((t) => theirs.includes(t)), score: suggestion.score, reasons: suggestion.reasons };
    });
    return [{ city, topics, partners }];
  });
  return { ...base, suggestions, pairs: result.suggestions };
}
