/**
 * The analysis page: headline figures equal to the API's, filters refetch and update the tables, charts with
 * their tables and downloads, accessibility (axe), screenshots at 1200 px and 375 px.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { analyseSurvey, questionAcrossYears, surveyCatalogue, type Filters, type SurveyAnalysis, type SurveyResponse } from '../../analysis';
import { hashPassword } from '../../server/security/passwords';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, COMPLETE_ANSWERS, NATIONAL_NETWORK, screenshot, type BrowserApp, type CityCode, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const ANALYST_EMAIL = 'analyst@test.example';
const ANALYST_PASSWORD = 'analyst password 42';

async function signIn(page: Page, url: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
}

const PORTAL_FIRST = ['portal', 'email_targeted', 'webinars', 'newsletter', 'collab_tool', 'social_media'];

describe.skipIf(!chromiumPath)('analysis page', () => {
  let app!: BrowserApp;
  const people = useBrowserApp(async (a) => {
    app = a;
    // Six cities answer: four put targeted email first, Bilbao (ES) and Oslo the portal.
    const codes: CityCode[] = ['AAR', 'BIL', 'LYO', 'ZUR', 'OSL', 'LIS'];
    for (const code of codes) {
      await app.colleagueSaves(app.linkFor(code), (d) => {
        Object.assign(d, structuredClone(COMPLETE_ANSWERS));
        if (code === 'BIL' || code === 'OSL') d.comm_channels = PORTAL_FIRST;
        if (code === 'LIS') d.chg = { education: 'no', language: 'yes' };
        if (code === 'LYO') d.chg_txt_education = 'Médiateurs interculturels dans douze écoles.';
      });
    }
    app.stores.users.create({
      email: ANALYST_EMAIL,
      passwordHash: await hashPassword(ANALYST_PASSWORD),
      role: 'analyst',
      now: new Date(),
    });
  });

  /** The analysis module run in the test on what is stored: what the pages must show. */
  function moduleAnalysis(filters: Filters): SurveyAnalysis {
    const version = app.stores.surveys.latestVersion({ surveyId: app.surveyId })!;
    const responses: SurveyResponse[] = app.stores.responses
      .page({ surveyId: app.surveyId, afterCode: '', limit: 1000 })
      .filter((r) => r.revision > 0)
      .map((r) => ({ city: r.cityCode, data: r.data }));
    const roster = app.stores.cities.list().map((c) => ({ code: c.code, name: c.name, country: c.country, network: c.networks }));
    return analyseSurvey({ definition: version.definition, responses, roster, filters });
  }

  test('an analyst filters by network, reads a question and the texts, downloads a chart CSV and the codebook: numbers match the module', async () => {
    const { page } = await people.open();
    await signIn(page, app.url, ANALYST_EMAIL, ANALYST_PASSWORD);
    const year = new Date().getFullYear();
    await page.getByRole('link', { name: `Analysis · ${year}` }).click();
    await page.locator('[data-figure="rec11-email"] .headline-value').waitFor();

    await page.getByLabel('Network').selectOption(NATIONAL_NETWORK);
    const expected = moduleAnalysis({ network: NATIONAL_NETWORK });
    expect(expected.n).toBe(5);
    await page.locator('[data-figure="response-rate"]').getByText(`${expected.n} of ${expected.N} cities`).waitFor();

    // The chart's CSV holds exactly the module's figures for the five cities of the network.
    const [chartCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV · Channel ranked first' }).click(),
    ]);
    const rows = Papa.parse<string[]>(fs.readFileSync((await chartCsv.path())!, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['Channel', 'n', 'Cities (k)', '%', '95% CI']);
    // One row per channel, in the module's order, with its n and k.
    expect(rows.slice(1).map((r) => [r[1], r[2]])).toEqual(expected.rec11.channels.map((c) => [String(c.rankedFirst.n), String(c.rankedFirst.k)]));
    const email = expected.rec11.channels.find((c) => c.value === 'email_targeted')!.rankedFirst;
    const emailRow = rows.find((r) => r[0] === 'Targeted email by topic')!;
    expect(emailRow.slice(1, 4)).toEqual([String(email.n), String(email.k), `${Math.round(email.p! * 100)}%`]);
    expect(emailRow[4]).toBe(`${Math.round(email.ci95![0] * 100)}% – ${Math.round(email.ci95![1] * 100)}%`);

    // Sections: the ranking question's own figure, still under the network filter.
    await page.getByRole('link', { name: 'Sections and questions' }).click();
    await page.getByRole('navigation', { name: 'Sections of the questionnaire' }).getByRole('link', { name: /Communication preferences/ }).click();
    const ranking = page.locator('[data-figure="q-comm_channels"]');
    await ranking.getByRole('table').waitFor();
    const summary = expected.questions.comm_channels as unknown as { n: number; meanRank: Record<string, number>; rankedFirst: Record<string, { k: number }> };
    expect(await ranking.locator('p.muted').first().textContent()).toContain(`n = ${summary.n}`);
    const emailCells = await ranking.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Targeted email by topic' }) }).getByRole('cell').allTextContents();
    expect(emailCells.slice(0, 2)).toEqual([summary.meanRank.email_targeted!.toFixed(1), String(summary.rankedFirst.email_targeted!.k)]);
    expect(await seriousViolations(page, 'analysis section')).toEqual([]);
    await screenshot(page, 'analysis-section');

    // The question's own page, then the matrix of changes as 100% stacked bars with its table.
    await ranking.getByRole('link', { name: /Open question comm_channels/ }).click();
    await page.getByText('Question code: comm_channels').waitFor();
    await page.goBack();
    await page.getByRole('navigation', { name: 'Sections of the questionnaire' }).getByRole('link', { name: /Changes inspired by the programme/ }).click();
    const matrix = page.locator('[data-figure="q-chg"]');
    const education = expected.questions['chg.education'] as unknown as { n: number; counts: Record<string, number> };
    const eduCells = await matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Education', exact: true }) }).getByRole('cell').allTextContents();
    expect(eduCells[0]).toBe(String(education.n));
    expect(eduCells[1]).toBe(`${Math.round(((education.counts.yes ?? 0) / education.n) * 100)}%`);

    // Text answers: searchable, accents ignored; the city is named.
    await page.getByRole('link', { name: 'Text answers' }).click();
    await page.getByRole('searchbox', { name: 'Search the answers' }).fill('mediateurs');
    await page.getByText('1 of').waitFor();
    expect(await page.locator('.text-list li').first().textContent()).toContain('Lyon (test)');
    await page.getByLabel('Policy area').selectOption('education');

    // Across years: one year so far, a line chart and its table.
    await page.getByRole('link', { name: 'Across years' }).click();
    await page.getByRole('table', { name: /Headline indicators across years/ }).getByRole('rowheader', { name: String(year) }).waitFor();
    expect(await page.getByText('Only one year so far').isVisible()).toBe(true);
    expect(await seriousViolations(page, 'analysis years')).toEqual([]);

    // The codebook: every column, with the French text of the questions.
    await page.getByRole('link', { name: 'Headlines' }).click();
    await page.getByText('Downloads (CSV)').click();
    const [codebook] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Codebook/ }).click()]);
    const book = fs.readFileSync((await codebook.path())!, 'utf8');
    expect(book.startsWith('\uFEFFcolumn,question,type')).toBe(true);
    expect(book).toContain('comm_channels');
    expect(book).toContain('Courriel ciblé par thème');
  });

  test('headline figures match the API, a filter updates the tables, no serious axe violation', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    const year = new Date().getFullYear();
    await page.getByRole('link', { name: `Analysis · ${year}` }).click();
    await page.getByRole('heading', { level: 1, name: /^Analysis · / }).waitFor();
    const email = page.locator('[data-figure="rec11-email"]');
    await email.locator('.headline-value').waitFor();

    const api = (await page.evaluate(
      (id) => fetch(`/api/surveys/${id}/analysis`).then((r) => r.json()),
      app.surveyId,
    )) as { n: number; N: number; rec11: { emailPreferred: { k: number; n: number; p: number } } };
    expect(api.rec11.emailPreferred).toMatchObject({ k: 4, n: 6 });
    expect(await email.locator('.headline-value').textContent()).toBe(`${Math.round(api.rec11.emailPreferred.p * 100)}%`);
    expect(await email.textContent()).toContain('4 of 6 cities');
    expect(await page.locator('[data-figure="response-rate"]').textContent()).toContain(`${api.n} of ${api.N} cities`);

    const channels = page.getByRole('table', { name: /Channel ranked first/ });
    const emailRow = channels.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Targeted email by topic' }) });
    expect(await emailRow.getByRole('cell').allTextContents()).toEqual(['6', '4', '67%', expect.stringMatching(/^\d+% – \d+%$/)]);
    const areas = page.getByRole('table', { name: /per policy area/ });
    const education = areas.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Education', exact: true }) });
    expect((await education.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['6', '5', '83%']);
    expect(await page.locator('canvas[role="img"]').count()).toBe(2);

    // The PNG and the CSV download exactly what is shown.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV · Channel ranked first' }).click()]);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFFChannel,n,Cities (k),%,95% CI\r\n')).toBe(true);
    expect(text).toContain('Targeted email by topic,6,4,67%,');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG · Channel ranked first' }).click()]);
    expect(png.suggestedFilename()).toBe(`icc-${year}-channels-first.png`);
    expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    expect(await seriousViolations(page, 'analysis')).toEqual([]);
    await screenshot(page, 'analysis');

    // One country: the page refetches, the tables show n and hide the cells under 5 cities.
    await page.getByLabel('Country').selectOption('ES');
    await emailRow.getByRole('cell').first().filter({ hasText: /^1$/ }).waitFor();
    expect(await emailRow.getByRole('cell').allTextContents()).toEqual(['1', '—', '—', '—']);
    expect(await page.getByText('fewer than 5 cities').first().isVisible()).toBe(true);
    expect(await email.textContent()).toContain('0 of 1 cities');
    expect(await page.getByText('Only 1 city in this selection').isVisible()).toBe(true);
    expect(await seriousViolations(page, 'analysis filtered')).toEqual([]);

    await page.getByLabel('Country').selectOption('');
    await emailRow.getByRole('cell').first().filter({ hasText: /^6$/ }).waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'analysis-375');

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: /^Analyse · / }).waitFor();
    await page.getByRole('table', { name: /Canal classé en premier/ }).waitFor();
    expect(await seriousViolations(page, 'analysis fr')).toEqual([]);
  });
});


