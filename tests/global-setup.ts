import { ensureClientBuilt, withClientBuildLock } from '../server/client-build';

/** Builds the client once before any test file runs, so parallel browser tests never race on dist/. */
export default async function setup(): Promise<void> {
  await withClientBuildLock(() => ensureClientBuilt((line) => process.stdout.write(`${line}\n`)));
}
