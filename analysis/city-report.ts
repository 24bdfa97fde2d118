/**
 * The feedback report of one city (issue 7, Rec 19 and Rec 17 disseminated back to cities): the city's own
 * figures beside those of the other cities of each of its networks and of all other cities, its change since
 * last year, and its own answers to the open questions. Nothing in it names, or lets one compute the answer
 * of, any other city.
 *
 * Comparison groups: each network the city belongs to (from the roster, else from the response's attributes)
 * and "all cities". A group's figures are computed over the OTHER cities of the group that answered the item
 * (the city itself is left out: it knows its own value, and leaving it in would let it subtract itself out of
 * a mean). n = those other cities.
 *
 * Figures, per row (each policy area, and overall):
 * - Rec 17 progress: the city's 0-100 score (progress-scores.ts) vs the group's mean score with its 95% t
 *   interval, over the other cities of the group that have a score for that row;
 * - Rec 19 change: the city's answer (yes / no / don't know / unanswered), its attribution rating and whether it
 *   counts as attributed to ICC (yes and rating ≥ threshold, default 3 of 5), and the services it credited; vs the
 *   group's share reporting a change = yes / (yes + no) and share reporting a change attributed to ICC =
 *   attributed / (yes + no) (an unrated change counts as not attributed), Wilson 95% intervals, over the other
 *   cities of the group answering yes or no (overall: yes in at least one area, over cities answering yes or no
 *   in at least one area) — the same definitions as change-indicators.ts.
 *
 * Suppression (no other city's value may be disclosed), per row and per figure family:
 * 1. a group's figure is shown only when at least minCell other cities contribute to it (default 5);
 * 2. differencing: when visible groups G1..Gk are pairwise disjoint and all contained in a visible group H
 *    (e.g. a national network inside "all cities"), H's total minus theirs describes the cities of H outside
 *    them; if that rest holds 1 to minCell − 1 cities, the smallest Gi is hidden too (never "all cities", which
 *    is never inside another group), and the check is repeated. A group with exactly the same cities as H is
 *    no disclosure and stays visible.
 * Hidden figures keep their group label and carry `suppressed: true` with n and values null. Group sizes
 * (other responding cities) below minCell are also given as null.
 * Known limit: a visible share of exactly 0% or 100% tells the city that every other city of the group answered
 * alike (as any published table does); no single value is revealed by it that the group total does not.
 *
 * Change since last year: the city's own progress scores in both years (read each year with its own
 * questionnaire) and their difference, only when the city has a score in both years.
 *
 * Open answers: the city's own non-empty answers to free-text questions (text that is not a number, comment),
 * and its 'other (please specify)' / comment texts, in questionnaire order.
 */
import { compareCodes, isAnswered, textValue } from './answer-values';
import type { AnalyseSurveyInput } from './analyse-survey';
import { ATTRIBUTION_THRESHOLD, changeAreas, readCityChanges, type CityChanges } from './change-indicators';
import { buildCohort, type CohortResponse } from './cohort';
import { AnalysisInputError } from './input-error';
import { meanInterval, SCORE_BOUNDS, withinBounds } from './mean-interval';
import { cityProgressScores, PROGRESS_FORMULA, type CityProgress } from './progress-scores';
import { comparePolicyAreas, questionsTagged, surveyCatalogue, type LocalisedText, type SurveyCatalogue } from './survey-catalogue';
import { DEFAULT_MIN_CELL } from './suppression';
import { proportion, type Interval, type Proportion } from './wilson-interval';

/** What cityReport takes: analyseSurvey's input (filters do not apply) and the city's code. */
export type CityReportInput = Omit<AnalyseSurveyInput, 'filters'> & { city: string };

/** The row key of the figures across areas. */
export const OVERALL = 'overall';

/** A comparison group: one network of the city, or all cities. */
export interface ComparisonGroup {
  key: string;
  kind: 'network' | 'all';
  /** Network code (null for all cities). */
  network: string | null;
  /** Other cities of the group in the roster (null without a roster). */
  invited: number | null;
  /** Other cities of the group that answered the survey; null when fewer than minCell. */
  responded: number | null;
}

/** A group's mean score for one row; all null when suppressed. */
export interface GroupMean {
  group: string;
  n: number | null;
  mean: number | null;
  ci95: Interval | null;
  suppressed: boolean;
}

