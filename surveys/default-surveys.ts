/**
 * The questionnaires shipped with the platform, and the checks a survey definition must pass
 * before the platform accepts it (used by the server to refuse invalid `POST /api/surveys` bodies).
 *
 * Server-side module (reads files with `node:fs`): do not import it from the client bundle.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConditionsParser,
  ExpressionErrorType,
  Model,
  Serializer,
  type Base,
  type ItemValue,
  type JsonError,
  type JsonObjectProperty,
  type Question,
} from 'survey-core';
import {
  CHANNEL_KINDS,
  INDICATORS,
  INDICATORS_WITH_AREA,
  INDICATORS_WITH_AREA_ROWS,
  INDICATORS_WITH_SCORES,
  POLICY_AREAS,
  registerSurveyExtensions,
  type Indicator,
} from './extensions';
import { changedLiterals, describeChangedLiteral } from './expression-rewrites';

registerSurveyExtensions();

export interface DefaultSurvey {
  /** Stable code of the questionnaire (its file name without `.json`). */
  code: string;
  definition: Record<string, unknown>;
}

/** Files of this folder that hold a default questionnaire. Add next year's file here. */
const DEFAULT_SURVEY_FILES = ['icc-annual-survey.json'] as const;

/** Reads the default questionnaires (fresh objects on each call: callers may modify them). */
export function loadDefaultSurveys(): DefaultSurvey[] {
  return DEFAULT_SURVEY_FILES.map((file) => {
    const text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
    const definition = JSON.parse(text) as unknown;
    if (!isPlainObject(definition)) throw new Error(`surveys/${file}: the file does not hold a JSON object`);
    return { code: file.replace(/\.json$/, ''), definition };
  });
}

export interface CheckOptions {
  /** Report texts lacking a French (or default) version. Default: true. */
  requireTranslations?: boolean;
  /** Variables the platform sets at run time (e.g. `prev` for last year's answers), allowed in expressions. */
  knownVariables?: readonly string[];
}

/** The problems of the definitions checked last, by a digest of their JSON text and the options (most recent last). */
const recentChecks = new Map<string, readonly string[]>();
const RECENT_CHECKS = 16;

/**
 * Problems of a survey definition, as human-readable messages (empty when the definition is fine), e.g.
 * `question "chg_insp_education": policyArea is missing (indicator "attribution" needs it)`.
 *
 * The result for the last few definitions is kept (by the digest of their JSON): the builder's draft is checked when
 * it is saved and again when the builder opens it, and building the survey-core Model of a 300-question survey takes
 * a few hundred milliseconds that would hold every other request of the server meanwhile.
 */
export function checkDefinition(definition: unknown, options: CheckOptions = {}): string[] {
  let key: string | undefined;
  try {
    key = createHash('sha256').update(JSON.stringify([definition, options])).digest('base64');
  } catch {
    key = undefined; // not JSON (a cycle, a BigInt): checked every time, and refused by the checks themselves
  }
  const known = key === undefined ? undefined : recentChecks.get(key);
  if (known) {
    recentChecks.delete(key!);
    recentChecks.set(key!, known);
    return [...known];
  }
  const problems = findDefinitionProblems(definition, options);
  if (key !== undefined) {
    recentChecks.set(key, [...problems]);
    if (recentChecks.size > RECENT_CHECKS) recentChecks.delete(recentChecks.keys().next().value!);
  }
  return problems;
}

/** `checkDefinition` without the memory of recent checks (what the benchmark times). */
export function findDefinitionProblems(definition: unknown, options: CheckOptions = {}): string[] {
  if (!isPlainObject(definition)) return ['the survey definition must be a JSON object'];
  const problems: string[] = [];
  const add = (message: string) => {
    if (!problems.includes(message)) problems.push(message);
  };

  let model: Model;
  try {
    model = new Model(definition);
  } catch (err) {
    return [`the survey definition cannot be loaded: ${err instanceof Error ? err.message : String(err)}`];
  }
  try {
    for (const error of model.jsonErrors ?? []) add(describeJsonError(error));

    const questions = model.getAllQuestions(false, true, true).filter((q) => !q.parentQuestion);
    if (questions.length === 0) add('the survey has no questions');

    checkNames(model, questions, add);
    checkExpressions(definition, model, options, add);
    for (const q of questions) {
      checkItemValues(q, add);
      checkTags(q, add);
      checkRatingScale(q, add);
    }
    if (options.requireTranslations !== false) {
      for (const { path, owner } of untranslatedTexts(definition)) {
        add(`${owner}: text at ${path} needs both English ("default") and French ("fr")`);
      }
    }
  } finally {
    model.dispose();
  }
  return problems;
}

