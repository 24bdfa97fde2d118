/**
 * The builder's condition editor, as pure functions: which questions a condition may test, the operators that suit
 * each question type, SurveyJS expressions built from simple clauses (`{q1} = 'yes' and {q2} notempty`) and read
 * back into clauses when they are that simple, and the check of a typed expression (syntax, unknown questions and
 * functions) with survey-core's own parser, so that what the builder accepts is what the server accepts.
 */
import { ArrayOperand, BinaryOperand, ConditionsParser, Const, ExpressionRunner, FunctionFactory, FunctionOperand, UnaryOperand, Variable, type Operand } from 'survey-core';
import { getAt, isObject, isPanel, itemsOf, pagesOf, textOf, type Definition, type ElementPath, type JsonObject, type Locale } from './edit-definition';

/** The logic properties the editor sets, on pages, panels and questions. */
export const CONDITION_PROPERTIES = ['visibleIf', 'enableIf', 'requiredIf'] as const;
export type ConditionProperty = (typeof CONDITION_PROPERTIES)[number];

/** Operator names as survey-core's parser reports them. */
export const OPERATORS = ['equal', 'notequal', 'contains', 'notcontains', 'anyof', 'empty', 'notempty', 'greater', 'less', 'greaterorequal', 'lessorequal'] as const;
export type Operator = (typeof OPERATORS)[number];
export type ClauseValue = string | number | boolean;

export interface Clause {
  question: string;
  operator: Operator;
  /** A single value; a list for `anyof`; none for `empty` / `notempty`. */
  value?: ClauseValue | ClauseValue[];
}

export interface Condition {
  join: 'and' | 'or';
  clauses: Clause[];
}

/** A question a condition can test, with what the editor needs to offer operators and values. */
export interface ConditionSubject {
  name: string;
  type: string;
  /** English title, or the code when there is none. */
  title: string;
  /** The answers to pick from (choices, yes / no, rating scale); empty when the value is typed. */
  values: { value: ClauseValue; text: string }[];
  /** Whether a typed value is a number (rating, numeric text input). */
  numeric: boolean;
}

const SYMBOL: Record<Operator, string> = {
  equal: '=',
  notequal: '<>',
  contains: 'contains',
  notcontains: 'notcontains',
  anyof: 'anyof',
  empty: 'empty',
  notempty: 'notempty',
  greater: '>',
  less: '<',
  greaterorequal: '>=',
  lessorequal: '<=',
};

export const isUnary = (op: Operator) => op === 'empty' || op === 'notempty';

const NUMERIC_INPUTS = new Set(['number', 'range']);
const MULTI_TYPES = new Set(['checkbox', 'tagbox']);
const SINGLE_TYPES = new Set(['radiogroup', 'dropdown']);

/** The operators that make sense for a question of this type (`subject.numeric` for numeric text inputs). */
export function operatorsFor(subject: Pick<ConditionSubject, 'type' | 'numeric'>): Operator[] {
  const { type } = subject;
  if (SINGLE_TYPES.has(type)) return ['equal', 'notequal', 'anyof', 'empty', 'notempty'];
  if (MULTI_TYPES.has(type)) return ['contains', 'notcontains', 'anyof', 'empty', 'notempty'];
  if (type === 'ranking') return ['contains', 'notcontains', 'empty', 'notempty'];
  if (type === 'boolean') return ['equal', 'notequal', 'empty', 'notempty'];
  if (type === 'rating' || subject.numeric) return ['equal', 'notequal', 'greater', 'less', 'greaterorequal', 'lessorequal', 'empty', 'notempty'];
  if (type === 'text' || type === 'comment' || type === 'expression') return ['equal', 'notequal', 'contains', 'notcontains', 'empty', 'notempty'];
  return ['empty', 'notempty'];
}

// ---------------------------------------------------------------------------------------------
// Subjects

