/**
 * Baseline for the autosave benchmark: bare express + better-sqlite3, same route and body as the app, one
 * `INSERT ... ON CONFLICT DO UPDATE` of the answers' JSON per request (WAL, synchronous = NORMAL). It answers
 * `{revision, data}` so that the response is as large as the app's `{revision, changed, data}`.
 * Prints `{"port", "tokens"}` as one JSON line; stops (and removes its data folder) on SIGTERM/SIGINT.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import express from 'express';

const cities = Number(process.env.BENCH_CITIES ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-bench-bare-'));
const db = new Database(path.join(dataDir, 'bare.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE responses (
  token TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  revision INTEGER NOT NULL,
  updated_at TEXT NOT NULL
)`);
const upsert = db.prepare<[string, string, string], { revision: number }>(
  `INSERT INTO responses (token, data, revision, updated_at) VALUES (?, ?, 1, ?)
   ON CONFLICT (token) DO UPDATE SET data = excluded.data, revision = revision + 1, updated_at = excluded.updated_at
   RETURNING revision`,
);
const tokens = Array.from({ length: cities }, () => crypto.randomBytes(32).toString('base64url'));

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '512kb' }));
app.put('/api/respond/:token', (req, res) => {
  const body = req.body as { data?: unknown } | undefined;
  if (!body || typeof body.data !== 'object' || body.data === null) {
    res.status(400).json({ error: { code: 'invalid', message: 'data is missing' } });
    return;
  }
  const row = upsert.get(String(req.params.token), JSON.stringify(body.data), new Date().toISOString())!;
  res.json({ revision: row.revision, data: body.data });
});

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ port, tokens }));
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
