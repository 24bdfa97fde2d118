import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
