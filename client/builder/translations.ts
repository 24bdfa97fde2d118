/**
 * The texts of a definition a translator works on, as pure functions: every localisable string (found with
 * survey-core's Serializer, as the server's check does, so both count the same texts) under a stable key, the
 * completeness count, and a CSV a translator fills in and the builder imports back.
 *
 * Keys name elements by code and items by value (`element/city_motto/choices/yes/text`), not by position, so a file
 * sent to a translator still applies after questions or choices were reordered.
 */
import Papa from 'papaparse';
import { Serializer, type JsonObjectProperty } from 'survey-core';
import '../../surveys/extensions';
import { isObject, textOf, withText, type Definition, type JsonObject, type Locale } from './edit-definition';

export type JsonPath = readonly (string | number)[];

export interface TextEntry {
  /** Stable key: `survey/title`, `page/p1/title`, `element/q1/title`, `element/q1/choices/yes/text`. */
  key: string;
  /** Name of the element (or page) the text belongs to; `survey` for the survey's own texts. */
  element: string;
  /** What text of the element it is: the key after the element, e.g. `title` or `choices/yes/text`. */
  property: string;
  /** Where the localisable value is in the JSON (for an item given as a bare value, the item itself). */
  at: JsonPath;
  /** The item is a bare value (`"yes"`), shown as its own text. */
  bareItem: boolean;
  /** The English text is the item's value, shown because the item has no text. */
  implicitEnglish: boolean;
  en: string;
  fr: string;
  /** Both languages present (or neither). */
  translated: boolean;
}

const ELEMENT_LISTS = new Set(['elements', 'questions', 'templateElements']);

const segment = (s: string) => s.replace(/%/g, '%25').replace(/\//g, '%2F');
const filled = (s: string) => s.trim() !== '';
const isNumeric = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

function findProperty(className: string, key: string, node: JsonObject): JsonObjectProperty | null {
  const direct = Serializer.findProperty(className, key);
  if (direct) return direct;
  // Matrix dropdown columns accept the properties of their cell question.
  if (className === 'matrixdropdowncolumn') {
    const cellType = typeof node.cellType === 'string' && node.cellType !== 'default' ? node.cellType : 'dropdown';
    return Serializer.findProperty(cellType, key);
  }
  return null;
}

function resolveClass(type: string, property: JsonObjectProperty): string | undefined {
  if (Serializer.findClass(type)) return type;
  const part = (property as unknown as { classNamePart?: string }).classNamePart;
  if (part && Serializer.findClass(type + part)) return type + part;
  return undefined;
}

/** An item's id inside its list: its value, or its name (matrix columns), or its position. */
function itemId(item: unknown, index: number): string {
  if (isObject(item)) {
    if (item.value !== undefined && item.value !== null) return String(item.value);
    if (typeof item.name === 'string' && item.name !== '') return item.name;
    return `#${index}`;
  }
  return String(item);
}

/**
 * Every text of the definition that is shown to people and can be translated, in document order. Texts empty in
 * both languages are left out; choices without a text (their value is shown) are in, with the value as English.
 */
export function collectTexts(def: Definition): TextEntry[] {
  const out: TextEntry[] = [];
  const used = new Set<string>();
  const add = (e: Omit<TextEntry, 'key' | 'translated'> & { base: string }) => {
    let key = `${e.base}/${e.property}`;
    for (let n = 2; used.has(key); n++) key = `${e.base}/${e.property}#${n}`;
    used.add(key);
    const { base: _base, ...rest } = e;
    out.push({ ...rest, key, translated: filled(e.en) === filled(e.fr) });
  };

  const visit = (node: JsonObject, className: string, at: JsonPath, base: string, element: string, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const here = [...at, key];
      if (key === 'pages' && className === 'survey' && Array.isArray(value)) {
        value.forEach((page, i) => {
          if (!isObject(page)) return;
          const name = typeof page.name === 'string' && page.name !== '' ? page.name : `#${i}`;
          visit(page, 'page', [...here, i], `page/${segment(name)}`, name, '');
        });
        continue;
      }
      if (ELEMENT_LISTS.has(key) && Array.isArray(value)) {
        value.forEach((el, i) => {
          if (!isObject(el) || typeof el.type !== 'string' || !Serializer.findClass(el.type)) return;
          const name = typeof el.name === 'string' && el.name !== '' ? el.name : `#${[...here, i].join('.')}`;
          visit(el, el.type, [...here, i], `element/${segment(name)}`, name, '');
        });
        continue;
      }
      const property = findProperty(className, key, node);
      if (!property) continue;
      if (property.isLocalizable) {
        const en = textOf(value, 'default');
        const fr = textOf(value, 'fr');
        if (filled(en) || filled(fr)) add({ base, element, property: `${prefix}${segment(key)}`, at: here, bareItem: false, implicitEnglish: false, en, fr });
        continue;
      }
      if (!Array.isArray(value)) continue;
      const itemClass = property.className;
      const isItemValue = !!itemClass && Serializer.isDescendantOf(itemClass, 'itemvalue');
      value.forEach((item, i) => {
        const itemPrefix = `${prefix}${segment(key)}/${segment(itemId(item, i))}/`;
        if (isItemValue && !isObject(item)) {
          if (typeof item === 'string' && filled(item) && !isNumeric(item)) {
            add({ base, element, property: `${itemPrefix}text`, at: [...here, i], bareItem: true, implicitEnglish: true, en: item, fr: '' });
          }
          return;
        }
        if (!isObject(item)) return;
        let cls = itemClass;
        if (typeof item.type === 'string') cls = resolveClass(item.type, property) ?? cls;
        if (!cls || !Serializer.findClass(cls)) return;
        if (isItemValue && item.text === undefined && typeof item.value === 'string' && filled(item.value) && !isNumeric(item.value)) {
          add({ base, element, property: `${itemPrefix}text`, at: [...here, i, 'text'], bareItem: false, implicitEnglish: true, en: item.value, fr: '' });
        }
        visit(item, cls, [...here, i], base, element, itemPrefix);
      });
    }
  };
  visit(def, 'survey', [], 'survey', 'survey', '');
  return out;
}

