/**
 * Backups (SQLite online backup), retention, restore and migration failures, on real SQLite files in a temporary
 * folder per test. The writer that runs during a backup is another process, as the server is for `npm run backup`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { ConfigError } from '../../server/config';
import { listMigrations, openDatabase, type Db } from '../../server/db';
import {
  backupDatabase,
  checkIntegrity,
  databaseFile,
  isDatabaseInUse,
  listBackups,
  parseBackupSettings,
  restoreDatabase,
  startBackupSchedule,
} from '../../server/maintenance/backups';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A data folder with a migrated database holding the given city codes. */
function dataFolder(codes: string[] = []): { dir: string; db: Db } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-backup-test-'));
  const db = openDatabase(databaseFile(dir));
  cleanups.push(() => {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const code of codes) addCity(db, code);
  return { dir, db };
}

function addCity(db: Db, code: string) {
  db.prepare("INSERT INTO cities (code, name, country) VALUES (?, ?, 'FR')").run(code, `City ${code}`);
}

function cityCodes(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT code FROM cities ORDER BY code').pluck().all() as string[];
  } finally {
    db.close();
  }
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * Another process that writes until killed: each transaction adds a city and a network with the same code, so a
 * consistent copy has exactly the same codes in both tables. Resolves once it has written its first rows.
 */
