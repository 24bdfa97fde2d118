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

/** The answered values of a multi-value answer (checkbox, tagbox, ranking), duplicates removed, order kept. */
export function listValue(v: unknown): unknown[] {
  if (!Array.isArray(v)) return [];
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

/** Compares strings by code units, so sorting never depends on the machine's locale. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
