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
import { PAIRING_MAX_CITIES, pairingSkipped, partnersByCity, suggestPairs, type PairReason, type PairSuggestion } from './pairing';
import { groupStates } from './breakdowns';
import type { CohortResponse } from './cohort';
import { NumberTally } from './number-tally';
import { RankingTally, type CityAnswers } from './question-summaries';
import { summariseSorted, type SampleSummary } from './sample-summary';
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

/** What the need cell of a group is built from: its answering cities and the needs they ranked first. */
interface NeedGroup {
  n: number;
  firstCounts: Map<string, number>;
}

function needCells(groups: [string, NeedGroup][], minCell: number): NeedCell[] {
  const cells = groups.map(([group, { n, firstCounts }]): NeedCell => {
    const [topNeed, k] = [...firstCounts.entries()].sort(([a, x], [b, y]) => y - x || compareCodes(a, b))[0] ?? [null, 0];
    return { group, n, topNeed, p: k / n, ci95: wilsonInterval(k, n), suppressed: false };
  });
  return suppressBreakdown(cells, minCell, (c) => ({ ...c, n: null, topNeed: null, p: null, ci95: null }));
}

/**
 * Rec 18 needs read one cohort response at a time (`read`), then computed (`result`): what computeNeeds returns,
 * for a caller that reads the responses as a stream and does not keep them.
 */
export function needsReader(catalogue: SurveyCatalogue, minCell: number): { read(r: CohortResponse): void; result(): Needs } {
  const q = questionsTagged(catalogue, 'needs').find((x) => x.shape === 'ranking' || x.shape === 'multiple') ?? null;
  const ranking = new RankingTally(q?.options ?? []);
  // Per option key: cities ranking it at all, and in their top 3 (a city's list holds each value once).
  const counts = new Map<string, { ranked: number; top3: number }>((q?.options ?? []).map((o) => [o.key, { ranked: 0, top3: 0 }]));
  let n = 0;
  const byNetwork = groupStates('network', (): NeedGroup => ({ n: 0, firstCounts: new Map() }));
  const bySize = groupStates('size', (): NeedGroup => ({ n: 0, firstCounts: new Map() }));
  let first = '';
  const addFirst = (g: NeedGroup) => {
    g.n++;
    g.firstCounts.set(first, (g.firstCounts.get(first) ?? 0) + 1);
  };
  return {
    read(r) {
      if (q === null) return;
      const values = listValue(r.data[q.code]);
      if (values.length === 0) return;
      // The values as text: distinct, since listValue removed the values of the same text.
      const list = values.map(String);
      n++;
      ranking.add(list);
      for (let i = 0; i < list.length; i++) {
        const c = counts.get(list[i]!);
        if (c === undefined) continue;
        c.ranked++;
        if (i < TOP) c.top3++;
      }
      first = list[0]!;
      byNetwork.add(r.attrs, addFirst);
      bySize.add(r.attrs, addFirst);
    },
    result() {
      if (q === null) return { question: null, n: 0, needs: [], byNetwork: [], bySize: [] };
      const meanRank = ranking.summary({ type: q.type, n: 0 }).meanRank;
      const needs = q.options.map((o) => ({
        value: o.key,
        ranked: proportion(counts.get(o.key)!.ranked, n),
        top3: proportion(counts.get(o.key)!.top3, n),
        meanRank: q.shape === 'ranking' ? (meanRank[o.key] ?? null) : null,
      }));
      needs.sort((a, b) => b.ranked.k - a.ranked.k || b.top3.k - a.top3.k || compareCodes(a.value, b.value));
      return { question: q.code, n, needs, byNetwork: needCells(byNetwork.entries(), minCell), bySize: needCells(bySize.entries(), minCell) };
    },
  };
}

/** Rec 18 support needs; see the module comment for n. */
export function computeNeeds(catalogue: SurveyCatalogue, responses: readonly CohortResponse[], minCell: number): Needs {
  const reader = needsReader(catalogue, minCell);
  for (const r of responses) reader.read(r);
  return reader.result();
}

/**
 * Rec 7 read one response at a time (`read`), then computed (`result`): what computeCoordination returns, for a
 * caller that reads the responses as a stream and does not keep them.
 */
export function coordinationReader(catalogue: SurveyCatalogue): { read(r: CityAnswers): void; result(): Coordination } {
  const q = questionsTagged(catalogue, 'team_size').find((x) => x.shape === 'numeric') ?? null;
  const sizes = new NumberTally();
  let teams = 0;
  return {
    read(r) {
      if (q === null) return;
      const size = numericValue(r.data[q.code]);
      if (size === null) return;
      sizes.add(size);
      if (size >= 2) teams++;
    },
    result() {
      return { question: q?.code ?? null, team: proportion(teams, sizes.size), teamSize: summariseSorted(sizes.sorted()) };
    },
  };
}

/** Rec 7: a coordination team (≥ 2 people) rather than one person; n = cities giving a team size. */
export function computeCoordination(catalogue: SurveyCatalogue, responses: readonly CohortResponse[]): Coordination {
  const reader = coordinationReader(catalogue);
  for (const r of responses) reader.read(r);
  return reader.result();
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

/**
 * computePairing of every response, from the responses of the interested cities only (`interested` of them in
 * all; their responses are needed, with their tagged answers, only when there are at most PAIRING_MAX_CITIES):
 * for a caller that reads the responses as a stream and keeps only those.
 */
export function pairingOfInterested(catalogue: SurveyCatalogue, interestedResponses: readonly CohortResponse[], interested: number): Pairing {
  if (interested <= PAIRING_MAX_CITIES) return computePairing(catalogue, interestedResponses);
  const q = questionsTagged(catalogue, 'pairing_topics').find((x) => x.shape === 'multiple') ?? null;
  if (!q) return { question: null, interested: 0, suggestions: [], pairs: [] };
  return { question: q.code, interested, suggestions: [], pairs: [], skipped: pairingSkipped(interested) };
}
