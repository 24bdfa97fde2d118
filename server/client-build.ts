import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLIENT_DIST = path.join(ROOT, 'dist', 'client');
const SOURCES = ['client', 'surveys', 'vite.config.ts', 'package.json'];

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** Builds the client with vite when the build is missing or older than its sources ("builds if needed"). */
export async function ensureClientBuilt(log: (s: string) => void): Promise<void> {
  const built = fs.statSync(path.join(CLIENT_DIST, 'index.html'), { throwIfNoEntry: false });
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (built && built.mtimeMs >= newest) return;
  log(built ? 'client sources changed, rebuilding the client...' : 'building the client (first start)...');
  const { build } = await import('vite');
  // Always a production build, even when started from tests (NODE_ENV=test would otherwise bundle React's development build).
  await build({
    root: path.join(ROOT, 'client'),
    configFile: path.join(ROOT, 'vite.config.ts'),
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    logLevel: 'warn',
  });
}

/**
 * Serialises client builds and copies across processes (parallel test files, the benchmark, a server starting):
 * a directory used as a lock, since mkdir is atomic. A lock older than the longest build belongs to a dead process.
 */
export async function withClientBuildLock<T>(fn: () => Promise<T>): Promise<T> {
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
