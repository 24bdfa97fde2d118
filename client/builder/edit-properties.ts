/**
 * Property edits of the builder beyond titles and choices (issue 4): validators, numeric / date limits, rating
 * scales, the structure of matrices, multiple texts and dynamic panels. Pure functions on a SurveyJS definition,
 * like edit-definition.ts: each returns a new definition (or the same one when nothing changes) and keeps every
 * key it does not know.
 */
import {
  getAt,
  isObject,
  setProperty,
  textOf,
  updateAt,
  uniqueName,
  withText,
  type Definition,
  type ElementPath,
  type JsonObject,
  type Locale,
} from './edit-definition';

// ---------------------------------------------------------------------------------------------
// Numbers

/** A number typed as text: undefined for an empty text, null for one that is not (yet) a number. */
export function parseNumber(text: string): number | undefined | null {
  if (text.trim() === '') return undefined;
  const v = Number(text.trim().replace(',', '.'));
  return Number.isFinite(v) ? v : null;
}

/** Sets a numeric property from typed text; a text that is not a number changes nothing. */
export function setNumber(def: Definition, path: ElementPath, key: string, text: string): Definition {
  const v = parseNumber(text);
  return v === null ? def : setProperty(def, path, key, v);
}

/**
 * `min` / `max` of a text question: numbers for `inputType: number` / `range`, ISO dates (`2026-12-31`) for
 * dates, kept as typed for other input types.
 */
export function setLimit(def: Definition, path: ElementPath, key: 'min' | 'max', text: string): Definition {
  const inputType = String(getAt(def, path)?.inputType ?? 'text');
  if (inputType === 'number' || inputType === 'range') return setNumber(def, path, key, text);
  return setProperty(def, path, key, text.trim() === '' ? undefined : text.trim());
}

export type RangeProblem = 'min-above-max' | 'bad-date' | 'bad-step';

