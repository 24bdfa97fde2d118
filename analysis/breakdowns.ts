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
  return [...groups.entries()].sort(([a], [b]) =>
    a === UNKNOWN_GROUP ? 1 : b === UNKNOWN_GROUP ? -1 : compareCodes(a, b),
  );
}
