import { Model } from 'survey-core';
import { expect, test } from 'vitest';
import '../../surveys/extensions';
import { answerColumns, escapeCell } from '../../surveys/answer-columns';
import { loadDefaultSurveys } from '../../surveys/default-surveys';
import { POLICY_AREAS } from '../../surveys/extensions';

function columnsOf(elements: object[]) {
  return answerColumns(new Model({ pages: [{ name: 'p1', elements }] }));
}
const headers = (elements: object[]) => columnsOf(elements).map((c) => c.header);
/** The header → cell map of one answer set. */
function cells(elements: object[], data: Record<string, unknown>) {
  return Object.fromEntries(columnsOf(elements).map((c) => [c.header, c.cell(data)]));
}

test('single-value questions get one column named by their code', () => {
  const elements = [
    { type: 'text', name: 'city_name' },
    { type: 'comment', name: 'remarks' },
    { type: 'radiogroup', name: 'role', choices: ['a', 'b'] },
    { type: 'dropdown', name: 'size', choices: [1, 2] },
    { type: 'boolean', name: 'ok' },
    { type: 'rating', name: 'rate', rateMax: 3 },
  ];
  expect(headers(elements)).toEqual(['city_name', 'remarks', 'role', 'size', 'ok', 'rate']);
  expect(cells(elements, { city_name: 'Lyon', role: 'b', size: 2, ok: false, rate: 3 })).toEqual({
    city_name: 'Lyon',
    remarks: '',
    role: 'b',
    size: 2,
    ok: false,
    rate: 3,
  });
});

test('elements without an answer (html, image) get no column', () => {
  expect(headers([{ type: 'html', name: 'intro', html: '<p>x</p>' }, { type: 'text', name: 'q' }])).toEqual(['q']);
});

test('a checkbox gets one 1/0 column per choice, then none and other, then the other text', () => {
  const elements = [{ type: 'checkbox', name: 'svc', choices: ['x', 'y'], showNoneItem: true, showOtherItem: true }];
  expect(headers(elements)).toEqual(['svc.x', 'svc.y', 'svc.none', 'svc.other', 'svc-Comment']);
  expect(cells(elements, { svc: ['y', 'other'], 'svc-Comment': 'Mentoring' })).toEqual({
    'svc.x': 0,
    'svc.y': 1,
    'svc.none': 0,
    'svc.other': 1,
    'svc-Comment': 'Mentoring',
  });
});

test('an unanswered checkbox leaves its columns empty rather than 0', () => {
  const elements = [{ type: 'checkbox', name: 'svc', choices: ['x', 'y'] }];
  expect(cells(elements, {})).toEqual({ 'svc.x': '', 'svc.y': '' });
  expect(cells(elements, { svc: 'x' })).toEqual({ 'svc.x': '', 'svc.y': '' });
});

test("a checkbox with don't-know and refuse items gets their columns", () => {
  const elements = [{ type: 'checkbox', name: 'dk', choices: ['a'], showDontKnowItem: true, showRefuseItem: true }];
  expect(headers(elements)).toEqual(['dk.a', 'dk.dontknow', 'dk.refused']);
  expect(cells(elements, { dk: ['dontknow'] })).toEqual({ 'dk.a': 0, 'dk.dontknow': 1, 'dk.refused': 0 });
});

test('a tagbox is laid out like a checkbox', () => {
  const elements = [{ type: 'tagbox', name: 'tags', choices: ['t1', 't2'] }];
  expect(cells(elements, { tags: ['t2'] })).toEqual({ 'tags.t1': 0, 'tags.t2': 1 });
});

test('a ranking gets one column per choice holding its position, 1 = first', () => {
  const elements = [{ type: 'ranking', name: 'rank', choices: ['r1', 'r2', 'r3'] }];
  expect(cells(elements, { rank: ['r3', 'r1'] })).toEqual({ 'rank.r1': 2, 'rank.r2': '', 'rank.r3': 1 });
  expect(cells(elements, {})).toEqual({ 'rank.r1': '', 'rank.r2': '', 'rank.r3': '' });
});

test('a matrix gets one column per row, also inside a panel', () => {
  const elements = [{ type: 'panel', name: 'pan', elements: [{ type: 'matrix', name: 'm', rows: ['row1', 'row2'], columns: [0, 1] }] }];
  expect(cells(elements, { m: { row1: 0 } })).toEqual({ 'm.row1': 0, 'm.row2': '' });
});

test('a radiogroup with other gets its text in code-Comment; a comment area too', () => {
  const elements = [
    { type: 'radiogroup', name: 'role', choices: ['a'], showOtherItem: true },
    { type: 'dropdown', name: 'dd', choices: [1, 2], showCommentArea: true },
  ];
  expect(cells(elements, { role: 'other', 'role-Comment': 'Deputy', dd: 1, 'dd-Comment': 'roughly' })).toEqual({
    role: 'other',
    'role-Comment': 'Deputy',
    dd: 1,
    'dd-Comment': 'roughly',
  });
});