/** The values a question's answer can take, as offered in the editor (texts in `locale`, the value when none). */
function valuesOf(el: JsonObject, locale: Locale): ConditionSubject['values'] {
  const type = String(el.type ?? '');
  const label = (item: JsonObject) => textOf(item.text, locale) || textOf(item.text, 'default') || String(item.value ?? '');
  if (SINGLE_TYPES.has(type) || MULTI_TYPES.has(type) || type === 'ranking') {
    const items = itemsOf(el).filter((i) => typeof i.value === 'string' || typeof i.value === 'number');
    const special: [string, string, string][] = [
      ['showOtherItem', 'other', 'otherText'],
      ['showNoneItem', 'none', 'noneText'],
      ['showRefuseItem', 'refused', 'refuseText'],
      ['showDontKnowItem', 'dontknow', 'dontKnowText'],
    ];
    const extra = special.filter(([flag]) => el[flag] === true).map(([, value, textKey]) => ({ value, text: textOf(el[textKey], locale) || value }));
    return [...items.map((i) => ({ value: i.value as ClauseValue, text: label(i) })), ...extra];
  }
  if (type === 'boolean') {
    const yes = el.valueTrue ?? true;
    const no = el.valueFalse ?? false;
    return [
      { value: yes as ClauseValue, text: textOf(el.labelTrue, locale) || (locale === 'fr' ? 'Oui' : 'Yes') },
      { value: no as ClauseValue, text: textOf(el.labelFalse, locale) || (locale === 'fr' ? 'Non' : 'No') },
    ];
  }
  if (type === 'rating') {
    if (Array.isArray(el.rateValues) && el.rateValues.length > 0) {
      return el.rateValues.map((i) => (isObject(i) ? i : { value: i })).map((i) => ({ value: i.value as ClauseValue, text: label(i) }));
    }
    const min = typeof el.rateMin === 'number' ? el.rateMin : 1;
    const max = typeof el.rateMax === 'number' ? el.rateMax : typeof el.rateCount === 'number' ? min + el.rateCount - 1 : 5;
    const step = typeof el.rateStep === 'number' && el.rateStep > 0 ? el.rateStep : 1;
    const out: ConditionSubject['values'] = [];
    for (let v = min; v <= max && out.length < 100; v += step) out.push({ value: v, text: String(v) });
    return out;
  }
  return [];
}

/** Subjects by element object and locale: an edit copies only the elements it changes, so the others are reused. */
const subjectCache = new WeakMap<JsonObject, Partial<Record<Locale, ConditionSubject>>>();

function subjectOf(el: JsonObject, locale: Locale): ConditionSubject {
  let byLocale = subjectCache.get(el);
  if (!byLocale) subjectCache.set(el, (byLocale = {}));
  return (byLocale[locale] ??= readSubject(el, locale));
}

function readSubject(el: JsonObject, locale: Locale): ConditionSubject {
  const type = String(el.type ?? '');
  const name = String(el.name ?? '');
  return {
    name,
    type,
    title: textOf(el.title, locale) || textOf(el.title, 'default') || name,
    values: valuesOf(el, locale),
    numeric: type === 'rating' || (type === 'text' && NUMERIC_INPUTS.has(String(el.inputType ?? ''))),
  };
}

/** Every question of the definition in order, each with the path of the page or element it is in. */
function questionsInOrder(def: Definition): { path: number[]; el: JsonObject }[] {
  const out: { path: number[]; el: JsonObject }[] = [];
  const visit = (list: unknown, path: number[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((el, i) => {
      if (!isObject(el)) return;
      if (isPanel(el)) visit(el.elements, [...path, i]);
      else if (typeof el.name === 'string' && el.name !== '' && el.type !== 'html' && el.type !== 'image') out.push({ path: [...path, i], el });
    });
  };
  pagesOf(def).forEach((page, p) => visit(page.elements, [p]));
  return out;
}

const isBefore = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};
const isInside = (inner: readonly number[], outer: readonly number[]) => inner.length > outer.length && outer.every((x, i) => inner[i] === x);

/**
 * The questions a condition of the element at `path` may test: those answered before it (earlier in the survey,
 * not the element itself nor inside it). A page's conditions test questions of earlier pages.
 */
