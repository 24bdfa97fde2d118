/**
 * What changed between two SurveyJS definitions, question by question (keyed by question code) and choice by
 * choice (keyed by value): what the ICC Unit reviews before publishing a new version or a new year's survey.
 *
 * Pure: plain JSON in, plain JSON out (no survey-core, no I/O), so the server, the builder and scripts share it.
 */

type JsonObject = Record<string, unknown>;

/** Where a question sits and what it is, enough to list it. */
export interface QuestionRef {
  name: string;
  type: string;
  /** Name of the page holding it (pages without a name are `page<n>`, 1-based). */
  page: string;
  /** Its title as written in the definition (a string or `{default, fr}`), when it has one. */
  title?: unknown;
}

/** The item lists of a question that are compared item by item. */
export type ItemListName = 'choices' | 'rows' | 'columns' | 'rateValues';

export interface ItemListDiff {
  list: ItemListName;
  added: string[];
  removed: string[];
  /** Items present on both sides whose other properties (text, score, ...) differ. */
  changed: { value: string; properties: string[] }[];
  /** True when the items common to both sides come in another order. */
  reordered: boolean;
}

export interface QuestionChange extends QuestionRef {
  /** Top-level properties that differ (item lists excepted: see `items`), sorted. */
  properties: string[];
  items: ItemListDiff[];
  /** Set when the question moved to another page. */
  movedFrom?: string;
}

export interface DefinitionDiff {
  added: QuestionRef[];
  removed: QuestionRef[];
  changed: QuestionChange[];
  /**
   * Removed and added questions that look like one question under a new code (same type and same content, or
   * same type and title): a hint for the mapping year-over-year analysis will need, not a decision.
   */
  possibleRenames: { from: string; to: string }[];
  pages: { added: string[]; removed: string[] };
  /** Survey-level properties (title, texts, settings; not the pages) that differ, sorted. */
  surveyProperties: string[];
}

const ELEMENT_LISTS = ['elements', 'questions', 'templateElements'] as const;
const ITEM_LISTS: readonly ItemListName[] = ['choices', 'rows', 'columns', 'rateValues'];
/** Properties that are not a question's own content: its code and the questions nested in it. */
const NOT_COMPARED = new Set<string>(['name', ...ELEMENT_LISTS]);

interface Located {
  json: JsonObject;
  page: string;
}

/** Compares two definitions; `from` is the older one. Questions are matched by code (`name`). */
export function diffDefinitions(from: unknown, to: unknown): DefinitionDiff {
  const before = collectQuestions(from);
  const after = collectQuestions(to);
  const added: QuestionRef[] = [];
  const removed: QuestionRef[] = [];
  const changed: QuestionChange[] = [];

  for (const [name, b] of before) {
    const a = after.get(name);
    if (!a) {
      removed.push(refOf(name, b));
      continue;
    }
    const properties = changedProperties(b.json, a.json);
    const items = ITEM_LISTS.map((list) => diffItems(list, b.json[list], a.json[list])).filter(
      (d): d is ItemListDiff => d !== undefined,
    );
    const moved = b.page !== a.page;
    if (properties.length > 0 || items.length > 0 || moved) {
      changed.push({ ...refOf(name, a), properties, items, ...(moved ? { movedFrom: b.page } : {}) });
    }
  }
  for (const [name, a] of after) if (!before.has(name)) added.push(refOf(name, a));

  const beforePages = pageNames(from);
  const afterPages = pageNames(to);
  return {
    added,
    removed,
    changed,
    possibleRenames: guessRenames(removed, added, before, after),
    pages: { added: afterPages.filter((p) => !beforePages.includes(p)), removed: beforePages.filter((p) => !afterPages.includes(p)) },
    surveyProperties: isObject(from) && isObject(to) ? changedProperties(withoutKey(from, 'pages'), withoutKey(to, 'pages')) : [],
  };
}

/** True when two definitions are the same JSON, key order aside. */
export function isSameDefinition(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Every question of a definition by code, in order, with its page. Panels are containers, not questions: their
 * nested questions are collected (as are the template questions of a dynamic panel). A code used twice keeps its
 * first occurrence (checkDefinition refuses duplicates anyway).
 */
export function collectQuestions(definition: unknown): Map<string, Located> {
  const out = new Map<string, Located>();
  if (!isObject(definition) || !Array.isArray(definition.pages)) return out;
  definition.pages.forEach((page, i) => {
    if (!isObject(page)) return;
    const pageName = typeof page.name === 'string' && page.name !== '' ? page.name : `page${i + 1}`;
    const visit = (container: JsonObject) => {
      for (const key of ELEMENT_LISTS) {
        const list = container[key];
        if (!Array.isArray(list)) continue;
        for (const el of list) {
          if (!isObject(el)) continue;
          if (el.type !== 'panel' && typeof el.name === 'string' && el.name !== '' && !out.has(el.name)) {
            out.set(el.name, { json: el, page: pageName });
          }
          visit(el);
        }
      }
    };
    visit(page);
  });
  return out;
}

function pageNames(definition: unknown): string[] {
  if (!isObject(definition) || !Array.isArray(definition.pages)) return [];
  return definition.pages.map((p, i) => (isObject(p) && typeof p.name === 'string' && p.name !== '' ? p.name : `page${i + 1}`));
}

function refOf(name: string, q: Located): QuestionRef {
  const ref: QuestionRef = { name, type: typeof q.json.type === 'string' ? q.json.type : '', page: q.page };
  if (q.json.title !== undefined) ref.title = q.json.title;
  return ref;
}

function changedProperties(a: JsonObject, b: JsonObject): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((k) => !NOT_COMPARED.has(k) && !(ITEM_LISTS as readonly string[]).includes(k))
    .filter((k) => canonical(a[k]) !== canonical(b[k]))
    .sort();
}

