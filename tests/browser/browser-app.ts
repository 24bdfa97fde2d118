/**
 * The real app for browser tests: the built client served by `createApp` on a temporary database, listening on a
 * free port, with the default questionnaire open and a few (synthetic) cities. One per test file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createApp } from '../../server/app';
import { ensureAdmin, ensureDefaultSurveys } from '../../server/bootstrap';
import { CLIENT_DIST, ensureClientBuilt, withClientBuildLock } from '../../server/client-build';
import { systemClock } from '../../server/clock';
import { parseConfig } from '../../server/config';
import { openDatabase } from '../../server/db';
import { launchBrowser } from './support';

export const ADMIN_EMAIL = 'admin@test.example';
export const ADMIN_PASSWORD = 'correct horse battery';

/** Cities of the roster; each test answers for its own city so tests of a file do not share answers. */
export const CITY_ROWS = [
  { code: 'AAR', name: 'Aarhus (test)', nameFr: null, country: 'DK' },
  { code: 'BIL', name: 'Bilbao (test)', nameFr: null, country: 'ES' },
  { code: 'LYO', name: 'Lyon (test)', nameFr: 'Lyon (essai)', country: 'FR' },
  { code: 'ZUR', name: 'Zürich (test)', nameFr: null, country: 'CH' },
  { code: 'OSL', name: 'Oslo (test)', nameFr: null, country: 'NO' },
  { code: 'LIS', name: 'Lisbon (test)', nameFr: 'Lisbonne (essai)', country: 'PT' },
] as const;
export type CityCode = (typeof CITY_ROWS)[number]['code'];
/** Every city is in the international network; all but Aarhus also in this national one. */
export const NATIONAL_NETWORK = 'RCI';

export const SHOTS_DIR = '/tmp/shots';

/** A complete set of answers that passes the server's checks (the four required questions answered). */
export const COMPLETE_ANSWERS = {
  respondent_role: 'coordinator',
  chg: { education: 'yes', language: 'no' },
  chg_insp_education: 4,
  chg_txt_education: 'Intercultural training for all school heads.',
  prog: { education: 3, language: 1 },
  comm_channels: ['email_targeted', 'webinars', 'newsletter', 'portal', 'collab_tool', 'social_media'],
  strat_status: 'implementing',
  final_comment: 'Merci !',
};


/** Files of the build that its index.html and scripts refer to but that are missing (a build was half-written). */
function missingAssets(dir: string): string[] {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return ['index.html'];
  const assets = path.join(dir, 'assets');
  const texts = [fs.readFileSync(index, 'utf8')];
  if (fs.existsSync(assets)) {
    for (const f of fs.readdirSync(assets)) if (f.endsWith('.js')) texts.push(fs.readFileSync(path.join(assets, f), 'utf8'));
  }
  const referenced = new Set(texts.flatMap((t) => [...t.matchAll(/(?:assets\/|\.\/)([\w-]+(?:\.[\w-]+)*\.(?:js|css))\b/g)].map((m) => m[1]!)));
  return [...referenced].filter((f) => !fs.existsSync(path.join(assets, f)));
}

/**
 * The built client (built if needed), in a private copy: a rebuild started meanwhile by someone else's
 * `npm test` or `npm start` empties dist/, and would otherwise pull files from under a running test.
 * A copy taken during such a rebuild is incomplete: it is taken again.
 */
