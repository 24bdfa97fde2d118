/**
 * What each column of responses.csv holds: question code, English and French texts, type, analysis tags, and
 * the values a cell can take with their labels. Built from the definition through survey-core, in the order of
 * `answerColumns`, so the codebook always matches the export it documents.
 */
import 'survey-core/i18n/french';
import '../../surveys/extensions';
import { Model, type ItemValue, type Question } from 'survey-core';
import { answerColumns } from '../../surveys/answer-columns';
import { META_HEADERS, type MetaHeader } from './csv-export';

/** A text in English (the questionnaire's default locale) and French, as respondents saw it in each language. */
export interface Texts {
  en: string;
  fr: string;
}

export interface ChoiceLabel {
  value: string | number | boolean;
  text: Texts;
}

/** One column of responses.csv (and one `column` value of responses-long.csv). */
export interface ColumnDescription {
  column: string;
  /** Question code; empty for the meta columns. */
  question: string;
  /** SurveyJS question type; `meta` for the columns describing the city and the response. */
  type: string;
  indicator: string | null;
  policyArea: string | null;
  /** The question's text (meta columns: what the column is). */
  title: Texts;
  /** The row, choice or item the column is about, for questions spread over several columns. */
  item: Texts | null;
  /** What a cell holds, in English. */
  cell: string;
  /** The values a cell can take, with their labels; empty for free answers. */
  choices: ChoiceLabel[];
}

const CELL = {
  choice: 'one of the values listed in choices',
  checked: '1 = chosen, 0 = not chosen; empty when the question was not answered',
  rank: 'position in the ranking (1 = first); empty when not ranked',
  number: 'number',
  text: 'text',
  comment: 'text written for "other" or as a comment',
  json: 'the whole answer as JSON',
  computed: 'value computed by the questionnaire',
} as const;

const META: Record<MetaHeader, { title: Texts; cell: string; choices?: ChoiceLabel[] }> = {
  city: { title: { en: 'City code', fr: 'Code de la ville' }, cell: CELL.text },
  city_name: { title: { en: 'City name', fr: 'Nom de la ville' }, cell: CELL.text },
  country: { title: { en: 'Country of the city', fr: 'Pays de la ville' }, cell: 'country code' },
  networks: { title: { en: 'Networks the city belongs to', fr: 'Réseaux dont la ville est membre' }, cell: 'network codes separated by ";"' },
  status: {
    title: { en: 'Status of the answers', fr: 'Statut des réponses' },
    cell: CELL.choice,
    choices: [
      { value: 'draft', text: { en: 'Draft (saved, not submitted)', fr: 'Brouillon (enregistré, non envoyé)' } },
      { value: 'submitted', text: { en: 'Submitted', fr: 'Envoyé' } },
    ],
  },
  revision: { title: { en: 'Number of saves that changed the answers', fr: 'Nombre d’enregistrements ayant modifié les réponses' }, cell: CELL.number },
  version: { title: { en: 'Questionnaire version answered (id)', fr: 'Version du questionnaire (identifiant)' }, cell: CELL.number },
  updated_at: { title: { en: 'Last change of the answers', fr: 'Dernière modification des réponses' }, cell: 'date and time, UTC (ISO 8601)' },
  submitted_at: {
    title: { en: 'Submission of the answers', fr: 'Envoi des réponses' },
    cell: 'date and time, UTC (ISO 8601); empty when not submitted',
  },
};

type Loose = Question & Record<string, unknown>;
type Tagged = { getPropertyValue(name: string): unknown };
const tag = (obj: unknown, name: string): string | null => {
  const v = (obj as Tagged).getPropertyValue(name);
  return typeof v === 'string' && v !== '' ? v : null;
};
const asValue = (v: unknown): string | number | boolean => (typeof v === 'number' || typeof v === 'boolean' ? v : String(v));
const items = (v: unknown): ItemValue[] => (Array.isArray(v) ? (v as ItemValue[]) : []);

const SPECIAL_ITEMS = [
  ['showNoneItem', 'noneItem'],
  ['showOtherItem', 'otherItem'],
  ['showDontKnowItem', 'dontKnowItem'],
  ['showRefuseItem', 'refuseItem'],
] as const;
const NO_VALUE_TYPES = new Set(['html', 'image', 'signaturepad', 'file']);
const SINGLE_CHOICE_TYPES = new Set(['radiogroup', 'dropdown', 'imagepicker']);

/**
 * Labels of a list of items found at the same place in the English question `x` and the French one `xf` (both
 * models come from the same definition); `describe` words an item otherwise than by its text.
 */
