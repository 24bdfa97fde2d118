/**
 * The Unit's email tools on the survey page (issues 5 and 7): rewording an email with the preview in both
 * languages (an unknown placeholder shown at its field, saved, back to the default), replacing a city's link
 * after a confirmation, and the report-sending panel, which waits for the survey to close.
 */
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

describe.skipIf(!chromiumPath)('email wording, link replacement and report emails', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
    const now = new Date();
    a.stores.people.create({ cityId: a.cityIds.AAR, name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example', lang: 'en', consent: true, consentAt: now.toISOString(), now });
  });

  async function adminPage(lang: 'en' | 'fr') {
    const person = await people.open(lang === 'fr' ? { locale: 'fr-FR' } : {});
    const res = await person.page.request.post(`${app.url}/api/session`, { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(res.status()).toBe(204);
    await person.page.goto(`${app.url}/admin/surveys/${app.surveyId}?lang=${lang}`);
    return person.page;
  }

  test('the Unit rewords the invitation with a live preview, is told about an unknown placeholder, saves, and resets', async () => {
    const page = await adminPage('en');
    const panel = page.getByRole('region', { name: 'Email wording' });
    await panel.getByRole('heading', { name: 'Email wording' }).waitFor();
    const english = panel.getByRole('group', { name: 'English' });
    const subject = english.getByLabel('Subject');
    await expect.poll(() => subject.inputValue()).toBe('ICC annual survey {{year}}: the link for {{city}}');

    await subject.fill('Survey {{year}} for {{cty}}');
    await english.getByText('Unknown placeholder {{cty}}: this email cannot fill it.').waitFor();
    await subject.fill('Survey {{year}} for {{city}}');
    await english.getByRole('region', { name: 'Preview · English' }).getByText(/^Survey \d{4} for Aarhus \(test\)$/).waitFor();
    expect(await english.getByText('Unknown placeholder').count()).toBe(0);
    expect(await seriousViolations(page, 'email wording', 'section[aria-labelledby="templates-title"]')).toEqual([]);
    await panel.getByRole('button', { name: 'Save the wording' }).click();
    await panel.getByRole('status').getByText('Saved: the next emails use this wording.').waitFor();
    expect(app.stores.mailTemplates.get({ surveyId: app.surveyId, kind: 'invitation', lang: 'en' })?.subject).toBe('Survey {{year}} for {{city}}');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'mail-templates-en');

    await panel.getByRole('button', { name: 'Back to the default wording' }).click();
    await panel.getByRole('group', { name: 'Replace this email’s wording, in both languages, with the default?' }).getByRole('button', { name: 'Use the default' }).click();
    await panel.getByText('The default wording is back.').waitFor();
    expect(app.stores.mailTemplates.get({ surveyId: app.surveyId, kind: 'invitation', lang: 'en' })).toBeUndefined();
  });

  test('in French, the Unit replaces a city’s link after confirming; the old link stops working', async () => {
    const old = app.linkFor('BIL');
    const page = await adminPage('fr');
    await page.getByRole('heading', { name: 'Texte des courriels' }).waitFor();
    await page.getByRole('heading', { name: 'Envoyer à chaque ville son rapport' }).waitFor();
    await page.getByText('Les rapports peuvent être envoyés une fois l’enquête close.').waitFor();
    expect(await page.getByRole('button', { name: 'Envoyer les rapports' }).isDisabled()).toBe(true);

    const invitations = page.getByRole('region', { name: 'Invitations par courriel' });
    await invitations.getByRole('combobox', { name: /^Ville(?!s)/ }).selectOption({ label: 'Bilbao (test)' });
    await invitations.getByRole('button', { name: 'Remplacer le lien et l’envoyer' }).click();
    const confirm = invitations.getByRole('group', { name: /^Remplacer le lien de Bilbao \(test\) \?/ });
    await confirm.getByRole('button', { name: 'Remplacer et envoyer' }).click();
    await page.getByText(/^Nouveau lien émis pour Bilbao \(test\)/).waitFor();
    expect((await fetch(`${app.url}/api/respond/${old.split('/r/')[1]}`)).status).toBe(404);
    expect(app.linkFor('BIL')).not.toBe(old);
    await page.getByRole('heading', { name: 'Remplacer le lien d’une ville' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'mail-reissue-fr');
  });
});
