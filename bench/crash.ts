/**
 * Crash test (issue 6, reliability): `npm run crash [-- --cycles 20 --cities 4 --members 3]`.
 *
 * Starts the real server as `npm start` does (`server/main.ts`, PORT=0, a temporary DATA_DIR, ADMIN_EMAIL /
 * ADMIN_PASSWORD), gets one coordinator link per city through the API as the admin
 * (`POST /api/surveys/:id/invitations`), and runs bursts of autosaves from several simulated team members per
 * city, as the contract describes them: `PUT /api/respond/:token {data, revision}` with the whole answer set as
 * the member sees it and the revision it started from, adopting the merged answers of each 200 and, on a 409,
 * re-reading the server's answers and re-applying its own change. At a random moment of each burst the server
 * is killed with SIGKILL (requests in flight), then restarted on the same data folder; then:
 * - every save acknowledged with 200 must be in `GET /api/respond/:token` (each save writes its own answer
 *   `crash_<member>_<n>`, so each acknowledgement is checked on its own);
 * - saves sent but not acknowledged (cut by the kill) may be there or not, and nothing else may appear;
 * - a second connection runs `PRAGMA integrity_check` on the database the restarted server recovered: `ok`.
 * The exit code is non-zero on any lost save, unexpected answer, 5xx or failed integrity check.
 *
 * `runCrashTest` is also run by tests/api/crash.test.ts (3 kill cycles) and `crashBench` can be a section of
 * bench/run.ts (`crash_kills_survived`, `crash_saves_checked`, `crash_lost_saves`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ensureClientBuilt, withClientBuildLock } from '../server/client-build';
import { openDatabase } from '../server/db';
import type { Entry } from './lib/entry';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_EMAIL = 'crash-admin@example.org';
const ADMIN_PASSWORD = 'crash test admin password 1';
const DATABASE_FILE = 'icc-survey.sqlite';

export interface CrashOptions {
  /** How many times the server is killed (and restarted). */
  cycles: number;
  cities: number;
  membersPerCity: number;
  /** Each burst lasts a random time in this range before the kill, in ms. */
  burstMs: [number, number];
  /** Pause of each member between two saves, random in [0, this] ms (people type; the client debounces). */
  thinkMs: number;
  /** Stops a member's saves past this many, so an answer set stays within the server's limits. */
  maxSavesPerMember: number;
  /** Seed of the random choices (kill moments, pauses), printed so a failing run can be rerun alike (network timing varies). */
  seed: number;
  log: (line: string) => void;
}

export interface CrashReport {
  kills: number;
  /** Saves answered 200, all of which were found after the restarts. */
  savesAcknowledged: number;
  /** Acknowledged saves looked for after restarts (each save is checked after every later restart). */
  savesChecked: number;
  /** Saves whose request was cut by a kill: allowed to be there or not. */
  savesCut: number;
  /** Of those, how many the restarted server had (committed before the kill, answer lost on the way). */
  savesCutButKept: number;
  conflicts: number;
  lost: string[];
  unexpected: string[];
  serverErrors: string[];
  integrity: string[];
  seconds: number;
  seed: number;
}

export const DEFAULT_OPTIONS: Omit<CrashOptions, 'log'> = {
  cycles: 20,
  cities: 4,
  membersPerCity: 3,
  burstMs: [200, 2000],
  thinkMs: 20,
  // 3 members × 1500 answers stay under the server's 5000 answers per response.
  maxSavesPerMember: 1500,
  seed: Date.now() % 1_000_000,
};

/** Small seeded generator (mulberry32), so the kill moments of a run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Server {
  proc: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** `server/main.ts` in its own node process (no npx wrapper: the pid killed is the server's). */
async function startServer(dataDir: string, stderr: string[]): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
  };
  for (const k of ['PUBLIC_URL', 'SMTP_URL', 'NODE_ENV']) delete env[k];
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  readline.createInterface({ input: proc.stderr! }).on('line', (line) => stderr.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed no "listening on" line within 120 s')), 120_000);
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited before listening: ${stderr.slice(-20).join('\n')}`));
    });
  });
  return { proc, url, exited };
}

async function killServer(server: Server, signal: NodeJS.Signals): Promise<void> {
  if (server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill(signal);
  await server.exited;
}

async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
}

/** Links for the cities through the API, as the Unit gets them. */
async function coordinatorLinks(url: string, cityIds: number[]): Promise<string[]> {
  const signIn = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (signIn.status !== 204) throw new Error(`admin sign-in answered ${signIn.status}`);
  const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('icc_session='))!.split(';')[0]!;
  const surveys = (await json(await fetch(`${url}/api/surveys`, { headers: { Cookie: cookie } }))) as { id: number; status: string }[];
  const open = surveys.find((s) => s.status === 'open');
  if (!open) throw new Error('no open survey');
  const res = await fetch(`${url}/api/surveys/${open.id}/invitations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ cityIds }),
  });
  if (res.status !== 200) throw new Error(`invitations answered ${res.status}: ${await res.text()}`);
  const links = (await json(res)) as { cityId: number; url: string }[];
  return cityIds.map((id) => /\/r\/([^/]+)$/.exec(links.find((l) => l.cityId === id)!.url)![1]!);
}

