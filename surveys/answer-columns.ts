/**
 * The flat layout of answers used by `responses.csv` and read back by the analysis CLI.
 *
 * One column per answer value, headed by stable question codes:
 * - single values (text, radiogroup, dropdown, boolean, rating, expression): `code`;
 * - checkbox / tagbox: `code.<choice>` = 1 when selected, 0 when not (empty when unanswered);
 * - ranking: `code.<choice>` = position, 1 = first;
 * - matrix: `code.<row>`; matrixdropdown: `code.<row>.<column>`; multipletext: `code.<item>`;
 * - 'other' text and comment areas: `code-Comment` (the SurveyJS key);
 * - paneldynamic / matrixdynamic: `code` holding the JSON array.
 */
import type { Model, Question } from 'survey-core';

export interface AnswerColumn {
  header: string;
  question: string;
  /** The cell for one response's answers: string, number, boolean or empty string. */
  cell(data: Record<string, unknown>): string | number | boolean;
}

type AnyQuestion = Question & Record<string, unknown>;
const values = (items: unknown): { value: unknown }[] => (Array.isArray(items) ? (items as { value: unknown }[]) : []);

function scalar(v: unknown): string | number | boolean {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

const NO_VALUE_TYPES = new Set(['html', 'image', 'signaturepad', 'file']);

/** The columns of a survey's answers in questionnaire order. */
export function answerColumns(model: Model): AnswerColumn[] {
  const cols: AnswerColumn[] = [];
  for (const question of model.getAllQuestions(false, false, true)) {
    const q = question as AnyQuestion;
    if (q.parentQuestion) continue; // cells of matrices and items of multiple text belong to their parent's columns
    const key = q.getValueName();
    const type = q.getType();
    if (NO_VALUE_TYPES.has(type)) continue;
    const get = (d: Record<string, unknown>) => d[key];
    switch (type) {
      case 'checkbox':
      case 'tagbox':
        for (const c of values(q.choices)) {
          cols.push({
            header: `${key}.${String(c.value)}`,
            question: key,
            cell: (d) => {
              const v = get(d);
              return Array.isArray(v) ? (v.includes(c.value) ? 1 : 0) : '';
            },
          });
        }
        for (const special of ['none', 'other', 'dontknow', 'refused'] as const) {
          const flag = { none: 'showNoneItem', other: 'showOtherItem', dontknow: 'showDontKnowItem', refused: 'showRefuseItem' }[special];
          if (q[flag]) {
            cols.push({
              header: `${key}.${special}`,
              question: key,
              cell: (d) => {
                const v = get(d);
                return Array.isArray(v) ? (v.includes(special) ? 1 : 0) : '';
              },
            });
          }
        }
        break;
      case 'ranking':
        for (const c of values(q.choices)) {
          cols.push({
            header: `${key}.${String(c.value)}`,
            question: key,
            cell: (d) => {
              const v = get(d);
              if (!Array.isArray(v)) return '';
              const i = v.indexOf(c.value);
              return i < 0 ? '' : i + 1;
            },
          });
        }
        break;
      case 'matrix':
        for (const r of values(q.rows)) {
          cols.push({
            header: `${key}.${String(r.value)}`,
            question: key,
            cell: (d) => scalar((get(d) as Record<string, unknown> | undefined)?.[String(r.value)]),
          });
        }
        break;
      case 'matrixdropdown':
        for (const r of values(q.rows)) {
          for (const c of (q.columns as { name: string }[]) ?? []) {
            cols.push({
              header: `${key}.${String(r.value)}.${c.name}`,
              question: key,
              cell: (d) => scalar((get(d) as Record<string, Record<string, unknown>> | undefined)?.[String(r.value)]?.[c.name]),
            });
          }
        }
        break;
      case 'multipletext':
        for (const item of (q.items as { name: string }[]) ?? []) {
          cols.push({
            header: `${key}.${item.name}`,
            question: key,
            cell: (d) => scalar((get(d) as Record<string, unknown> | undefined)?.[item.name]),
          });
        }
        break;
      default:
        cols.push({ header: key, question: key, cell: (d) => scalar(get(d)) });
    }
    if (q.showOtherItem || q.showCommentArea || q.hasComment) {
      const commentKey = `${key}-Comment`;
      cols.push({ header: commentKey, question: key, cell: (d) => scalar(d[commentKey]) });
    }
  }
  return cols;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Escapes a cell against formula injection in spreadsheets: text starting with = + - @ tab or CR gets a
 * leading apostrophe. Plain negative numbers are numbers, not formulas, and are left as they are.
 */
export function escapeCell(v: string | number | boolean): string | number | boolean {
  if (typeof v !== 'string') return v;
  return FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;
}

/**
 * Undoes `escapeCell`: a leading apostrophe is removed when what follows starts with = + - @ tab or CR and is
 * not a plain number (exactly the cells escapeCell escapes). Text that genuinely began with such an apostrophe
 * cannot be told apart and loses it.
 */
export function unescapeCell(text: string): string {
  if (!text.startsWith("'")) return text;
  const rest = text.slice(1);
  return FORMULA_START.test(rest) && !PLAIN_NUMBER.test(rest) ? rest : text;
}

type ItemLike = { value: unknown };
const NUMERIC_TEXT = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The item whose value prints as this cell, so 3 comes back as the number 3 and 'yes' as 'yes'. */
function itemValueOf(items: readonly ItemLike[], text: string): unknown {
  const item = items.find((i) => String(i.value) === text);
  return item ? item.value : undefined;
}

function specialItems(q: AnyQuestion): ItemLike[] {
  const out: ItemLike[] = [];
  const pairs: [string, string][] = [
    ['showNoneItem', 'noneItem'],
    ['showOtherItem', 'otherItem'],
    ['showDontKnowItem', 'dontKnowItem'],
    ['showRefuseItem', 'refuseItem'],
  ];
  for (const [flag, itemName] of pairs) {
    const item = q[itemName] as ItemLike | undefined;
    if (q[flag] && item) out.push(item);
  }
  return out;
}

function parseJsonCell(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON after all: text that happens to start with a bracket is kept as text.
    return text;
  }
}

function numberOrText(text: string): number | string {
  return NUMERIC_TEXT.test(text) ? Number(text) : text;
}

/** A single value cell of a question, typed as the questionnaire would store it. */
function singleValue(q: AnyQuestion, type: string, text: string): unknown {
  switch (type) {
    case 'radiogroup':
    case 'dropdown':
    case 'imagepicker': {
      const v = itemValueOf([...values(q.choices), ...specialItems(q)], text);
      return v !== undefined ? v : text;
    }
    case 'boolean': {
      if (q.valueTrue !== undefined && text === String(q.valueTrue)) return q.valueTrue;
      if (q.valueFalse !== undefined && text === String(q.valueFalse)) return q.valueFalse;
      return text === 'true' ? true : text === 'false' ? false : text;
    }
    case 'rating': {
      const v = itemValueOf(values(q.visibleRateValues), text);
      return v !== undefined ? v : numberOrText(text);
    }
    case 'text':
      return q.inputType === 'number' || q.inputType === 'range' ? numberOrText(text) : text;
    case 'expression':
      return numberOrText(text);
    case 'comment':
      return text;
    default:
      return parseJsonCell(text);
  }
}

/**
 * The inverse of `answerColumns` for one row of responses.csv (header → cell text, as papaparse reads it with
 * `header: true`): the answers of one response, keyed like SurveyJS data.
 * - cells are un-escaped (see unescapeCell); empty cells are unanswered;
 * - checkbox / tagbox: the choices whose `code.<choice>` is 1, in questionnaire order (the order of selection is
 *   not kept by the CSV); all cells 0 gives an empty array;
 * - ranking: the choices ordered by their `code.<choice>` position;
 * - matrix `code.<row>`, matrixdropdown `code.<row>.<column>`, multipletext `code.<item>`: objects of the
 *   answered cells;
 * - choice values come back with their questionnaire type (the number 3, not "3"); rating and number inputs as
 *   numbers; booleans as true / false (or valueTrue / valueFalse); JSON cells (paneldynamic ...) parsed.
 * Columns the model does not know (meta columns such as city, status) are ignored.
 */
export function parseAnswerRow(model: Model, row: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const cellText = (header: string): string | undefined => {
    const raw = row[header];
    if (raw === undefined || raw === null || raw === '') return undefined;
    return unescapeCell(String(raw));
  };
  const data: Record<string, unknown> = {};
  for (const question of model.getAllQuestions(false, false, true)) {
    const q = question as AnyQuestion;
    const type = q.getType();
    if (NO_VALUE_TYPES.has(type) || question.parentQuestion) continue;
    const key = q.getValueName();
    switch (type) {
      case 'checkbox':
      case 'tagbox': {
        const items = [...values(q.choices), ...specialItems(q)];
        let seen = false;
        const selected: unknown[] = [];
        for (const item of items) {
          const text = cellText(`${key}.${String(item.value)}`);
          if (text === undefined) continue;
          seen = true;
          if (text === '1' || text === 'true') selected.push(item.value);
        }
        if (seen) data[key] = selected;
        break;
      }
      case 'ranking': {
        const ranked: [number, unknown][] = [];
        for (const item of values(q.choices)) {
          const text = cellText(`${key}.${String(item.value)}`);
          const position = text === undefined ? NaN : Number(text);
          if (Number.isFinite(position)) ranked.push([position, item.value]);
        }
        if (ranked.length > 0) data[key] = ranked.sort(([a], [b]) => a - b).map(([, v]) => v);
        break;
      }
      case 'matrix': {
        const columns = values(q.columns);
        const answer: Record<string, unknown> = {};
        for (const r of values(q.rows)) {
          const text = cellText(`${key}.${String(r.value)}`);
          if (text === undefined) continue;
          const v = itemValueOf(columns, text);
          answer[String(r.value)] = v !== undefined ? v : text;
        }
        if (Object.keys(answer).length > 0) data[key] = answer;
        break;
      }
      case 'matrixdropdown': {
        const answer: Record<string, Record<string, unknown>> = {};
        for (const r of values(q.rows)) {
          for (const c of (q.columns as ({ name: string; choices?: ItemLike[] } & Record<string, unknown>)[]) ?? []) {
            const text = cellText(`${key}.${String(r.value)}.${c.name}`);
            if (text === undefined) continue;
            const choices = values(c.choices).length > 0 ? values(c.choices) : values(q.choices);
            const v = itemValueOf(choices, text);
            (answer[String(r.value)] ??= {})[c.name] = v !== undefined ? v : numberOrTextIfNumeric(c, parseJsonCell(text));
          }
        }
        if (Object.keys(answer).length > 0) data[key] = answer;
        break;
      }
      case 'multipletext': {
        const answer: Record<string, unknown> = {};
        for (const item of (q.items as { name: string; inputType?: string }[]) ?? []) {
          const text = cellText(`${key}.${item.name}`);
          if (text === undefined) continue;
          answer[item.name] = item.inputType === 'number' || item.inputType === 'range' ? numberOrText(text) : text;
        }
        if (Object.keys(answer).length > 0) data[key] = answer;
        break;
      }
      default: {
        const text = cellText(key);
        if (text !== undefined) data[key] = singleValue(q, type, text);
      }
    }
    if (q.showOtherItem || q.showCommentArea || q.hasComment) {
      const text = cellText(`${key}-Comment`);
      if (text !== undefined) data[`${key}-Comment`] = text;
    }
  }
  return data;
}

function numberOrTextIfNumeric(column: Record<string, unknown>, v: unknown): unknown {
  return typeof v === 'string' && (column.inputType === 'number' || column.cellType === 'rating') ? numberOrText(v) : v;
}