/** A group's Rec 19 shares for one row; all null when suppressed. n = other cities answering yes or no. */
export interface GroupShares {
  group: string;
  n: number | null;
  change: Proportion | null;
  attributed: Proportion | null;
  suppressed: boolean;
}

/** Rec 17 for one policy area (or overall): the city's score and the groups' means. */
export interface ProgressRow {
  area: string;
  city: number | null;
  groups: GroupMean[];
}

/** The city's own Rec 19 answer for one policy area (or overall) and the groups' shares. */
export interface ChangeRow {
  area: string;
  /** yes / no / dontknow / null (unanswered); overall: yes if any area yes, no if some yes/no and none yes. */
  answer: 'yes' | 'no' | 'dontknow' | null;
  /** The attribution rating given (1-5); overall: the highest rating of its changed areas. */
  attribution: number | null;
  /** A change rated ≥ threshold (overall: in at least one area). */
  attributed: boolean;
  /** Services the city credited for this area (values; overall: the union). */
  services: string[];
  groups: GroupShares[];
}

/** The city's own change of its progress score since its previous annual answer. */
export interface OwnChange {
  area: string;
  current: number;
  previous: number;
  difference: number;
}

/** One of the city's own free-text answers. */
export interface OpenAnswer {
  /** Answer key (question code, or `<code>-Comment`). */
  key: string;
  title: LocalisedText;
  policyArea: string | null;
  section: string | null;
  text: string;
}

/** The report of one city. */
export interface CityReport {
  city: string;
  /** Whether the city answered (saved answers) this year. */
  responded: boolean;
  /** The city's networks (sorted codes). */
  networks: string[];
  minCell: number;
  threshold: number;
  formula: string;
  groups: ComparisonGroup[];
  progress: ProgressRow[];
  changes: ChangeRow[];
  /** null: no previous year given; else whether the city answered both years and its own changes. */
  sinceLastYear: { answeredBoth: boolean; changes: OwnChange[] } | null;
  openAnswers: OpenAnswer[];
}

/**
 * Which groups of one row stay visible under the rules above. `members[i]` = the other cities contributing to
 * group i. A group is only ever hidden as the smaller part of a containing group, so "all cities" (which
 * contains every group) is hidden only when fewer than minCell other cities contribute to it.
 */
export function visibleGroups(members: readonly ReadonlySet<string>[], minCell: number): boolean[] {
  const visible = members.map((m) => m.size >= minCell);
  const isSubset = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size <= b.size && [...a].every((x) => b.has(x));
  const disjoint = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].every((x) => !b.has(x));
  for (;;) {
    let hide = -1;
    search: for (let h = 0; h < members.length; h++) {
      if (!visible[h]) continue;
      const H = members[h]!;
      // Visible groups strictly inside H (a group equal to H discloses nothing); deduplicated by content.
      const inside = members
        .map((_, i) => i)
        .filter((i) => i !== h && visible[i] && members[i]!.size < H.size && isSubset(members[i]!, H));
      // Every family of pairwise disjoint groups inside H (networks per city are few: 2^k is small).
      const limit = Math.min(inside.length, 12);
      for (let mask = 1; mask < 1 << limit; mask++) {
        const family = inside.slice(0, limit).filter((_, j) => mask & (1 << j));
        const pairwiseDisjoint = family.every((a, x) => family.slice(x + 1).every((b) => disjoint(members[a]!, members[b]!)));
        if (!pairwiseDisjoint) continue;
        const rest = H.size - family.reduce((sum, i) => sum + members[i]!.size, 0);
        if (rest > 0 && rest < minCell) {
          hide = family.reduce((best, i) => (members[i]!.size < members[best]!.size ? i : best), family[0]!);
          break search;
        }
      }
    }
    if (hide < 0) return visible;
    visible[hide] = false;
  }
}

const hiddenMean = (group: string): GroupMean => ({ group, n: null, mean: null, ci95: null, suppressed: true });
const hiddenShares = (group: string): GroupShares => ({ group, n: null, change: null, attributed: null, suppressed: true });

/** The city's change answer overall: yes if any area yes, no if it answered yes/no somewhere, else don't know. */
function overallAnswer(c: CityChanges): ChangeRow['answer'] {
  const answers = [...c.answers.values()];
  if (answers.length === 0) return null;
  if (answers.includes('yes')) return 'yes';
  if (answers.includes('no')) return 'no';
  return 'dontknow';
}