/** An item of a list as an object keyed by its value: `"yes"` and `{value: "yes"}` are the same item. */
function itemsByValue(list: unknown): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    let obj: JsonObject;
    if (isObject(item)) obj = item;
    else obj = { value: item };
    // Columns of matrixdropdown / matrixdynamic questions are named, not valued.
    const key = obj.value !== undefined ? String(obj.value) : obj.name !== undefined ? String(obj.name) : canonical(obj);
    if (!out.has(key)) out.set(key, obj);
  }
  return out;
}

function diffItems(list: ItemListName, before: unknown, after: unknown): ItemListDiff | undefined {
  if (before === undefined && after === undefined) return undefined;
  const b = itemsByValue(before);
  const a = itemsByValue(after);
  const added = [...a.keys()].filter((k) => !b.has(k));
  const removed = [...b.keys()].filter((k) => !a.has(k));
  const changed: ItemListDiff['changed'] = [];
  for (const [value, item] of b) {
    const other = a.get(value);
    if (!other) continue;
    const properties = changedProperties(withoutKey(item, 'value'), withoutKey(other, 'value'));
    if (properties.length > 0) changed.push({ value, properties });
  }
  const commonBefore = [...b.keys()].filter((k) => a.has(k));
  const commonAfter = [...a.keys()].filter((k) => b.has(k));
  const reordered = commonBefore.some((k, i) => commonAfter[i] !== k);
  if (added.length === 0 && removed.length === 0 && changed.length === 0 && !reordered) return undefined;
  return { list, added, removed, changed, reordered };
}

function guessRenames(removed: QuestionRef[], added: QuestionRef[], before: Map<string, Located>, after: Map<string, Located>) {
  const out: { from: string; to: string }[] = [];
  const taken = new Set<string>();
  const body = (q: Located) => canonical(withoutKey(q.json, 'name'));
  for (const r of removed) {
    const old = before.get(r.name)!;
    const candidates = added.filter((a) => !taken.has(a.name) && a.type === r.type);
    const match =
      candidates.find((a) => body(after.get(a.name)!) === body(old)) ??
      candidates.find((a) => r.title !== undefined && canonical(a.title) === canonical(r.title));
    if (match) {
      taken.add(match.name);
      out.push({ from: r.name, to: match.name });
    }
  }
  return out;
}

function withoutKey(o: JsonObject, key: string): JsonObject {
  const { [key]: _omitted, ...rest } = o;
  return rest;
}

/** JSON with sorted keys, so that key order never counts as a change. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    isObject(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]])) : value,
  ) ?? 'undefined';
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Explicit mappings (issue 4): renamed codes and values that have answers

/**
 * Old question code → new code (null: dropped on purpose), and per old question code, old choice / row / column
 * value → new value (null: dropped). Stored with the version it was published with.
 */
export interface AnswerMapping {
  questions: Record<string, string | null>;
  values: Record<string, Record<string, string | null>>;
}

/** A code or value removed by a new version although answers use it. */
export type RenameNeed =
  | { kind: 'question'; code: string; answers: number; suggestion?: string }
  | { kind: 'value'; question: string; list: ItemListName; value: string; answers: number };

const isEmptyAnswer = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Whether an answer uses a value of a list of its question (choices: the answer or an element of it; rows: keys). */
function answerUses(answer: unknown, list: ItemListName, value: string): boolean {
  if (isEmptyAnswer(answer)) return false;
  if (list === 'rows') return isObject(answer) && Object.prototype.hasOwnProperty.call(answer, value);
  if (list === 'columns') {
    if (!isObject(answer)) return false;
    return Object.values(answer).some((v) => String(v) === value || (isObject(v) && Object.prototype.hasOwnProperty.call(v, value)));
  }
  if (Array.isArray(answer)) return answer.some((x) => String(x) === value);
  return String(answer) === value;
}

/**
 * What a new definition must map before it is published: question codes it removes and values it removes from
 * kept questions, when `answers` (the data of the responses given to the older definition) use them. `mapping`
 * entries already given are not listed.
 */
