/**
 * The real app for the autosave benchmark, in its own process: a temporary data folder, the default survey
 * open, N synthetic cities with one link each. Prints `{"port", "tokens", "surveyId"}` as one JSON line.
 * Stops (and removes its data folder) on SIGTERM/SIGINT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app';
import { ensureDefaultSurveys } from '../server/bootstrap';
import { systemClock } from '../server/clock';
import { parseConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { loadOrCreateSecret } from '../server/security/tokens';

const cities = Number(process.env.BENCH_CITIES ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-bench-app-'));
const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
const db = openDatabase(path.join(config.dataDir, 'icc-survey.sqlite'));
const linkSecret = loadOrCreateSecret(config.dataDir);
const { app, stores } = createApp({ db, config, clock: systemClock, linkSecret, log: (l) => console.error(l) });

const surveyId = ensureDefaultSurveys(stores, systemClock);
if (surveyId === undefined) throw new Error('no default survey was loaded');
const tokens: string[] = [];
for (let i = 0; i < cities; i++) {
  const cityId = stores.cities.create({ code: `BENCH${i}`, name: `Bench city ${i} (synthetic)`, country: 'FR', isSynthetic: true });
  tokens.push(stores.links.getOrCreate({ surveyId, cityId, now: systemClock.now() }).token);
}

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ port, tokens, surveyId }));
});
server.keepAliveTimeout = 60_000;

const stop = () => {
  server.close();
  server.closeAllConnections();
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
