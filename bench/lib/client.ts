/**
 * The built client as `npm start` should serve it: built if needed (`ensureClientBuilt`), and in production mode.
 *
 * A build started inside vitest (tests/global-setup.ts) runs with NODE_ENV=test, and vite then bundles React's
 * development build into dist/client; `ensureClientBuilt` sees it as up to date and `npm start` would serve it.
 * Measuring that would be wrong (about twice the JavaScript, slower rendering), so such a dist/client is rebuilt
 * here in production mode. The build takes the same lock as tests/browser/browser-app.ts, so parallel test
 * runs never copy a half-written dist/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLIENT_DIST, ROOT, ensureClientBuilt } from '../../server/client-build';

/** React's development build prints this hint; the production build does not contain it. */
export function isDevelopmentBuild(dir = CLIENT_DIST): boolean {
  const assets = path.join(dir, 'assets');
  return fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .some((f) => fs.readFileSync(path.join(assets, f), 'utf8').includes('Download the React DevTools'));
}

async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(os.tmpdir(), `icc-client-build-${crypto.createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited 3 minutes for the client build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/client if needed; rebuilds it in production mode when it holds React's development build. */
export async function ensureProductionClient(log: (s: string) => void): Promise<void> {
  await withBuildLock(async () => {
    await ensureClientBuilt(log);
    if (!isDevelopmentBuild()) return;
    log('dist/client holds React\'s development build (built under NODE_ENV=test, e.g. by vitest); rebuilding it in production mode');
    const { build } = await import('vite');
    await build({
      root: path.join(ROOT, 'client'),
      configFile: path.join(ROOT, 'vite.config.ts'),
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      logLevel: 'error',
    });
    if (isDevelopmentBuild()) throw new Error('dist/client still holds a development build after a production build');
  });
}