async function privateClientCopy(): Promise<string> {
  return withClientBuildLock(async () => {
    for (let attempt = 1; ; attempt++) {
      await ensureClientBuilt(() => {});
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-browser-client-'));
      fs.cpSync(CLIENT_DIST, copy, { recursive: true });
      const missing = missingAssets(copy);
      if (missing.length === 0) return copy;
      fs.rmSync(copy, { recursive: true, force: true });
      if (attempt === 20) throw new Error(`the client build in ${CLIENT_DIST} stays incomplete (missing ${missing.join(', ')})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });
}

export interface RespondState {
  data: Record<string, unknown>;
  revision: number;
  status: 'draft' | 'submitted' | 'closed';
  pageNo: number;
}

export async function startBrowserApp() {
  const clientDir = await privateClientCopy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-browser-test-'));
  const db = openDatabase(path.join(dir, 'test.sqlite'));
  const config = parseConfig({ DATA_DIR: dir, ADMIN_EMAIL, ADMIN_PASSWORD });
  const clock = systemClock;
  let baseUrl = '';
  const serverLog: string[] = [];
  const { app, stores, admin } = createApp({
    db,
    config,
    clock,
    linkSecret: crypto.randomBytes(32),
    clientDir,
    publicUrl: () => baseUrl,
    log: (line) => serverLog.push(line),
  });
  await ensureAdmin(stores, config, clock);
  const surveyId = ensureDefaultSurveys(stores, clock);
  if (surveyId === undefined) throw new Error('the default survey was not created');
  stores.cities.createNetwork({ code: 'ICC', name: 'Intercultural Cities', kind: 'international' });
  stores.cities.createNetwork({ code: NATIONAL_NETWORK, name: 'Rete Città Interculturali (test)', kind: 'national' });
  const cityIds = Object.fromEntries(
    CITY_ROWS.map((c) => [c.code, stores.cities.create({ ...c, isSynthetic: true }, c.code === 'AAR' ? ['ICC'] : ['ICC', NATIONAL_NETWORK])]),
  ) as Record<CityCode, number>;

  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The city's respondent link, as the ICC Unit would send it. */
  function linkFor(city: CityCode): string {
    const url = admin.linkFor({ surveyId: surveyId!, cityId: cityIds[city] }).url;
    if (!url.startsWith(`${baseUrl}/r/`)) throw new Error(`unexpected link ${url}`);
    return url;
  }

  /** What the server holds for a link, read through the public API as the contract describes it. */
  async function serverState(link: string): Promise<RespondState> {
    const res = await fetch(`${baseUrl}/api/respond/${link.split('/r/')[1]}`);
    if (!res.ok) throw new Error(`GET ${link} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as RespondState;
  }

  /** A change made by a colleague through the API (another tool, another office), starting from the current revision. */
  async function colleagueSaves(link: string, change: (data: Record<string, unknown>) => void, author = 'Colleague API'): Promise<number> {
    const now = await serverState(link);
    const data = structuredClone(now.data);
    change(data);
    const res = await fetch(`${baseUrl}/api/respond/${link.split('/r/')[1]}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data, revision: now.revision, author }),
    });
    if (!res.ok) throw new Error(`colleague's PUT answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { revision: number }).revision;
  }

  /** Submits the city's answers through the API, as another colleague's browser would. */
  async function submitViaApi(link: string, data: Record<string, unknown>): Promise<void> {
    const now = await serverState(link);
    const res = await fetch(`${baseUrl}/api/respond/${link.split('/r/')[1]}/submit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data, revision: now.revision, author: 'Colleague API' }),
    });
    if (!res.ok) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
  }

  async function close(): Promise<void> {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(clientDir, { recursive: true, force: true });
    if (serverLog.length > 0) throw new Error(`the server logged unexpected errors:\n${serverLog.join('\n')}`);
  }

  return { url: baseUrl, surveyId, cityIds, stores, linkFor, serverState, colleagueSaves, submitViaApi, close };
}
export type BrowserApp = Awaited<ReturnType<typeof startBrowserApp>>;

/**
 * Collects what would show up red in the browser's console: uncaught exceptions and console errors. Failed
 * requests (409, 422, 404, offline) are printed by Chromium as "Failed to load resource" and are expected here.
 */
export function watchPageErrors(context: BrowserContext): { errors: string[]; attach(page: Page): void } {
  const errors: string[] = [];
  const attach = (page: Page) => {
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console.error: ${m.text()}`);
    });
  };
  context.on('page', attach);
  return { errors, attach };
}

/**
 * Saves a full-page screenshot to look at; a tall narrow page also gets its first slices (`-part1`...),
 * which stay legible when viewed.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.clientWidth,
    height: document.documentElement.scrollHeight,
  }));
  if (width > 600 || height <= 1400) return;
  for (let i = 0; i < 3 && i * 1200 < height; i++) {
    const clip = { x: 0, y: i * 1200, width, height: Math.min(1200, height - i * 1200) };
    await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-part${i + 1}.png`), fullPage: true, clip });
  }
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors seen in this person's pages. */
  errors: string[];
}

/** A person at their own computer: a fresh browser context (own storage, own cookies) with one page. */
export async function openPerson(browser: Browser, options: BrowserContextOptions = {}): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-GB', ...options });
  const { errors } = watchPageErrors(context);
  const page = await context.newPage();
  return { context, page, errors };
}

/** Keeps the people a test opened, closes them after it and fails it when their pages logged errors. */
export function peopleTracker(getBrowser: () => Browser) {
  const opened: Person[] = [];
  return {
    async open(options: BrowserContextOptions = {}): Promise<Person> {
      const p = await openPerson(getBrowser(), options);
      opened.push(p);
      return p;
    },
    /** Closes everyone; when `failedTest` is given, first keeps a screenshot of each page to look at. */
    async closeAll(failedTest?: string): Promise<string[]> {
      const people = opened.splice(0);
      const errors = people.flatMap((p) => p.errors);
      if (failedTest) {
        const slug = failedTest.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        await Promise.all(people.map((p, i) => screenshot(p.page, `FAILED-${slug}-${i}`).catch(() => undefined)));
      }
      await Promise.all(people.map((p) => p.context.close()));
      return errors;
    },
  };
}

/**
 * The lifecycle every browser test file shares, registered in the calling describe block: one app and one
 * Chromium for the file (started together), `ready` called with the app once it listens (to keep a reference
 * and seed answers), each test's browser contexts closed after it, failing it on page errors.
 */
export function useBrowserApp(ready: (app: BrowserApp) => void | Promise<void>): ReturnType<typeof peopleTracker> {
  let app: BrowserApp | undefined;
  let browser: Browser | undefined;
  const people = peopleTracker(() => browser!);
  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchBrowser()]);
    await ready(app);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  afterEach(async (ctx) => {
    expect(await people.closeAll(ctx.task.result?.state === 'fail' ? ctx.task.name : undefined)).toEqual([]);
  });
  return people;
}