const isAttributedIn = (c: CityChanges, area: string, threshold: number) =>
  c.answers.get(area) === 'yes' && (c.attribution.get(area) ?? -Infinity) >= threshold;

/** Per city of a row: [substantive (yes/no answered), changed, attributed]; undefined when not contributing. */
function changeContribution(c: CityChanges, area: string, threshold: number): { changed: boolean; attributed: boolean } | undefined {
  if (area === OVERALL) {
    const answer = overallAnswer(c);
    if (answer !== 'yes' && answer !== 'no') return undefined;
    const yes = [...c.answers.entries()].filter(([, a]) => a === 'yes').map(([a]) => a);
    return { changed: yes.length > 0, attributed: yes.some((a) => isAttributedIn(c, a, threshold)) };
  }
  const answer = c.answers.get(area);
  if (answer !== 'yes' && answer !== 'no') return undefined;
  return { changed: answer === 'yes', attributed: isAttributedIn(c, area, threshold) };
}

function openAnswersOf(catalogue: SurveyCatalogue, data: Record<string, unknown>): OpenAnswer[] {
  const out: OpenAnswer[] = [];
  for (const q of catalogue.questions) {
    const base = { title: q.title, policyArea: q.policyArea, section: q.section };
    if (q.shape === 'text') {
      const text = textValue(data[q.code]);
      if (text !== null && text.trim() !== '') out.push({ key: q.code, ...base, text });
    }
    if (q.commentKey) {
      const text = textValue(data[q.commentKey]);
      if (text !== null && text.trim() !== '') out.push({ key: q.commentKey, ...base, text });
    }
  }
  return out;
}

/**
 * The report of one city (see the formulas and the suppression rule at the top of this file). Pure and
 * deterministic. Throws AnalysisInputError on malformed input or an empty city code.
 */
