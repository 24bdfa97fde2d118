/**
 * Rec 13 — peer pairing: suggests pairs of cities with similar challenges and complementary experience, each
 * with the reasons that made it, read from the questionnaire's tags only (no free text).
 *
 * Per city (one response per city; the last one of a city code wins):
 * - interested: its `pairing_interest` answer is `yes` or `maybe` (without such a question: it chose at least one
 *   `pairing_topics` area). Only interested cities are paired;
 * - wants: the policy areas of its `pairing_topics` answer (the areas it would like to work on with a peer);
 * - progressed: areas where it reported a change in the last 12 months (Rec 19 `change` matrix, a scored column
 *   above 0) or self-assesses at least PROGRESSED_SCORE on the 0-100 Rec 17 scale (3 or 4 of 4);
 * - challenges: the support needs it ranks in its top 3 (`needs`) and the areas it self-assesses at most
 *   LOW_PROGRESS_SCORE (0 or 1 of 4).
 *
 * Score of a pair (A, B), 0-100, symmetric by construction:
 *   100 × (0.5 × complementarity + 0.3 × similarity + 0.2 × shared topics), rounded to 0.1
 * - complementarity = min(1, c / COMPLEMENTARY_FULL) where c counts the (area, direction) couples in which one
 *   city progressed on an area the other wants and has not progressed on (A → B and B → A both count);
 * - similarity = Jaccard index of the two cities' challenges (|A ∩ B| / |A ∪ B|; 0 when both have none);
 * - shared topics = Jaccard index of the two cities' wanted areas.
 * A pair is only suggested when it has common ground on a policy area (c > 0 or a shared topic): similar needs
 * alone do not make a pair. Each city keeps its PARTNERS_PER_CITY best partners (score, then partner code); the
 * suggestions are the union of these, each pair once (codes in order), best score first, ties by the codes.
 *
 * Cost: every pair of interested cities is compared (quadratic), but with bit masks: a few integer operations
 * per pair, reasons built only for the pairs kept. Above PAIRING_MAX_CITIES interested cities suggestions are
 * skipped, said so (the ICC has ~150 member cities; 1,460 interested cities took under 1 s on a busy 2-core machine).
 */
import { compareCodes, isAnswered, listValue } from './answer-values';
import { readCityChanges } from './change-indicators';
import { cityProgressScores } from './progress-scores';
import type { CityAnswers } from './question-summaries';
import { comparePolicyAreas, questionsTagged, type SurveyCatalogue } from './survey-catalogue';

/** Weights of the three parts of the score (they sum to 1). */
export const PAIRING_WEIGHTS = { complementarity: 0.5, similarity: 0.3, topics: 0.2 } as const;
/** Complementary (area, direction) couples giving the full complementarity part. */
export const COMPLEMENTARY_FULL = 3;
/** Self-assessed area score (0-100) from which a city counts as having progressed (3 of 4). */
export const PROGRESSED_SCORE = 75;
/** Self-assessed area score (0-100) up to which the area counts as a challenge (1 of 4). */
export const LOW_PROGRESS_SCORE = 25;
/** Support needs ranked this high or higher count as challenges. */
export const TOP_NEEDS = 3;
/** Partners kept per city. */
export const PARTNERS_PER_CITY = 3;
/** Above this many interested cities, suggestions are not computed (see the module comment). */
export const PAIRING_MAX_CITIES = 1500;

/** Why a pair is suggested; rendered in words by the server and the page. */
export type PairReason =
  /** `giver` progressed on `area` (reported a change and/or self-assesses ≥ PROGRESSED_SCORE), `receiver` wants it. */
  | { kind: 'complementary'; area: string; giver: string; receiver: string; changed: boolean; giverScore: number | null }
  /** Both want to work on `area` with a peer. */
  | { kind: 'shared-topic'; area: string }
  /** Both face the challenge: a top-3 support need (`source: 'need'`) or a low self-assessed area (`'area'`). */
  | { kind: 'shared-challenge'; code: string; source: 'need' | 'area' };

/** The parts of a pair's score, each in [0, 1]. */
export interface PairComponents {
  complementarity: number;
  similarity: number;
  topics: number;
}

/** A suggested pair: `cities` in code order. */
export interface PairSuggestion {
  cities: [string, string];
  /** 0-100, see the module comment. */
  score: number;
  components: PairComponents;
  reasons: PairReason[];
}

