/**
 * Drives the ICC Unit's pages around the questionnaire builder as a person would: signing in, and waiting for the
 * builder's autosave. Shared by the builder's browser tests.
 */
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './browser-app';

/** Signs in as the admin through the sign-in form at `url` and waits for the survey list. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
}

/** Waits until the builder's toolbar says every edit reached the server (autosave runs a second after an edit). */
export async function waitBuilderSaved(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.builder-bar [role="status"]')?.textContent === 'All changes saved');
}
