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

/** Items grouped along a dimension, groups sorted by label with `(not given)` last. */
export function groupBy<T>(items: readonly T[], attrsOf: (item: T) => ResolvedAttributes, dimension: Dimension): [string, T[]][] {
  const groups = new Map<string, T[]>();
  // Appended in place: copying the group for each member was quadratic in the group's size.
  const add = (g: string, item: T) => {
    const members = groups.get(g);
    if (members) members.push(item);
    else groups.set(g, [item]);
  };
  for (const item of items) {
    const attrs = attrsOf(item);
    // As groupsOf, without a list per item for the one-valued dimensions.
    if (dimension === 'network') for (const g of groupsOf(attrs, dimension)) add(g, item);
    else add((dimension === 'country' ? attrs.country : attrs.size) ?? UNKNOWN_GROUP, item);
  }
  return [...groups.entries()].sort(([a], [b]) => compareGroups(a, b));
}

/** The order of groups in a breakdown: by label, `(not given)` last. */
export function compareGroups(a: string, b: string): number {
  return a === UNKNOWN_GROUP ? 1 : b === UNKNOWN_GROUP ? -1 : compareCodes(a, b);
}

/**
 * What groupBy gives, for a caller that reads items one at a time and keeps a small state per group rather than
 * its members: `add(attrs, update)` updates the state of each group of an item (created by `create` on first
 * meeting), `entries()` gives the groups with their states in groupBy's order.
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
