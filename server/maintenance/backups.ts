/**
 * Backups and restore of the SQLite database of DATA_DIR.
 *
 * - `backupDatabase`: SQLite's online backup (better-sqlite3 `db.backup`) into `DATA_DIR/backups/`, named
 *   `icc-YYYYMMDD-HHMMSS.sqlite` (UTC), written under a temporary name, checked with `PRAGMA integrity_check`,
 *   then renamed, so a file with the final name is always a complete, checked copy; older ones beyond `keep`
 *   are removed.
 * - `startBackupSchedule`: the same from inside the server, every `intervalHours`.
 * - `restoreDatabase`: puts a backup in place of the database, after checking it, refusing while another process
 *   (the server) holds the database, and keeping a safety copy of what it replaces.
 *
 * The link secret (`DATA_DIR/link-secret.key`) is not in the database: the links of a restored database keep
 * working as long as the secret is the same file (see docs/decisions/001-link-tokens.md).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { DEFAULT_BACKUP_INTERVAL_HOURS, DEFAULT_BACKUP_KEEP } from '../config';
import { listMigrations, openDatabase, type Db } from '../db';

/** The database file inside DATA_DIR (as server/main.ts opens it). */
export const DATABASE_FILE = 'icc-survey.sqlite';
export const BACKUP_DIR = 'backups';
export const DEFAULT_KEEP = DEFAULT_BACKUP_KEEP;
export const DEFAULT_INTERVAL_HOURS = DEFAULT_BACKUP_INTERVAL_HOURS;

const BACKUP_NAME = /^icc-(\d{8})-(\d{6})(?:-(\d+))?\.sqlite$/;
const PARTIAL_PREFIX = '.partial-';
/** A temporary file older than this belongs to a backup that died (a killed process): it is removed. */
const STALE_PARTIAL_MS = 6 * 3600_000;

export class BackupError extends Error {}

export const databaseFile = (dataDir: string) => path.join(dataDir, DATABASE_FILE);
export const backupDir = (dataDir: string) => path.join(dataDir, BACKUP_DIR);

// The settings are parsed with the rest of the configuration (server/config.ts); re-exported for the scripts.
export { parseBackupSettings, type BackupSettings } from '../config';

export interface BackupFile {
  file: string;
  name: string;
  /** When it was taken (from its name, UTC). */
  takenAt: Date;
}

/** The `icc-*.sqlite` backups of DATA_DIR, oldest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .flatMap((name) => {
      const m = BACKUP_NAME.exec(name);
      if (!m) return [];
      const [d, t] = [m[1]!, m[2]!];
      const takenAt = new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`);
      return [{ file: path.join(dir, name), name, takenAt, seq: Number(m[3] ?? 0) }];
    })
    .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime() || a.seq - b.seq)
    .map(({ seq: _seq, ...b }) => b);
}

/** Removes all but the newest `keep` backups; returns the names removed. */
export function pruneBackups(dataDir: string, keep: number): string[] {
  const all = listBackups(dataDir);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const b of old) fs.rmSync(b.file, { force: true });
  return old.map((b) => b.name);
}

