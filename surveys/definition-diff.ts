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
