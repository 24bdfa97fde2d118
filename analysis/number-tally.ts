/**
 * A sample of finite numbers gathered one value at a time and given back sorted: what the per-question numeric
 * summaries, ratings and marker scores are computed from.
 *
 * At 100,000 responses a list per question (tens of them) grew and was copied by the collector, then sorted;
 * answers take few distinct values (ratings, years, scores), so they are counted per value and the sorted sample
 * is written out from the counts: the same numbers in the same order as sorting the list would give, so every
 * figure computed from it (sums in sorted order) is the same to the last bit.
 */

/**
 * Distinct values counted before the tally falls back to a plain list; it does sooner when the values rarely
 * repeat (more than one distinct value in 8, past 64 of them: overall scores, means).
 */
const MAX_DISTINCT = 4096;
/** Distinct values looked up by a scan of a short array before a Map (faster for a rating's few values). */
const FEW = 8;

export class NumberTally {
  /** The first FEW distinct values and their counts (-0 apart). */
  private readonly fewValues = new Float64Array(FEW);
  private readonly fewCounts = new Float64Array(FEW);
  private few = 0;
  /** Count per further value (-0 apart: a Map holds it as +0). */
  private counts: Map<number, number> | null = new Map();
  private negativeZeros = 0;
  /** Every value, once the values stopped repeating enough to be worth counting. */
  private list: number[] | null = null;
  /** Values added. */
  size = 0;

  /** Adds one value (finite: the callers pass numericValue results and scores). */
  add(x: number): void {
    this.size++;
    const counts = this.counts;
    if (counts === null) {
      this.list!.push(x);
      return;
    }
    if (x === 0 && Object.is(x, -0)) {
      this.negativeZeros++;
      return;
    }
    const values = this.fewValues;
    for (let i = 0; i < this.few; i++) {
      if (values[i] === x) {
        this.fewCounts[i] = this.fewCounts[i]! + 1;
        return;
      }
    }
    if (this.few < FEW) {
      values[this.few] = x;
      this.fewCounts[this.few++] = 1;
      return;
    }
    const c = counts.get(x);
    if (c !== undefined) counts.set(x, c + 1);
    else if (counts.size < MAX_DISTINCT && (counts.size < 64 || counts.size * 8 < this.size)) counts.set(x, 1);
    else {
      // The values so far (x not yet among them), then x: from now on a list, sorted at the end.
      this.size--;
      this.list = [...this.sorted()];
      this.size++;
      this.list.push(x);
      this.counts = null;
    }
  }

  /**
   * The values in ascending order, as `Float64Array.from(values).sort()` orders them (-0 before +0); for a
   * comparator sort ((a, b) => a - b) only the order of -0 and +0 among themselves may differ, which changes no
   * sum but the sign of a zero one.
   */
  sorted(): Float64Array {
    if (this.counts === null) return Float64Array.from(this.list!).sort();
    const countOf = new Map(this.counts);
    for (let i = 0; i < this.few; i++) countOf.set(this.fewValues[i]!, this.fewCounts[i]!);
    const keys = Float64Array.from(countOf.keys()).sort();
    const out = new Float64Array(this.size);
    let at = 0;
    let zerosPlaced = this.negativeZeros === 0;
    for (let i = 0; i < keys.length; i++) {
      const x = keys[i]!;
      if (!zerosPlaced && x >= 0) {
        out.fill(-0, at, at + this.negativeZeros);
        at += this.negativeZeros;
        zerosPlaced = true;
      }
      const c = countOf.get(x)!;
      out.fill(x, at, at + c);
      at += c;
    }
    if (!zerosPlaced) out.fill(-0, at, at + this.negativeZeros);
    return out;
  }
}
