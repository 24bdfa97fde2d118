import { z } from 'zod';
import { invalid } from '../errors';

/** Parses input with a zod schema; a failure becomes a 400 naming each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what = 'request body'): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 20).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw invalid(`Invalid ${what}: ${problems.join('; ')}`, { problems });
  }
  return result.data;
}

export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 12;

/** JSON nesting depth, stopping early past the limit. */
function depthOf(v: unknown, limit: number, depth = 0): number {
  if (depth > limit || typeof v !== 'object' || v === null) return depth;
  let max = depth;
  for (const child of Array.isArray(v) ? v : Object.values(v)) {
    max = Math.max(max, depthOf(child, limit, depth + 1));
    if (max > limit) break;
  }
  return max;
}

export function hasForbiddenKey(v: unknown, limit: number, depth = 0): boolean {
  if (depth > limit || typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some((x) => hasForbiddenKey(x, limit, depth + 1));
  return Object.keys(v).some(
    (k) => FORBIDDEN_KEYS.has(k) || hasForbiddenKey((v as Record<string, unknown>)[k], limit, depth + 1),
  );
}

const MAX_ANSWERS = 5000;

/**
 * Keys an answer object may not use at any depth: members of Object.prototype and `equals`. survey-core, which
 * checks submissions here and renders the answers in every colleague's browser, calls `x.hasOwnProperty(...)`
 * and `x.equals(...)` on answer values, so `{"hasOwnProperty": 1}` in a checkbox answer made it throw (a 500 at
 * submission, found by tests/api/fuzz.test.ts). No question, row or column is named so in a real survey.
 */
const SHADOWING_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'equals']);

/** The first shadowing key inside an answer value (objects and arrays, depth already bounded), if any. */
function shadowingKeyIn(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const found = shadowingKeyIn(x);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [k, x] of Object.entries(v)) {
    if (SHADOWING_KEYS.has(k)) return k;
    const found = shadowingKeyIn(x);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Why an answer set is unacceptable, or undefined when it is fine; one pass, as autosaves send it every time. */
function answersProblem(d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'must be an object of answers keyed by question code';
  const keys = Object.keys(d);
  if (keys.length > MAX_ANSWERS) return `too many answers (at most ${MAX_ANSWERS})`;
  for (const k of keys) {
    if (k.length === 0 || k.length > 200) return 'question codes must be 1 to 200 characters long';
    if (FORBIDDEN_KEYS.has(k)) return 'answers use a reserved key (__proto__, constructor, prototype)';
  }
  if (depthOf(d, MAX_DEPTH) > MAX_DEPTH) return 'answers are nested too deeply';
  const shadowing = shadowingKeyIn(d);
  if (shadowing !== undefined) return `answers use a reserved key ("${shadowing}")`;
  // Nested reserved keys are refused for every body by the app's JSON middleware.
  return undefined;
}

/** A SurveyJS answer set: an object keyed by question codes, bounded in size and depth. */
export const answersSchema = z.custom<Record<string, unknown>>((d) => answersProblem(d) === undefined, {
  error: (issue) => answersProblem(issue.input) ?? 'invalid answers',
});

/**
 * A JSON object (not an array or a scalar), bounded in depth. Prototype-polluting keys are refused at any depth
 * for every body by the app's JSON middleware (hasForbiddenKey), so they are not scanned again here.
 */
export const jsonObjectSchema = z.record(z.string(), z.unknown()).refine((d) => depthOf(d, 40) <= 40, 'nested too deeply');
