/**
 * The questionnaire builder in headless Chromium (issue 4): opening a 300-question survey, and one edit.
 *
 * The app runs as `npm start` does (`server/main.ts`, PORT=0, a temporary DATA_DIR, the bench's own ADMIN_EMAIL /
 * ADMIN_PASSWORD). The bench signs in through `POST /api/session`, posts the synthetic bilingual 300-question
 * definition of the Node builder section (`synthetic(300)` of sections/builder.ts: 30 pages of 10 radiogroup, text
 * and checkbox questions, titles and choices in English and French) to `POST /api/surveys` (a draft survey), and
 * opens `/admin/surveys/<id>/builder` in a fresh browser context (empty cache) holding the session cookie.
 *
 * **Open** = from the navigation's start (the page's `performance.now()` time origin) to the first animation frame
 * in which both the outline's row of the 300th question (`q299`, the last row of `.builder-tree`) is laid out and the
 * preview (survey-react-ui) shows its first question (`.builder-preview .sd-question` laid out): the builder is then
 * usable. The predicate runs on every animation frame from an init script (lib/frame-probe.ts: until 2026-12-01 it
 * ran through `waitForFunction`, whose injected script cost the page about 60 ms of its load); the frame in which
 * the outline alone was complete is logged too. One unmeasured visit warms the server; median of 5 runs (1 quick).
 * **Open again** (`builder_open_300q_cached_ms`) = the same, in the page of the last open after `about:blank`:
 * the browser's HTTP cache and V8's code cache hold the app's scripts, as when the Unit opens the builder again
 * (the assets are immutable, cached for a year). Median of 3 (1 quick).
 * **Survey page** = the same survey's own admin page (`/admin/surveys/<id>`, its heading shown), opened as the
 * builder is: the floor of any page of the app on this machine (the entry script, React, the session), the
 * baseline of the open figure's ratio. Median of as many runs as the builder's.
 *
 * **Edit** = in the page of the last open, the 150th question (`q149`) is selected in the outline, then characters
 * are typed one at a time at the end of its English title (`page.keyboard.press`, real key events through CDP).
 * Each is timed in the page from the `keydown` event's `timeStamp` to the frame that paints the change: a
 * MutationObserver sees the outline row's title change, then a `requestAnimationFrame` callback posts a
 * MessageChannel message, which runs once that frame has been painted. Median of 9 keystrokes (5 quick), each
 * after the previous one was painted. **Undo** = the same from the Undo button's `click` event to the painted
 * outline title back to what it was (the typed characters are one undo step), alternating with Redo (logged);
 * median of 5 undos (3 quick). Also logged: how long after the last keystroke the preview shows the new title
 * (it is rebuilt 400 ms after the last edit, on purpose).
 *
 * **CPU** (load-insensitive companions): Chromium's processes through CDP `SystemInfo.getProcessInfo` and the
 * server's `/proc/PID/stat`, read before `goto` and once the builder is shown, and around the keystrokes.
 *
 * A quick run skips the section (its own server and browser: about 20 s, the quick bench must stay under two
 * minutes) unless BENCH_ONLY names it; then one open, 5 keystrokes and 3 undos.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { findChromium, launchBrowser } from '../../tests/browser/support';
import { ensureProductionClient } from '../lib/client';
import { chromiumCpu, chromiumCpuSpent, processCpuMs } from '../lib/cpu';
import { entry, type Entry } from '../lib/entry';
import { armFrameProbe, nextProbe } from '../lib/frame-probe';
import { settledPage } from '../lib/settled-page';
import { cookieHeader, signIn, withAdminApp, type Cookie } from '../lib/session';
import { median } from '../lib/util';
import { synthetic } from './builder';

const QUESTIONS = 300;
const YEAR = 2099;
const LAST = `q${QUESTIONS - 1}`;
const EDITED = 'q149';
const OUTLINE_TITLE = (name: string) =>
  `//ul[contains(@class,'builder-tree')]/li[.//span[@class='builder-name' and text()='${name}']]//span[@class='builder-row-title']`;
const PREVIEW_QUESTION = (name: string) => `//section[contains(@class,'builder-preview')]//*[@data-name='${name}']`;

/**
 * In the page, every animation frame: performance.now() once the outline's last row and the preview's first
 * question are laid out, else false; the first frame with the outline complete is kept in `window.__outlineAt`.
 * No inner functions: tsx wraps named inner functions in a `__name` helper that the page does not have.
 */