function stamp(date: Date): string {
  const iso = date.toISOString(); // 2025-12-10T09:00:00.000Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

function uniqueName(dir: string, prefix: string, date: Date): string {
  const base = `${prefix}-${stamp(date)}`;
  for (let n = 0; ; n++) {
    const name = n === 0 ? `${base}.sqlite` : `${base}-${n + 1}.sqlite`;
    if (!fs.existsSync(path.join(dir, name))) return name;
  }
}

export interface IntegrityReport {
  ok: boolean;
  /** What `PRAGMA integrity_check` reported (or why the file could not be read), when not ok. */
  problems: string[];
  userVersion?: number;
  tables: string[];
}

const requireHere = createRequire(import.meta.url);

/**
 * Runs `PRAGMA integrity_check` on a closed database file in a worker thread, so a check of a large file does
 * not hold the server's event loop. Also sets the file to `journal_mode = DELETE` when `makeStandalone`, so the
 * copy is one self-contained file. The worker is plain JavaScript: it needs no TypeScript loader.
 */
export function checkIntegrity(file: string, { makeStandalone = false }: { makeStandalone?: boolean } = {}): Promise<IntegrityReport> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    let db;
    try {
      db = new Database(workerData.file, { fileMustExist: true });
      if (workerData.makeStandalone) db.pragma('journal_mode = DELETE');
      const rows = db.pragma('integrity_check(100)').map((r) => String(Object.values(r)[0]));
      const userVersion = db.pragma('user_version', { simple: true });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      const ok = rows.length === 1 && rows[0] === 'ok';
      parentPort.postMessage({ ok, problems: ok ? [] : rows, userVersion, tables });
    } catch (err) {
      parentPort.postMessage({ ok: false, problems: [err && err.message ? err.message : String(err)], tables: [] });
    } finally {
      try { if (db) db.close(); } catch {}
    }`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { file, makeStandalone, driver: requireHere.resolve('better-sqlite3') } });
    let report: IntegrityReport | undefined;
    worker.once('message', (m: IntegrityReport) => (report = m));
    worker.once('error', reject);
    worker.once('exit', (exitCode) => {
      if (report) resolve(report);
      else reject(new Error(`the integrity check of ${file} stopped (exit code ${exitCode})`));
    });
  });
}

function removeStalePartials(dir: string, now: Date) {
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(PARTIAL_PREFIX)) continue;
    const file = path.join(dir, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && now.getTime() - st.mtimeMs > STALE_PARTIAL_MS) fs.rmSync(file, { force: true });
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
  /** Old backups removed by the retention rule. */
  pruned: string[];
}

/**
 * Backs the open database up into DATA_DIR/backups/ with SQLite's online backup, checks the copy and keeps the
 * newest `keep`. `pagesPerStep`: pages copied per event-loop turn. Inside the server (the same connection as the
 * writes), small steps keep requests flowing and writes made meanwhile are carried into the copy; from another
 * process (the CLI), a write by the server restarts a stepped backup, so the CLI copies everything in one step
 * (a read transaction: in WAL mode it does not block the server's writes).
 */
export async function backupDatabase({
  db,
  dataDir,
  keep = DEFAULT_KEEP,
  now = new Date(),
  pagesPerStep = 0x7fffffff,
}: {
  db: Db;
  dataDir: string;
  keep?: number;
  now?: Date;
  pagesPerStep?: number;
}): Promise<BackupResult> {
  const started = performance.now();
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  removeStalePartials(dir, now);
  const partial = path.join(dir, `${PARTIAL_PREFIX}${process.pid}-${stamp(now)}-${Math.random().toString(36).slice(2, 8)}.sqlite`);
  try {
    await db.backup(partial, { progress: () => pagesPerStep });
    const report = await checkIntegrity(partial, { makeStandalone: true });
    if (!report.ok) throw new BackupError(`the backup copy failed the integrity check: ${report.problems.slice(0, 5).join('; ')}`);
    const file = path.join(dir, uniqueName(dir, 'icc', now));
    fs.renameSync(partial, file);
    const pruned = pruneBackups(dataDir, keep);
    return { file, bytes: fs.statSync(file).size, ms: performance.now() - started, pruned };
  } finally {
    for (const f of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  }
}

/**
 * Scheduled backups inside the server: the first when the newest backup is `intervalHours` old (but not in the
 * first `firstDelayMs` after start, so starting stays quick; never later than one interval), then every
 * `intervalHours`. A failure is logged and the schedule goes on. `intervalHours` 0 = off. Returns `stop`, which
 * resolves once a backup in progress has finished.
 */
export function startBackupSchedule({
  db,
  dataDir,
  intervalHours,
  keep = DEFAULT_KEEP,
  log,
  firstDelayMs = 60_000,
  pagesPerStep = 256,
}: {
  db: Db;
  dataDir: string;
  intervalHours: number;
  keep?: number;
  log: (line: string) => void;
  firstDelayMs?: number;
  pagesPerStep?: number;
}): () => Promise<void> {
  if (!(intervalHours > 0)) {
    log('scheduled backups are off (BACKUP_INTERVAL_HOURS=0)');
    return async () => {};
  }
  const interval = intervalHours * 3600_000;
  const newest = listBackups(dataDir).at(-1);
  const due = newest ? newest.takenAt.getTime() + interval - Date.now() : 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(run, Math.min(Math.max(delay, 0), 0x7fffffff));
    timer.unref(); // a pending backup never keeps the process alive
  };
  const run = () => {
    running = backupDatabase({ db, dataDir, keep, pagesPerStep })
      .then((r) => {
        const removed = r.pruned.length ? `, ${r.pruned.length} older removed` : '';
        log(`backup written: ${path.relative(dataDir, r.file)} (${(r.bytes / 1048576).toFixed(1)} MiB, integrity ok, ${Math.round(r.ms)} ms${removed})`);
      })
      .catch((err: unknown) => {
        if (!stopped || db.open) log(`backup FAILED: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        running = undefined;
        schedule(interval);
      });
  };
  schedule(Math.min(Math.max(due, firstDelayMs), interval));
  log(`backups every ${intervalHours} h into ${path.join(dataDir, BACKUP_DIR)} (keeping ${keep})`);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

/**
 * Opens the database and takes SQLite's exclusive lock, or returns undefined when another process has it open:
 * in WAL mode every open connection holds a shared lock on the file for as long as it is open, so an idle
 * server is detected too; the lock goes away by itself when that process dies, even by SIGKILL.
 */
function lockExclusively(file: string): Db | undefined {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT'); // the lock stays until close in exclusive locking mode
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw err;
  }
}