/**
 * Paths (e.g. `pages[1].elements[0].rows[3].text`) of visible texts that are not given
 * as `{ "default": ..., "fr": ... }`. Plain strings count as untranslated, and so do choices
 * given without a text (their value is shown).
 */
export function findUntranslated(definition: unknown): string[] {
  if (!isPlainObject(definition)) return [];
  return untranslatedTexts(definition).map((t) => t.path);
}

// ---------------------------------------------------------------------------------------------
// Names and choice values

function checkNames(model: Model, questions: Question[], add: (m: string) => void): void {
  reportDuplicates(questions.map((q) => q.name), (name, n) => `duplicate question name "${name}" (used ${n} times)`, add);
  reportDuplicates(
    model.getAllPanels(false, true).map((p) => p.name),
    (name, n) => `duplicate panel name "${name}" (used ${n} times)`,
    add,
  );
  reportDuplicates(model.pages.map((p) => p.name), (name, n) => `duplicate page name "${name}" (used ${n} times)`, add);
  const questionNames = new Set(questions.map((q) => q.name));
  for (const p of model.getAllPanels(false, true)) {
    if (questionNames.has(p.name)) add(`panel "${p.name}" has the same name as a question`);
  }
}

function checkItemValues(q: Question, add: (m: string) => void): void {
  const label = `question "${q.name}"`;
  for (const [what, items] of itemLists(q)) {
    reportDuplicates(
      items.map((item) => String(item.value)),
      (value, n) => `${label}: duplicate ${what} value "${value}" (used ${n} times)`,
      add,
    );
    for (const item of items) {
      const area = prop(item, 'policyArea');
      if (area !== undefined && area !== null && area !== '' && !(POLICY_AREAS as readonly unknown[]).includes(area)) {
        add(`${label}: ${what} "${String(item.value)}" has an unknown policyArea "${String(area)}"`);
      }
    }
  }
}

/** The item lists of a question: choices, matrix rows and columns. */
function itemLists(q: Question): [string, ItemValue[]][] {
  const lists: [string, ItemValue[]][] = [];
  const anyQ = q as unknown as Record<string, unknown>;
  const type = q.getType();
  if (type === 'matrix') {
    if (Array.isArray(anyQ['rows'])) lists.push(['row', anyQ['rows'] as ItemValue[]]);
    if (Array.isArray(anyQ['columns'])) lists.push(['column', anyQ['columns'] as ItemValue[]]);
  } else if (type === 'matrixdropdown' || type === 'matrixdynamic') {
    if (type === 'matrixdropdown' && Array.isArray(anyQ['rows'])) lists.push(['row', anyQ['rows'] as ItemValue[]]);
    const columns = anyQ['columns'];
    if (Array.isArray(columns)) {
      // Columns are not item values: compare their names.
      lists.push(['column', columns.map((c) => ({ value: (c as { name: string }).name }) as unknown as ItemValue)]);
    }
  } else if (Array.isArray(anyQ['choices']) && Serializer.findProperty(type, 'choices')) {
    lists.push(['choice', anyQ['choices'] as ItemValue[]]);
  }
  return lists;
}

// ---------------------------------------------------------------------------------------------
// Analysis tags (see extensions.ts)

const DONT_KNOW_VALUES = new Set(['dont_know', 'dontknow']);

/**
 * A rating scale survey-core can build: it derives the decimals of each value from rateStep, and a step such as
 * 1e-101 made it throw wherever the scale is drawn or analysed (a 500 on the analysis, a broken respondent page;
 * found by tests/api/fuzz.test.ts). Loading the definition alone does not build the scale, so it is built here.
 */
function checkRatingScale(q: Question, add: (m: string) => void): void {
  if (q.getType() !== 'rating') return;
  try {
    void (q as unknown as { visibleRateValues: unknown[] }).visibleRateValues;
  } catch {
    add(`question "${q.name}": its rating scale cannot be built from rateMin, rateMax and rateStep (use a step such as 1 or 0.5)`);
  }
}

