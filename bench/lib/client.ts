/**
 * The built client as `npm start` serves it. The build takes the same lock as the browser tests, so parallel
 * runs never measure or copy a half-written dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CLIENT_DIST, ensureClientBuilt, withClientBuildLock } from '../../server/client-build';

/** React's development build prints this hint; the production build does not contain it. */
export function isDevelopmentBuild(dir = CLIENT_DIST): boolean {
  const assets = path.join(dir, 'assets');
  return fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .some((f) => fs.readFileSync(path.join(assets, f), 'utf8').includes('Download the React DevTools'));
}

/** Builds dist/client if needed (always in production mode) and checks that it holds React's production build. */
export async function ensureProductionClient(log: (s: string) => void): Promise<void> {
  await withClientBuildLock(async () => {
    await ensureClientBuilt(log);
    if (isDevelopmentBuild()) throw new Error('dist/client holds React\'s development build: delete dist/ and run again');
  });
}
