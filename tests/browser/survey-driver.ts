/**
 * Drives the respondent page as a person would: by question titles, choice texts, button names.
 * survey-react-ui hides radio inputs visually (1 px) and commits text answers on blur; see docs/browser-testing.md.
 */
import type { Locator, Page } from 'playwright-core';

/** A question of the current page, by its stable code (`data-name` is the only handle survey-react-ui gives). */
export function question(page: Page, name: string): Locator {
  return page.locator(`[data-name="${name}"]`);
}

/** The save indicator (role status) of the respondent page. */
export function saveIndicator(page: Page): Locator {
  return page.locator('p.save-state[role="status"]');
}

/** Opens a respondent link and waits until the survey is on screen. */
export async function openSurvey(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.locator('.survey-host [data-name]').first().waitFor();
}

/** Picks a choice of a radio group or checkbox by its text. */
export async function choose(page: Page, name: string, choiceText: string): Promise<void> {
  await question(page, name).getByText(choiceText, { exact: true }).click();
}

/** The radio of a single-choice question, by the choice's text (its accessible name). */
export function radio(page: Page, name: string, choiceText: string): Locator {
  return question(page, name).getByRole('radio', { name: choiceText, exact: true });
}

/** The radio of one cell of a matrix: survey-core labels it "row <row>, column <column>" (French: "ligne …, colonne …"). */
export function matrixCell(page: Page, name: string, row: string, column: string, lang: 'en' | 'fr' = 'en'): Locator {
  const label = lang === 'fr' ? `ligne ${row}, colonne ${column}` : `row ${row}, column ${column}`;
  return question(page, name).getByRole('radio', { name: label, exact: true });
}

/** Answers one row of a matrix (clicks the cell's visible label: the input itself is 1 px wide). */
export async function chooseMatrixCell(page: Page, name: string, row: string, column: string, lang: 'en' | 'fr' = 'en'): Promise<void> {
  await matrixCell(page, name, row, column, lang).locator('xpath=..').click();
}

/**
 * Moves a ranking item one place with the keyboard, which gives the question its value: up, or down when it is
 * already first (the questionnaire shows the choices in random order).
 */
export async function moveRankingItem(page: Page, name: string, itemText: string): Promise<void> {
  const items = question(page, name).locator('[tabindex="0"]');
  const texts = (await items.allTextContents()).map((t) => t.trim());
  const index = texts.findIndex((t) => t.endsWith(itemText));
  if (index < 0) throw new Error(`no ranking item "${itemText}" in ${name}: ${texts.join(' | ')}`);
  const item = items.nth(index);
  await item.focus();
  await item.press(index === 0 ? 'ArrowDown' : 'ArrowUp');
}

/** Clicks the survey's Next button until the question is on screen. */
export async function nextUntil(page: Page, name: string, nextLabel = 'Next'): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if (await question(page, name).isVisible()) return;
    await page.getByRole('button', { name: nextLabel, exact: true }).click();
  }
  throw new Error(`question ${name} never came on screen`);
}

/** Clicks the survey's Previous button until the question is on screen. */
export async function previousUntil(page: Page, name: string, previousLabel = 'Previous'): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if (await question(page, name).isVisible()) return;
    await page.getByRole('button', { name: previousLabel, exact: true }).click();
  }
  throw new Error(`question ${name} never came on screen`);
}

/** Clicks Next until the last page (the one with the Complete button). */
export async function nextUntilLastPage(page: Page, nextLabel = 'Next', completeLabel = 'Complete'): Promise<void> {
  const complete = page.getByRole('button', { name: completeLabel, exact: true });
  for (let i = 0; i < 20; i++) {
    if (await complete.isVisible()) return;
    await page.getByRole('button', { name: nextLabel, exact: true }).click();
  }
  throw new Error('the last page never came');
}

/** Waits until the indicator says every change reached the server. */
export async function waitSaved(page: Page): Promise<void> {
  await page.locator('p.save-state[data-state="saved"]').waitFor();
}

/** Horizontal overflow of the page, in CSS pixels (0 = no horizontal scroll). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
