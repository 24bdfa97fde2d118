/** Reading raw SurveyJS answer values the same way everywhere. */

/** Whether a value counts as an answer: not undefined, null, blank text, an empty array or an empty object. */
export function isAnswered(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some(isAnswered);
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).some(isAnswered);
  return true;
}

/** A finite number from a number or a numeric string; null for anything else (blank, text, NaN). */
export function numericValue(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Non-blank text of an answer (numbers and booleans as strings), or null. */
export function textValue(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

const NO_VALUES: readonly unknown[] = Object.freeze([]);

/**
 * The answered values of a multi-value answer (checkbox, tagbox, ranking), duplicates removed, order kept.
 * Read-only: when every item is answered and distinct (nearly always), the answer's own array is returned
 * rather than a copy, since this runs for every response × multi-value question (allocation was a large part
 * of the analysis time).
 */
export function listValue(v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) return NO_VALUES;
  if (v.length === 0) return NO_VALUES;
  if (v.length <= 32 && isCleanList(v)) return v;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of v) {
    if (!isAnswered(item)) continue;
    const key = String(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** Whether every item of a short list is answered and no two items have the same text (a quadratic scan, no allocation for strings). */
function isCleanList(v: readonly unknown[]): boolean {
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (!isAnswered(item)) return false;
    const key = typeof item === 'string' ? item : String(item);
    for (let j = 0; j < i; j++) {
      const other = v[j];
      if ((typeof other === 'string' ? other : String(other)) === key) return false;
    }
  }
  return true;
}

/** The values of a list with duplicates (by their text) removed, first occurrence kept; the list itself when it has none. */
export function distinctByText(list: readonly unknown[]): readonly unknown[] {
  if (list.length <= 1) return list;
  if (list.length <= 32) {
    let distinct = true;
    for (let i = 1; i < list.length && distinct; i++) {
      const key = String(list[i]);
      for (let j = 0; j < i; j++) if (String(list[j]) === key) { distinct = false; break; }
    }
    if (distinct) return list;
  }
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of list) {
    const key = String(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** Compares strings by code units, so sorting never depends on the machine's locale. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