function openedAt(last: string): number | false {
  const w = window as unknown as { __outlineAt?: number };
  const rows = document.querySelectorAll('.builder-tree > li');
  const row = rows[rows.length - 1];
  const name = row?.querySelector('.builder-name');
  const outlineDone = !!row && name?.textContent === last && row.getBoundingClientRect().height > 0;
  if (outlineDone && w.__outlineAt === undefined) w.__outlineAt = performance.now();
  const question = document.querySelector('.builder-preview .sd-question');
  if (!outlineDone || !question || question.getBoundingClientRect().height === 0) return false;
  return performance.now();
}

/**
 * Arms a measurement in the page: from the next `start` event (its timeStamp) to the frame painted after the
 * node at `xpath` has the text `expected` (`exact`, or containing it). `window.__paint` resolves with the ms.
 */
function armPaint([start, xpath, expected, exact]: [string, string, string, boolean]): void {
  const w = window as unknown as { __paint?: Promise<number> };
  w.__paint = new Promise<number>((resolve, reject) => {
    let t0 = -1;
    document.addEventListener(
      start,
      (e) => {
        t0 = e.timeStamp;
      },
      { capture: true, once: true },
    );
    const observer = new MutationObserver(() => {
      const node = document.evaluate(xpath, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
      const text = node?.textContent ?? '';
      if (t0 < 0 || !(exact ? text === expected : text.includes(expected))) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.addEventListener('message', () => resolve(performance.now() - t0));
        channel.port1.start();
        channel.port2.postMessage(0);
      });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no paint of ${JSON.stringify(expected)} within 30 s`));
    }, 30_000);
  });
}
const paintDone = (page: Page) => page.evaluate(() => (window as unknown as { __paint: Promise<number> }).__paint);

/** The survey's admin page in a fresh context, from navigation start to the frame its heading (the year) is laid out. */
async function openPlain(browser: Browser, url: string, cookies: Cookie[]): Promise<number> {
  const { context, page } = await settledPage(browser, { viewport: { width: 1400, height: 900 } });
  try {
    await context.addCookies(cookies.map((c) => ({ ...c, url: new URL('/', url).href })));
    await armFrameProbe(context, /^\/admin\/surveys\/\d+$/, headingShownAt, String(YEAR));
    const shown = nextProbe(page, 30_000);
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    return await shown;
  } finally {
    await context.close();
  }
}

/** In the page, every animation frame: performance.now() once the survey page's heading (the year) is laid out. */
function headingShownAt(year: string): number | false {
  const h1 = document.querySelector('h1');
  return !!h1 && (h1.textContent ?? '').includes(year) && h1.getBoundingClientRect().height > 0 && performance.now();
}

/** In the page of an open: away to about:blank and back, timed as an open (scripts now in the caches). */
async function reopen(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  const shown = nextProbe(page, 30_000);
  await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
  return shown;
}

interface Open {
  shown: number;
  outline: number;
  dcl: number;
  script: number;
  api: number;
  /** CPU ms from before `goto` to the builder shown: Chromium's renderer processes, all its processes, the server. */
  cpu: { renderer: number; all: number; server: number };
}

/** What CPU time is read through: a browser-level CDP session, and the server's pid (its /proc/PID/stat). */
interface CpuProbe {
  cdp: CDPSession;
  serverPid: number | undefined;
}
async function cpuNow({ cdp, serverPid }: CpuProbe) {
  return { chromium: await chromiumCpu(cdp), server: processCpuMs(serverPid) ?? NaN };
}
function cpuSince(before: Awaited<ReturnType<typeof cpuNow>>, after: Awaited<ReturnType<typeof cpuNow>>) {
  return { ...chromiumCpuSpent(before.chromium, after.chromium), server: after.server - before.server };
}

async function openBuilder(
  browser: Browser,
  probe: CpuProbe,
  url: string,
  cookies: Cookie[],
): Promise<{ context: BrowserContext; page: Page; open: Open; problems: string[] }> {
  const { context, page } = await settledPage(browser, { viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  try {
    await context.addCookies(cookies.map((c) => ({ ...c, url: new URL('/', url).href })));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await armFrameProbe(context, /\/builder$/, openedAt, LAST);
    const opened = nextProbe(page, 30_000);
    const cpuBefore = await cpuNow(probe);
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    const shown = await opened;
    const cpu = cpuSince(cpuBefore, await cpuNow(probe));
    const phases = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      let api = 0;
      let script = 0;
      for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        if (e.name.includes('/api/')) api = Math.max(api, e.responseEnd);
        else if (/\.m?js(\?|$)/.test(e.name)) script = Math.max(script, e.responseEnd);
      }
      const outline = (window as unknown as { __outlineAt?: number }).__outlineAt ?? NaN;
      return { dcl: nav?.domContentLoadedEventEnd ?? 0, script, api, outline };
    });
    return { context, page, open: { shown, ...phases, cpu }, problems };
  } catch (err) {
    await context.close();
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new Error([first, ...problems.slice(0, 5)].join('; '));
  }
}

/** A failed open is retried twice at most (the client can be rebuilt under the running server on a shared machine). */
async function measureOpen(browser: Browser, probe: CpuProbe, url: string, cookies: Cookie[], log: (s: string) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openBuilder(browser, probe, url, cookies);
    } catch (err) {
      if (attempt >= 3) throw err;
      log(`  open failed (attempt ${attempt}, retrying): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Keystrokes into q149's English title, then undo / redo, in an opened builder page. */
async function measureEdits(page: Page, probe: CpuProbe, keystrokes: number, undos: number) {
  const title = `Question ${EDITED.slice(1)}`;
  // CSS locators: a role locator computes accessible names over the whole page (about a second for 300 rows).
  const toolbarButton = (label: string) => page.locator('.builder-bar button', { hasText: new RegExp(`^${label}$`) });
  await page.locator('.builder-tree .builder-select', { has: page.locator('.builder-name', { hasText: new RegExp(`^${EDITED}$`) }) }).click();
  const input = page.locator('#prop-title-default');
  if ((await input.inputValue()) !== title) throw new Error(`the properties of ${EDITED} did not open (title field: ${await input.inputValue()})`);
  await input.focus();
  await input.press('End');
  const typed: number[] = [];
  let text = title;
  const cpuBefore = await cpuNow(probe);
  for (let i = 0; i < keystrokes; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    text += ch;
    await page.evaluate(armPaint, ['keydown', OUTLINE_TITLE(EDITED), ` · ${text}`, true] as [string, string, string, boolean]);
    await page.keyboard.press(ch);
    typed.push(await paintDone(page));
  }
  const cpu = cpuSince(cpuBefore, await cpuNow(probe));
  const cpuPerKeystroke = { renderer: cpu.renderer / keystrokes, all: cpu.all / keystrokes, server: cpu.server / keystrokes };
  // The preview follows 400 ms after the last edit (BuilderPreview is given a debounced definition).
  const previewT0 = performance.now();
  await page.locator(`xpath=${PREVIEW_QUESTION(EDITED)}`).getByText(text, { exact: true }).first().waitFor({ timeout: 30_000 });
  const preview = performance.now() - previewT0;
  const undo: number[] = [];
  const redo: number[] = [];
  for (let i = 0; i < undos; i++) {
    await page.evaluate(armPaint, ['click', OUTLINE_TITLE(EDITED), ` · ${title}`, true] as [string, string, string, boolean]);
    await toolbarButton('Undo').click();
    undo.push(await paintDone(page));
    await page.evaluate(armPaint, ['click', OUTLINE_TITLE(EDITED), ` · ${text}`, true] as [string, string, string, boolean]);
    await toolbarButton('Redo').click();
    redo.push(await paintDone(page));
  }
  return { typed, cpuPerKeystroke, preview, undo, redo };
}

export interface BuilderFigures {
  opens: Open[];
  warm: Open;
  /** Opens with the scripts in the HTTP and code caches (see reopen). */
  cached: number[];
  /** Opens of the survey's admin page (see openPlain). */
  plain: number[];
  edits: Awaited<ReturnType<typeof measureEdits>>;
}

/**
 * Against a running app: signs in, posts the 300-question survey, opens the builder `runs` times (after one
 * unmeasured visit), then edits in the page of the last open.
 */
export async function measureBuilder(
  { base, email, password, browser, serverPid }: { base: string; email: string; password: string; browser: Browser; serverPid: number | undefined },
  { runs, reopens, keystrokes, undos }: { runs: number; reopens: number; keystrokes: number; undos: number },
  log: (s: string) => void,
): Promise<BuilderFigures> {
  const cookies = await signIn(base, email, password);
  const created = await fetch(`${base}/api/surveys?year=${YEAR}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookieHeader(cookies) },
    body: JSON.stringify(synthetic(QUESTIONS)),
  });
  if (created.status !== 201) throw new Error(`POST /api/surveys (${QUESTIONS} questions): HTTP ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  const url = `${base}/admin/surveys/${id}/builder`;
  const probe: CpuProbe = { cdp: await browser.newBrowserCDPSession(), serverPid };

  const warm = await measureOpen(browser, probe, url, cookies, log);
  await warm.context.close();
  const opens: Open[] = [];
  let last: Awaited<ReturnType<typeof openBuilder>> | undefined;
  try {
    for (let i = 0; i < runs; i++) {
      await last?.context.close();
      last = await measureOpen(browser, probe, url, cookies, log);
      opens.push(last.open);
    }
    const plain: number[] = [];
    for (let i = 0; i < runs; i++) plain.push(await openPlain(browser, `${base}/admin/surveys/${id}`, cookies));
    const cached: number[] = [];
    for (let i = 0; i < reopens; i++) cached.push(await reopen(last!.page, url));
    const edits = await measureEdits(last!.page, probe, keystrokes, undos);
    if (last!.problems.length) log(`  problems in the page: ${last!.problems.slice(0, 5).join('; ')}`);
    return { opens, warm: warm.open, cached, plain, edits };
  } finally {
    await last?.context.close();
  }
}

/** The log lines of a measurement. */
export function describe({ opens, warm, cached, plain, edits }: BuilderFigures): string[] {
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  const med = (k: Exclude<keyof Open, 'cpu'>) => median(opens.map((o) => o[k])).toFixed(0);
  const cpu = (k: keyof Open['cpu']) => median(opens.map((o) => o.cpu[k])).toFixed(0);
  return [
    `builder in the browser (${QUESTIONS} questions): open warm-up ${warm.shown.toFixed(0)} ms; runs ${fmt(opens.map((o) => o.shown))} ms ` +
      `from navigation start; medians: outline complete ${med('outline')} ms, DOMContentLoaded ${med('dcl')} ms, last script ${med('script')} ms, ` +
      `last API answer ${med('api')} ms; CPU (medians): Chromium's renderers ${cpu('renderer')} ms, all its processes ${cpu('all')} ms, server ${cpu('server')} ms`,
    `  open again (scripts cached): ${fmt(cached)} ms; the survey's admin page: ${fmt(plain)} ms ` +
      `(builder open / survey page: ${(median(opens.map((o) => o.shown)) / median(plain)).toFixed(2)})`,
    `  edit (keystroke → painted outline): ${fmt(edits.typed)} ms; undo ${fmt(edits.undo)} ms; redo ${fmt(edits.redo)} ms; ` +
      `preview showed the new title ${edits.preview.toFixed(0)} ms after the last keystroke was painted (400 ms debounce); ` +
      `CPU per keystroke: renderers ${edits.cpuPerKeystroke.renderer.toFixed(0)} ms, all Chromium ${edits.cpuPerKeystroke.all.toFixed(0)} ms`,
  ];
}

/** The section's key for BENCH_ONLY: a quick run measures the builder only when it is named there. */
export const BUILDER_BROWSER_KEY = 'builder-browser';

export async function builderBrowserBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const named = (process.env.BENCH_ONLY ?? '').split(',').some((k) => k.trim() === BUILDER_BROWSER_KEY);
  if (quick && !named) {
    log(`builder in the browser: skipped in a quick run (about 20 s: its own server and browser); BENCH_ONLY=${BUILDER_BROWSER_KEY} BENCH_QUICK=1 runs it once`);
    return [];
  }
  const chromium = findChromium();
  if (!chromium.path) throw new Error(`cannot measure in the browser: ${chromium.reason}`);

  await ensureProductionClient((s) => log(`  ${s}`));
  return withAdminApp({ name: 'builder', startTimeoutMs: 180_000 }, async ({ base, email, password, pid }) => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const figures = await measureBuilder(
        { base, email, password, browser, serverPid: pid },
        { runs: quick ? 1 : 5, reopens: quick ? 1 : 3, keystrokes: quick ? 5 : 9, undos: quick ? 3 : 5 },
        log,
      );
      for (const line of describe(figures)) log(line);
      const { opens, cached, plain, edits } = figures;
      return [
        entry({ name: 'builder_open_300q_browser_ms', value: median(opens.map((o) => o.shown)), unit: 'ms', target: 1000, baseline: median(plain) }),
        entry({ name: 'builder_open_300q_cached_ms', value: median(cached), unit: 'ms' }),
        entry({ name: 'builder_edit_300q_browser_ms', value: median(edits.typed), unit: 'ms', target: 50 }),
        entry({ name: 'builder_undo_300q_browser_ms', value: median(edits.undo), unit: 'ms', target: 50 }),
        entry({ name: 'builder_open_300q_cpu_ms', value: median(opens.map((o) => o.cpu.renderer)), unit: 'ms' }),
        entry({ name: 'builder_edit_300q_cpu_ms', value: edits.cpuPerKeystroke.renderer, unit: 'ms' }),
      ];
    } finally {
      await browser?.close().catch(() => undefined);
    }
  });
}
