/**
 * A page to time a cold open in: a fresh browser context (empty HTTP cache, code cache and storage), its page on
 * `about:blank`, handed over once Chromium has finished what a new window costs it.
 *
 * Why: every new context is a new window, and Chromium's full headless mode (Debian's /usr/bin/chromium 156) then
 * builds the window's omnibox popup, a WebUI page of its own (`chrome://omnibox-popup.top-chrome`, the trace's
 * "WebUI Top Renderer" process). A Chromium trace of one open of the survey's admin page on this machine showed that
 * process busy for 1.4–2.6 s of CPU, during the page's own load: on 2 cores it competed with the page measured and
 * with the server, and added 0.5–1 s to every cold open (admin page 1.45–2.7 s unsettled, 0.9 s settled, same run).
 * A person opening the builder or a coordinator link does it in a browser whose window exists already: its
 * omnibox was built when the window opened, not at each navigation. The cache stays empty: only the window's
 * own set-up is kept out of the figure.
 */
import type { Browser, BrowserContext, BrowserContextOptions, CDPSession, Page } from 'playwright-core';
import { chromiumCpu, chromiumCpuSpent } from './cpu';

/** Chromium counts as settled when all its processes spent less than this CPU over the last window. */
const QUIET_CPU_MS = 10;
const QUIET_WINDOW_MS = 300;
const POLL_MS = 100;
/** Never wait longer: a machine too busy to settle is measured as it is (and said so). */
const MAX_WAIT_MS = 6_000;

export interface SettledPage {
  context: BrowserContext;
  page: Page;
  /** How long Chromium took to settle (ms), or null when it was still busy after MAX_WAIT_MS. */
  settledMs: number | null;
}

/** Waits until Chromium's processes have been quiet for QUIET_WINDOW_MS (see the top of this file). */
export async function chromiumSettled(cdp: CDPSession): Promise<number | null> {
  const t0 = performance.now();
  const readings: { at: number; cpu: Awaited<ReturnType<typeof chromiumCpu>> }[] = [];
  while (performance.now() - t0 < MAX_WAIT_MS) {
    const now = { at: performance.now(), cpu: await chromiumCpu(cdp) };
    readings.push(now);
    // The latest reading at least QUIET_WINDOW_MS old: the start of the window just past.
    const start = readings.findLast((r) => now.at - r.at >= QUIET_WINDOW_MS);
    if (start && chromiumCpuSpent(start.cpu, now.cpu).all < QUIET_CPU_MS) return now.at - t0;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

const sessions = new WeakMap<Browser, Promise<CDPSession>>();

/** A fresh context and its page on about:blank, Chromium settled (see the top of this file). */
export async function settledPage(browser: Browser, options: BrowserContextOptions = {}): Promise<SettledPage> {
  let cdp = sessions.get(browser);
  if (!cdp) sessions.set(browser, (cdp = browser.newBrowserCDPSession()));
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    await page.goto('about:blank');
    return { context, page, settledMs: await chromiumSettled(await cdp) };
  } catch (err) {
    await context.close();
    throw err;
  }
}
