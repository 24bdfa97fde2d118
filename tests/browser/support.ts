import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Chromium is, or why browser tests cannot run. */
export function findChromium(): { path?: string; reason?: string } {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => !!p,
  );
  const path = candidates.find((p) => fs.existsSync(p));
  if (path) return { path };
  return { reason: `no Chromium found (looked in ${candidates.join(', ')}); install it with apt-get install -y chromium or set CHROMIUM_PATH` };
}

/** Browser tests are skipped with a reason when Chromium is missing, unless CI or REQUIRE_BROWSER=1 demands them. */
export const browserRequired = !!process.env.CI || process.env.REQUIRE_BROWSER === '1';
const found = findChromium();
if (!found.path && browserRequired) {
  throw new Error(`Browser tests are required (CI or REQUIRE_BROWSER=1) but ${found.reason}`);
}
export const chromiumPath = found.path;
export const skipBrowserReason = found.reason;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Runs axe (WCAG 2.1 A and AA) on the page, or on the part matching `include`; returns the serious and
 * critical violations, one line each (printed when there are any; lesser ones are printed, not returned).
 */
export async function seriousViolations(page: Page, label: string, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const result = await (include ? builder.include(include) : builder).analyze();
  const describe = (v: (typeof result.violations)[number]) =>
    `[${label}] ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(' | ')})`;
  const lesser = result.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (lesser.length > 0) console.log(lesser.map(describe).join('\n'));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe);
  if (serious.length > 0) console.log(serious.join('\n'));
  return serious;
}