export interface Completeness {
  translated: number;
  total: number;
}

export function completenessOf(entries: readonly TextEntry[]): Completeness {
  return { translated: entries.filter((e) => e.translated).length, total: entries.length };
}

/** Each page's count, kept while the page object is unchanged (edits copy only the pages they change). */
const pageCompleteness = new WeakMap<JsonObject, Completeness>();

/**
 * `completenessOf(collectTexts(def))`, counted page by page with each page's count reused while the page is the
 * same object: after an edit only the edited page is read again (the builder's badge, on every keystroke).
 */
export function completenessByPage(def: Definition): Completeness {
  const { pages, ...survey } = def;
  let { translated, total } = completenessOf(collectTexts(survey));
  if (Array.isArray(pages)) {
    for (const page of pages) {
      if (!isObject(page)) continue;
      let counted = pageCompleteness.get(page);
      if (!counted) {
        counted = completenessOf(collectTexts({ pages: [page] }));
        pageCompleteness.set(page, counted);
      }
      translated += counted.translated;
      total += counted.total;
    }
  }
  return { translated, total };
}

function setAt(node: unknown, at: JsonPath, fn: (v: unknown) => unknown): unknown {
  if (at.length === 0) return fn(node);
  const [head, ...rest] = at;
  if (Array.isArray(node) && typeof head === 'number') {
    const copy = node.slice();
    copy[head] = setAt(node[head], rest, fn);
    return copy;
  }
  if (isObject(node) && typeof head === 'string') {
    const next = setAt(node[head], rest, fn);
    const copy = { ...node };
    if (next === undefined) delete copy[head];
    else copy[head] = next;
    return copy;
  }
  throw new RangeError(`no JSON value at ${at.join('.')}`);
}

/** The definition with one language of a text replaced (an empty text removes that language). */
export function setEntryText(def: Definition, entry: TextEntry, locale: Locale, text: string): Definition {
  return setEntryTexts(def, entry, locale === 'fr' ? { en: entry.en, fr: text } : { en: text, fr: entry.fr });
}

/** The definition with a text's English and French replaced; other languages of it are kept. */
export function setEntryTexts(def: Definition, entry: TextEntry, texts: { en: string; fr: string }): Definition {
  if (entry.en === texts.en && entry.fr === texts.fr) return def;
  const localised = (current: unknown) => withText(withText(current, 'default', texts.en), 'fr', texts.fr);
  return setAt(def, entry.at, (current) => {
    if (entry.bareItem) return { value: current, ...(localised(undefined) ? { text: localised(undefined) } : {}) };
    return localised(current);
  }) as Definition;
}