/** What pairing reads of one city. */
export interface PairingProfile {
  city: string;
  interested: boolean;
  /** Areas it wants to work on with a peer, in ICC Index order. */
  wants: string[];
  /** Areas it progressed on, with whether it reported a change and its self-assessed score (null if none). */
  progressed: Map<string, { changed: boolean; score: number | null }>;
  /** Challenge keys: `need:<code>` and `area:<area>`, sorted. */
  challenges: string[];
}

export interface PairingResult {
  /** The `pairing_interest` question (null when the questionnaire has none) and the `pairing_topics` one. */
  interestQuestion: string | null;
  topicsQuestion: string | null;
  /** Interested cities, in code order. */
  interested: string[];
  suggestions: PairSuggestion[];
  /** Set when suggestions were not computed: more interested cities than PAIRING_MAX_CITIES. */
  skipped?: string;
}

const INTERESTED_VALUES = new Set(['yes', 'maybe']);

/**
 * What pairing reads of a questionnaire's tagged questions: whether a city is interested, and its whole profile
 * (the latter reads its progress scores and changes too, so it is only read for interested cities).
 */
function profileReader(catalogue: SurveyCatalogue) {
  const interestQ = questionsTagged(catalogue, 'pairing_interest').find((q) => q.shape === 'single') ?? null;
  const topicsQ = questionsTagged(catalogue, 'pairing_topics').find((q) => q.shape === 'multiple') ?? null;
  const needsQ = questionsTagged(catalogue, 'needs').find((q) => q.shape === 'ranking' || q.shape === 'multiple') ?? null;
  const topicArea = new Map((topicsQ?.options ?? []).filter((o) => o.kind === 'substantive').map((o) => [o.key, o.policyArea ?? o.key] as const));
  const needKeys = new Set((needsQ?.options ?? []).filter((o) => o.kind === 'substantive').map((o) => o.key));
  const wantsOf = (r: CityAnswers) =>
    [...new Set(topicsQ ? listValue(r.data[topicsQ.code]).map(String).flatMap((k) => (topicArea.has(k) ? [topicArea.get(k)!] : [])) : [])].sort(
      comparePolicyAreas,
    );
  const isInterested = (r: CityAnswers, wants: readonly string[]) => {
    const interestValue = interestQ ? r.data[interestQ.code] : undefined;
    return interestQ ? isAnswered(interestValue) && INTERESTED_VALUES.has(String(interestValue)) : wants.length > 0;
  };
  return {
    /** Whether the city is interested in a peer (see the module comment). */
    interested: (r: CityAnswers) => isInterested(r, interestQ ? [] : wantsOf(r)),
    /** The profiles of the responses, in their order. */
    profiles(responses: readonly CityAnswers[]): PairingProfile[] {
      const scores = cityProgressScores(catalogue, responses);
      return responses.map((r, i) => {
        const wants = wantsOf(r);
        const interested = isInterested(r, wants);
        const areaScores = scores[i]!.areas;
        const changes = readCityChanges(catalogue, r).answers;
        const progressed = new Map<string, { changed: boolean; score: number | null }>();
        const areas = new Set([...changes.keys(), ...Object.keys(areaScores)]);
        for (const area of [...areas].sort(comparePolicyAreas)) {
          const changed = changes.get(area) === 'yes';
          const score = areaScores[area] ?? null;
          if (changed || (score !== null && score >= PROGRESSED_SCORE)) progressed.set(area, { changed, score });
        }
        const needs = needsQ ? listValue(r.data[needsQ.code]).map(String).filter((k) => needKeys.has(k)) : [];
        const topNeeds = needsQ?.shape === 'ranking' ? needs.slice(0, TOP_NEEDS) : needs;
        const lowAreas = Object.entries(areaScores).flatMap(([area, s]) => (s <= LOW_PROGRESS_SCORE ? [area] : []));
        const challenges = [...new Set([...topNeeds.map((k) => `need:${k}`), ...lowAreas.map((a) => `area:${a}`)])].sort(compareCodes);
        return { city: r.city, interested, wants, progressed, challenges };
      });
    },
  };
}

/**
 * Whether a response's city is interested in a peer, as suggestPairs decides: only the interested cities' profiles
 * (their progress scores and changes) are read, and only when there are at most PAIRING_MAX_CITIES of them.
 */
export function pairingInterest(catalogue: SurveyCatalogue): (r: CityAnswers) => boolean {
  return profileReader(catalogue).interested;
}

/** Why suggestions were not computed for `interested` cities (more than PAIRING_MAX_CITIES). */
export const pairingSkipped = (interested: number): string =>
  `${interested} interested cities: pairing suggestions are computed for at most ${PAIRING_MAX_CITIES}`;

