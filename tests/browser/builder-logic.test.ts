/**
 * The builder's logic, translations and comparison in the browser (issue 4, part 2): the ICC Unit shows a question
 * only for one answer with the condition editor and sees it work in the preview; a broken expression is flagged
 * where it is typed and publishing is refused; the translations view lists the missing French text; the draft is
 * compared with the published version and next year's survey is created from it.
 */
import { describe, expect, test } from 'vitest';
import { screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { signIn } from './builder-driver';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

describe.skipIf(!chromiumPath)('questionnaire builder: logic, translations, comparison', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('an admin shows a question only for one answer, fixes a missing French text, is refused a broken expression, compares and creates next year', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}/builder`);
    const heading = page.getByRole('heading', { level: 1, name: /^Questionnaire builder · \d{4} · / });
    await heading.waitFor();
    const year = Number(/· (\d{4}) ·/.exec((await heading.textContent()) ?? '')![1]);

    // A long-text question at the end of the first page, in English only for now.
    await page.getByLabel('New question type').selectOption('comment');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question code', { exact: true }).fill('role_detail');
    await page.getByLabel('Title (English)', { exact: true }).fill('Tell us more about your role');

    // Show it only if the role is 'coordinator', with the condition editor.
    const logic = page.getByRole('group', { name: 'Logic' });
    expect(await logic.getByRole('button', { name: 'Show only if' }).getAttribute('aria-pressed')).toBe('true');
    await logic.getByRole('button', { name: 'Add condition' }).click();
    const subject = page.getByLabel('Question of condition 1', { exact: true });
    // Only earlier questions are offered (the intro text is not a question).
    expect(await subject.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['', 'respondent_role']);
    await subject.selectOption('respondent_role');
    const test = page.getByLabel('Test of condition 1', { exact: true });
    expect(await test.locator('option').allTextContents()).toEqual(['is', 'is not', 'is any of', 'is not answered', 'is answered']);
    await page.getByLabel('Value of condition 1', { exact: true }).selectOption({ label: 'ICC coordinator of the city (coordinator)' });
    await logic.getByRole('button', { name: 'Edit as an expression' }).click();
    const expression = page.getByLabel('Expression (Show only if)', { exact: true });
    expect(await expression.inputValue()).toBe("{respondent_role} = 'coordinator'");
    await logic.getByRole('button', { name: 'Use the condition editor' }).click();
    expect(await page.getByLabel('Value of condition 1', { exact: true }).inputValue()).toBe('"coordinator"');
    await logic.getByRole('button', { name: /^Show only if · set$/ }).waitFor();

    // The preview, hiding what logic hides, shows the question only to coordinators.
    const preview = page.getByRole('region', { name: 'Preview' });
    const role = preview.locator('[data-name="respondent_role"]');
    const detail = preview.locator('[data-name="role_detail"]');
    await detail.waitFor(); // shown while hidden questions are
    await preview.getByLabel('Show questions hidden by logic').uncheck();
    await detail.waitFor({ state: 'detached' });
    await role.getByText('ICC coordinator of the city').click();
    await role.locator('input[value="coordinator"]:checked').waitFor({ state: 'attached' });
    await detail.getByText('Tell us more about your role').waitFor();
    await role.getByText('Elected official').click();
    await detail.waitFor({ state: 'detached' });

    expect(await seriousViolations(page, 'builder logic')).toEqual([]);
    await screenshot(page, 'builder-logic-1200-en');

    // The translations view lists the title without French; filling it in lowers the count to nothing.
    await page.getByRole('button', { name: 'Translations', exact: true }).click();
    const translations = page.getByRole('region', { name: 'Translations' });
    const count = translations.getByRole('status');
    const [, done, total] = /^(\d+) of (\d+) texts in English and French; 1 to translate$/.exec((await count.textContent()) ?? '')!;
    expect(Number(total) - Number(done)).toBe(1);
    expect(await translations.locator('tbody tr').count()).toBe(1);
    const english = translations.getByLabel('English: role_detail · title', { exact: true });
    expect(await english.inputValue()).toBe('Tell us more about your role');
    await translations.getByLabel('French: role_detail · title', { exact: true }).fill('Dites-nous en plus sur votre rôle');
    expect(await count.textContent()).toBe(`${total} of ${total} texts in English and French; 0 to translate`);
    await translations.getByText('✓ translated').waitFor(); // the row stays, marked as done
    await page.getByText('Every text in English and French').waitFor();
    expect(await seriousViolations(page, 'builder translations')).toEqual([]);
    await screenshot(page, 'builder-translations-1200-en');

    // A broken expression typed as free text is flagged at once, and publishing is refused.
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await page.locator('.builder-select', { hasText: 'role_detail' }).click();
    await logic.getByRole('button', { name: 'Edit as an expression' }).click();
    await expression.fill("{respondent_role} = 'coordinator' and");
    await logic.getByText('This expression cannot be read: error at character 38.').waitFor();
    expect(await expression.getAttribute('aria-invalid')).toBe('true');
    expect(await logic.getByRole('button', { name: 'Use the condition editor' }).isDisabled()).toBe(true);
    await expression.fill('{respondent_rol} notempty');
    await logic.getByText('Unknown question: {respondent_rol}.').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Not published: fix these problems first.').waitFor();
    await page
      .getByText('question "role_detail": visibleIf "{respondent_rol} notempty" refers to "respondent_rol", which is not a question or variable of this survey')
      .first()
      .waitFor();
    await screenshot(page, 'builder-logic-error-1200-en');
    await expression.fill('{respondent_role} notempty');
    expect(await logic.getByRole('alert').count()).toBe(0);

    // Compared with the published version, the draft adds one question; then next year's survey is created.
    await page.getByRole('button', { name: 'Compare and next year' }).click();
    const compare = page.getByRole('region', { name: 'Compare with…' });
    await compare.getByText('Questions added: 1; removed: 0; changed: 0.').waitFor();
    await compare.getByRole('listitem').filter({ hasText: 'role_detail' }).first().waitFor();
    expect(await seriousViolations(page, 'builder compare')).toEqual([]);
    await screenshot(page, 'builder-compare-1200-en');
    await page.waitForFunction(() => document.querySelector('.builder-bar [role="status"]')?.textContent === 'All changes saved');
    await compare.getByRole('button', { name: `Create the ${year + 1} survey` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Questionnaire builder · ${year + 1} · `) }).waitFor();
    expect(page.url()).toMatch(/\/admin\/surveys\/\d+\/builder$/);
  }, 150_000);
});