function labelsOf(
  x: Loose,
  xf: Loose | undefined,
  get: (y: Loose) => ItemValue[],
  describe?: (item: ItemValue, i: number, y: Loose) => string,
): ChoiceLabel[] {
  const frItems = xf ? get(xf) : [];
  return get(x).map((item, i) => ({
    value: asValue(item.value),
    text: {
      en: describe ? describe(item, i, x) : item.text,
      fr: frItems[i] ? (describe && xf ? describe(frItems[i]!, i, xf) : frItems[i]!.text) : '',
    },
  }));
}

const specials = (x: Loose): ItemValue[] => SPECIAL_ITEMS.filter(([flag, name]) => x[flag] && x[name]).map(([, name]) => x[name] as ItemValue);

/**
 * What one answer value of the question `x` holds and the values it can take (`xf`: the same question in the
 * French model): for a question of its own, or for a cell of a matrix of drop-downs, read through the question
 * survey-core builds for the column's cells (its `templateQuestion`, of the column's cell type). A cell whose
 * column lists no choices takes the matrix's (`inherited`, English and French).
 */
function describeValue(x: Loose, xf: Loose | undefined, inherited?: { en: ItemValue[]; fr: ItemValue[] }): { cell: string; choices: ChoiceLabel[] } {
  const type = x.getType();
  const choiceItems = (y: Loose) => {
    const own = items(y.choices);
    const from = inherited ? (y === x ? inherited.en : inherited.fr) : [];
    return [...(own.length > 0 ? own : from), ...specials(y)];
  };
  if (SINGLE_CHOICE_TYPES.has(type)) return { cell: CELL.choice, choices: labelsOf(x, xf, choiceItems) };
  if (type === 'checkbox' || type === 'tagbox') return { cell: `JSON array of ${CELL.choice}`, choices: labelsOf(x, xf, choiceItems) };
  if (type === 'boolean') {
    const label = (get: (y: Loose) => unknown): Texts => ({ en: String(get(x) ?? ''), fr: xf ? String(get(xf) ?? '') : '' });
    return {
      cell: CELL.choice,
      choices: [
        { value: asValue(x.valueTrue ?? true), text: label((y) => y.labelTrue) },
        { value: asValue(x.valueFalse ?? false), text: label((y) => y.labelFalse) },
      ],
    };
  }
  if (type === 'rating') {
    // The ends of the scale carry their descriptions (e.g. "1 (Not useful at all)").
    const choices = labelsOf(
      x,
      xf,
      (y) => items(y.visibleRateValues),
      (item, i, y) => {
        const last = items(y.visibleRateValues).length - 1;
        const end = i === 0 ? y.minRateDescription : i === last ? y.maxRateDescription : '';
        return end ? `${item.text} (${String(end)})` : item.text;
      },
    );
    return { cell: CELL.choice, choices };
  }
  if (type === 'text') {
    const inputType = String(x.inputType ?? 'text');
    return { cell: inputType === 'number' || inputType === 'range' ? CELL.number : inputType === 'text' ? CELL.text : `${CELL.text} (${inputType})`, choices: [] };
  }
  if (type === 'comment') return { cell: CELL.text, choices: [] };
  if (type === 'expression') return { cell: CELL.computed, choices: [] };
  return { cell: CELL.json, choices: [] };
}

/**
 * The descriptions of the answer columns of a definition, keyed by column header. `fr` is the same definition
 * with its locale set to French; without it French texts are empty (the long export only needs the tags).
 */