function checkTags(q: Question, add: (m: string) => void): void {
  const label = `question "${q.name}"`;
  const type = q.getType();
  const indicator = prop(q, 'indicator');
  const area = prop(q, 'policyArea');
  const hasArea = typeof area === 'string' && area !== '';

  if (hasArea && !(POLICY_AREAS as readonly string[]).includes(area)) {
    add(`${label}: unknown policyArea "${area}" (expected one of ${POLICY_AREAS.join(', ')})`);
  }
  if (indicator === undefined || indicator === null || indicator === '') return;
  if (typeof indicator !== 'string' || !(INDICATORS as readonly string[]).includes(indicator)) {
    add(`${label}: unknown indicator "${String(indicator)}" (expected one of ${INDICATORS.join(', ')})`);
    return;
  }
  const ind = indicator as Indicator;

  if (INDICATORS_WITH_AREA.includes(ind) && !hasArea) {
    add(`${label}: policyArea is missing (indicator "${ind}" needs it)`);
  }

  if (INDICATORS_WITH_AREA_ROWS.includes(ind)) {
    if (type !== 'matrix') {
      add(`${label}: indicator "${ind}" needs a single-choice matrix (type "matrix"), not "${type}"`);
    } else {
      const rows = (q as unknown as { rows: ItemValue[] }).rows;
      if (rows.length === 0) add(`${label}: indicator "${ind}" needs one row per policy area, but the matrix has no rows`);
      for (const row of rows) {
        const rowArea = prop(row, 'policyArea');
        if (rowArea === undefined || rowArea === null || rowArea === '') {
          add(`${label}: row "${String(row.value)}" has no policyArea (indicator "${ind}" needs one on every row)`);
        }
      }
    }
  }

  if (INDICATORS_WITH_SCORES.includes(ind)) {
    if (type === 'boolean') {
      // true / false read as 1 / 0.
    } else {
      const scored = itemLists(q).filter(([what]) => what === (type === 'matrix' ? 'column' : 'choice'));
      const items = scored[0]?.[1] ?? [];
      if (items.length === 0) {
        add(`${label}: indicator "${ind}" needs ${type === 'matrix' ? 'columns' : 'choices'} carrying a numeric score`);
      }
      for (const item of items) {
        if (DONT_KNOW_VALUES.has(String(item.value))) continue;
        const score = prop(item, 'score');
        if (typeof score !== 'number' || !Number.isFinite(score)) {
          const what = type === 'matrix' ? 'column' : 'choice';
          add(`${label}: ${what} "${String(item.value)}" has no numeric score (indicator "${ind}" needs one)`);
        }
      }
    }
  }

  if (ind === 'channel_ranking') {
    if (type !== 'ranking') add(`${label}: indicator "channel_ranking" needs a ranking question, not "${type}"`);
    const choices = (q as unknown as { choices?: ItemValue[] }).choices ?? [];
    for (const choice of choices) {
      const channel = prop(choice, 'channel');
      if (channel === undefined || channel === null || channel === '') {
        add(`${label}: choice "${String(choice.value)}" has no channel (indicator "channel_ranking" needs one)`);
      } else if (!(CHANNEL_KINDS as readonly unknown[]).includes(channel)) {
        add(`${label}: choice "${String(choice.value)}" has an unknown channel "${String(channel)}" (expected one of ${CHANNEL_KINDS.join(', ')})`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions

const EXPRESSION_KEY = /(If|Expression)$|^expression$/;

function checkExpressions(definition: Record<string, unknown>, model: Model, options: CheckOptions, add: (m: string) => void): void {
  const parser = new ConditionsParser();
  const badSyntax = new Set<string>();
  walkJson(definition, 'survey', (node, owner) => {
    for (const [key, value] of Object.entries(node)) {
      if (!EXPRESSION_KEY.test(key) || typeof value !== 'string' || value.trim() === '') continue;
      let ok = false;
      try {
        ok = Boolean(parser.parseExpression(value));
      } catch {
        ok = false;
      }
      if (!ok) {
        const at = parser.error?.at;
        badSyntax.add(`${owner}|${key}`);
        add(`${owner}: ${key} "${value}" is not a valid expression${typeof at === 'number' ? ` (syntax error at character ${at + 1})` : ''}`);
      }
      // survey-core rewrites operator spellings everywhere in the text, quoted values and {names} included.
      for (const changed of changedLiterals(value)) add(describeChangedLiteral(owner, key, value, changed));
    }
  });

  const known = new Set(options.knownVariables ?? []);
  for (const result of model.validateExpressions()) {
    const owner = describeObject(result.obj);
    const text = String((result.obj as unknown as Record<string, unknown>)[result.propertyName] ?? '');
    for (const error of result.errors) {
      switch (error.errorType) {
        case ExpressionErrorType.SyntaxError:
          if (!badSyntax.has(`${owner}|${result.propertyName}`)) add(`${owner}: ${result.propertyName} "${text}" is not a valid expression`);
          break;
        case ExpressionErrorType.UnknownVariable: {
          const variable = error.variableName ?? '';
          if (known.has(variable) || known.has(variable.split('.')[0] ?? '')) break;
          add(`${owner}: ${result.propertyName} "${text}" refers to "${variable}", which is not a question or variable of this survey`);
          break;
        }
        case ExpressionErrorType.UnknownFunction:
          add(`${owner}: ${result.propertyName} "${text}" uses the unknown function "${error.functionName ?? ''}"`);
          break;
        case ExpressionErrorType.SemanticError:
          add(`${owner}: ${result.propertyName} "${text}" always gives the same result`);
          break;
        default:
          add(`${owner}: ${result.propertyName} "${text}" has an error`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Translations

interface Untranslated {
  path: string;
  owner: string;
}

const ELEMENT_KEYS = new Set(['elements', 'questions', 'templateElements']);

function untranslatedTexts(definition: Record<string, unknown>): Untranslated[] {
  const found: Untranslated[] = [];
  const visit = (node: Record<string, unknown>, className: string, path: string, owner: string) => {
    for (const [key, value] of Object.entries(node)) {
      const here = path ? `${path}.${key}` : key;
      if (key === 'pages' && Array.isArray(value)) {
        value.forEach((page, i) => {
          if (isPlainObject(page)) visit(page, 'page', `${here}[${i}]`, ownerOf(page, 'page'));
        });
        continue;
      }
      if (ELEMENT_KEYS.has(key) && Array.isArray(value)) {
        value.forEach((el, i) => {
          if (isPlainObject(el) && typeof el['type'] === 'string' && Serializer.findClass(el['type'])) {
            visit(el, el['type'], `${here}[${i}]`, ownerOf(el, 'element'));
          }
        });
        continue;
      }
      const property = findProperty(className, key, node);
      if (!property) continue;
      if (property.isLocalizable) {
        if (!isTranslated(value)) found.push({ path: here, owner });
        continue;
      }
      if (!Array.isArray(value)) continue;
      const itemClass = property.className;
      const isItemValue = !!itemClass && Serializer.isDescendantOf(itemClass, 'itemvalue');
      value.forEach((item, i) => {
        const itemPath = `${here}[${i}]`;
        if (isItemValue && !isPlainObject(item)) {
          // A bare value shows itself as its text: untranslated unless it is a number.
          if (typeof item === 'string' && item.trim() !== '' && !isNumeric(item)) found.push({ path: itemPath, owner });
          return;
        }
        if (!isPlainObject(item)) return;
        let cls = itemClass;
        if (typeof item['type'] === 'string') cls = resolveClass(item['type'], property) ?? cls;
        if (!cls || !Serializer.findClass(cls)) return;
        if (isItemValue && item['text'] === undefined && typeof item['value'] === 'string' && !isNumeric(item['value'])) {
          found.push({ path: `${itemPath}.text`, owner });
        }
        visit(item, cls, itemPath, owner);
      });
    }
  };
  visit(definition, 'survey', '', 'survey');
  return found;
}

function isTranslated(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (!isPlainObject(value)) return true;
  const texts = Object.values(value).filter((v) => typeof v === 'string' && v.trim() !== '');
  if (texts.length === 0) return true;
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  return (nonEmpty(value['default']) || nonEmpty(value['en'])) && nonEmpty(value['fr']);
}

function findProperty(className: string, key: string, node: Record<string, unknown>): JsonObjectProperty | null {
  const direct = Serializer.findProperty(className, key);
  if (direct) return direct;
  // Matrix dropdown columns accept the properties of their cell question.
  if (className === 'matrixdropdowncolumn') {
    const cellType = typeof node['cellType'] === 'string' && node['cellType'] !== 'default' ? node['cellType'] : 'dropdown';
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

// ---------------------------------------------------------------------------------------------
// Helpers

/** Calls `fn` on every object of the JSON, with a label of the survey element it belongs to. */
function walkJson(node: Record<string, unknown>, owner: string, fn: (node: Record<string, unknown>, owner: string) => void): void {
  fn(node, owner);
  for (const [key, value] of Object.entries(node)) {
    if (!Array.isArray(value)) continue;
    value.forEach((item) => {
      if (!isPlainObject(item)) return;
      let childOwner = owner;
      if (key === 'pages') childOwner = ownerOf(item, 'page');
      else if (ELEMENT_KEYS.has(key)) childOwner = ownerOf(item, 'element');
      else if (key === 'choices' || key === 'rows' || key === 'columns' || key === 'rateValues') {
        const what = key === 'choices' ? 'choice' : key === 'rateValues' ? 'rate value' : key.slice(0, -1);
        childOwner = `${owner}, ${what} "${String(item['value'] ?? item['name'] ?? '')}"`;
      } else if (key === 'calculatedValues') childOwner = `calculated value "${String(item['name'] ?? '')}"`;
      else if (key === 'triggers') childOwner = `trigger of type "${String(item['type'] ?? '')}"`;
      walkJson(item, childOwner, fn);
    });
  }
}

function ownerOf(json: Record<string, unknown>, kind: 'page' | 'element'): string {
  const name = typeof json['name'] === 'string' ? json['name'] : '';
  if (kind === 'page') return `page "${name}"`;
  const type = typeof json['type'] === 'string' ? json['type'] : '';
  const what = type === 'panel' ? 'panel' : 'question';
  return name ? `${what} "${name}"` : `a ${what} of type "${type}"`;
}

function describeObject(obj: Base): string {
  const type = obj.getType();
  const anyObj = obj as unknown as Record<string, unknown>;
  const name = typeof anyObj['name'] === 'string' ? anyObj['name'] : '';
  if (type === 'survey') return 'survey';
  if (type === 'page') return `page "${name}"`;
  if (type === 'panel') return `panel "${name}"`;
  if (Serializer.isDescendantOf(type, 'question')) return `question "${name}"`;
  if (Serializer.isDescendantOf(type, 'itemvalue')) {
    const owner = anyObj['locOwner'] as Base | undefined;
    const ownerText = owner && typeof owner.getType === 'function' ? describeObject(owner) : 'an element';
    return `${ownerText}, item "${String(anyObj['value'])}"`;
  }
  return name ? `${type} "${name}"` : type;
}

function describeJsonError(error: JsonError): string {
  const json = isPlainObject(error.jsonObj) ? error.jsonObj : {};
  const anyErr = error as unknown as { propertyName?: string; className?: string };
  const name = typeof json['name'] === 'string' ? json['name'] : undefined;
  const type = typeof json['type'] === 'string' ? json['type'] : undefined;
  let owner: string;
  if (error.element && Serializer.isDescendantOf(error.element.getType(), 'itemvalue')) owner = describeObject(error.element);
  else if (name !== undefined) owner = type === 'panel' ? `panel "${name}"` : type ? `question "${name}"` : `element "${name}"`;
  else if (json['value'] !== undefined) owner = `item "${String(json['value'])}"`;
  else owner = type ? `an element of type "${type}"` : 'an element';

  switch (error.type) {
    case 'missingtypeproperty':
      return `${owner}: "type" is missing`;
    case 'incorrecttypeproperty':
      return `${owner}: unknown type "${type ?? ''}"`;
    case 'unknownproperty':
      return `${owner}: unknown property "${anyErr.propertyName ?? ''}"${anyErr.className ? ` for type "${anyErr.className}"` : ''}`;
    case 'requiredproperty':
      return `${owner}: "${anyErr.propertyName ?? ''}" is required`;
    default:
      return `${owner}: ${error.message}`;
  }
}

function reportDuplicates(values: string[], message: (value: string, count: number) => string, add: (m: string) => void): void {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [v, n] of counts) if (n > 1) add(message(v, n));
}

function prop(obj: Base | ItemValue, name: string): unknown {
  // Matrix columns reach checkItemValues as plain `{value}` objects, without getPropertyValue.
  const o = obj as unknown as { getPropertyValue?: (n: string) => unknown } & Record<string, unknown>;
  return typeof o.getPropertyValue === 'function' ? o.getPropertyValue(name) : o[name];
}

function isNumeric(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