/** The responses with one per city code (the last one wins), in code order. */
function onePerCitySorted(responses: readonly CityAnswers[]): CityAnswers[] {
  const byCity = new Map<string, CityAnswers>();
  for (const r of responses) byCity.set(r.city, r);
  return [...byCity.values()].sort((a, b) => compareCodes(a.city, b.city));
}

/** Reads the pairing profile of each city (one per city code, the last response wins), in code order. */
export function pairingProfiles(catalogue: SurveyCatalogue, responses: readonly CityAnswers[]): PairingProfile[] {
  return profileReader(catalogue).profiles(onePerCitySorted(responses));
}

function jaccard(a: readonly string[], b: readonly string[]): { value: number; shared: string[] } {
  const inB = new Set(b);
  const shared = a.filter((x) => inB.has(x));
  const union = a.length + b.length - shared.length;
  return { value: union === 0 ? 0 : shared.length / union, shared };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** `giver`'s complementary reasons towards `receiver`: areas the receiver wants and has not progressed on. */
function complementary(giver: PairingProfile, receiver: PairingProfile): PairReason[] {
  return receiver.wants.flatMap((area): PairReason[] => {
    const g = giver.progressed.get(area);
    if (!g || receiver.progressed.has(area)) return [];
    return [{ kind: 'complementary', area, giver: giver.city, receiver: receiver.city, changed: g.changed, giverScore: g.score }];
  });
}

/**
 * The score and reasons of two cities (in either order: the result is the same, with `cities` in code order),
 * or null when they have no common ground on a policy area. Interest is not checked here.
 */
export function scorePair(x: PairingProfile, y: PairingProfile): PairSuggestion | null {
  if (x.city === y.city) return null;
  const [a, b] = compareCodes(x.city, y.city) <= 0 ? [x, y] : [y, x];
  const comp = [...complementary(a, b), ...complementary(b, a)].sort(
    (p, q) => comparePolicyAreas((p as { area: string }).area, (q as { area: string }).area) || compareCodes((p as { giver: string }).giver, (q as { giver: string }).giver),
  );
  const topics = jaccard(a.wants, b.wants);
  if (comp.length === 0 && topics.shared.length === 0) return null;
  const similarity = jaccard(a.challenges, b.challenges);
  const components: PairComponents = {
    complementarity: Math.min(1, comp.length / COMPLEMENTARY_FULL),
    similarity: similarity.value,
    topics: topics.value,
  };
  const w = PAIRING_WEIGHTS;
  const score = round1(100 * (w.complementarity * components.complementarity + w.similarity * components.similarity + w.topics * components.topics));
  const reasons: PairReason[] = [
    ...comp,
    ...topics.shared.map((area): PairReason => ({ kind: 'shared-topic', area })),
    ...similarity.shared.map((key): PairReason => {
      const [source, code] = key.startsWith('need:') ? (['need', key.slice(5)] as const) : (['area', key.slice(5)] as const);
      return { kind: 'shared-challenge', code, source };
    }),
  ];
  return { cities: [a.city, b.city], score, components, reasons };
}

/** Key of an unordered pair of city codes. */
export const pairKey = (a: string, b: string) => (compareCodes(a, b) <= 0 ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/**
 * The score of scorePair (null when it would return null) for profiles i and j, from bit masks. When the areas or
 * challenges do not fit in 30 bits (a questionnaire far larger than ICC's), falls back to scorePair itself.
 */
function maskScorer(profiles: readonly PairingProfile[]): (i: number, j: number) => number | null {
  const areaBits = new Map<string, number>();
  const challengeBits = new Map<string, number>();
  for (const p of profiles) {
    for (const a of [...p.wants, ...p.progressed.keys()]) if (!areaBits.has(a)) areaBits.set(a, areaBits.size);
    for (const c of p.challenges) if (!challengeBits.has(c)) challengeBits.set(c, challengeBits.size);
  }
  if (areaBits.size > 30 || challengeBits.size > 30) return (i, j) => scorePair(profiles[i]!, profiles[j]!)?.score ?? null;
  const mask = (keys: Iterable<string>, bits: Map<string, number>) => {
    let m = 0;
    for (const k of keys) m |= 1 << bits.get(k)!;
    return m;
  };
  const wants = profiles.map((p) => mask(p.wants, areaBits));
  const progressed = profiles.map((p) => mask(p.progressed.keys(), areaBits));
  const challenges = profiles.map((p) => mask(p.challenges, challengeBits));
  const w = PAIRING_WEIGHTS;
  return (i, j) => {
    const wi = wants[i]!;
    const wj = wants[j]!;
    const pi = progressed[i]!;
    const pj = progressed[j]!;
    const comp = popcount(wj & pi & ~pj) + popcount(wi & pj & ~pi);
    const sharedTopics = popcount(wi & wj);
    if (comp === 0 && sharedTopics === 0) return null;
    const topicsUnion = popcount(wi | wj);
    const ci = challenges[i]!;
    const cj = challenges[j]!;
    const challengeUnion = popcount(ci | cj);
    const complementarity = Math.min(1, comp / COMPLEMENTARY_FULL);
    const similarity = challengeUnion === 0 ? 0 : popcount(ci & cj) / challengeUnion;
    const topics = topicsUnion === 0 ? 0 : sharedTopics / topicsUnion;
    return round1(100 * (w.complementarity * complementarity + w.similarity * similarity + w.topics * topics));
  };
}

/**
 * Rec 13 suggestions for the interested cities of the responses; see the module comment for the score.
 * Deterministic: the same answers (in any order) give the same suggestions.
 */
export function suggestPairs(catalogue: SurveyCatalogue, responses: readonly CityAnswers[]): PairingResult {
  const interestQuestion = questionsTagged(catalogue, 'pairing_interest').find((q) => q.shape === 'single')?.code ?? null;
  const topicsQuestion = questionsTagged(catalogue, 'pairing_topics').find((q) => q.shape === 'multiple')?.code ?? null;
  // Interest first: the profiles (progress scores, changes) are read for the interested cities only, and not at
  // all when there are too many of them to pair (reading them for 100,000 cities took seconds for nothing).
  const reader = profileReader(catalogue);
  const candidates = onePerCitySorted(responses).filter((r) => reader.interested(r));
  const interested = candidates.map((r) => r.city);
  if (candidates.length > PAIRING_MAX_CITIES) {
    return {
      interestQuestion,
      topicsQuestion,
      interested,
      suggestions: [],
      skipped: pairingSkipped(candidates.length),
    };
  }
  const profiles = reader.profiles(candidates);
  // Every pair is scored with bit masks (one bit per area and per challenge, a few integer operations per pair,
  // no allocation); each city keeps its best PARTNERS_PER_CITY in a short sorted list; reasons are only built for
  // the pairs kept, by scorePair, whose score the masks reproduce exactly (same formula, same operations).
  const fast = maskScorer(profiles);
  const best: { j: number; score: number }[][] = profiles.map(() => []);
  const offer = (i: number, j: number, score: number) => {
    const list = best[i]!;
    // Profiles are in code order, so a lower index is a lower code: ties go to the lower index.
    let at = list.length;
    while (at > 0 && (score > list[at - 1]!.score || (score === list[at - 1]!.score && j < list[at - 1]!.j))) at--;
    if (at >= PARTNERS_PER_CITY) return;
    list.splice(at, 0, { j, score });
    if (list.length > PARTNERS_PER_CITY) list.pop();
  };
  for (let i = 0; i < profiles.length; i++) {
    for (let j = i + 1; j < profiles.length; j++) {
      const score = fast(i, j);
      if (score === null) continue;
      offer(i, j, score);
      offer(j, i, score);
    }
  }
  const kept = new Map<string, PairSuggestion>();
  best.forEach((list, i) => {
    for (const { j } of list) {
      const key = pairKey(profiles[i]!.city, profiles[j]!.city);
      if (!kept.has(key)) kept.set(key, scorePair(profiles[i]!, profiles[j]!)!);
    }
  });
  const suggestions = [...kept.values()].sort(
    (u, v) => v.score - u.score || compareCodes(u.cities[0], v.cities[0]) || compareCodes(u.cities[1], v.cities[1]),
  );
  return { interestQuestion, topicsQuestion, interested, suggestions };
}

/** Each city's partners among the suggestions, best first (score, then partner code). */
export function partnersByCity(result: PairingResult): Map<string, { partner: string; suggestion: PairSuggestion }[]> {
  const out = new Map<string, { partner: string; suggestion: PairSuggestion }[]>(result.interested.map((c) => [c, []]));
  for (const s of result.suggestions) {
    out.get(s.cities[0])?.push({ partner: s.cities[1], suggestion: s });
    out.get(s.cities[1])?.push({ partner: s.cities[0], suggestion: s });
  }
  for (const list of out.values()) list.sort((u, v) => v.suggestion.score - u.suggestion.score || compareCodes(u.partner, v.partner));
  return out;
}