/** Whether another process (a running server) has the database of DATA_DIR open. */
export function isDatabaseInUse(dataDir: string): boolean {
  const file = databaseFile(dataDir);
  if (!fs.existsSync(file)) return false;
  const db = lockExclusively(file);
  db?.close();
  return db === undefined;
}

export interface RestoreResult {
  /** Where the database that was replaced went; undefined when there was none. */
  safetyCopy?: string;
  /** Set when the replaced database could not be read by SQLite's backup: its files were copied as they were. */
  safetyCopyNote?: string;
  /** Schema version of the backup, and the migrations applied to it after the restore. */
  userVersion: number;
  migrated: number[];
}

/**
 * Replaces the database of DATA_DIR with `file`. Refuses, leaving everything as it was, when `file` is not a
 * sound database of this platform (integrity check, schema version not newer than this code) or when another
 * process holds the database (stop the server first). Otherwise copies the current database aside into
 * `backups/pre-restore-*.sqlite` (with the content of its WAL), removes the stale `-wal`/`-shm` files (their
 * frames would otherwise be replayed onto the restored file) and migrates the restored database to this version.
 */
export async function restoreDatabase({ dataDir, file, now = new Date() }: { dataDir: string; file: string; now?: Date }): Promise<RestoreResult> {
  const target = databaseFile(dataDir);
  const source = path.resolve(file);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new BackupError(`${file}: no such file`);
  if (source === path.resolve(target)) throw new BackupError(`${file} is the database itself; name a backup`);
  if (fs.existsSync(`${source}-wal`) && fs.statSync(`${source}-wal`).size > 0) {
    throw new BackupError(`${file} has a -wal file beside it: it is a live database, not a backup. Back it up with npm run backup and restore that.`);
  }
  fs.mkdirSync(dataDir, { recursive: true });

  // Check a private copy: what is checked is exactly what is put in place.
  const staged = `${target}.restoring`;
  const clean = () => {
    for (const f of [staged, `${staged}-journal`, `${staged}-wal`, `${staged}-shm`]) fs.rmSync(f, { force: true });
  };
  clean();
  fs.copyFileSync(source, staged);
  let report: IntegrityReport;
  try {
    report = await checkIntegrity(staged, { makeStandalone: true });
    if (!report.ok) throw new BackupError(`${file} failed the integrity check, nothing was changed: ${report.problems.slice(0, 5).join('; ')}`);
    const latest = listMigrations().at(-1)?.version ?? 0;
    if (!report.tables.includes('responses') || !report.userVersion) {
      throw new BackupError(`${file} is not a database of this platform (no responses table or schema version), nothing was changed`);
    }
    if (report.userVersion > latest) {
      throw new BackupError(`${file} has schema version ${report.userVersion}, newer than this code (${latest}); update the code first. Nothing was changed.`);
    }
  } catch (err) {
    clean();
    throw err;
  }

  let safetyCopy: string | undefined;
  let safetyCopyNote: string | undefined;
  if (fs.existsSync(target)) {
    // The current database may be the broken one (that is often why one restores): then SQLite cannot lock or
    // copy it, and its files are kept as they are instead.
    let unreadable: string | undefined;
    let current: Db | undefined;
    try {
      current = lockExclusively(target);
      if (!current) {
        clean();
        throw new BackupError(`the database ${target} is in use by another process: stop the server, then restore. Nothing was changed.`);
      }
      const dir = backupDir(dataDir);
      fs.mkdirSync(dir, { recursive: true });
      safetyCopy = path.join(dir, uniqueName(dir, 'pre-restore', now));
      await current.backup(safetyCopy, { progress: () => 0x7fffffff });
    } catch (err) {
      if (err instanceof BackupError) throw err;
      unreadable = err instanceof Error ? err.message : String(err);
    } finally {
      current?.close(); // the last connection checkpoints the WAL and removes it
    }
    if (unreadable !== undefined) {
      if (safetyCopy) fs.rmSync(safetyCopy, { force: true });
      safetyCopy = path.join(backupDir(dataDir), `pre-restore-${stamp(now)}-${Math.random().toString(36).slice(2, 6)}.raw`);
      fs.mkdirSync(safetyCopy, { recursive: true });
      for (const suffix of ['', '-wal']) {
        if (fs.existsSync(target + suffix)) fs.copyFileSync(target + suffix, path.join(safetyCopy, DATABASE_FILE + suffix));
      }
      safetyCopyNote = `the current database could not be read (${unreadable}): its files were copied as they were`;
    }
  }
  for (const f of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) fs.rmSync(f, { force: true });
  fs.renameSync(staged, target);
  clean();

  // Bring the restored schema up to this code's migrations and prove the file opens.
  const db = openDatabase(target);
  let migrated: number[];
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    migrated = listMigrations()
      .map((m) => m.version)
      .filter((v) => v > report.userVersion! && v <= version);
  } finally {
    db.close();
  }
  return { safetyCopy, safetyCopyNote, userVersion: report.userVersion!, migrated };
}