describe.skipIf(!chromiumPath)('one question across years (issue 3)', () => {
  let app!: BrowserApp;
  let previousId = 0;
  const year = new Date().getFullYear();
  // Last year five cities answered (3 coordinators); this year all six (4 coordinators).
  const lastYear: [CityCode, string][] = [
    ['AAR', 'coordinator'],
    ['BIL', 'coordinator'],
    ['LYO', 'coordinator'],
    ['ZUR', 'other'],
    ['OSL', 'other'],
  ];
  const people = useBrowserApp(async (a) => {
    app = a;
    const current = app.stores.surveys.get({ id: app.surveyId })!;
    const definition = app.stores.surveys.latestVersion({ surveyId: app.surveyId })!.definition;
    const now = new Date();
    previousId = app.stores.surveys.create({ year: year - 1, code: current.code, title: current.title, definition, status: 'closed', now });
    const versionId = app.stores.surveys.latestVersion({ surveyId: previousId })!.id;
    for (const [code, role] of lastYear) {
      // Matrix, ranking and text too (helper F): Aarhus and Bilbao changed nothing in education last year.
      const data = {
        respondent_role: role,
        chg: { education: code === 'AAR' || code === 'BIL' ? 'no' : 'yes' },
        comm_channels: code === 'ZUR' ? [...PORTAL_FIRST] : [...COMPLETE_ANSWERS.comm_channels],
        ...(code === 'AAR' || code === 'LYO' ? { chg_txt_education: `Plan drafted in ${code} schools` } : {}),
      };
      app.stores.responses.merge({ surveyId: previousId, cityId: app.cityIds[code], versionId, data, revision: 0, author: null, now });
    }
    for (const code of ['AAR', 'BIL', 'LYO', 'ZUR', 'OSL', 'LIS'] as CityCode[]) {
      await app.colleagueSaves(app.linkFor(code), (d) => {
        Object.assign(d, structuredClone(COMPLETE_ANSWERS));
        if (code === 'OSL' || code === 'LIS') d.respondent_role = 'other';
      });
    }
    app.stores.users.create({ email: ANALYST_EMAIL, passwordHash: await hashPassword(ANALYST_PASSWORD), role: 'analyst', now: new Date() });
  });

  /** The module's figures for the question, on what is stored. */
  function moduleYears(code = 'respondent_role') {
    const read = (surveyId: number) =>
      app.stores.responses
        .page({ surveyId, afterCode: '', limit: 1000 })
        .filter((r) => r.revision > 0)
        .map((r) => ({ city: r.cityCode, data: r.data }));
    const catalogueOf = (surveyId: number) => surveyCatalogue(app.stores.surveys.latestVersion({ surveyId })!.definition);
    const roster = app.stores.cities.list().map((c) => ({ code: c.code, name: c.name, country: c.country, network: c.networks }));
    return questionAcrossYears({
      code,
      years: [
        { year: year - 1, catalogue: catalogueOf(previousId), responses: read(previousId) },
        { year, catalogue: catalogueOf(app.surveyId), responses: read(app.surveyId) },
      ],
      roster,
    });
  }

  test("a question's page shows its share per choice in each year, with n and the panel, as the module computes", async () => {
    const { page } = await people.open();
    await signIn(page, app.url, ANALYST_EMAIL, ANALYST_PASSWORD);
    await page.goto(`${app.url}/analysis/surveys/${app.surveyId}?view=question&code=respondent_role`);
    const figure = page.locator('[data-figure="qy-respondent_role"]');
    const table = figure.getByRole('table');
    await table.waitFor();
    const expected = moduleYears();
    expect(expected.years.map((y) => [y.n, y.panelN])).toEqual([
      [5, 5],
      [6, null],
    ]);
    const before = expected.years[0]!.shares!.coordinator!;
    expect(before).toMatchObject({ k: 3, n: 5, p: 0.6 });
    const head = await table.getByRole('columnheader').allTextContents();
    const col = head.indexOf('ICC coordinator of the city') - 1;
    expect(col).toBeGreaterThan(1);
    const lastYearCells = await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(year - 1), exact: true }) }).getByRole('cell').allTextContents();
    expect(lastYearCells.slice(0, 2)).toEqual(['5', '5']);
    expect(lastYearCells[col]).toBe(`${Math.round(before.p! * 100)}% (${Math.round(before.ci95![0] * 100)}% – ${Math.round(before.ci95![1] * 100)}%)`);
    const now = expected.years[1]!.shares!.coordinator!;
    const thisYearCells = await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(year), exact: true }) }).getByRole('cell').allTextContents();
    expect(thisYearCells[0]).toBe('6');
    expect(thisYearCells[col]).toContain(`${Math.round(now.p! * 100)}%`);
    expect(await figure.locator('canvas[role="img"]').count()).toBe(1);
    expect(await seriousViolations(page, 'analysis question years')).toEqual([]);
    await screenshot(page, 'analysis-question-years');

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await figure.getByRole('heading', { name: /^D’une année à l’autre : / }).waitFor();
    expect(await figure.getByRole('columnheader', { name: /n du panel/ }).count()).toBe(1);
    await screenshot(page, 'analysis-question-years-fr');
  });
  test('a matrix, a ranking and a text question across years: rows, items and texts as the module computes (helper F)', async () => {
    const { page } = await people.open();
    await signIn(page, app.url, ANALYST_EMAIL, ANALYST_PASSWORD);
    const two = (x: number | null | undefined) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x!);
    const rowCells = (figure: ReturnType<Page['locator']>, header: string, y: number) =>
      figure
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: header, exact: true }) })
        .filter({ has: page.getByRole('cell', { name: String(y), exact: true }) })
        .getByRole('cell')
        .allTextContents();

    // Matrix: 17 rows, so the chart starts on one; choose Education. Last year 3 of 5 said yes, this year 6 of 6.
    await page.goto(`${app.url}/analysis/surveys/${app.surveyId}?view=question&code=chg`);
    const matrix = page.locator('[data-figure="qy-chg"]');
    await matrix.getByRole('table').waitFor();
    await matrix.getByLabel('Rows in the chart').selectOption({ label: 'Education' });
    await matrix.getByLabel('Chart shows').selectOption({ label: 'Share answering “Yes”' });
    const chg = moduleYears('chg');
    const before = chg.years[0]!.rows!.education!;
    expect(before).toMatchObject({ n: 5, panelN: 5 });
    expect(before.shares.yes).toMatchObject({ k: 3, n: 5 });
    const beforeCells = await rowCells(matrix, 'Education', year - 1);
    expect(beforeCells.slice(0, 4)).toEqual([String(year - 1), '5', '5', `60% (${Math.round(before.shares.yes!.ci95![0] * 100)}% – ${Math.round(before.shares.yes!.ci95![1] * 100)}%)`]);
    // Scored yes = 1, no = 0: the mean score is the share of yes among yes and no.
    expect(beforeCells[beforeCells.length - 2]).toBe(two(before.mean!.mean));
    expect((await rowCells(matrix, 'Education', year))[1]).toBe(String(chg.years[1]!.rows!.education!.n));
    // Only Education is in the table now (one row per year).
    expect(await matrix.getByRole('rowheader').allTextContents()).toEqual(['Education', 'Education']);
    expect(await matrix.locator('canvas[role="img"]').count()).toBe(1);
    expect(await seriousViolations(page, 'question years matrix')).toEqual([]);
    await screenshot(page, 'F-matrix-years');

    // Ranking: mean rank and share first of targeted email, per year.
    await page.goto(`${app.url}/analysis/surveys/${app.surveyId}?view=question&code=comm_channels`);
    const ranking = page.locator('[data-figure="qy-comm_channels"]');
    await ranking.getByRole('table').waitFor();
    const rk = moduleYears('comm_channels');
    for (const [i, y] of [year - 1, year].entries()) {
      const email = rk.years[i]!.items!.email_targeted!;
      const cells = await rowCells(ranking, 'Targeted email by topic', y);
      expect(cells.slice(1, 5)).toEqual([String(rk.years[i]!.n), rk.years[i]!.panelN === null ? '—' : String(rk.years[i]!.panelN), String(email.meanRank.n), two(email.meanRank.mean)]);
      expect(cells[6]).toBe(`${Math.round(email.first.p! * 100)}%`);
    }
    await ranking.getByLabel('Chart shows').selectOption({ label: 'Mean rank (1 = first)' });
    await screenshot(page, 'F-ranking-years');

    // Texts: both years' answers with city and year; the search narrows to one city's answers.
    await page.goto(`${app.url}/analysis/surveys/${app.surveyId}?view=question&code=chg_txt_education`);
    const texts = page.locator('[data-figure="qy-chg_txt_education"]');
    await texts.getByRole('table').waitFor();
    const tx = moduleYears('chg_txt_education');
    expect(tx.years.map((y) => [y.n, y.panelN])).toEqual([
      [2, 2],
      [6, null],
    ]);
    const lastYearCounts = await texts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(year - 1), exact: true }) }).getByRole('cell').allTextContents();
    expect(lastYearCounts).toEqual(['2', '2']);
    const list = texts.locator('[data-texts="qy-chg_txt_education-texts"]');
    await list.getByText('8 of 8 answers shown').waitFor();
    await list.getByRole('searchbox', { name: 'Search the answers' }).fill('lyon');
    await list.getByText('2 of 8 answers shown').waitFor();
    expect(await list.locator('.text-list li .text-city').allTextContents()).toEqual([`Lyon (test) · ${year - 1}`, `Lyon (test) · ${year}`]);
    // Aarhus and Lyon wrote in both years: their four answers.
    await list.getByRole('searchbox', { name: 'Search the answers' }).fill('');
    await list.getByRole('checkbox', { name: 'Only cities that answered in several years (2)' }).check();
    await list.getByText('4 of 8 answers shown').waitFor();
    await list.getByRole('searchbox', { name: 'Search the answers' }).fill('lyon');
    expect(await seriousViolations(page, 'question years texts')).toEqual([]);
    await screenshot(page, 'F-text-years');
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await list.getByText('2 réponses affichées sur 8').waitFor();
    await screenshot(page, 'F-text-years-fr');

    // On a phone, in French: the matrix's choices and the ranking's mean ranks (axis from 0 to 6 ranks).
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${app.url}/analysis/surveys/${app.surveyId}?view=question&code=chg`);
    await matrix.getByLabel('Lignes du graphique').selectOption({ label: 'Éducation' });
    await matrix.getByRole('columnheader', { name: 'Score moyen' }).waitFor();
    await screenshot(page, 'F-matrix-years-fr-phone');
    await page.goto(`${app.url}/analysis/surveys/${app.surveyId}?view=question&code=comm_channels`);
    await ranking.getByLabel('Le graphique montre').selectOption({ label: 'Rang moyen (1 = premier)' });
    await screenshot(page, 'F-ranking-years-fr-phone');
    // Three pages, three axe runs and two languages: longer than one page's test on two shared cores.
  }, 240_000);
});
