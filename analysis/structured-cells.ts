/**
 * The cells of the structured questions with a fixed structure, read from the definition through survey-core:
 * each row × column of a matrix of dropdowns (`matrixdropdown`) and each item of a multiple text
 * (`multipletext`) holds one value per city, so it can be summarised as a question of its own shape.
 *
 * Dynamic matrices (`matrixdynamic`) and dynamic panels (`paneldynamic`) have no fixed cells: a city may give
 * several rows or panels, hence several values per cell, and shares of cities would no longer add up. They
 * stay n-only (structuredCells returns null for them).
 */
import '../surveys/extensions';
import type { ItemValue, Question } from 'survey-core';
import type { Indicator } from '../surveys/extensions';
import { indicatorOf, localised, NUMERIC_INPUT_TYPES, optionsOf, shapeOf, tagString, type Localisable } from './catalogue-items';
import type { ChoiceOption, LocalisedText } from './survey-catalogue';

/** One cell of a structured question: where its value sits in the answer and how it is summarised. */
export interface CatalogueCell {
  /** Output key suffix: the summary sits under `"<code>.<key>"` (`<row>.<column>` or `<item>`). */
  key: string;
  /** Path of the cell's value in the question's answer: `[row, column]` (matrixdropdown) or `[item]`. */
  path: [string] | [string, string];
  row?: string;
  column?: string;
  item?: string;
  /** The cell's question type (dropdown, checkbox, rating, text ...), the `type` of its summary. */
  type: string;
  shape: 'single' | 'multiple' | 'numeric' | 'text';
  /** Choices (single, multiple), special items included, or rating values (numeric rating). */
  options: ChoiceOption[];
  /** `"<row> · <column>"` or the item's title. */
  title: LocalisedText;
  /** The row's policyArea tag (matrixdropdown rows), else null. */
  policyArea: string | null;
}

type CellDescription = Pick<CatalogueCell, 'type' | 'shape' | 'options'>;
const CELL_SHAPES: ReadonlySet<string> = new Set(['single', 'multiple', 'numeric', 'text']);

/**
 * How one cell is read, from the question survey-core builds for it (a column's templateQuestion), as a question
 * of that type would be: choices from the column itself, else from the matrix (`matrixChoices`). Null for cell
 * types holding no answer to summarise (expression ...).
 */
function describeCell(cell: Question, matrixChoices: readonly ItemValue[], indicator: Indicator | null): CellDescription | null {
  const options = optionsOf(cell, indicator, matrixChoices);
  const shape = shapeOf(cell, options);
  return CELL_SHAPES.has(shape) ? { type: cell.getType(), shape: shape as CatalogueCell['shape'], options } : null;
}

/** `"<row> · <column>"` in both languages; French only when the row or the column is translated. */
function joinedTitle(row: LocalisedText, column: LocalisedText): LocalisedText {
  const en = `${row.en} · ${column.en}`;
  const fr = row.fr || column.fr ? `${row.fr ?? row.en} · ${column.fr ?? column.en}` : null;
  return { en, fr };
}

interface MatrixColumn {
  name: string;
  locTitle?: Localisable;
  templateQuestion?: Question;
}

function matrixDropdownCells(q: Question): CatalogueCell[] {
  const m = q as Question & { rows?: ItemValue[]; columns?: MatrixColumn[]; choices?: ItemValue[] };
  const indicator = indicatorOf(q);
  const columns = (m.columns ?? []).flatMap((column) => {
    // templateQuestion is the question survey-core builds for the column's cells, of the column's cellType
    // (its 'default' resolved to the matrix's cellType, itself 'dropdown' unless set).
    const described = column.templateQuestion ? describeCell(column.templateQuestion, m.choices ?? [], indicator) : null;
    return described ? [{ name: column.name, title: localised(column.locTitle, column.name), ...described }] : [];
  });
  return (m.rows ?? []).flatMap((rowItem) => {
    const row = String(rowItem.value);
    const rowTitle = localised((rowItem as unknown as { locText?: Localisable }).locText, row);
    const policyArea = tagString(rowItem, 'policyArea');
    return columns.map(({ name, title, type, shape, options }) => ({
      key: `${row}.${name}`,
      path: [row, name] as [string, string],
      row,
      column: name,
      type,
      shape,
      options,
      title: joinedTitle(rowTitle, title),
      policyArea,
    }));
  });
}

function multipleTextCells(q: Question): CatalogueCell[] {
  const items = (q as Question & { items?: { name: string; inputType?: string; locTitle?: Localisable }[] }).items ?? [];
  return items.map((item) => ({
    key: item.name,
    path: [item.name] as [string],
    item: item.name,
    type: 'text',
    shape: NUMERIC_INPUT_TYPES.has(item.inputType ?? 'text') ? 'numeric' : 'text',
    options: [],
    title: localised(item.locTitle, item.name),
    policyArea: null,
  }));
}

/**
 * The cells of a structured question with a fixed structure, in questionnaire order (rows, then columns within
 * a row): every row × column of a matrixdropdown, every item of a multipletext. Null for any other type,
 * matrixdynamic and paneldynamic included (repeated rows or panels: several values per city and cell).
 */
export function structuredCells(q: Question): CatalogueCell[] | null {
  const type = q.getType();
  if (type === 'matrixdropdown') return matrixDropdownCells(q);
  if (type === 'multipletext') return multipleTextCells(q);
  return null;
}
