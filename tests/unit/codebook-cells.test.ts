/**
 * The codebook of a matrix of drop-downs: each cell described by its column's cell type (issue 3: the codebook
 * lists every column with its type, choices and their labels), as the question survey-core builds for the
 * column's cells reads it.
 */
import { expect, test } from 'vitest';
import { responseCodebook } from '../../server/services/codebook';

const loc = (en: string, fr: string) => ({ default: en, fr });
const definition = {
  pages: [
    {
      name: 'p1',
      elements: [
        {
          type: 'matrixdropdown',
          name: 'plan',
          title: loc('Plans', 'Plans'),
          choices: [
            { value: 'planned', text: loc('Planned', 'Prévu') },
            { value: 'done', text: loc('Done', 'Fait') },
          ],
          columns: [
            { name: 'status', title: loc('Status', 'État') },
            { name: 'tools', title: loc('Tools', 'Outils'), cellType: 'tagbox', choices: [{ value: 'web', text: loc('Web', 'Web') }] },
            { name: 'useful', title: loc('Useful', 'Utile'), cellType: 'rating', rateMin: 1, rateMax: 3 },
            { name: 'funded', title: loc('Funded', 'Financé'), cellType: 'boolean' },
            { name: 'budget', title: loc('Budget', 'Budget'), cellType: 'text', inputType: 'number' },
            { name: 'partner', title: loc('Partner', 'Partenaire'), cellType: 'dropdown', choices: ['ngo'], showOtherItem: true },
            { name: 'notes', title: loc('Notes', 'Notes'), cellType: 'comment' },
          ],
          rows: [{ value: 'education', text: loc('Education', 'Éducation') }],
        },
      ],
    },
  ],
};

test("each cell of a matrix of drop-downs is described by its column's cell type, in English and French", () => {
  const byColumn = new Map(responseCodebook(definition).map((c) => [c.column, c]));
  const cell = (name: string) => byColumn.get(`plan.education.${name}`)!;
  const values = (name: string) => cell(name).choices.map((c) => c.value);

  // A drop-down column without choices of its own takes the matrix's, with their French labels.
  expect(cell('status')).toMatchObject({ type: 'matrixdropdown', cell: 'one of the values listed in choices', item: { en: 'Education / Status', fr: 'Éducation / État' } });
  expect(cell('status').choices).toEqual([
    { value: 'planned', text: { en: 'Planned', fr: 'Prévu' } },
    { value: 'done', text: { en: 'Done', fr: 'Fait' } },
  ]);
  // A tag box holds several values (a JSON array), from its own choices.
  expect(cell('tools').cell).toBe('JSON array of one of the values listed in choices');
  expect(values('tools')).toEqual(['web']);
  // A rating lists its scale, a yes/no its two values, not the matrix's choices.
  expect(values('useful')).toEqual([1, 2, 3]);
  expect(values('funded')).toEqual([true, false]);
  // A number input is a number; a comment is text.
  expect(cell('budget')).toMatchObject({ cell: 'number', choices: [] });
  expect(cell('notes')).toMatchObject({ cell: 'text', choices: [] });
  // The column's own 'other' item is listed with its choices.
  expect(values('partner')).toEqual(['ngo', 'other']);
});