export function subjectsBefore(def: Definition, path: ElementPath, locale: Locale = 'default'): ConditionSubject[] {
  return questionsInOrder(def)
    .filter((q) => isBefore(q.path, path) && !isInside(q.path, path))
    .map((q) => subjectOf(q.el, locale));
}

/** Every question of the definition as a subject (to describe a clause about a question not offered). */
export function allSubjects(def: Definition, locale: Locale = 'default'): ConditionSubject[] {
  return questionsInOrder(def).map((q) => subjectOf(q.el, locale));
}

// ---------------------------------------------------------------------------------------------
// Building and reading expressions

/** A value as an expression literal: numbers and booleans bare, texts in single quotes (quotes escaped). */
export function literal(value: ClauseValue): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `'${value.replace(/'/g, "\\'")}'`;
}

/** Whether a clause has all it needs to be written (a question, and a value unless the operator takes none). */
export function isComplete(c: Clause): boolean {
  if (c.question === '') return false;
  if (isUnary(c.operator)) return true;
  if (c.operator === 'anyof') return Array.isArray(c.value) && c.value.length > 0;
  return c.value !== undefined && !Array.isArray(c.value) && c.value !== '';
}

export function clauseExpression(c: Clause): string {
  const subject = `{${c.question}}`;
  if (isUnary(c.operator)) return `${subject} ${SYMBOL[c.operator]}`;
  const values = Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value];
  const right = c.operator === 'anyof' ? `[${values.map(literal).join(', ')}]` : literal(values[0] ?? '');
  return `${subject} ${SYMBOL[c.operator]} ${right}`;
}

/** The expression of a condition; incomplete clauses are left out ('' when none is complete). */
export function buildExpression(condition: Condition): string {
  return condition.clauses.filter(isComplete).map(clauseExpression).join(` ${condition.join} `);
}

/** survey-core's parse of an expression; a fresh parser each time (its error outlives a later success). */
function parse(text: string): { operand: Operand | null; errorAt?: number } {
  const parser = new ConditionsParser();
  let operand: Operand | null = null;
  try {
    operand = parser.parseExpression(text) ?? null;
  } catch {
    operand = null;
  }
  return operand ? { operand } : { operand: null, errorAt: parser.error?.at };
}

