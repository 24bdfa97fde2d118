/**
 * Dashboard first render: the analyst dashboard of the demo data's current survey (year 2026, or the latest
 * year the demo holds) in headless Chromium, from navigation start to the headline figures and the first chart
 * being shown.
 *
 * The app runs as `npm run demo` does (`server/main.ts --demo`, PORT=0, a temporary DATA_DIR, the bench's own
 * ADMIN_EMAIL / ADMIN_PASSWORD). The bench signs in once through `POST /api/session` and gives each run a fresh
 * browser context (empty cache) holding that session cookie, then opens `/analysis/surveys/<id>`.
 *
 * "Shown" = in the same animation frame: the headline `[data-figure="rec19-change"]` is laid out (non-empty
 * box) and shows a digit, and the first chart's canvas `[data-figure="change-by-area"] canvas` is laid out and
 * has pixels drawn (chart.js draws on an animation frame after it is created). The predicate runs on every
 * animation frame in the page (from an init script, lib/frame-probe.ts: Playwright's injected script is not in
 * the page; until 2026-12-01 it ran through `waitForFunction`, polling 'raf') and returns `performance.now()`,
 * which counts from the navigation's start (the document's time origin). One unmeasured visit warms the server;
 * median of 7 runs (3 quick).
 */
import type { Browser } from 'playwright-core';
import { findChromium, launchBrowser } from '../../tests/browser/support';
import { ensureProductionClient } from '../lib/client';
import { entry, type Entry } from '../lib/entry';
import { armFrameProbe, nextProbe } from '../lib/frame-probe';
import { settledPage } from '../lib/settled-page';
import { cookieHeader, signIn, withAdminApp, type Cookie } from '../lib/session';
import { median } from '../lib/util';

export const HEADLINE = '[data-figure="rec19-change"]';
export const FIRST_CHART = '[data-figure="change-by-area"] canvas';
const YEAR = 2026;

async function surveyToOpen(base: string, cookies: Cookie[]): Promise<{ id: number; year: number }> {
  const res = await fetch(`${base}/api/surveys`, { headers: { cookie: cookieHeader(cookies) } });
  if (!res.ok) throw new Error(`GET /api/surveys: HTTP ${res.status} ${await res.text()}`);
  const surveys = (await res.json()) as { id: number; year: number }[];
  const chosen = surveys.find((s) => s.year === YEAR) ?? [...surveys].sort((a, b) => b.year - a.year)[0];
  if (!chosen) throw new Error('the demo data holds no survey');
  return chosen;
}

/**
 * In the page, every animation frame: performance.now() once the headline and the first chart are shown, else
 * false. No inner functions: tsx wraps named inner functions in a `__name` helper that the page does not have
 * (and a string predicate would need eval, which the app's CSP refuses).
 */
function shownAt([headline, chart]: [string, string]): number | false {
  const h = document.querySelector(headline);
  const c = document.querySelector(chart) as HTMLCanvasElement | null;
  if (!h || !c || !/\d/.test(h.textContent ?? '') || c.width === 0 || c.height === 0) return false;
  for (const box of [h.getBoundingClientRect(), c.getBoundingClientRect()]) if (box.width === 0 || box.height === 0) return false;
  const ctx = c.getContext('2d');
  if (!ctx) return false;
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < px.length; i += 28) if (px[i] !== 0) return performance.now();
  return false;
}

interface Visit {
  shown: number;
  wall: number;
  dcl: number;
  script: number;
  api: number;
  /** Each resource: `<last two path segments> <start>-<end>` (ms from navigation start). */
  requests: string[];
}

