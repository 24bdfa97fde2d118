/**
 * Rec 18 / Rec 4 (support needs), Rec 7 (coordination team) and Rec 13 (pairing), read from tags.
 *
 * - needs (`needs` ranking, first = most needed): per need, the share of answering cities (n) that ranked it
 *   at all, that ranked it in their top 3, and its mean rank; the most frequent first-ranked need by network
 *   and by size band (cells under minCell cities suppressed);
 * - team (`team_size` number): share of answering cities whose team has at least 2 people (a team rather than
 *   one person), and the distribution of team sizes;
 * - pairing (`pairing_topics` checkbox, only shown to interested cities): for each city that chose topics,
 *   up to 3 peer cities sharing the most topics (at least one; ties by city code).
 */
import { compareCodes, listValue, numericValue } from './answer-values';
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

/** Rec 13 pairing suggestions. */
export interface Pairing {
  question: string | null;
  /** Cities that chose at least one pairing topic. */
  interested: number;
  suggestions: { city: string; topics: string[]; partners: { city: string; sharedTopics: string[] }[] }[];
  /** Set when suggestions were not computed: more interested cities than PAIRING_MAX_CITIES. */
  skipped?: string;
}

const TOP = 3;
/**
 * Pairing compares every interested city with every other (quadratic): fine for the ~150 member cities,
 * not for a synthetic 100,000. Above this many, suggestions are skipped and the result says so.
 */
export const PAIRING_MAX_CITIES = 1500;

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

/** Rec 13: peer cities sharing the most pairing topics; see the module comment. */
export function computePairing(catalogue: SurveyCatalogue, responses: readonly CohortResponse[]): Pairing {
  const q = questionsTagged(catalogue, 'pairing_topics').find((x) => x.shape === 'multiple') ?? null;
  if (!q) return { question: null, interested: 0, suggestions: [] };
  const substantive = new Set(q.options.filter((o) => o.kind === 'substantive').map((o) => o.key));
  const cities = responses
    .map((r) => ({ city: r.city, topics: listValue(r.data[q.code]).map(String).filter((t) => substantive.has(t)).sort(compareCodes) }))
    .filter((c) => c.topics.length > 0);
  if (cities.length > PAIRING_MAX_CITIES) {
    return {
      question: q.code,
      interested: cities.length,
      suggestions: [],
      skipped: `${cities.length} interested cities: pairing suggestions are computed for at most ${PAIRING_MAX_CITIES}`,
    };
  }
  // Topics as bit masks (one bit per topic) when they fit in 30 bits, so an overlap is an AND and a bit count.
  const bit = new Map([...substantive].map((key, i) => [key, i] as const));
  const useMasks = bit.size <= 30;
  const masks = cities.map((c) => (useMasks ? c.topics.reduce((m, t) => m | (1 << bit.get(t)!), 0) : 0));
  const bits = (m: number) => {
    let n = 0;
    for (let x = m; x !== 0; x &= x - 1) n++;
    return n;
  };
  const sharedCount = (i: number, j: number) =>
    useMasks ? bits(masks[i]! & masks[j]!) : cities[i]!.topics.filter((t) => cities[j]!.topics.includes(t)).length;
  const suggestions = cities.map((c, i) => {
    // The TOP partners with most shared topics, ties by city code: one pass keeping a short sorted list.
    const best: { j: number; shared: number }[] = [];
    for (let j = 0; j < cities.length; j++) {
      if (j === i) continue;
      const shared = sharedCount(i, j);
      if (shared === 0) continue;
      const worse = (a: { j: number; shared: number }) => shared > a.shared || (shared === a.shared && compareCodes(cities[j]!.city, cities[a.j]!.city) < 0);
      if (best.length === TOP && !worse(best[TOP - 1]!)) continue;
      let at = best.findIndex(worse);
      if (at < 0) at = best.length;
      best.splice(at, 0, { j, shared });
      if (best.length > TOP) best.pop();
    }
    return {
      city: c.city,
      topics: c.topics,
      partners: best.map(({ j }) => ({ city: cities[j]!.city, sharedTopics: c.topics.filter((t) => cities[j]!.topics.includes(t)) })),
    };
  });
  return { question: q.code, interested: cities.length, suggestions };
}
