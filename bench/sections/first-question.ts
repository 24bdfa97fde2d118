/**
 * Time until the first question of the default survey is visible in headless Chromium, from just before
 * `page.goto(link)` (a fresh browser context each run: empty cache and storage) to the first survey-react-ui
 * question element being visible. The real app runs as `npm start` does (`server/main.ts`, PORT=0, a
 * temporary DATA_DIR); the example coordinator link it prints is the page measured.
 *
 * Selector: survey-react-ui 3 renders every element of a page as `.sd-question` (`data-name` = its name); the
 * default survey's first page starts with an html block (`.sd-question--html`), so the first *question* is the
 * first `.sd-question` that is not html (both appear in the same render).
 * One unmeasured visit first warms the server (disk cache, first API call); then N runs at full speed and N with
 * the CPU slowed 4x through CDP (`Emulation.setCPUThrottlingRate`, like a low-end phone).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { findChromium, launchBrowser } from '../../tests/browser/support';
import { ensureProductionClient } from '../lib/client';
import { entry, type Entry } from '../lib/entry';
import { settledPage } from '../lib/settled-page';
import { median, startTs } from '../lib/util';

export const FIRST_QUESTION = '.sd-question:not(.sd-question--html)';

async function visit(browser: Browser, link: string, cpuRate: number): Promise<number> {
  const { context, page } = await settledPage(browser);
  const problems: string[] = [];
  try {
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    if (cpuRate > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    }
    const timeout = 30_000 * cpuRate;
    const t0 = performance.now();
    await page.goto(link, { waitUntil: 'commit', timeout });
    await page.locator(FIRST_QUESTION).first().waitFor({ state: 'visible', timeout });
    return performance.now() - t0;
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new Error([first, ...problems.slice(0, 5)].join('; '));
  } finally {
    await context.close();
  }
}

/**
 * One measured visit; a failed visit is retried (twice at most) in a new context, because on a shared machine
 * the client can be rebuilt under the running server (the old index.html then names deleted assets).
 */
async function measure(browser: Browser, link: string, cpuRate: number, log: (s: string) => void): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await visit(browser, link, cpuRate);
    } catch (err) {
      if (attempt >= 3) throw err;
      log(`  visit failed (attempt ${attempt}, retrying): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export async function firstQuestionBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const runs = quick ? 3 : 7;
  const chromium = findChromium();
  if (!chromium.path) throw new Error(`cannot measure in the browser: ${chromium.reason}`);

  await ensureProductionClient((s) => log(`  ${s}`));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-bench-browser-'));
  const server = startTs('server/main.ts', {
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: undefined,
      SMTP_URL: undefined,
      ADMIN_EMAIL: undefined,
      ADMIN_PASSWORD: undefined,
    },
  });
  let browser: Browser | undefined;
  try {
    const link = (await server.waitForLine(/^example coordinator link .*: (https?:\/\/\S+\/r\/\S+)\s*$/, 180_000))[1]!;
    browser = await launchBrowser();
    const warm = await measure(browser, link, 1, log);
    const normal: number[] = [];
    for (let i = 0; i < runs; i++) normal.push(await measure(browser, link, 1, log));
    const slow: number[] = [];
    for (let i = 0; i < runs; i++) slow.push(await measure(browser, link, 4, log));
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    log(`first question (${FIRST_QUESTION}): warm-up ${warm.toFixed(0)} ms; runs ${fmt(normal)} ms; CPU 4x slower ${fmt(slow)} ms`);
    return [
      entry({ name: 'first_question_visible_ms', value: median(normal), unit: 'ms', target: 1000 }),
      entry({ name: 'first_question_visible_slow4x_ms', value: median(slow), unit: 'ms' }),
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