async function visit(browser: Browser, url: string, cookies: Cookie[]): Promise<Visit> {
  const { context, page } = await settledPage(browser);
  const problems: string[] = [];
  try {
    // `url` sets the cookie's path to the URL's directory: give the origin so that /api/ gets it too.
    await context.addCookies(cookies.map((c) => ({ ...c, url: new URL('/', url).href })));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await armFrameProbe(context, /^\/analysis\/surveys\/\d+$/, shownAt, [HEADLINE, FIRST_CHART] as [string, string]);
    const shownInPage = nextProbe(page, 30_000);
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    const shown = await shownInPage;
    const wall = performance.now() - t0;
    // Where the time went (page clock, from navigation start): DOMContentLoaded, the last script and the last
    // API answer received before the figures were shown.
    const phases = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      let api = 0;
      let script = 0;
      const requests: string[] = [];
      for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        if (e.name.includes('/api/')) api = Math.max(api, e.responseEnd);
        else if (/\.m?js(\?|$)/.test(e.name)) script = Math.max(script, e.responseEnd);
        const u = new URL(e.name);
        requests.push(`${u.pathname.split('/').slice(-2).join('/')}${u.search} ${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)}`);
      }
      return { dcl: nav?.domContentLoadedEventEnd ?? 0, script, api, requests };
    });
    return { shown, wall, ...phases };
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new Error([first, ...problems.slice(0, 5)].join('; '));
  } finally {
    await context.close();
  }
}

/** A failed visit is retried twice at most (the client can be rebuilt under the running server on a shared machine). */
async function measure(browser: Browser, url: string, cookies: Cookie[], log: (s: string) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await visit(browser, url, cookies);
    } catch (err) {
      if (attempt >= 3) throw err;
      log(`  visit failed (attempt ${attempt}, retrying): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export async function dashboardBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const runs = quick ? 3 : 7;
  const chromium = findChromium();
  if (!chromium.path) throw new Error(`cannot measure in the browser: ${chromium.reason}`);

  await ensureProductionClient((s) => log(`  ${s}`));
  return withAdminApp({ name: 'dashboard', args: ['--demo'], startTimeoutMs: 240_000 }, async ({ base, email, password }) => {
    let browser: Browser | undefined;
    try {
      const cookies = await signIn(base, email, password);
      const survey = await surveyToOpen(base, cookies);
      const url = `${base}/analysis/surveys/${survey.id}`;
      browser = await launchBrowser();
      const warm = await measure(browser, url, cookies, log);
      const times: Visit[] = [];
      for (let i = 0; i < runs; i++) times.push(await measure(browser, url, cookies, log));
      const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
      log(
        `dashboard (${survey.year} demo survey, ${HEADLINE} + ${FIRST_CHART} drawn): warm-up ${warm.shown.toFixed(0)} ms; ` +
          `runs ${fmt(times.map((x) => x.shown))} ms from navigation start (from before page.goto: ${fmt(times.map((x) => x.wall))} ms); ` +
          `medians: DOMContentLoaded ${median(times.map((x) => x.dcl)).toFixed(0)} ms, last script ${median(times.map((x) => x.script)).toFixed(0)} ms, ` +
          `last API answer ${median(times.map((x) => x.api)).toFixed(0)} ms`,
      );
      log(`  requests of the last run (ms from navigation start): ${times.at(-1)!.requests.join(', ')}`);
      // The analysis API on its own (the headline part the page asks first, and the whole), from node with the same
      // session, for comparison with its time in the page.
      for (const query of ['?part=headlines', '']) {
        const api: number[] = [];
        let bytes = 0;
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          const res = await fetch(`${base}/api/surveys/${survey.id}/analysis${query}`, {
            headers: { cookie: cookieHeader(cookies), 'accept-encoding': 'gzip' },
          });
          bytes = (await res.arrayBuffer()).byteLength;
          api.push(performance.now() - t);
        }
        log(`  GET /api/surveys/${survey.id}/analysis${query} from node: ${fmt(api)} ms (${(bytes / 1024).toFixed(0)} KiB of JSON)`);
      }
      return [entry({ name: 'dashboard_first_render_ms', value: median(times.map((x) => x.shown)), unit: 'ms', target: 1500 })];
    } finally {
      await browser?.close().catch(() => undefined);
    }
  });
}