function describeAnswers(model: Model, fr: Model | undefined): Map<string, ColumnDescription> {
  const out = new Map<string, ColumnDescription>();
  const enQuestions = model.getAllQuestions(false, false, true);
  const frQuestions = fr?.getAllQuestions(false, false, true) ?? [];
  enQuestions.forEach((question, index) => {
    const q = question as Loose;
    if (q.parentQuestion || NO_VALUE_TYPES.has(q.getType())) return;
    // Both models come from the same definition, so their questions come in the same order.
    const qf = frQuestions[index] as Loose | undefined;
    const key = q.getValueName();
    const type = q.getType();
    const texts = (get: (x: Loose) => unknown): Texts => ({ en: String(get(q) ?? ''), fr: qf ? String(get(qf) ?? '') : '' });
    const labels = (get: (x: Loose) => ItemValue[]) => labelsOf(q, qf, get);
    const base = {
      question: key,
      type,
      indicator: tag(q, 'indicator'),
      policyArea: tag(q, 'policyArea'),
      title: texts((x) => x.title),
    };
    const add = (column: string, rest: Pick<ColumnDescription, 'item' | 'cell' | 'choices'> & { policyArea?: string | null }) =>
      out.set(column, { ...base, ...rest, column, policyArea: base.policyArea ?? rest.policyArea ?? null });

    switch (type) {
      case 'checkbox':
      case 'tagbox':
      case 'ranking': {
        const all = (x: Loose) => [...items(x.choices), ...(type === 'ranking' ? [] : specials(x))];
        const frAll = qf ? all(qf) : [];
        all(q).forEach((item, i) => {
          add(`${key}.${String(item.value)}`, {
            item: { en: item.text, fr: frAll[i]?.text ?? '' },
            cell: type === 'ranking' ? CELL.rank : CELL.checked,
            choices: [],
            policyArea: tag(item, 'policyArea'),
          });
        });
        break;
      }
      case 'matrix': {
        const columns = labels((x) => items(x.columns));
        const frRows = qf ? items(qf.rows) : [];
        items(q.rows).forEach((row, i) => {
          add(`${key}.${String(row.value)}`, {
            item: { en: row.text, fr: frRows[i]?.text ?? '' },
            cell: CELL.choice,
            choices: columns,
            policyArea: tag(row, 'policyArea'),
          });
        });
        break;
      }
      case 'matrixdropdown': {
        type Column = { name: string; title: string; templateQuestion?: Loose };
        const columnsOf = (x: Loose) => (Array.isArray(x.columns) ? (x.columns as Column[]) : []);
        const frRows = qf ? items(qf.rows) : [];
        const frColumns = qf ? columnsOf(qf) : [];
        const inherited = { en: items(q.choices), fr: qf ? items(qf.choices) : [] };
        items(q.rows).forEach((row, r) => {
          columnsOf(q).forEach((column, c) => {
            const cellQuestion = column.templateQuestion;
            add(`${key}.${String(row.value)}.${column.name}`, {
              item: {
                en: `${row.text} / ${column.title}`,
                fr: frRows[r] && frColumns[c] ? `${frRows[r]!.text} / ${frColumns[c]!.title}` : '',
              },
              ...(cellQuestion ? describeValue(cellQuestion, frColumns[c]?.templateQuestion, inherited) : { cell: CELL.json, choices: [] }),
              policyArea: tag(row, 'policyArea'),
            });
          });
        });
        break;
      }
      case 'multipletext': {
        type Item = { name: string; title: string; inputType?: string };
        const itemsOf = (x: Loose) => (Array.isArray(x.items) ? (x.items as Item[]) : []);
        const frItems = qf ? itemsOf(qf) : [];
        itemsOf(q).forEach((item, i) => {
          const numeric = item.inputType === 'number' || item.inputType === 'range';
          add(`${key}.${item.name}`, { item: { en: item.title, fr: frItems[i]?.title ?? '' }, cell: numeric ? CELL.number : CELL.text, choices: [] });
        });
        break;
      }
      default:
        add(key, { item: null, ...describeValue(q, qf) });
    }
    if (q.showOtherItem || q.showCommentArea || q.hasComment) {
      const item = (x: Loose) => (x.showOtherItem ? (x.otherItem as ItemValue).text : String(x.commentText ?? ''));
      add(`${key}-Comment`, { item: { en: item(q), fr: qf ? item(qf) : '' }, cell: CELL.comment, choices: [] });
    }
  });
  return out;
}

/** Analysis tags of each answer column (indicator, policy area), keyed by header, for the long export. */
export function answerColumnTags(model: Model): Map<string, { indicator: string | null; policyArea: string | null }> {
  return describeAnswers(model, undefined);
}

/** Every column of responses.csv for this definition, meta columns first, in the export's order. */
export function responseCodebook(definition: object): ColumnDescription[] {
  const model = new Model(definition);
  const fr = new Model(definition);
  fr.locale = 'fr';
  const described = describeAnswers(model, fr);
  const meta = META_HEADERS.map(
    (column): ColumnDescription => ({
      column,
      question: '',
      type: 'meta',
      indicator: null,
      policyArea: null,
      title: META[column].title,
      item: null,
      cell: META[column].cell,
      choices: META[column].choices ?? [],
    }),
  );
  const answers = answerColumns(model).map(
    (c): ColumnDescription =>
      described.get(c.header) ?? {
        // A column answerColumns knows and this walk does not: still listed, with what the question says.
        column: c.header,
        question: c.question,
        type: model.getQuestionByValueName(c.question)?.getType() ?? '',
        indicator: null,
        policyArea: null,
        title: { en: model.getQuestionByValueName(c.question)?.title ?? '', fr: '' },
        item: null,
        cell: CELL.json,
        choices: [],
      },
  );
  return [...meta, ...answers];
}
