/**
 * Times a page's open in the page itself without Playwright's injected script.
 *
 * `page.waitForFunction` and locators run in Playwright's injected script, which Playwright compiles and runs in
 * the page as soon as a navigation commits: during the page's own load, on its main thread. In a trace of one
 * builder open that was a 108 ms task, just as the entry script arrived; 7 alternating opens of the builder gave a
 * median of 917 ms measured with `waitForFunction` against 859 ms measured this way (2026-12-01, bench/README.md).
 * A person's browser runs no such script.
 *
 * Here the predicate is installed as an init script (CDP `Page.addScriptToEvaluateOnNewDocument`: plain page
 * JavaScript, not subject to the page's CSP), which runs it on every animation frame, as `polling: 'raf'` does,
 * and reports the first truthy value (the page's `performance.now()`) through `console.debug`: Chromium's console
 * events reach Node without anything injected in the page.
 *
 * The predicate must be self-contained (no closures over Node values, no named inner functions: tsx wraps those
 * in a `__name` helper the page does not have); its argument is passed as JSON.
 */
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

const MARK = '__icc_frame_probe__ ';

/**
 * In every document of `context` whose path matches `path`, runs `predicate(arg)` on each animation frame until it
 * returns a number, then reports it (see nextProbe).
 */
export async function armFrameProbe<A>(context: BrowserContext, path: RegExp, predicate: (arg: A) => number | false, arg: A): Promise<void> {
  await context.addInitScript(`(() => {
    if (!${path.toString()}.test(location.pathname)) return;
    const predicate = (${predicate.toString()});
    const arg = ${JSON.stringify(arg)};
    const tick = () => {
      let t = false;
      try { t = predicate(arg); } catch (e) { t = false; }
      if (typeof t === 'number') console.debug(${JSON.stringify(MARK)} + t);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })();`);
}

/** The next value a probe reports in `page` (call before the navigation it times). */
export function nextProbe(page: Page, timeoutMs: number): Promise<number> {
  const reported = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off('console', onConsole);
      reject(new Error(`no frame probe within ${timeoutMs} ms`));
    }, timeoutMs);
    const onConsole = (m: ConsoleMessage) => {
      const text = m.text();
      if (!text.startsWith(MARK)) return;
      clearTimeout(timer);
      page.off('console', onConsole);
      resolve(Number(text.slice(MARK.length)));
    };
    page.on('console', onConsole);
  });
  // When the navigation itself fails, nobody awaits this promise: its timeout must not be an unhandled rejection.
  reported.catch(() => undefined);
  return reported;
}
