/**
 * Texts survey-core rewrites inside expressions (issue 4).
 *
 * Before parsing a condition or an expression, survey-core 3 (ConditionsParser.patchExpression) replaces, in the
 * whole text, `=>` by `>=`, `=<` by `<=`, `<>` by `!=` and `equals` by `equal ` (so `notequals` too): alternative
 * spellings of operators. It does so inside quoted values and `{question}` names as well, so a condition such as
 * `{q} = 'a=>b'` compares with `a>=b` and never matches the choice `a=>b`, and `{q_equals}` reads a question
 * `q_equal ` that does not exist.
 *
 * Pure (no survey-core, no I/O): the server's definition check and the builder use it.
 */

/** What survey-core replaces, in its order (`notequals` is caught by `equals`). */
export const REWRITTEN_SEQUENCES: readonly (readonly [string, string])[] = [
  ['=>', '>='],
  ['=<', '<='],
  ['<>', '!='],
  ['equals', 'equal '],
];

/** `text` as survey-core's patchExpression leaves it (its default `{` `}` delimiters). */
export function rewrittenBySurveyCore(text: string): string {
  return REWRITTEN_SEQUENCES.reduce((t, [from, to]) => t.split(from).join(to), text);
}

/** The sequences of REWRITTEN_SEQUENCES a text contains. */
export function rewrittenSequencesIn(text: string): string[] {
  return REWRITTEN_SEQUENCES.filter(([from]) => text.includes(from)).map(([from]) => from);
}

/** A quoted value or a `{name}` of an expression that survey-core changes before evaluating it. */
export interface ChangedLiteral {
  kind: 'value' | 'name';
  /** As written (without its quotes or braces). */
  text: string;
  /** What survey-core reads instead. */
  readAs: string;
}

/**
 * Quoted values ('...' or "...") and `{names}` of an expression that survey-core rewrites: the expression does
 * not compare with, or read, what it says. Operators written with the alternative spellings outside them are
 * what the rewriting is for, and are not listed.
 */
export function changedLiterals(expression: string): ChangedLiteral[] {
  const found: ChangedLiteral[] = [];
  const literal = /'([^']*)'|"([^"]*)"|\{([^{}]*)\}/g;
  for (const m of expression.matchAll(literal)) {
    const text = m[1] ?? m[2] ?? m[3] ?? '';
    if (rewrittenSequencesIn(text).length === 0) continue;
    found.push({ kind: m[3] !== undefined ? 'name' : 'value', text, readAs: rewrittenBySurveyCore(text) });
  }
  return found;
}

/** The problem an expression with changed literals has, as checkDefinition words its problems. */
export function describeChangedLiteral(owner: string, key: string, expression: string, c: ChangedLiteral): string {
  const what = c.kind === 'name' ? `the question "${c.text}"` : `the value "${c.text}"`;
  const sequences = rewrittenSequencesIn(c.text)
    .map((s) => `"${s}"`)
    .join(', ');
  return `${owner}: ${key} "${expression}" would not work: survey-core rewrites ${sequences} inside expressions, so it reads ${what} as "${c.readAs}". Rename the ${c.kind === 'name' ? 'question code' : 'value'} (without ${sequences}).`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ELEMENT_LISTS = ['elements', 'questions', 'templateElements'] as const;
const ITEM_LISTS = [
  ['choices', 'choice'],
  ['rows', 'row'],
  ['columns', 'column'],
  ['rateValues', 'rate value'],
] as const;
const EXPRESSION_KEY = /(If|Expression)$|^expression$/;

/** Every expression text of a definition (conditions, calculated values, triggers, validators...). */
function expressionsOf(definition: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth > 60) return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, depth + 1));
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (EXPRESSION_KEY.test(key) && typeof value === 'string') out.push(value);
      else walk(value, depth + 1);
    }
  };
  walk(definition, 0);
  return out;
}

/**
 * Question codes and choice, row, column and rate values that contain a sequence survey-core rewrites inside
 * expressions, when no expression of the definition uses them yet (those that are used make the expression
 * wrong: checkDefinition refuses them). Answers are stored as they are; only a condition written on them later
 * would not match, so these are warnings, each naming the element.
 */
export function rewrittenValueWarnings(definition: unknown): string[] {
  if (!isObject(definition) || !Array.isArray(definition.pages)) return [];
  const used = new Set(expressionsOf(definition).flatMap((e) => changedLiterals(e).map((c) => c.text)));
  const warnings: string[] = [];
  const warn = (owner: string, what: string, text: string) => {
    if (used.has(text)) return;
    const sequences = rewrittenSequencesIn(text);
    if (sequences.length === 0) return;
    const list = sequences.map((s) => `"${s}"`).join(', ');
    warnings.push(
      `${owner}: ${what} "${text}" contains ${list}, which survey-core rewrites inside conditions (it would read "${rewrittenBySurveyCore(text)}"): a condition on it would never match. Prefer a ${what} without ${list}.`,
    );
  };
  const visit = (container: Json, depth: number) => {
    if (depth > 40) return;
    for (const key of ELEMENT_LISTS) {
      const list = container[key];
      if (!Array.isArray(list)) continue;
      for (const el of list) {
        if (!isObject(el)) continue;
        const name = typeof el.name === 'string' ? el.name : '';
        const owner = el.type === 'panel' ? `panel "${name}"` : `question "${name}"`;
        if (name) warn(owner, el.type === 'panel' ? 'panel name' : 'question code', name);
        for (const [listKey, what] of ITEM_LISTS) {
          const items = el[listKey];
          if (!Array.isArray(items)) continue;
          for (const item of items) {
            const value = isObject(item) ? (item.value ?? item.name) : item;
            if (typeof value === 'string') warn(owner, `${what} value`, value);
          }
        }
        visit(el, depth + 1);
      }
    }
  };
  for (const page of definition.pages) if (isObject(page)) visit(page, 0);
  return warnings;
}
