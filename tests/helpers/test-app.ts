/**
 * A real app on a temporary SQLite file, listening on a free port, for API tests that speak HTTP with `fetch`.
 * Each test file builds its own (one database per file) and closes it in `afterAll`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app';
import { ensureAdmin, ensureDefaultSurveys } from '../../server/bootstrap';
import { parseConfig } from '../../server/config';
import { openDatabase } from '../../server/db';
import { answerClientErrors } from '../../server/http/client-errors';

export const ADMIN_EMAIL = 'admin@test.example';
export const ADMIN_PASSWORD = 'correct horse battery';
export const ANALYST_EMAIL = 'analyst@test.example';
export const ANALYST_PASSWORD = 'analyst password 42';

/** Starts in December, when the annual survey is open; tests may move it. */
export const START_TIME = new Date('2025-12-10T09:00:00.000Z');

/**
 * hashPassword(ANALYST_PASSWORD), computed once and kept here: scrypt costs ~100 ms per hash and every test file
 * starts its own app. The session tests sign the analyst in with it, which proves it matches.
 */
const ANALYST_PASSWORD_HASH = 'scrypt$32768$8$1$WR26oJWneB3HWpLkzpCZ2g$SAkxn-DWFgAVNasKhLfNESexTWQhNc9YFyD21Q_2bSE';

export interface TestClock {
  now(): Date;
  set(date: Date): void;
}

export interface TestCity {
  id: number;
  code: string;
  name: string;
}

/** `env`: extra environment (e.g. `SMTP_URL`); without `SMTP_URL`, emails go to `<dir>/outbox/`. */
export async function startTestApp({ env = {} }: { env?: Record<string, string> } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-api-test-'));
  const db = openDatabase(path.join(dir, 'test.sqlite'));
  const config = parseConfig({ DATA_DIR: dir, ADMIN_EMAIL, ADMIN_PASSWORD, ...env });
  let current = START_TIME;
  const clock: TestClock = { now: () => current, set: (date) => (current = date) };
  let url = '';
  const linkSecret = crypto.randomBytes(32);
  const { app, stores, admin, respond, checker, mail, reminders } = createApp({
    db,
    config,
    clock,
    linkSecret,
    publicUrl: () => url,
  });

  await ensureAdmin(stores, config, clock);
  const surveyId = ensureDefaultSurveys(stores, clock);
  if (surveyId === undefined) throw new Error('the default survey was not created');
  stores.cities.createNetwork({ code: 'ICC', name: 'Intercultural Cities', kind: 'international' });
  stores.cities.createNetwork({ code: 'RECI', name: 'Red de Ciudades Interculturales', kind: 'national', country: 'ES' });
  const cityRows = [
    { code: 'AAR', name: 'Aarhus (test)', country: 'DK', networks: ['ICC'] },
    { code: 'BIL', name: 'Bilbao (test)', country: 'ES', networks: ['ICC', 'RECI'] },
    { code: 'LYO', name: 'Lyon (test)', country: 'FR', networks: ['ICC'] },
    { code: 'ZUR', name: 'Zürich (test)', country: 'CH', networks: [] },
  ];
  const cities: TestCity[] = cityRows.map((c) => ({
    id: stores.cities.create({ code: c.code, name: c.name, country: c.country, isSynthetic: true }, c.networks),
    code: c.code,
    name: c.name,
  }));
  stores.users.create({ email: ANALYST_EMAIL, name: 'Test Analyst', passwordHash: ANALYST_PASSWORD_HASH, role: 'analyst', now: clock.now() });

  const server: Server = app.listen(0, '127.0.0.1');
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Signs in through the API; returns the `Cookie` header value of the new session. */
  async function signIn(email: string, password: string): Promise<string> {
    const res = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 204) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('icc_session='));
    if (!cookie) throw new Error('sign-in set no session cookie');
    return cookie.split(';')[0]!;
  }

  /**
   * A session cookie made directly in the session store: as good as one from signing in, without the
   * ~100 ms of password hashing. Tests of signing in itself use `signIn`.
   */
  function sessionCookie(email: string): string {
    const user = stores.users.findByEmail({ email });
    if (!user) throw new Error(`no user ${email}`);
    return `icc_session=${stores.sessions.create({ userId: user.id, now: clock.now() })}`;
  }

  /** The token of the city's working link for the survey (the same one each time). */
  function linkFor(forSurveyId: number, cityId: number): string {
    return tokenOfUrl(admin.linkFor({ surveyId: forSurveyId, cityId }).url);
  }

  async function close(): Promise<void> {
    await mail.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  return { url, stores, admin, respond, checker, mail, reminders, db, linkSecret, dir, clock, config, surveyId, cities, signIn, sessionCookie, linkFor, close };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export function tokenOfUrl(link: string): string {
  const match = /\/r\/([^/]+)$/.exec(link);
  if (!match) throw new Error(`not a respondent link: ${link}`);
  return match[1]!;
}

/** A JSON request; `body` is serialised unless it is already a string. */
export function jsonInit(method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** The contract's error shape: `{"error": {"code", "message", ...}}`; returns the parsed body. */
export async function expectError(res: Response, status: number, code: string): Promise<Record<string, any>> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status} ${code}, got ${res.status}: ${text.slice(0, 500)}`);
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
    throw new Error(`expected a JSON error body, got ${res.headers.get('content-type')}: ${text.slice(0, 200)}`);
  }
  const body = JSON.parse(text) as Record<string, any>;
  if (typeof body.error !== 'object' || body.error === null) throw new Error(`no error object in ${text.slice(0, 500)}`);
  if (body.error.code !== code) throw new Error(`expected error code ${code}, got ${body.error.code}: ${text.slice(0, 500)}`);
  if (typeof body.error.message !== 'string' || body.error.message.length === 0) throw new Error(`error without a message: ${text}`);
  if (/\bat .+:\d+:\d+/.test(body.error.message)) throw new Error(`the error message shows a stack trace: ${body.error.message}`);
  return body;
}

/** Row counts and contents of the tables that bad input must leave alone. */
export function snapshotTables(db: TestApp['db']): Record<string, unknown[]> {
  const tables = ['users', 'sessions', 'cities', 'surveys', 'survey_versions', 'links', 'responses', 'answer_changes', 'people', 'mail_log'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}

/**
 * Runs `fn` with console.error captured instead of printed, and returns what was logged, so a test can assert
 * that a request logged no unexpected server error (the server logs those with console.error).
 */
export async function captureConsoleErrors(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const previous = console.error;
  console.error = (...args: unknown[]) => {
    seen.push(args.map(String).join(' '));
  };
  try {
    await fn();
  } finally {
    console.error = previous;
  }
  return seen;
}