export function renamesNeedingMapping(from: unknown, to: unknown, answers: Iterable<Record<string, unknown>>, mapping?: AnswerMapping): RenameNeed[] {
  const diff = diffDefinitions(from, to);
  const data = [...answers];
  const out: RenameNeed[] = [];
  const suggestion = new Map(diff.possibleRenames.map((r) => [r.from, r.to]));
  for (const q of diff.removed) {
    if (mapping && Object.prototype.hasOwnProperty.call(mapping.questions, q.name)) continue;
    const n = data.filter((d) => !isEmptyAnswer(d[q.name])).length;
    if (n > 0) out.push({ kind: 'question', code: q.name, answers: n, ...(suggestion.has(q.name) ? { suggestion: suggestion.get(q.name)! } : {}) });
  }
  for (const c of diff.changed) {
    for (const items of c.items) {
      if (items.list === 'rateValues') continue;
      for (const value of items.removed) {
        if (mapping?.values[c.name] && Object.prototype.hasOwnProperty.call(mapping.values[c.name], value)) continue;
        const n = data.filter((d) => answerUses(d[c.name], items.list, value)).length;
        if (n > 0) out.push({ kind: 'value', question: c.name, list: items.list, value, answers: n });
      }
    }
  }
  return out;
}

/** Problems of a mapping against the new definition: targets that do not exist in it. */
export function mappingProblems(mapping: AnswerMapping, to: unknown): string[] {
  const questions = collectQuestions(to);
  const problems: string[] = [];
  for (const [from, target] of Object.entries(mapping.questions)) {
    if (target !== null && !questions.has(target)) problems.push(`mapping of question "${from}": no question "${target}" in the new version`);
  }
  for (const [question, values] of Object.entries(mapping.values)) {
    const newCode = Object.prototype.hasOwnProperty.call(mapping.questions, question) ? mapping.questions[question] : question;
    const q = newCode ? questions.get(newCode) : undefined;
    if (!q) {
      problems.push(`mapping of values of "${question}": no such question in the new version`);
      continue;
    }
    const known = new Set(ITEM_LISTS.flatMap((l) => [...itemsByValue(q.json[l]).keys()]));
    for (const [from, target] of Object.entries(values)) {
      if (target !== null && !known.has(target)) problems.push(`mapping of "${question}" value "${from}": no value "${target}" in question "${newCode}"`);
    }
  }
  return problems;
}

/** survey-core's key for the text typed in a question's 'other' box (settings.commentSuffix). */
const COMMENT_SUFFIX = '-Comment';

/**
 * The key an answer takes under a mapping: its question's new code; the 'other' text (`<code>-Comment`) follows
 * its question (renamed or dropped with it) unless the mapping names that key itself.
 */
function mappedKey(key: string, mapping: AnswerMapping): string | null | undefined {
  const own = (k: string) => Object.prototype.hasOwnProperty.call(mapping.questions, k);
  if (own(key)) return mapping.questions[key];
  if (key.endsWith(COMMENT_SUFFIX)) {
    const question = key.slice(0, -COMMENT_SUFFIX.length);
    if (own(question)) {
      const target = mapping.questions[question];
      return target === null || target === undefined ? target : target + COMMENT_SUFFIX;
    }
  }
  return key;
}

/**
 * One response's answers read with a mapping (old codes and values → new ones; null drops them), so that
 * answers given to an older version or year compare with the new one. Unmapped keys are kept as they are.
 */
export function applyAnswerMapping(data: Record<string, unknown>, mapping: AnswerMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const mapValue = (question: string, v: unknown): unknown => {
    const values = mapping.values[question];
    if (!values) return v;
    const one = (x: unknown): unknown => (Object.prototype.hasOwnProperty.call(values, String(x)) ? values[String(x)] : x);
    if (Array.isArray(v)) return v.map(one).filter((x) => x !== null);
    if (isObject(v)) {
      // Matrix: row keys and cell values.
      const o: JsonObject = {};
      for (const [k, x] of Object.entries(v)) {
        const key = one(k);
        if (key !== null) o[String(key)] = isObject(x) ? x : one(x);
      }
      return o;
    }
    return one(v);
  };
  for (const [key, value] of Object.entries(data)) {
    const target = mappedKey(key, mapping);
    if (target === null || target === undefined) continue;
    const mapped = mapValue(key, value);
    if (mapped === null) continue;
    out[target] = mapped;
  }
  return out;
}

/**
 * Keys of a response's answers that no question of the definition holds (e.g. answers to questions a later
 * version removed, kept when a city's draft moved to that version): shown flagged, never deleted.
 */
export function answersOutside(definition: unknown, data: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const [name, q] of collectQuestions(definition)) {
    keys.add(name);
    if (typeof q.json.valueName === 'string') keys.add(q.json.valueName);
  }
  return Object.keys(data).filter((k) => !keys.has(k.endsWith(COMMENT_SUFFIX) ? k.slice(0, -COMMENT_SUFFIX.length) : k) && !isEmptyAnswer(data[k]));
}