function constValue(op: unknown): ClauseValue | undefined {
  if (!(op instanceof Const) || op instanceof Variable) return undefined;
  const v: unknown = op.correctValue;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

function clauseOf(op: Operand): Clause | undefined {
  if (op instanceof UnaryOperand) {
    const operator = op.operator as Operator;
    if ((operator === 'empty' || operator === 'notempty') && op.expression instanceof Variable) return { question: op.expression.variable, operator };
    return undefined;
  }
  if (!(op instanceof BinaryOperand) || op.isArithmetic || op.isConjunction) return undefined;
  const operator = op.operator as Operator;
  if (!(OPERATORS as readonly string[]).includes(operator) || isUnary(operator)) return undefined;
  const left: unknown = op.leftOperand;
  if (!(left instanceof Variable)) return undefined;
  const right: unknown = op.rightOperand;
  if (operator === 'anyof') {
    if (!(right instanceof ArrayOperand)) return undefined;
    const values = right.values.map(constValue);
    if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
    return { question: left.variable, operator, value: values as ClauseValue[] };
  }
  const value = constValue(right);
  return value === undefined ? undefined : { question: left.variable, operator, value };
}

/**
 * The clauses of an expression made of simple tests all joined by `and`, or all by `or`; undefined when it is
 * anything else (mixed and / or, arithmetic, functions, comparisons of two questions, a syntax error), which the
 * editor then shows as free text. An empty text is an empty condition.
 */
export function parseCondition(text: string): Condition | undefined {
  if (text.trim() === '') return { join: 'and', clauses: [] };
  const { operand } = parse(text);
  if (!operand) return undefined;
  let join: 'and' | 'or' | undefined;
  const clauses: Clause[] = [];
  const visit = (op: Operand): boolean => {
    if (op instanceof BinaryOperand && op.isConjunction) {
      const conj = op.conjunction === 'or' ? 'or' : 'and';
      if (join !== undefined && join !== conj) return false;
      join = conj;
      return visit(op.leftOperand as Operand) && visit(op.rightOperand as Operand);
    }
    const clause = clauseOf(op);
    if (!clause) return false;
    clauses.push(clause);
    return true;
  };
  return visit(operand) ? { join: join ?? 'and', clauses } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Checking

export type ExpressionProblem =
  | { kind: 'syntax'; at?: number }
  | { kind: 'unknown-question'; names: string[] }
  | { kind: 'unknown-function'; names: string[] };

/** Prefixes SurveyJS gives inside dynamic panels and matrices (`{panel.q}`, `{row.col}`). */
const CONTEXT_PREFIXES = new Set(['panel', 'parentpanel', 'row', 'rowindex', 'rowname', 'rowtitle', 'rowvalue', 'panelindex', 'itemvalue', 'item', 'choice', 'visiblepanelindex']);

/** Names expressions may refer to: questions (and their `valueName`s), calculated values. */
export function variableNames(def: Definition): Set<string> {
  const names = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isObject(v)) return;
    if (typeof v.name === 'string' && v.type !== undefined) names.add(v.name.toLowerCase());
    if (typeof v.valueName === 'string') names.add(v.valueName.toLowerCase());
    for (const k of ['pages', 'elements', 'templateElements']) if (Array.isArray(v[k])) visit(v[k]);
  };
  visit(def);
  if (Array.isArray(def.calculatedValues)) for (const c of def.calculatedValues) if (isObject(c) && typeof c.name === 'string') names.add(c.name.toLowerCase());
  return names;
}

/** `q1-Comment`, `m.row1`, `pd[0].q` → `q1`, `m`, `pd` (SurveyJS compares names case-insensitively). */
function rootOf(variable: string): string {
  return variable.split(/[.[]/)[0]!.replace(/-comment$/i, '').toLowerCase();
}

/**
 * The first problem of a condition as the server would report it (syntax first, then unknown questions, then
 * unknown functions); undefined when it is fine or empty. `known` defaults to the definition's question names.
 */
export function checkExpression(text: string, def: Definition, known: Set<string> = variableNames(def)): ExpressionProblem | undefined {
  if (text.trim() === '') return undefined;
  const { operand, errorAt } = parse(text);
  if (!operand) return { kind: 'syntax', at: errorAt };
  const unknown = new ExpressionRunner(text).getVariables().filter((v) => {
    const root = rootOf(v);
    return !known.has(v.toLowerCase()) && !known.has(root) && !CONTEXT_PREFIXES.has(root);
  });
  if (unknown.length > 0) return { kind: 'unknown-question', names: [...new Set(unknown)] };
  const functions: string[] = [];
  const collect = (op: unknown) => {
    if (op instanceof FunctionOperand) {
      if (!FunctionFactory.Instance.hasFunction(op.functionName)) functions.push(op.functionName);
      op.paramValues.forEach(collect);
    } else if (op instanceof BinaryOperand) {
      collect(op.leftOperand);
      collect(op.rightOperand);
    } else if (op instanceof UnaryOperand) collect(op.expression);
    else if (op instanceof ArrayOperand) op.values.forEach(collect);
  };
  collect(operand);
  if (functions.length > 0) return { kind: 'unknown-function', names: [...new Set(functions)] };
  return undefined;
}

/** The logic properties that hold a condition on the element at `path`, with their texts. */
export function conditionsOf(def: Definition, path: ElementPath): Partial<Record<ConditionProperty, string>> {
  const el = getAt(def, path);
  const out: Partial<Record<ConditionProperty, string>> = {};
  for (const p of CONDITION_PROPERTIES) if (typeof el?.[p] === 'string' && (el[p] as string).trim() !== '') out[p] = el[p] as string;
  return out;
}
