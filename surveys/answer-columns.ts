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
