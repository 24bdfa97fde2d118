/**
 * Who is analysed: responses joined to the roster of invited cities by city code, their attributes
 * (networks, country, size band), and the filters applied to both responses and roster.
 */
import type { Answers } from '../surveys/answers-merge';
import { compareCodes } from './answer-values';

/** What a response may say about its city (from the responses.csv meta columns, for example). */
export interface CityAttributes {
  network?: string[];
  country?: string;
  size?: string;
}

/** One city's answers to the survey. */
export interface SurveyResponse {
  city: string;
  data: Answers;
  attrs?: CityAttributes;
}

/** One invited city. */
export interface RosterCity {
  code: string;
  name?: string;
  country?: string;
  network?: string[];
  size?: string;
}

/** Restricts the analysis to cities in any of the listed networks / countries / size bands (all given must hold). */
export interface Filters {
  network?: string | string[];
  country?: string | string[];
  size?: string | string[];
}

/** Attributes as used for breakdowns: networks sorted, missing values null. */
export interface ResolvedAttributes {
  networks: string[];
  country: string | null;
  size: string | null;
}

/** A response ready for analysis. */
export interface CohortResponse {
  city: string;
  data: Answers;
  attrs: ResolvedAttributes;
  inRoster: boolean;
}

const clean = (v: string | undefined | null): string | null => {
  const t = typeof v === 'string' ? v.trim() : '';
  return t === '' ? null : t;
};

/**
 * Whether a list of networks is already as resolveAttributes gives it: trimmed non-blank texts in strictly
 * increasing code order (so distinct). The roster's lists are (the cities store sorts them): resolved for each of
 * 100,000 cities several times per analysis, they are then copied without a Set, a filter and a sort each.
 */
function isResolvedList(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    if (typeof n !== 'string' || n === '' || n.trim() !== n) return false;
    if (i > 0 && !((list[i - 1] as string) < n)) return false;
  }
  return true;
}

/** Normalises attributes: trimmed, blank → null, networks de-duplicated and sorted. */
export function resolveAttributes(attrs: CityAttributes | RosterCity | undefined): ResolvedAttributes {
  const list = attrs?.network ?? [];
  const networks = Array.isArray(list) && isResolvedList(list)
    ? list.slice()
    : [...new Set(list.map((n) => clean(n)).filter((n): n is string => n !== null))].sort(compareCodes);
  return { networks, country: clean(attrs?.country), size: clean(attrs?.size) };
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Whether a city with these attributes passes the filters (an empty or absent filter lets everyone through). */
export function matchesFilters(attrs: ResolvedAttributes, filters: Filters | undefined): boolean {
  const networks = asList(filters?.network);
  const countries = asList(filters?.country);
  const sizes = asList(filters?.size);
  if (networks.length > 0 && !attrs.networks.some((n) => networks.includes(n))) return false;
  if (countries.length > 0 && (attrs.country === null || !countries.includes(attrs.country))) return false;
  if (sizes.length > 0 && (attrs.size === null || !sizes.includes(attrs.size))) return false;
  return true;
}

/** The filters in a canonical JSON-able form (sorted lists, absent when empty), echoed in the output. */
export function canonicalFilters(filters: Filters | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of ['network', 'country', 'size'] as const) {
    const list = [...new Set(asList(filters?.[key]))].sort(compareCodes);
    if (list.length > 0) out[key] = list;
  }
  return out;
}

/** The roster after the filters, sorted by code (duplicate codes: the first entry is kept). */
export function filteredRoster(roster: readonly RosterCity[], filters: Filters | undefined): RosterCity[] {
  const seen = new Set<string>();
  const out: RosterCity[] = [];
  for (const city of roster) {
    const code = city.code.trim();
    if (code === '' || seen.has(code)) continue;
    seen.add(code);
    if (matchesFilters(resolveAttributes(city), filters)) out.push({ ...city, code });
  }
  return out.sort((a, b) => compareCodes(a.code, b.code));
}

/** Responses ready for analysis plus what was noticed on the way. */
export interface Cohort {
  responses: CohortResponse[];
  /** City codes that appeared more than once (the last occurrence is kept). */
  duplicates: string[];
  /** City codes answered but absent from the roster (when a roster is given); they are still analysed. */
  unmatched: string[];
}

/**
 * What joins one response to the roster: `join(city, r)` gives the cohort response of a city (its code trimmed)
 * or null when the filters leave it out, and notes a city absent from a given roster in `unmatched` (in the
 * order met). Shared by buildCohort and the streamed analysis (analyse-survey.ts).
 */
export function cohortJoiner(roster: readonly RosterCity[] | undefined, filters: Filters | undefined) {
  const rosterByCode = new Map((roster ?? []).map((c) => [c.code.trim(), c] as const));
  const unmatched: string[] = [];
  const join = (city: string, r: SurveyResponse): CohortResponse | null => {
    const rosterCity = rosterByCode.get(city);
    const attrs = resolveAttributes(rosterCity ?? r.attrs);
    if (!matchesFilters(attrs, filters)) return null;
    if (roster && !rosterCity) unmatched.push(city);
    return { city, data: r.data ?? {}, attrs, inRoster: rosterCity !== undefined };
  };
  return { join, unmatched };
}

/**
 * Joins responses to the roster by city code (the roster's attributes win over the response's own),
 * keeps the last response of a city given twice, applies the filters and sorts by city code, so the
 * analysis does not depend on the order of the input.
 */
export function buildCohort(
  responses: readonly SurveyResponse[],
  roster: readonly RosterCity[] | undefined,
  filters: Filters | undefined,
): Cohort {
  const lastByCity = new Map<string, SurveyResponse>();
  const duplicates = new Set<string>();
  for (const r of responses) {
    const city = String(r.city).trim();
    if (lastByCity.has(city)) duplicates.add(city);
    lastByCity.set(city, r);
  }
  const out: CohortResponse[] = [];
  const { join, unmatched } = cohortJoiner(roster, filters);
  for (const [city, r] of lastByCity) {
    const joined = join(city, r);
    if (joined) out.push(joined);
  }
  out.sort((a, b) => compareCodes(a.city, b.city));
  return { responses: out, duplicates: [...duplicates].sort(compareCodes), unmatched: unmatched.sort(compareCodes) };
}
