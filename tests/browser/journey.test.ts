/**
 * The coordinator's journey through the real built app in Chromium: answering, resuming, working with a colleague
 * on the same link, resolving a conflict, submitting with errors and then for good, and the French version.
 */
import { describe, expect, test } from 'vitest';
import { screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, skipBrowserReason } from './support';
import {
  choose,
  chooseMatrixCell,
  matrixCell,
  nextUntil,
  nextUntilLastPage,
  openSurvey,
  previousUntil,
  question,
  radio,
  moveRankingItem,
  saveIndicator,
  waitSaved,
} from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const ROLE_TITLE = 'What is your role in the ICC programme?';
const CHG_TITLE = 'In the last 12 months, did your city introduce or change a policy or practice in these areas?';
const POLL = { timeout: 10_000, interval: 100 };

describe.skipIf(!chromiumPath)('respondent journey', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('answers of two pages are saved, and a reload resumes on the same page with the answers', async () => {
    const link = app.linkFor('AAR');
    const { page } = await people.open();
    await openSurvey(page, link);
    await expect.poll(() => saveIndicator(page).textContent(), POLL).toBe('All changes saved');

    await page.getByLabel('Your name (optional, shown to colleagues)', { exact: true }).fill('Amira');
    await choose(page, 'respondent_role', 'Elected official');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await chooseMatrixCell(page, 'chg', 'Education', 'Yes');
    await chooseMatrixCell(page, 'chg', 'Commitment', 'No');
    // "Yes" for Education brings its detail questions on the next page.
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await question(page, 'chg_insp_education').waitFor();

    await expect
      .poll(async () => {
        const s = await app.serverState(link);
        return { data: s.data, pageNo: s.pageNo };
      }, POLL)
      .toEqual({ data: { respondent_role: 'elected_official', chg: { education: 'yes', commitment: 'no' } }, pageNo: 2 });
    await waitSaved(page);
    await screenshot(page, 'journey-page3-1200-en');

    await page.reload();
    await question(page, 'chg_insp_education').waitFor();
    // survey-core renders page titles as plain text, not headings.
    expect(await page.getByText('Changes in detail: commitment, education, neighbourhoods', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel('Your name (optional, shown to colleagues)', { exact: true }).inputValue()).toBe('Amira');
    await page.getByRole('button', { name: 'Previous', exact: true }).click();
    expect(await matrixCell(page, 'chg', 'Education', 'Yes').isChecked()).toBe(true);
    expect(await matrixCell(page, 'chg', 'Commitment', 'No').isChecked()).toBe(true);
    expect(await matrixCell(page, 'chg', 'Language', 'Yes').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Previous', exact: true }).click();
    expect(await radio(page, 'respondent_role', 'Elected official').isChecked()).toBe(true);
    await waitSaved(page);
  }, 60_000);

  test('a colleague in another browser answers another question: both answers are kept', async () => {
    const link = app.linkFor('BIL');
    const amira = await people.open();
    const bruno = await people.open();
    await Promise.all([openSurvey(amira.page, link), openSurvey(bruno.page, link)]);

    // Bruno goes to page 2 before Amira saves anything: his copy starts from the empty revision.
    await bruno.page.getByRole('button', { name: 'Next', exact: true }).click();
    await question(bruno.page, 'chg').waitFor();

    await choose(amira.page, 'respondent_role', 'ICC coordinator of the city');
    await expect.poll(() => app.serverState(link).then((s) => s.data.respondent_role), POLL).toBe('coordinator');

    await chooseMatrixCell(bruno.page, 'chg', 'Language', 'Yes');
    await expect
      .poll(() => app.serverState(link).then((s) => s.data), POLL)
      .toEqual({ respondent_role: 'coordinator', chg: { language: 'yes' } });
    await waitSaved(bruno.page);

    // Bruno's page took in Amira's answer with his save.
    await bruno.page.getByRole('button', { name: 'Previous', exact: true }).click();
    expect(await radio(bruno.page, 'respondent_role', 'ICC coordinator of the city').isChecked()).toBe(true);
    expect(await bruno.page.getByRole('alertdialog').count()).toBe(0);
  }, 60_000);

  test('a colleague changed the same answers: both versions are shown and the person’s choices are what the server keeps', async () => {
    const link = app.linkFor('ZUR');
    const amira = await people.open();
    const bruno = await people.open();
    await Promise.all([openSurvey(amira.page, link), openSurvey(bruno.page, link)]);
    await amira.page.getByLabel('Your name (optional, shown to colleagues)', { exact: true }).fill('Amira');
    await bruno.page.getByLabel('Your name (optional, shown to colleagues)', { exact: true }).fill('Bruno');

    // Bruno answers two questions while his connection is down, so both wait in his browser.
    await bruno.context.setOffline(true);
    await choose(bruno.page, 'respondent_role', 'Member of the city’s operational staff');
    await bruno.page.getByRole('button', { name: 'Next', exact: true }).click();
    await chooseMatrixCell(bruno.page, 'chg', 'Public space', 'Yes');

    // Meanwhile Amira answers the same two questions differently, and her answers reach the server.
    await choose(amira.page, 'respondent_role', 'Elected official');
    await amira.page.getByRole('button', { name: 'Next', exact: true }).click();
    await chooseMatrixCell(amira.page, 'chg', 'Public space', 'No');
    await expect
      .poll(() => app.serverState(link).then((s) => s.data), POLL)
      .toEqual({ respondent_role: 'elected_official', chg: { public_space: 'no' } });
    await waitSaved(amira.page);

    await bruno.context.setOffline(false);
    const dialog = bruno.page.getByRole('alertdialog', { name: 'A colleague changed the same answers' });
    await dialog.waitFor();
    await expect.poll(() => saveIndicator(bruno.page).getAttribute('data-state'), POLL).toBe('conflict');
    const role = dialog.getByRole('group', { name: ROLE_TITLE });
    const chg = dialog.getByRole('group', { name: CHG_TITLE });
    expect(await role.getByRole('radio', { name: 'Keep mine · Your answer: Member of the city’s operational staff' }).isChecked()).toBe(true);
    expect(await role.getByRole('radio', { name: 'Keep theirs · Answer saved by Amira: Elected official' }).isChecked()).toBe(false);
    expect(await chg.getByRole('radio', { name: 'Keep mine · Your answer: Public space: Yes' }).isChecked()).toBe(true);
    expect(await chg.getByRole('radio', { name: 'Keep theirs · Answer saved by Amira: Public space: No' }).isChecked()).toBe(false);
    await screenshot(bruno.page, 'journey-conflict-1200-en');

    // Bruno keeps working before he decides: "Yes" for public space brought its detail questions.
    await bruno.page.getByRole('button', { name: 'Next', exact: true }).click();
    const detail = bruno.page.getByRole('textbox', { name: 'Describe the most important change in “Public space”' });
    await detail.fill('Squares redesigned with residents');
    await detail.press('Tab');

    await role.getByRole('radio', { name: /^Keep theirs/ }).check();
    await dialog.getByRole('button', { name: 'Save my choices' }).click();
    expect(await dialog.count()).toBe(0);

    await expect
      .poll(() => app.serverState(link).then((s) => s.data), POLL)
      .toEqual({ respondent_role: 'elected_official', chg: { public_space: 'yes' }, chg_txt_public_space: 'Squares redesigned with residents' });
    await waitSaved(bruno.page);
    // Bruno's page shows what was kept.
    expect(await detail.inputValue()).toBe('Squares redesigned with residents');
    await previousUntil(bruno.page, 'chg');
    expect(await matrixCell(bruno.page, 'chg', 'Public space', 'Yes').isChecked()).toBe(true);
    await bruno.page.getByRole('button', { name: 'Previous', exact: true }).click();
    expect(await radio(bruno.page, 'respondent_role', 'Elected official').isChecked()).toBe(true);
  }, 60_000);

  test('submitting: a required answer left empty is shown at its question, a server refusal too, then the answers are submitted and read-only', async () => {
    const link = app.linkFor('OSL');
    const { page } = await people.open();
    await openSurvey(page, link);

    // Everything required except the "changes" matrix of page 2.
    await nextUntil(page, 'prog');
    await chooseMatrixCell(page, 'prog', 'Education', '2 – In progress');
    await nextUntil(page, 'comm_channels');
    await moveRankingItem(page, 'comm_channels', 'Webinars');
    await expect.poll(() => app.serverState(link).then((s) => (s.data.comm_channels as unknown[] | undefined)?.length), POLL).toBe(6);
    await nextUntil(page, 'strat_status');
    await choose(page, 'strat_status', 'Strategy being implemented');
    await nextUntilLastPage(page);
    await page.getByRole('button', { name: 'Complete', exact: true }).click();

    // survey-core stops the submission and takes the person to the empty question.
    await question(page, 'chg').getByRole('alert').filter({ hasText: 'Response required.' }).waitFor();
    await screenshot(page, 'journey-required-error-1200-en');
    await chooseMatrixCell(page, 'chg', 'Commitment', 'No');
    await expect.poll(() => app.serverState(link).then((s) => s.data.chg), POLL).toEqual({ commitment: 'no' });
    expect(await question(page, 'chg').getByRole('alert').filter({ hasText: 'Response required.' }).count()).toBe(0);
    await nextUntilLastPage(page);
    await waitSaved(page);

    // A colleague clears the strategy answer meanwhile (from another tool): the page still shows it answered,
    // so only the server can refuse the submission. Its message must appear at that question.
    await app.colleagueSaves(link, (data) => delete data.strat_status);
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Some answers need attention before the survey can be submitted.' }).waitFor();
    await question(page, 'strat_status').getByRole('alert').filter({ hasText: 'Response required.' }).waitFor();
    expect(await radio(page, 'strat_status', 'Strategy being implemented').isChecked()).toBe(false);
    expect((await app.serverState(link)).status).toBe('draft');
    await screenshot(page, 'journey-server-error-1200-en');

    await choose(page, 'strat_status', 'Strategy adopted, implementation not yet started');
    await nextUntilLastPage(page);
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you! Your city’s answers have been submitted.' }).waitFor();
    const submitted = await app.serverState(link);
    expect(submitted.status).toBe('submitted');
    expect(submitted.data).toMatchObject({
      chg: { commitment: 'no' },
      prog: { education: 2 },
      strat_status: 'adopted',
    });
    expect(submitted.data.comm_channels).toHaveLength(6);
    await screenshot(page, 'journey-submitted-1200-en');

    // Read-only from now on, also after a reload.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Thank you! Your city’s answers have been submitted.' }).waitFor();
    await expect.poll(() => page.getByLabel('Your name (optional, shown to colleagues)').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Complete', exact: true }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Is there anything else you would like to tell the ICC Unit?' }).isEditable()).toBe(false);
    await previousUntil(page, 'strat_status');
    expect(await radio(page, 'strat_status', 'Strategy adopted, implementation not yet started').isChecked()).toBe(true);
    // survey-core covers read-only choices: a click lands on the cover and changes nothing.
    await question(page, 'strat_status').getByText('No intercultural strategy', { exact: true }).click({ force: true });
    expect(await radio(page, 'strat_status', 'No intercultural strategy').isChecked()).toBe(false);
    expect(await radio(page, 'strat_status', 'Strategy adopted, implementation not yet started').isChecked()).toBe(true);
    const after = await app.serverState(link);
    expect(after.status).toBe('submitted');
    expect(after.data.strat_status).toBe('adopted');
  }, 90_000);

  test('the French version: host strings, question titles and survey buttons in French', async () => {
    const link = app.linkFor('LYO');
    const { page } = await people.open();
    await openSurvey(page, link);
    await page.getByRole('button', { name: 'Lire en français' }).click();

    await page.getByRole('heading', { level: 1, name: 'Enquête pour Lyon (essai)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Read in English' }).textContent()).toBe('English');
    expect(await saveIndicator(page).textContent()).toBe('Toutes les modifications sont enregistrées');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await page.getByLabel('Votre nom (facultatif, visible par vos collègues)', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Bienvenue', { exact: true }).isVisible()).toBe(true);
    expect(await question(page, 'respondent_role').getByRole('radiogroup', { name: 'Quel est votre rôle dans le programme ICC ?' }).isVisible()).toBe(true);
    await screenshot(page, 'journey-page1-1200-fr');

    await choose(page, 'respondent_role', 'Élu ou élue');
    await page.getByRole('button', { name: 'Suivant', exact: true }).click();
    await question(page, 'chg')
      .getByRole('radiogroup', { name: 'Au cours des 12 derniers mois, votre ville a-t-elle introduit ou modifié une politique ou pratique dans ces domaines ?' })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Précédent', exact: true }).isVisible()).toBe(true);
    await chooseMatrixCell(page, 'chg', 'Éducation', 'Oui', 'fr');
    await expect.poll(() => app.serverState(link).then((s) => s.data), POLL).toEqual({ respondent_role: 'elected_official', chg: { education: 'yes' } });
    await expect.poll(() => saveIndicator(page).textContent(), POLL).toBe('Toutes les modifications sont enregistrées');
    await screenshot(page, 'journey-page2-1200-fr');

    // Required answers left empty on the last page: survey-core's own messages in French too.
    await nextUntilLastPage(page, 'Suivant', 'Terminer');
    await page.getByRole('button', { name: 'Terminer', exact: true }).click();
    await question(page, 'prog').getByRole('alert').filter({ hasText: 'La réponse à cette question est obligatoire.' }).waitFor();

    // The choice of language is remembered on this computer.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Enquête pour Lyon (essai)' }).waitFor();
    await page.getByRole('button', { name: 'Read in English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Survey for Lyon (test)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Previous', exact: true }).isVisible()).toBe(true);
  }, 60_000);
});
