/**
 * Small-cell suppression of breakdown tables (by network, country, size band), so that no single city can be
 * identified in a published chart.
 *
 * Rule, applied to each breakdown on its own:
 * 1. primary: a cell whose n (cities contributing to the cell) is below minCell is suppressed;
 * 2. complementary: while some cell is suppressed and either exactly one cell is suppressed or the suppressed
 *    cells together hold fewer than minCell cities, the smallest visible cell is suppressed too
 *    (ties: the first in table order).
 * So a reader who knows the total can neither recover a lone suppressed cell (total minus the visible cells)
 * nor learn that a handful of cities (fewer than minCell) sits in the suppressed cells together.
 * Suppressed cells keep their label but show null values and `suppressed: true`.
 */

/** Default smallest number of cities a published breakdown cell may show. */
export const DEFAULT_MIN_CELL = 5;

/** For each cell count n (in table order), whether that cell must be hidden under the rule above. */
export function cellsToSuppress(ns: readonly number[], minCell: number = DEFAULT_MIN_CELL): boolean[] {
  const hidden = ns.map((n) => n < minCell);
  const hiddenCount = () => hidden.filter(Boolean).length;
  const hiddenTotal = () => ns.reduce((sum, n, i) => (hidden[i] ? sum + n : sum), 0);
  for (;;) {
    const count = hiddenCount();
    if (count === 0 || (count >= 2 && hiddenTotal() >= minCell)) break;
    let next = -1;
    ns.forEach((n, i) => {
      if (!hidden[i] && (next < 0 || n < ns[next]!)) next = i;
    });
    if (next < 0) break;
    hidden[next] = true;
  }
  return hidden;
}

/** A breakdown cell: its label, the number of cities in it, and whether it is hidden. */
export interface BreakdownCell {
  group: string;
  n: number | null;
  suppressed: boolean;
}

/**
 * Applies the suppression rule to the cells of one breakdown: hidden cells go through `blank`, which must
 * return the cell with its values (n included) set to null.
 */
export function suppressBreakdown<T extends BreakdownCell>(
  cells: readonly T[],
  minCell: number,
  blank: (cell: T) => T,
): T[] {
  const hidden = cellsToSuppress(
    cells.map((c) => c.n ?? 0),
    minCell,
  );
  return cells.map((cell, i) => (hidden[i] ? { ...blank(cell), suppressed: true } : { ...cell, suppressed: false }));
}