export function cityReport(input: CityReportInput): CityReport {
  const minCell = input.minCell ?? DEFAULT_MIN_CELL;
  if (!Number.isInteger(minCell) || minCell < 1) throw new AnalysisInputError(`minCell must be a positive integer, got ${minCell}`);
  const threshold = input.attributionThreshold ?? ATTRIBUTION_THRESHOLD;
  const code = typeof input.city === 'string' ? input.city.trim() : '';
  if (code === '') throw new AnalysisInputError('a city code is required');
  if (!Array.isArray(input.responses)) throw new AnalysisInputError('responses must be an array of {city, data}');
  const catalogue = surveyCatalogue(input.definition);

  const cohort = buildCohort(input.responses, input.roster, undefined).responses;
  const own = cohort.find((r) => r.city === code);
  const rosterEntry = input.roster?.find((c) => c.code.trim() === code);
  const networks = own
    ? own.attrs.networks
    : [...new Set((rosterEntry?.network ?? []).map((n) => n.trim()).filter((n) => n !== ''))].sort(compareCodes);
  const others = cohort.filter((r) => r.city !== code);

  // Groups: the city's networks, then all cities. Members = other responding cities of the group.
  const groupDefs = [
    ...networks.map((network) => ({ key: `network:${network}`, kind: 'network' as const, network, has: (r: CohortResponse) => r.attrs.networks.includes(network) })),
    { key: 'all', kind: 'all' as const, network: null, has: () => true },
  ];
  const rosterOthers = input.roster?.filter((c) => c.code.trim() !== code);
  const groups: ComparisonGroup[] = groupDefs.map((g) => {
    const responded = others.filter(g.has).length;
    const invited = rosterOthers
      ? new Set(rosterOthers.filter((c) => g.network === null || (c.network ?? []).map((n) => n.trim()).includes(g.network)).map((c) => c.code.trim())).size
      : null;
    return { key: g.key, kind: g.kind, network: g.network, invited, responded: responded >= minCell ? responded : null };
  });
  const memberSets = (contributes: (r: CohortResponse) => boolean) =>
    groupDefs.map((g) => new Set(others.filter((r) => g.has(r) && contributes(r)).map((r) => r.city)));

  // Rec 17.
  const scores = new Map<string, CityProgress>(cityProgressScores(catalogue, [...others, ...(own ? [own] : [])]).map((p) => [p.city, p]));
  const areaList = [
    ...new Set(questionsTagged(catalogue, 'self_assessment').flatMap((q) => q.rows.map((r) => r.policyArea).filter((a): a is string => !!a))),
  ].sort(comparePolicyAreas);
  const scoreOf = (city: string, area: string): number | null => {
    const p = scores.get(city);
    if (!p) return null;
    return area === OVERALL ? p.overall : (p.areas[area] ?? null);
  };
  const progress: ProgressRow[] = [...areaList, OVERALL].map((area) => {
    const members = memberSets((r) => scoreOf(r.city, area) !== null);
    const visible = visibleGroups(members, minCell);
    return {
      area,
      city: own ? scoreOf(code, area) : null,
      groups: groupDefs.map((g, i) => {
        if (!visible[i]) return hiddenMean(g.key);
        const values = [...members[i]!].sort(compareCodes).map((c) => scoreOf(c, area)!);
        const m = withinBounds(meanInterval(values), SCORE_BOUNDS);
        return { group: g.key, n: m.n, mean: m.mean, ci95: m.ci95, suppressed: false };
      }),
    };
  });

  // Rec 19.
  const changes = new Map<string, CityChanges>([...others, ...(own ? [own] : [])].map((r) => [r.city, readCityChanges(catalogue, r)]));
  const ownChanges = changes.get(code);
  const changeRows: ChangeRow[] = [...changeAreas(catalogue), OVERALL].map((area) => {
    const members = memberSets((r) => changeContribution(changes.get(r.city)!, area, threshold) !== undefined);
    const visible = visibleGroups(members, minCell);
    const c = ownChanges;
    const answer = !c ? null : area === OVERALL ? overallAnswer(c) : (c.answers.get(area) ?? null);
    const yesAreas = c ? [...c.answers.entries()].filter(([, a]) => a === 'yes').map(([a]) => a) : [];
    const ratings = c ? (area === OVERALL ? yesAreas.flatMap((a) => (c.attribution.has(a) ? [c.attribution.get(a)!] : [])) : c.attribution.has(area) && answer === 'yes' ? [c.attribution.get(area)!] : []) : [];
    const services = !c
      ? []
      : [...new Set((area === OVERALL ? [...c.services.values()].flat() : (c.services.get(area) ?? [])).map(String))];
    return {
      area,
      answer,
      attribution: ratings.length > 0 ? Math.max(...ratings) : null,
      attributed: !!c && (area === OVERALL ? yesAreas.some((a) => isAttributedIn(c, a, threshold)) : isAttributedIn(c, area, threshold)),
      services,
      groups: groupDefs.map((g, i) => {
        if (!visible[i]) return hiddenShares(g.key);
        const contributions = [...members[i]!].map((city) => changeContribution(changes.get(city)!, area, threshold)!);
        const n = contributions.length;
        return {
          group: g.key,
          n,
          change: proportion(contributions.filter((x) => x.changed).length, n),
          attributed: proportion(contributions.filter((x) => x.attributed).length, n),
          suppressed: false,
        };
      }),
    };
  });

  // The city's own change since last year.
  let sinceLastYear: CityReport['sinceLastYear'] = null;
  const previousInput = Array.isArray(input.previous) ? { responses: input.previous, definition: undefined } : input.previous;
  if (previousInput) {
    if (!Array.isArray(previousInput.responses)) throw new AnalysisInputError('previous responses must be an array of {city, data}');
    const before = buildCohort(previousInput.responses, input.roster, undefined).responses.find((r) => r.city === code);
    const previousCatalogue = previousInput.definition !== undefined ? surveyCatalogue(previousInput.definition) : catalogue;
    const then = before ? cityProgressScores(previousCatalogue, [before])[0] : undefined;
    const now = own ? scores.get(code) : undefined;
    const own17: OwnChange[] = [];
    if (then && now) {
      const areas = [...new Set([...Object.keys(now.areas), ...Object.keys(then.areas)])].sort(comparePolicyAreas);
      for (const area of [...areas, OVERALL]) {
        const current = area === OVERALL ? now.overall : now.areas[area];
        const previous = area === OVERALL ? then.overall : then.areas[area];
        if (current != null && previous != null) own17.push({ area, current, previous, difference: current - previous });
      }
    }
    sinceLastYear = { answeredBoth: !!(before && own), changes: own17 };
  }

  return {
    city: code,
    responded: !!own && isAnswered(own.data),
    networks,
    minCell,
    threshold,
    formula: PROGRESS_FORMULA,
    groups,
    progress,
    changes: changeRows,
    sinceLastYear,
    openAnswers: own ? openAnswersOf(catalogue, own.data) : [],
  };
}