type Answers = Record<string, unknown>;

/** A member of a city's team: their view of the answers and the revision it came from. */
interface Member {
  name: string;
  city: number;
  view: Answers;
  revision: number;
  next: number;
}

interface Ledger {
  /** key → value of every acknowledged save, per city. */
  acked: Map<string, string>[];
  /** key → value of saves whose answer never came (cut by a kill). */
  cut: Map<string, string>[];
}

/** Opens a second connection and asks SQLite to check the whole file. */
function integrityOf(dataDir: string): string {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { fileMustExist: true, timeout: 10_000 });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

export async function runCrashTest(options: Partial<CrashOptions> & { log: (line: string) => void }): Promise<CrashReport> {
  const o: CrashOptions = { ...DEFAULT_OPTIONS, ...options };
  const rand = random(o.seed);
  const started = performance.now();
  const log = o.log;
  await withClientBuildLock(() => ensureClientBuilt((s) => log(`  ${s}`))); // the server never builds under the test

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-crash-'));
  const report: CrashReport = {
    kills: 0,
    savesAcknowledged: 0,
    savesChecked: 0,
    savesCut: 0,
    savesCutButKept: 0,
    conflicts: 0,
    lost: [],
    unexpected: [],
    serverErrors: [],
    integrity: [],
    seconds: 0,
    seed: o.seed,
  };
  const stderr: string[] = [];
  let server: Server | undefined;
  try {
    // The roster: the cities the team members answer for (no city = only the example city otherwise).
    const seed = openDatabase(path.join(dataDir, DATABASE_FILE));
    const insert = seed.prepare("INSERT INTO cities (code, name, country, is_synthetic) VALUES (?, ?, 'FR', 1)");
    const cityIds = Array.from({ length: o.cities }, (_, i) => Number(insert.run(`CR${i + 1}`, `Crash city ${i + 1} (synthetic)`).lastInsertRowid));
    seed.close();

    server = await startServer(dataDir, stderr);
    const tokens = await coordinatorLinks(server.url, cityIds);
    const ledger: Ledger = { acked: cityIds.map(() => new Map()), cut: cityIds.map(() => new Map()) };
    const members: Member[] = cityIds.flatMap((_, city) =>
      Array.from({ length: o.membersPerCity }, (_, m) => ({ name: `c${city + 1}m${m + 1}`, city, view: {}, revision: 0, next: 1 })),
    );

    /** Reads every city's answers from the restarted server and checks them against the ledger. */
    const verify = async (url: string, when: string) => {
      for (const [city, token] of tokens.entries()) {
        const res = await fetch(`${url}/api/respond/${token}`);
        if (res.status !== 200) throw new Error(`${when}: GET /api/respond answered ${res.status}`);
        const body = (await json(res)) as { data: Answers; revision: number };
        for (const [key, value] of ledger.acked[city]!) {
          report.savesChecked++;
          if (body.data[key] !== value) report.lost.push(`${when}: ${key} = ${JSON.stringify(value)} acknowledged, found ${JSON.stringify(body.data[key])}`);
        }
        for (const [key, value] of Object.entries(body.data)) {
          if (ledger.acked[city]!.get(key) === value) continue;
          if (ledger.cut[city]!.get(key) === value) {
            // Committed before the kill, its answer lost on the way: from now on it is as good as acknowledged.
            ledger.cut[city]!.delete(key);
            ledger.acked[city]!.set(key, value as string);
            report.savesCutButKept++;
            continue;
          }
          report.unexpected.push(`${when}: ${key} = ${JSON.stringify(value)} was never sent`);
        }
        // Saves cut by the kill that did not make it are gone for good: forget them.
        ledger.cut[city]!.clear();
        for (const m of members.filter((x) => x.city === city)) {
          m.view = structuredClone(body.data);
          m.revision = body.revision;
        }
      }
    };

    /** One member saving until the server dies; returns when its last request ended. */
    const runMember = async (m: Member, url: string, alive: () => boolean) => {
      const token = tokens[m.city]!;
      while (alive() && m.next <= o.maxSavesPerMember) {
        const key = `crash_${m.name}_${m.next}`;
        const value = `${m.name}#${m.next}@${Date.now()}`;
        m.next++;
        let attempt = 0;
        for (;;) {
          const data = { ...m.view, [key]: value };
          let res: Response;
          try {
            res = await fetch(`${url}/api/respond/${token}`, {
              method: 'PUT',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ data, revision: m.revision, author: m.name }),
            });
          } catch {
            // The server died with the request in flight: it may or may not have committed it.
            ledger.cut[m.city]!.set(key, value);
            report.savesCut++;
            return;
          }
          let body: any;
          try {
            body = await json(res);
          } catch {
            ledger.cut[m.city]!.set(key, value);
            report.savesCut++;
            return;
          }
          if (res.status === 200) {
            ledger.acked[m.city]!.set(key, value);
            report.savesAcknowledged++;
            m.view = body.data as Answers;
            m.revision = body.revision as number;
            break;
          }
          if (res.status === 409 && attempt < 5) {
            // The contract: the server's current data and revision come with the 409; merge and send again.
            report.conflicts++;
            attempt++;
            m.view = { ...(body.data as Answers) };
            m.revision = body.revision as number;
            continue;
          }
          if (res.status >= 500) report.serverErrors.push(`${res.status} on a save: ${JSON.stringify(body).slice(0, 300)}`);
          else report.unexpected.push(`save of ${key} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
          return;
        }
        if (o.thinkMs > 0) await sleep(rand() * o.thinkMs);
      }
    };

    for (let cycle = 1; cycle <= o.cycles; cycle++) {
      const url = server.url;
      let alive = true;
      const burst = o.burstMs[0] + rand() * (o.burstMs[1] - o.burstMs[0]);
      const before = report.savesAcknowledged;
      const running = members.map((m) => runMember(m, url, () => alive));
      await sleep(burst);
      server.proc.kill('SIGKILL'); // mid-burst: requests in flight
      await server.exited;
      alive = false;
      await Promise.all(running);
      report.kills++;
      const acked = report.savesAcknowledged - before;

      server = await startServer(dataDir, stderr);
      await verify(server.url, `after kill ${cycle}`);
      const integrity = integrityOf(dataDir);
      if (integrity !== 'ok') report.integrity.push(`after kill ${cycle}: ${integrity}`);
      log(
        `  kill ${cycle}/${o.cycles} after ${Math.round(burst)} ms: ${acked} saves acknowledged in the burst, ` +
          `${report.savesChecked} checks so far, integrity ${integrity}, lost ${report.lost.length}`,
      );
      if (members.every((m) => m.next > o.maxSavesPerMember)) {
        log('  every member reached maxSavesPerMember; stopping early');
        break;
      }
    }
    // A clean stop at the end, and the file once more.
    await killServer(server, 'SIGTERM');
    server = undefined;
    const last = integrityOf(dataDir);
    if (last !== 'ok') report.integrity.push(`after the final stop: ${last}`);
    // The server reports unexpected errors on stderr (console.error); a kill itself prints nothing there.
    report.serverErrors.push(...stderr.filter((l) => l.trim() !== ''));
  } finally {
    if (server) await killServer(server, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

export const crashPassed = (r: CrashReport) =>
  r.lost.length === 0 && r.unexpected.length === 0 && r.serverErrors.length === 0 && r.integrity.length === 0 && r.kills > 0;

/** As a section of bench/run.ts: 20 kills (5 quick). */
export async function crashBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const r = await runCrashTest({ cycles: quick ? 5 : 20, log });
  if (!crashPassed(r)) throw new Error(`the crash test failed: ${JSON.stringify(r).slice(0, 2000)}`);
  return [
    { name: 'crash_kills_survived', value: r.kills, unit: 'count' },
    { name: 'crash_saves_checked', value: r.savesChecked, unit: 'count' },
    { name: 'crash_lost_saves', value: r.lost.length, unit: 'count', target: 0 },
  ];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cycles: { type: 'string' },
      cities: { type: 'string' },
      members: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const num = (v: string | undefined, fallback: number, name: string) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const options = {
    cycles: num(values.cycles, DEFAULT_OPTIONS.cycles, 'cycles'),
    cities: num(values.cities, DEFAULT_OPTIONS.cities, 'cities'),
    membersPerCity: num(values.members, DEFAULT_OPTIONS.membersPerCity, 'members'),
    seed: num(values.seed, DEFAULT_OPTIONS.seed, 'seed'),
  };
  const log = (s: string) => console.log(s);
  log(
    `crash test: ${options.cycles} SIGKILLs of the server during autosave bursts of ${options.cities} cities × ` +
      `${options.membersPerCity} team members (seed ${options.seed})`,
  );
  const r = await runCrashTest({ ...options, log });
  log('');
  log(`kills survived:            ${r.kills}`);
  log(`saves acknowledged (200):  ${r.savesAcknowledged}, all found after the restarts: ${r.lost.length === 0 ? 'yes' : 'NO'}`);
  log(`acknowledged saves checked: ${r.savesChecked} (each after every later restart)`);
  log(`saves cut by a kill:       ${r.savesCut} (${r.savesCutButKept} had been committed)`);
  log(`409 conflicts merged:      ${r.conflicts}`);
  log(`integrity_check:           ${r.integrity.length === 0 ? `ok after every restart (${r.kills}) and at the end` : r.integrity.join('; ')}`);
  for (const line of [...r.lost, ...r.unexpected, ...r.serverErrors].slice(0, 30)) log(`  PROBLEM ${line}`);
  log(`${crashPassed(r) ? 'PASSED' : 'FAILED'} in ${r.seconds.toFixed(1)} s`);
  return crashPassed(r) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main()
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(2);
    });
}
