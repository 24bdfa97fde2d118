import { describe, expect, test } from 'vitest';
import { hasQuestions, neighbourPage, pagesOf } from '../../client/builder/preview-checks';

/** The builder's one-page preview walks the definition's pages itself (client/builder/builder-preview.tsx). */
describe('preview page navigation', () => {
  const pages = [
    { name: 'p1', elements: [{ type: 'boolean', name: 'has_plan' }] },
    { name: 'p2', visibleIf: '{has_plan} = true', elements: [{ type: 'text', name: 'plan_year' }] },
    { name: 'p3', visible: false, elements: [{ type: 'text', name: 'never' }] },
    { name: 'p4', elements: [{ type: 'comment', name: 'note' }] },
  ];

  test('with hidden questions shown, every page is a step, whatever the answers', () => {
    expect(neighbourPage(pages, 0, 1, true, {})).toBe(1);
    expect(neighbourPage(pages, 1, 1, true, {})).toBe(2);
    expect(neighbourPage(pages, 3, 1, true, {})).toBeUndefined();
    expect(neighbourPage(pages, 0, -1, true, {})).toBeUndefined();
    expect(neighbourPage(pages, 3, -1, true, {})).toBe(2);
  });

  test('as respondents see it, pages hidden by logic or switched off are skipped, both ways', () => {
    expect(neighbourPage(pages, 0, 1, false, {})).toBe(3);
    expect(neighbourPage(pages, 0, 1, false, { has_plan: false })).toBe(3);
    expect(neighbourPage(pages, 0, 1, false, { has_plan: true })).toBe(1);
    expect(neighbourPage(pages, 1, 1, false, { has_plan: true })).toBe(3);
    expect(neighbourPage(pages, 3, -1, false, { has_plan: true })).toBe(1);
    expect(neighbourPage(pages, 3, -1, false, {})).toBe(0);
    expect(neighbourPage(pages, 3, 1, false, {})).toBeUndefined();
  });

  test('a condition survey-core cannot parse does not hide its page', () => {
    const broken = [pages[0]!, { name: 'b', visibleIf: '{has_plan} = = (', elements: [] }];
    expect(neighbourPage(broken, 0, 1, false, {})).toBe(1);
  });

  test('a definition without pages is one page; an empty one has no questions', () => {
    const flat = { elements: [{ type: 'text', name: 'a' }] };
    expect(pagesOf(flat)).toEqual([{ name: 'page1', elements: flat.elements }]);
    expect(hasQuestions(pagesOf(flat))).toBe(true);
    expect(hasQuestions(pagesOf({ pages: [{ name: 'p1' }, { name: 'p2', elements: [] }] }))).toBe(false);
    expect(pagesOf({})).toEqual([]);
  });
});