async function startWriter(file: string): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(DRIVER)});
    const db = new Database(${JSON.stringify(file)}, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const city = db.prepare("INSERT INTO cities (code, name, country) VALUES (?, ?, 'FR')");
    const network = db.prepare("INSERT INTO networks (code, name, kind) VALUES (?, ?, 'national')");
    const both = db.transaction((i) => { city.run('W' + i, 'x'.repeat(500)); network.run('W' + i, 'y'.repeat(500)); });
    let i = 0;
    const tick = () => { for (let k = 0; k < 20; k++) both(i++); if (i === 20) process.stdout.write('writing\\n'); setImmediate(tick); };
    tick();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the writer stopped (${code})`)));
  });
  return child;
}

function expectConsistent(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const cities = db.prepare("SELECT code FROM cities WHERE code LIKE 'W%' ORDER BY code").pluck().all();
    const networks = db.prepare("SELECT code FROM networks WHERE code LIKE 'W%' ORDER BY code").pluck().all();
    expect(cities.length).toBeGreaterThan(0);
    expect(networks).toEqual(cities);
    return cities.length;
  } finally {
    db.close();
  }
}

test('a backup taken while another process keeps writing is a complete, consistent copy', { timeout: 60_000 }, async () => {
  const { dir, db } = dataFolder();
  // About 8 MB of rows first, so the copy takes long enough for writes to land during it.
  const fill = db.prepare("INSERT INTO cities (code, name, country) VALUES (?, ?, 'FR')");
  db.transaction(() => {
    for (let i = 0; i < 8000; i++) fill.run(`F${i}`, 'f'.repeat(1000));
  })();
  db.close();

  const writer = await startWriter(databaseFile(dir));
  // As `npm run backup` does: its own connection, one step.
  const cli = new Database(databaseFile(dir), { fileMustExist: true, timeout: 10_000 });
  const copies: number[] = [];
  try {
    for (let round = 0; round < 3; round++) {
      const r = await backupDatabase({ db: cli, dataDir: dir, now: new Date(Date.UTC(2025, 11, 10, 9, 0, round)) });
      copies.push(expectConsistent(r.file));
      expect(cityCodes(r.file).filter((c) => c.startsWith('F'))).toHaveLength(8000);
    }
  } finally {
    cli.close();
    writer.kill('SIGKILL');
  }
  // Each copy is a later snapshot than the one before: the writer was really writing during the backups.
  expect(copies[2]!).toBeGreaterThan(copies[0]!);
  expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual([
    'icc-20251210-090000.sqlite',
    'icc-20251210-090001.sqlite',
    'icc-20251210-090002.sqlite',
  ]);
});

test('a scheduled backup in small steps stays consistent while the server connection writes between the steps', async () => {
  const { dir, db } = dataFolder();
  const fill = db.prepare("INSERT INTO cities (code, name, country) VALUES (?, ?, 'FR')");
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) fill.run(`F${i}`, 'f'.repeat(1000));
  })();
  const city = db.prepare("INSERT INTO cities (code, name, country) VALUES (?, ?, 'FR')");
  const network = db.prepare("INSERT INTO networks (code, name, kind) VALUES (?, ?, 'national')");
  const both = db.transaction((i: number) => {
    city.run(`W${i}`, 'x');
    network.run(`W${i}`, 'y');
  });
  let i = 0;
  let writing = true;
  const writeBetweenSteps = () => {
    if (!writing) return;
    both(i++);
    setImmediate(writeBetweenSteps);
  };
  writeBetweenSteps();
  const r = await backupDatabase({ db, dataDir: dir, pagesPerStep: 20 });
  writing = false;
  const copied = expectConsistent(r.file);
  // Writes made during the backup reached the copy (the same connection updates it as it goes).
  expect(i).toBeGreaterThan(50);
  expect(copied).toBeGreaterThan(50);
});

test('retention keeps the newest N backups, ordered by the time in their names', async () => {
  const { dir, db } = dataFolder(['AAA']);
  const at = (day: number, second = 0) => new Date(Date.UTC(2025, 11, day, 2, 0, second));
  for (const day of [3, 1, 5, 2, 4]) await backupDatabase({ db, dataDir: dir, keep: 100, now: at(day) });
  // Two in the same second get distinct names, the later one sorting after.
  await backupDatabase({ db, dataDir: dir, keep: 100, now: at(5) });
  expect(listBackups(dir).map((b) => b.name)).toEqual([
    'icc-20251201-020000.sqlite',
    'icc-20251202-020000.sqlite',
    'icc-20251203-020000.sqlite',
    'icc-20251204-020000.sqlite',
    'icc-20251205-020000.sqlite',
    'icc-20251205-020000-2.sqlite',
  ]);
  const r = await backupDatabase({ db, dataDir: dir, keep: 3, now: at(6) });
  expect(r.pruned).toEqual(['icc-20251201-020000.sqlite', 'icc-20251202-020000.sqlite', 'icc-20251203-020000.sqlite', 'icc-20251204-020000.sqlite']);
  expect(listBackups(dir).map((b) => b.name)).toEqual(['icc-20251205-020000.sqlite', 'icc-20251205-020000-2.sqlite', 'icc-20251206-020000.sqlite']);
  // Only complete, checked copies remain: no temporary files.
  expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => !f.startsWith('icc-'))).toEqual([]);
});

test('restore round trip: what was written after the backup is gone, what was before is back, the replaced database is kept', async () => {
  const { dir, db } = dataFolder(['AAA', 'BBB']);
  const { file } = await backupDatabase({ db, dataDir: dir });
  addCity(db, 'CCC');
  db.prepare("DELETE FROM cities WHERE code = 'AAA'").run();
  db.close();
  // A stale WAL of the old database must not be replayed onto the restored one.
  expect(fs.existsSync(`${databaseFile(dir)}-wal`)).toBe(false);

  const r = await restoreDatabase({ dataDir: dir, file });
  expect(r.userVersion).toBe(listMigrations().at(-1)!.version);
  expect(cityCodes(databaseFile(dir))).toEqual(['AAA', 'BBB']);
  expect(r.safetyCopy).toMatch(/backups\/pre-restore-\d{8}-\d{6}\.sqlite$/);
  expect(cityCodes(r.safetyCopy!)).toEqual(['BBB', 'CCC']);
  const reopened = openDatabase(databaseFile(dir));
  expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
  reopened.close();
  expect(fs.readdirSync(dir).filter((f) => f.includes('.restoring'))).toEqual([]);
});

test('restore after a crash: the killed server’s WAL goes into the safety copy, then is removed', async () => {
  const { dir, db } = dataFolder(['AAA']);
  const { file } = await backupDatabase({ db, dataDir: dir });
  db.close();
  // A process that commits and dies by SIGKILL leaves its -wal and -shm behind.
  const script = `
    const Database = require(${JSON.stringify(DRIVER)});
    const db = new Database(${JSON.stringify(databaseFile(dir))});
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("INSERT INTO cities (code, name, country) VALUES ('KILLED', 'k', 'FR')").run();
    process.kill(process.pid, 'SIGKILL');`;
  spawnSync(process.execPath, ['-e', script]);
  expect(fs.statSync(`${databaseFile(dir)}-wal`).size).toBeGreaterThan(0);

  const r = await restoreDatabase({ dataDir: dir, file });
  expect(cityCodes(databaseFile(dir))).toEqual(['AAA']);
  expect(cityCodes(r.safetyCopy!)).toEqual(['AAA', 'KILLED']);
});

test('restore over a database that is itself broken: its files are kept as they were, the backup goes in', async () => {
  const { dir, db } = dataFolder(['AAA']);
  const { file } = await backupDatabase({ db, dataDir: dir });
  db.close();
  fs.writeFileSync(databaseFile(dir), 'this is no longer a database '.repeat(200));

  const r = await restoreDatabase({ dataDir: dir, file });
  expect(r.safetyCopyNote).toMatch(/could not be read .*file is not a database/);
  expect(fs.readFileSync(path.join(r.safetyCopy!, 'icc-survey.sqlite'), 'utf8')).toMatch(/^this is no longer a database/);
  expect(cityCodes(databaseFile(dir))).toEqual(['AAA']);
});

test('restore refuses while the database is open (a running server), and changes nothing', async () => {
  const { dir, db } = dataFolder(['AAA']);
  const { file } = await backupDatabase({ db, dataDir: dir });
  addCity(db, 'BBB');
  expect(isDatabaseInUse(dir)).toBe(true);
  await expect(restoreDatabase({ dataDir: dir, file })).rejects.toThrow(/in use by another process: stop the server/);
  expect(db.prepare('SELECT code FROM cities ORDER BY code').pluck().all()).toEqual(['AAA', 'BBB']);
  expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.startsWith('pre-restore'))).toEqual([]);
  expect(fs.readdirSync(dir).filter((f) => f.includes('.restoring'))).toEqual([]);
  db.close();
  expect(isDatabaseInUse(dir)).toBe(false);
});

test('restore of a corrupt, truncated or foreign file is refused and leaves the database untouched', async () => {
  const { dir, db } = dataFolder(['AAA']);
  const fill = db.prepare("INSERT INTO cities (code, name, country) VALUES (?, ?, 'FR')");
  db.transaction(() => {
    for (let i = 0; i < 300; i++) fill.run(`F${i}`, 'f'.repeat(500));
  })();
  const { file } = await backupDatabase({ db, dataDir: dir });
  db.close();
  const before = sha256(databaseFile(dir));
  const filesBefore = fs.readdirSync(dir).sort();

  const fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-restore-fixtures-'));
  cleanups.push(() => fs.rmSync(fixtures, { recursive: true, force: true }));
  const corrupt = path.join(fixtures, 'corrupt.sqlite');
  fs.copyFileSync(file, corrupt);
  const look = new Database(file, { readonly: true });
  const pageSize = look.pragma('page_size', { simple: true }) as number;
  // Pages of the cities table (1-based), from SQLite's own page map.
  const pages = look.prepare("SELECT pageno FROM dbstat WHERE name = 'cities' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
  look.close();
  expect(pages.length).toBeGreaterThan(10);
  const fd = fs.openSync(corrupt, 'r+');
  // Scribble over the header and cell pointers of three leaf pages.
  for (const page of pages.slice(2, 5)) fs.writeSync(fd, Buffer.alloc(1500, 0xa5), 0, 1500, (page - 1) * pageSize);
  fs.closeSync(fd);
  expect((await checkIntegrity(corrupt)).ok).toBe(false);

  const truncated = path.join(fixtures, 'truncated.sqlite');
  fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 6 * pageSize));
  const foreign = path.join(fixtures, 'foreign.sqlite');
  fs.writeFileSync(foreign, 'city,answer\nAAA,1\n');
  const other = path.join(fixtures, 'other-app.sqlite');
  const o = new Database(other);
  o.exec('CREATE TABLE notes (x)');
  o.close();

  await expect(restoreDatabase({ dataDir: dir, file: corrupt })).rejects.toThrow(/failed the integrity check, nothing was changed/);
  await expect(restoreDatabase({ dataDir: dir, file: truncated })).rejects.toThrow(/failed the integrity check|not a database of this platform/);
  await expect(restoreDatabase({ dataDir: dir, file: foreign })).rejects.toThrow(/failed the integrity check.*not a database/);
  await expect(restoreDatabase({ dataDir: dir, file: other })).rejects.toThrow(/not a database of this platform/);
  await expect(restoreDatabase({ dataDir: dir, file: path.join(dir, 'missing.sqlite') })).rejects.toThrow(/no such file/);

  expect(sha256(databaseFile(dir))).toBe(before);
  expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
  expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.startsWith('pre-restore'))).toEqual([]);
});

test('a failing migration leaves the database as it was; the migrations before it stay applied', async () => {
  const { dir, db } = dataFolder(['AAA']);
  const current = listMigrations().at(-1)!.version;
  db.close();
  const before = sha256(databaseFile(dir));
  const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-migrations-'));
  cleanups.push(() => fs.rmSync(migrations, { recursive: true, force: true }));
  for (const m of listMigrations()) fs.writeFileSync(path.join(migrations, m.name), m.sql);
  const next = (n: number) => String(current + n).padStart(3, '0');
  // Schema changes, a data change, then a failure: all of it must roll back.
  fs.writeFileSync(
    path.join(migrations, `${next(1)}_broken.sql`),
    `CREATE TABLE half_done (x INTEGER);
     ALTER TABLE cities ADD COLUMN extra TEXT;
     UPDATE cities SET name = 'changed';
     INSERT INTO no_such_table VALUES (1);`,
  );
  expect(() => openDatabase(databaseFile(dir), { migrationsDir: migrations })).toThrow(/no such table: no_such_table/);

  const check = new Database(databaseFile(dir), { readonly: true });
  expect(check.pragma('user_version', { simple: true })).toBe(current);
  expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all()).toEqual([]);
  expect(check.prepare('PRAGMA table_info(cities)').all().map((c) => (c as { name: string }).name)).not.toContain('extra');
  expect(check.prepare('SELECT name FROM cities').pluck().all()).toEqual(['City AAA']);
  check.close();
  expect(sha256(databaseFile(dir))).toBe(before);

  // A good migration followed by a broken one: the good one stays, the version says so.
  fs.renameSync(path.join(migrations, `${next(1)}_broken.sql`), path.join(migrations, `${next(2)}_broken.sql`));
  fs.writeFileSync(path.join(migrations, `${next(1)}_good.sql`), 'CREATE TABLE good_one (x INTEGER);');
  expect(() => openDatabase(databaseFile(dir), { migrationsDir: migrations })).toThrow(/no_such_table/);
  const after = new Database(databaseFile(dir), { readonly: true });
  expect(after.pragma('user_version', { simple: true })).toBe(current + 1);
  expect(after.prepare("SELECT name FROM sqlite_master WHERE name IN ('good_one', 'half_done')").pluck().all()).toEqual(['good_one']);
  after.close();
});

test('the schedule backs up after its first delay, then every interval, and stops; 0 turns it off', async () => {
  const { dir, db } = dataFolder(['AAA']);
  const lines: string[] = [];
  const stop = startBackupSchedule({ db, dataDir: dir, intervalHours: 0.5 / 3600, keep: 2, log: (l) => lines.push(l), firstDelayMs: 10 });
  const deadline = Date.now() + 10_000;
  while (listBackups(dir).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await stop();
  const written = () => lines.filter((l) => /^backup written: backups\/icc-\d{8}-\d{6}(-\d+)?\.sqlite \(.* MiB, integrity ok/.test(l)).length;
  expect(written()).toBeGreaterThanOrEqual(2);
  expect(listBackups(dir)).toHaveLength(2); // keep: 2
  expect(lines.some((l) => l.includes('FAILED'))).toBe(false);
  // Stopped means stopped: no backup after it.
  const sofar = written();
  await new Promise((r) => setTimeout(r, 1200));
  expect(written()).toBe(sofar);

  const off: string[] = [];
  const stopOff = startBackupSchedule({ db, dataDir: dir, intervalHours: 0, log: (l) => off.push(l) });
  await stopOff();
  expect(off).toEqual(['scheduled backups are off (BACKUP_INTERVAL_HOURS=0)']);
});

test('backup settings: daily and 14 by default; a bad value names its variable', () => {
  expect(parseBackupSettings({})).toEqual({ intervalHours: 24, keep: 14 });
  expect(parseBackupSettings({ BACKUP_INTERVAL_HOURS: '0', BACKUP_KEEP: '3', PORT: 'x' })).toEqual({ intervalHours: 0, keep: 3 });
  expect(() => parseBackupSettings({ BACKUP_KEEP: '0' })).toThrow(ConfigError);
  expect(() => parseBackupSettings({ BACKUP_KEEP: 'lots' })).toThrow(/BACKUP_KEEP: must be a number/);
  expect(() => parseBackupSettings({ BACKUP_INTERVAL_HOURS: '-1' })).toThrow(/BACKUP_INTERVAL_HOURS/);
});

test('npm run backup and npm run restore from the command line, with their exit codes', { timeout: 90_000 }, async () => {
  const { dir, db } = dataFolder(['AAA']);
  db.close();
  const run = (script: string, args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, BACKUP_KEEP: '5' },
      encoding: 'utf8',
    });
  const backup = run('server/backup.ts', []);
  expect(backup.stderr).toBe('');
  expect(backup.status).toBe(0);
  expect(backup.stdout).toMatch(/^backup written: .*\/backups\/icc-\d{8}-\d{6}\.sqlite \(.* MiB, integrity ok, \d+ ms\)\n$/);
  const [made] = listBackups(dir);

  const live = openDatabase(databaseFile(dir));
  addCity(live, 'BBB');
  const refused = run('server/restore.ts', [made!.file]);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/^restore refused: the database .* is in use by another process: stop the server/);
  live.close();

  const bad = path.join(dir, 'bad.sqlite');
  fs.writeFileSync(bad, 'not a database at all, just text that is long enough to look like something '.repeat(100));
  const refusedBad = run('server/restore.ts', [bad]);
  expect(refusedBad.status).toBe(1);
  expect(refusedBad.stderr).toMatch(/failed the integrity check, nothing was changed/);

  const restored = run('server/restore.ts', [made!.file]);
  expect(restored.stderr).toBe('');
  expect(restored.status).toBe(0);
  expect(restored.stdout).toMatch(/^restored .* \(schema version \d+\)\nthe database it replaced is kept as .*pre-restore-.*\.sqlite\n/);
  expect(cityCodes(databaseFile(dir))).toEqual(['AAA']);
});
