/** Breakdown dimensions of the roster (network, country, size band) and the grouping of cities by them. */
import { compareCodes } from './answer-values';
import type { ResolvedAttributes } from './cohort';

/** The dimensions cities are broken down by. */
export const DIMENSIONS = ['network', 'country', 'size'] as const;
/** One breakdown dimension. */
export type Dimension = (typeof DIMENSIONS)[number];

/** Label of the cell holding cities whose attribute is not known. */
export const UNKNOWN_GROUP = '(not given)';

/**
 * The groups a city belongs to along one dimension: each of its networks (a city may be in several, so network
 * cells overlap), its country, its size band; `(not given)` when the attribute is missing.
 */
export function groupsOf(attrs: ResolvedAttributes, dimension: Dimension): string[] {
  if (dimension === 'network') return attrs.networks.length > 0 ? attrs.networks : [UNKNOWN_GROUP];
  const value = dimension === 'country' ? attrs.country : attrs.size;
  return [value ?? UNKNOWN_GROUP];
}

/** The order of groups in a breakdown: by label, `(not given)` last. */
export function compareGroups(a: string, b: string): number {
  return a === UNKNOWN_GROUP ? 1 : b === UNKNOWN_GROUP ? -1 : compareCodes(a, b);
}

/**
 * Items grouped along a dimension, read one at a time, with a small state per group rather than its members:
 * `add(attrs, update)` updates the state of each group of an item (created by `create` on first meeting; a city
 * is in each of its networks, so network groups overlap), `entries()` gives the groups with their states, sorted
 * by label with `(not given)` last.
 */
export function groupStates<S>(dimension: Dimension, create: () => S) {
  const groups = new Map<string, S>();
  const stateOf = (g: string): S => {
    let state = groups.get(g);
    if (state === undefined) groups.set(g, (state = create()));
    return state;
  };
  return {
    add(attrs: ResolvedAttributes, update: (state: S) => void): void {
      if (dimension === 'network') for (const g of groupsOf(attrs, dimension)) update(stateOf(g));
      else update(stateOf((dimension === 'country' ? attrs.country : attrs.size) ?? UNKNOWN_GROUP));
    },
    entries(): [string, S][] {
      return [...groups.entries()].sort(([a], [b]) => compareGroups(a, b));
    },
  };
}