/** Problems of the limits of a text question or rating scale, for the property panel. */
export function rangeProblems(el: JsonObject | undefined): RangeProblem[] {
  if (!el) return [];
  const out: RangeProblem[] = [];
  if (el.type === 'rating') {
    const min = typeof el.rateMin === 'number' ? el.rateMin : 1;
    const max = typeof el.rateMax === 'number' ? el.rateMax : 5;
    if (min >= max) out.push('min-above-max');
    if (el.rateStep !== undefined && !(typeof el.rateStep === 'number' && el.rateStep > 0 && el.rateStep <= max - min)) out.push('bad-step');
    return out;
  }
  if (el.type !== 'text') return out;
  const isDate = el.inputType === 'date';
  if (isDate) {
    for (const k of ['min', 'max']) if (el[k] !== undefined && !(typeof el[k] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(el[k] as string))) out.push('bad-date');
  }
  const { min, max } = el;
  if ((typeof min === 'number' && typeof max === 'number' && min > max) || (isDate && typeof min === 'string' && typeof max === 'string' && min > max)) {
    out.push('min-above-max');
  }
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------------------------
// Validators

export const VALIDATOR_TYPES = ['numeric', 'text', 'regex', 'email', 'answercount'] as const;
export type ValidatorType = (typeof VALIDATOR_TYPES)[number];

/** The numeric settings of each validator type (regex has its pattern, email none). */
export const VALIDATOR_NUMBERS: Record<ValidatorType, readonly string[]> = {
  numeric: ['minValue', 'maxValue'],
  text: ['minLength', 'maxLength'],
  regex: [],
  email: [],
  answercount: ['minCount', 'maxCount'],
};

/** Which validators suit a question type. */
export function validatorTypesFor(type: string): ValidatorType[] {
  if (type === 'text' || type === 'comment' || type === 'multipletext') return ['numeric', 'text', 'regex', 'email'];
  if (type === 'checkbox' || type === 'tagbox' || type === 'ranking') return ['answercount'];
  if (type === 'matrixdynamic' || type === 'paneldynamic') return ['answercount'];
  if (type === 'expression') return ['numeric'];
  return [];
}

export function validatorsOf(el: JsonObject | undefined): JsonObject[] {
  return Array.isArray(el?.validators) ? (el.validators as unknown[]).filter(isObject) : [];
}

function updateValidators(def: Definition, path: ElementPath, fn: (list: JsonObject[]) => JsonObject[]): Definition {
  return updateAt(def, path, (n) => {
    const next = fn(validatorsOf(n).slice());
    const copy = { ...n, validators: next };
    if (next.length === 0) delete (copy as JsonObject).validators;
    return copy;
  });
}

export function addValidator(def: Definition, path: ElementPath, type: ValidatorType): Definition {
  if (!getAt(def, path)) return def;
  return updateValidators(def, path, (list) => [...list, { type }]);
}

export function removeValidator(def: Definition, path: ElementPath, index: number): Definition {
  return updateValidators(def, path, (list) => (list.splice(index, 1), list));
}

/** Changes one validator; keys set to undefined are removed. */
export function updateValidator(def: Definition, path: ElementPath, index: number, fn: (v: JsonObject) => JsonObject): Definition {
  if (!validatorsOf(getAt(def, path))[index]) return def;
  return updateValidators(def, path, (list) => {
    const next = fn({ ...list[index]! });
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    list[index] = next;
    return list;
  });
}

export function setValidatorNumber(def: Definition, path: ElementPath, index: number, key: string, text: string): Definition {
  const v = parseNumber(text);
  if (v === null) return def;
  return updateValidator(def, path, index, (x) => ({ ...x, [key]: v }));
}

/** The error text of a validator (`text`, localisable) in one language. */
export function setValidatorText(def: Definition, path: ElementPath, index: number, locale: Locale, text: string): Definition {
  const v = validatorsOf(getAt(def, path))[index];
  if (!v || textOf(v.text, locale) === text) return def;
  return updateValidator(def, path, index, (x) => ({ ...x, text: withText(x.text, locale, text) }));
}

export type ValidatorProblem = 'unknown-type' | 'min-above-max' | 'bad-regex' | 'no-limit' | 'no-pattern';

/** What is wrong with a validator, for the message next to it (undefined when fine). */
export function validatorProblem(v: JsonObject): ValidatorProblem | undefined {
  const type = String(v.type ?? '');
  if (!(VALIDATOR_TYPES as readonly string[]).includes(type)) return 'unknown-type';
  if (type === 'regex') {
    if (typeof v.regex !== 'string' || v.regex === '') return 'no-pattern';
    try {
      new RegExp(v.regex);
    } catch {
      return 'bad-regex';
    }
    return undefined;
  }
  const [minKey, maxKey] = VALIDATOR_NUMBERS[type as ValidatorType];
  if (!minKey || !maxKey) return undefined;
  const min = v[minKey];
  const max = v[maxKey];
  if (typeof min === 'number' && typeof max === 'number' && min > max) return 'min-above-max';
  if (min === undefined && max === undefined) return 'no-limit';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Columns of matrices with drop-downs and dynamic matrices, items of multiple texts

/** Cell types of a matrix with drop-downs (SurveyJS's `cellType`, per column or for the whole matrix). */
export const CELL_TYPES = ['dropdown', 'checkbox', 'radiogroup', 'text', 'comment', 'boolean', 'rating', 'tagbox', 'expression'] as const;
/** Cell types whose answer is picked among choices. */
export const CELL_CHOICE_TYPES: readonly string[] = ['dropdown', 'checkbox', 'radiogroup', 'tagbox'];

/** `columns` of a matrix with drop-downs / dynamic matrix and `items` of a multiple text: objects with a `name`. */
export type NamedList = 'columns' | 'items';

export function namedOf(el: JsonObject | undefined, list: NamedList): JsonObject[] {
  const v = el?.[list];
  if (!Array.isArray(v)) return [];
  return v.map((x) => (isObject(x) ? x : { name: String(x) }));
}

function updateNamed(def: Definition, path: ElementPath, list: NamedList, fn: (items: unknown[]) => unknown[]): Definition {
  return updateAt(def, path, (n) => ({ ...n, [list]: fn(Array.isArray(n[list]) ? (n[list] as unknown[]).slice() : []) }));
}

export function addNamed(def: Definition, path: ElementPath, list: NamedList): Definition {
  const el = getAt(def, path);
  if (!el) return def;
  const base = list === 'columns' ? 'col' : 'item';
  const taken = new Set(namedOf(el, list).map((x) => String(x.name)));
  const name = uniqueName({}, base, taken);
  return updateNamed(def, path, list, (items) => [...items, { name }]);
}

export function removeNamed(def: Definition, path: ElementPath, list: NamedList, index: number): Definition {
  return updateNamed(def, path, list, (items) => (items.splice(index, 1), items));
}

export function moveNamed(def: Definition, path: ElementPath, list: NamedList, index: number, dir: -1 | 1): Definition {
  const count = namedOf(getAt(def, path), list).length;
  if (index + dir < 0 || index + dir >= count) return def;
  return updateNamed(def, path, list, (items) => {
    const x = items[index];
    items[index] = items[index + dir];
    items[index + dir] = x;
    return items;
  });
}

/** Changes one column / item; a bare name becomes `{name}`; undefined values remove the key. */
export function updateNamedItem(def: Definition, path: ElementPath, list: NamedList, index: number, fn: (x: JsonObject) => JsonObject): Definition {
  return updateNamed(def, path, list, (items) => {
    const item = items[index];
    const next = fn(isObject(item) ? { ...item } : { name: String(item) });
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    items[index] = next;
    return items;
  });
}

/** The title of a column / item (`title`, localisable) in one language. */
export function setNamedTitle(def: Definition, path: ElementPath, list: NamedList, index: number, locale: Locale, text: string): Definition {
  const item = namedOf(getAt(def, path), list)[index];
  if (!item || textOf(item.title, locale) === text) return def;
  return updateNamedItem(def, path, list, index, (x) => ({ ...x, title: withText(x.title, locale, text) }));
}

/** A column's cell type; choices are dropped when the new cell type has none. */
export function setCellType(def: Definition, path: ElementPath, index: number, cellType: string): Definition {
  return updateNamedItem(def, path, 'columns', index, (c) => ({
    ...c,
    cellType: cellType === '' ? undefined : cellType,
    choices: cellType === '' || CELL_CHOICE_TYPES.includes(cellType) ? c.choices : undefined,
  }));
}

/**
 * A column's choices as one line per choice, `value` or `value | English | French` (what a coordinator edits
 * most easily for short lists); numbers stay numbers.
 */
export function choicesToLines(choices: unknown): string {
  if (!Array.isArray(choices)) return '';
  return choices
    .map((c) => {
      if (!isObject(c)) return String(c);
      const en = textOf(c.text, 'default');
      const fr = textOf(c.text, 'fr');
      return en === '' && fr === '' ? String(c.value) : `${String(c.value)} | ${en} | ${fr}`.replace(/ \| $/, '');
    })
    .join('\n');
}

export function linesToChoices(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [rawValue = '', en = '', fr = ''] = line.split('|').map((s) => s.trim());
    const value = rawValue !== '' && Number.isFinite(Number(rawValue)) ? Number(rawValue) : rawValue;
    if (en === '' && fr === '') {
      out.push(value);
      continue;
    }
    const t = withText(withText(undefined, 'default', en), 'fr', fr);
    out.push(t ? { value, text: t } : { value });
  }
  return out.length > 0 ? out : undefined;
}

/** Sets a column's choices from lines (see choicesToLines). */
export function setColumnChoices(def: Definition, path: ElementPath, index: number, lines: string): Definition {
  return updateNamedItem(def, path, 'columns', index, (c) => ({ ...c, choices: linesToChoices(lines) }));
}

// ---------------------------------------------------------------------------------------------
// Dynamic panels

/** Adds a question to the template of the dynamic panel at `path`; returns where it is. */
export function addTemplateQuestion(def: Definition, path: ElementPath, type: string): { definition: Definition; path: ElementPath } {
  const el = getAt(def, path);
  if (!el || el.type !== 'paneldynamic') return { definition: def, path };
  const list = Array.isArray(el.templateElements) ? (el.templateElements as unknown[]) : [];
  const q = { type, name: uniqueName(def, 'question') };
  return { definition: setProperty(def, path, 'templateElements', [...list, q]), path: [...path, list.length] };
}

// ---------------------------------------------------------------------------------------------
// Survey-level texts (campaign settings)

/** A localisable text of the survey itself (`description`: the welcome; `completedHtml`: the thank-you). */
export function setSurveyText(def: Definition, key: string, locale: Locale, text: string): Definition {
  if (textOf(def[key], locale) === text) return def;
  const value = withText(def[key], locale, text);
  const copy = { ...def };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}