test('dynamic panels and matrices hold their JSON array in one column', () => {
  const elements = [{ type: 'paneldynamic', name: 'pd', templateElements: [{ type: 'text', name: 'inner' }] }];
  expect(cells(elements, { pd: [{ inner: 'x' }] })).toEqual({ pd: '[{"inner":"x"}]' });
});

test('a question with a valueName is headed by it', () => {
  expect(cells([{ type: 'text', name: 'vn', valueName: 'shared' }], { shared: 's', vn: 'ignored' })).toEqual({ shared: 's' });
});

test('object answers of single-value questions are written as JSON', () => {
  expect(cells([{ type: 'text', name: 'q' }], { q: { a: [1, 2] } })).toEqual({ q: '{"a":[1,2]}' });
  expect(cells([{ type: 'text', name: 'q' }], { q: null })).toEqual({ q: '' });
});

test('a matrixdropdown gets one column per row and column, and nothing else', () => {
  expect(headers([{ type: 'matrixdropdown', name: 'md', rows: ['a', 'b'], columns: [{ name: 'c1' }, { name: 'c2' }] }])).toEqual([
    'md.a.c1',
    'md.a.c2',
    'md.b.c1',
    'md.b.c2',
  ]);
});

test('a multipletext gets one column per item, and nothing else', () => {
  expect(headers([{ type: 'multipletext', name: 'mt', items: [{ name: 'i1' }, { name: 'i2' }] }])).toEqual(['mt.i1', 'mt.i2']);
});

test('a matrixdynamic gets one JSON column, and nothing else', () => {
  expect(headers([{ type: 'matrixdynamic', name: 'mdyn', columns: [{ name: 'k' }] }])).toEqual(['mdyn']);
});

test('the cells of matrixdropdown and multipletext answers hold the right values', () => {
  const md = columnsOf([{ type: 'matrixdropdown', name: 'md', rows: ['a', 'b'], columns: [{ name: 'c1' }, { name: 'c2' }] }]);
  const data = { md: { a: { c2: 'v' } } };
  expect(md.filter((c) => c.header.startsWith('md.')).map((c) => [c.header, c.cell(data)])).toEqual([
    ['md.a.c1', ''],
    ['md.a.c2', 'v'],
    ['md.b.c1', ''],
    ['md.b.c2', ''],
  ]);
  const mt = columnsOf([{ type: 'multipletext', name: 'mt', items: [{ name: 'i1' }, { name: 'i2' }] }]);
  expect(mt.filter((c) => c.header.startsWith('mt.')).map((c) => [c.header, c.cell({ mt: { i1: 'one' } })])).toEqual([
    ['mt.i1', 'one'],
    ['mt.i2', ''],
  ]);
});

test('the default questionnaire has unique column headers in a stable layout', () => {
  const columns = answerColumns(new Model(loadDefaultSurveys()[0]!.definition));
  const all = columns.map((c) => c.header);
  expect(new Set(all).size).toBe(all.length);
  expect(all.slice(0, 2)).toEqual(['respondent_role', 'respondent_role-Comment']);
  expect(all.slice(2, 2 + POLICY_AREAS.length)).toEqual(POLICY_AREAS.map((a) => `chg.${a}`));
  expect(all).toContain('prog.education');
  expect(all).toContain('comm_channels.email_targeted');
  expect(all.at(-1)).toBe('final_comment');
});

test('escapeCell prefixes text that a spreadsheet would run as a formula', () => {
  expect(escapeCell('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
  expect(escapeCell('+1')).toBe(`'+1`);
  expect(escapeCell('-2+3')).toBe(`'-2+3`);
  expect(escapeCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
  expect(escapeCell('\t=1')).toBe(`'\t=1`);
  expect(escapeCell('\r=1')).toBe(`'\r=1`);
  expect(escapeCell('-')).toBe(`'-`);
  expect(escapeCell('-1e5')).toBe(`'-1e5`);
  expect(escapeCell('+5')).toBe(`'+5`);
});

test('escapeCell leaves plain numbers, other text and non-text values alone', () => {
  expect(escapeCell('-5')).toBe('-5');
  expect(escapeCell('-0.25')).toBe('-0.25');
  expect(escapeCell('42')).toBe('42');
  expect(escapeCell('a=1')).toBe('a=1');
  expect(escapeCell("'=1")).toBe("'=1");
  expect(escapeCell('')).toBe('');
  expect(escapeCell('Zürich, 中文')).toBe('Zürich, 中文');
  expect(escapeCell(-5)).toBe(-5);
  expect(escapeCell(0)).toBe(0);
  expect(escapeCell(true)).toBe(true);
});