// ---------------------------------------------------------------------------------------------
// CSV for a translator

export const CSV_COLUMNS = ['key', 'element', 'property', 'english', 'french'] as const;

/**
 * The texts as CSV (header `key,element,property,english,french`), the untranslated ones only or all. Texts that a
 * spreadsheet would run as a formula are prefixed with `'`, and so are texts already starting with quotes before
 * such a character, so that the import, removing one quote, gives back every text exactly.
 */
export function translationsCsv(def: Definition, { onlyUntranslated = false }: { onlyUntranslated?: boolean } = {}): string {
  const rows = collectTexts(def)
    .filter((e) => !onlyUntranslated || !e.translated)
    .map((e) => [e.key, e.element, e.property, escapeFormula(e.en), escapeFormula(e.fr)]);
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { newline: '\r\n' });
}

export interface ImportedRow {
  key: string;
  english: string;
  french: string;
  /** Line of the file (the header is line 1). */
  line: number;
}

const FORMULA = /^'*[=+\-@\t\r]/;
const escapeFormula = (s: string) => (FORMULA.test(s) ? `'${s}` : s);
const unescapeFormula = (s: string) => (s.startsWith("'") && FORMULA.test(s) ? s.slice(1) : s);

/** The rows of a translator's CSV; `errors` when it cannot be read (missing columns, malformed CSV). */
export function parseTranslationsCsv(text: string): { rows: ImportedRow[]; errors: string[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const errors = parsed.errors.map((e) => `line ${(e.row ?? 0) + 2}: ${e.message}`);
  const fields = parsed.meta.fields ?? [];
  const missing = ['key', 'english', 'french'].filter((f) => !fields.includes(f));
  if (missing.length > 0) return { rows: [], errors: [`missing column(s): ${missing.join(', ')}`, ...errors] };
  const rows = parsed.data.map((r, i) => ({
    key: (r.key ?? '').trim(),
    english: unescapeFormula(r.english ?? ''),
    french: unescapeFormula(r.french ?? ''),
    line: i + 2,
  }));
  return { rows, errors };
}

export interface TranslationChange {
  key: string;
  element: string;
  property: string;
  locale: Locale;
  before: string;
  after: string;
}

export interface ImportPlan {
  changes: TranslationChange[];
  /** Keys of the file that name no text of this definition: the import is refused while there are any. */
  unknownKeys: string[];
  /** Keys given more than once: refused too. */
  duplicateKeys: string[];
}

/** What importing these rows would change; rows equal to the definition change nothing. */
export function planImport(def: Definition, rows: readonly ImportedRow[]): ImportPlan {
  const entries = new Map(collectTexts(def).map((e) => [e.key, e]));
  const seen = new Set<string>();
  const plan: ImportPlan = { changes: [], unknownKeys: [], duplicateKeys: [] };
  for (const row of rows) {
    if (seen.has(row.key)) {
      if (!plan.duplicateKeys.includes(row.key)) plan.duplicateKeys.push(row.key);
      continue;
    }
    seen.add(row.key);
    const e = entries.get(row.key);
    if (!e) {
      plan.unknownKeys.push(row.key);
      continue;
    }
    const base = { key: e.key, element: e.element, property: e.property };
    if (row.english !== e.en) plan.changes.push({ ...base, locale: 'default', before: e.en, after: row.english });
    if (row.french !== e.fr) plan.changes.push({ ...base, locale: 'fr', before: e.fr, after: row.french });
  }
  return plan;
}

/** The definition with a plan's changes made (the plan must have been made on this definition). */
export function applyImport(def: Definition, plan: ImportPlan): Definition {
  if (plan.unknownKeys.length > 0 || plan.duplicateKeys.length > 0) throw new Error('an import with unknown or duplicate keys is refused');
  const entries = new Map(collectTexts(def).map((e) => [e.key, e]));
  const wanted = new Map<string, { en: string; fr: string }>();
  for (const c of plan.changes) {
    const e = entries.get(c.key);
    if (!e) continue;
    const texts = wanted.get(c.key) ?? { en: e.en, fr: e.fr };
    if (c.locale === 'fr') texts.fr = c.after;
    else texts.en = c.after;
    wanted.set(c.key, texts);
  }
  let d = def;
  for (const [key, texts] of wanted) d = setEntryTexts(d, entries.get(key)!, texts);
  return d;
}
