/**
 * The analyst's section page shows a structured question with fixed cells as one figure per cell, from the
 * catalogue cells and the cell summaries the analysis module computes (rendered to static HTML: no browser).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Model } from 'survey-core';
import { expect, test } from 'vitest';
import { cellsReader } from '../../analysis/question-summaries';
import type { QuestionSummary } from '../../analysis/question-summaries';
import { structuredCells } from '../../analysis/structured-cells';
import { translate, type Lang } from '../../client/i18n';
import '../../client/i18n-pages';
import { formats, type Analysis, type CatalogueQuestion } from '../../client/pages/analysis/model';
import type { ViewContext } from '../../client/pages/analysis/question-view';
import { QuestionBlock } from '../../client/pages/analysis/sections-view';

const staff = {
  type: 'matrixdropdown',
  name: 'staff',
  title: { default: 'Staff', fr: 'Personnel' },
  choices: ['low', 'high'],
  rows: [{ value: 'y2024', text: '2024' }],
  columns: [
    { name: 'level', title: { default: 'Level', fr: 'Niveau' } },
    { name: 'who', title: 'Who', cellType: 'comment' },
  ],
};
const repeated = { type: 'matrixdynamic', name: 'events', columns: [{ name: 'c' }], choices: ['a'] };

function render(lang: Lang, element: Record<string, unknown>, answers: [string, unknown][]): string {
  const model = new Model({ pages: [{ name: 'p1', elements: [element] }] });
  const sq = model.getQuestionByName(element.name as string)!;
  const cells = structuredCells(sq);
  const questions: Record<string, QuestionSummary> = {};
  if (cells) {
    const reader = cellsReader(sq.name, cells, { type: sq.getType(), n: 0 });
    for (const [city, value] of answers) reader.read(value, city);
    reader.write(questions);
  } else {
    questions[sq.name] = { type: sq.getType(), n: answers.length };
  }
  const q: CatalogueQuestion = {
    code: sq.name,
    type: sq.getType(),
    shape: 'structured',
    indicator: null,
    policyArea: null,
    title: { en: sq.name === 'staff' ? 'Staff' : sq.name, fr: sq.name === 'staff' ? 'Personnel' : null },
    options: [],
    rows: [],
    commentKey: null,
    section: 'p1',
    cells,
  };
  const a = { survey: { id: 1, year: 2026, title: 'S' }, minCell: 1, cityNames: { A: 'Arles', B: 'Brest' }, labels: { areas: {}, channels: {} }, questions } as unknown as Analysis;
  const ctx: ViewContext = { a, t: (k, v) => translate(lang, k, v), f: formats(lang), questionHref: (code) => `/q/${code}`, go: () => {} };
  return renderToStaticMarkup(createElement(QuestionBlock, { ctx, q }));
}

const answers: [string, unknown][] = [
  ['A', { y2024: { level: 'low', who: 'Ana' } }],
  ['B', { y2024: { level: 'high' } }],
  ['C', 'not an object'],
];

test('a matrix of dropdowns shows its n, then one figure per cell titled "<row> · <column>" with its table and downloads', () => {
  const html = render('en', staff, answers);
  expect(html).toContain('data-figure="q-staff"');
  expect(html).toContain('>Staff</h3>');
  expect(html).toContain('n = 2');
  expect(html).toContain('data-figure="q-staff.y2024.level"');
  expect(html).toContain('<h4 id="q-staff.y2024.level-title">2024 · Level</h4>');
  // The choice figure's accessible table: each answer with its count of cities.
  expect(html).toMatch(/<th scope="row">low<\/th><td>1<\/td><td>50%<\/td>/);
  expect(html.split(translate('en', 'downloadTableCsv')).length - 1).toBe(1);
  // The text cell lists its text with the city.
  expect(html).toContain('<h4 id="q-staff.y2024.who-title">2024 · Who</h4>');
  expect(html).toContain('<blockquote>Ana</blockquote><span class="text-city">Arles</span>');
  expect(html).not.toContain(translate('en', 'structuredNote'));
});

test('in French, the cells take their French titles', () => {
  const html = render('fr', staff, answers);
  expect(html).toContain('>Personnel</h3>');
  expect(html).toContain('2024 · Niveau');
});

test('a dynamic matrix keeps its n and a note saying its repeated rows are not summarised, in both languages', () => {
  const en = render('en', repeated, [['A', [{ c: 'a' }]]]);
  expect(en).toContain('Repeated rows and panels are not summarised');
  expect(en).not.toContain('data-figure="q-events.');
  const fr = render('fr', repeated, [['A', [{ c: 'a' }]]]);
  expect(fr).toContain('Les lignes et panneaux répétés ne sont pas résumés');
});
