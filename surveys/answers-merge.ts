/**
 * Three-way merge of a team's answers (Rec 7: several people fill in one city's survey).
 *
 * A save carries the answers as the sender sees them and the revision it started from (the base).
 * For every answer, compared as JSON values:
 * - sender and server agree: nothing to do;
 * - the sender left it as it was at the base: the server's value stays (someone else may have changed it);
 * - the server still has the base value: the sender's change is taken;
 * - both changed it differently since the base: a conflict. No answer is ever silently overwritten.
 */
export type Answers = Record<string, unknown>;

export interface MergeResult {
  merged: Answers;
  /** Answers whose value the merge changed on the server, with their new value (`undefined` = cleared). */
  changes: { question: string; value: unknown }[];
  /** Answers both sides changed differently since the base. */
  conflicts: string[];
}

/** Structural equality of JSON values; key order of objects is irrelevant. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b as object, k) && sameValue((a as Answers)[k], (b as Answers)[k]));
}

/**
 * @param baseValue the value an answer had at the sender's base revision (`undefined` = unanswered then);
 *   only called for answers where sender and server differ.
 */
export function mergeAnswers({
  current,
  sent,
  baseValue,
}: {
  current: Answers;
  sent: Answers;
  baseValue: (question: string) => unknown;
}): MergeResult {
  const merged: Answers = { ...current };
  const changes: MergeResult['changes'] = [];
  const conflicts: string[] = [];
  const keys = new Set([...Object.keys(current), ...Object.keys(sent)]);
  for (const key of keys) {
    const s = Object.hasOwn(sent, key) ? sent[key] : undefined;
    const c = Object.hasOwn(current, key) ? current[key] : undefined;
    if (sameValue(s, c)) continue;
    const b = baseValue(key);
    if (sameValue(s, b)) continue; // the sender did not touch it
    if (sameValue(c, b)) {
      if (s === undefined) delete merged[key];
      else merged[key] = s;
      changes.push({ question: key, value: s });
    } else {
      conflicts.push(key);
    }
  }
  conflicts.sort();
  return { merged, changes, conflicts };
}
