import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Opens (creating if needed) the SQLite database and applies pending numbered migrations,
 * each in its own transaction so that a failing migration leaves the database as it was.
 */
export function openDatabase(file: string, { migrationsDir }: { migrationsDir?: string } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrationsDir);
  } catch (err) {
    db.close(); // the file stays as the last good migration left it; no half-open handle lingers
    throw err;
  }
  return db;
}

/** The numbered migrations of `server/migrations/` (or of `dir`: tests inject a broken one). */
export function listMigrations(dirPath?: string): { version: number; name: string; sql: string }[] {
  const dir = dirPath === undefined ? MIGRATIONS_DIR : pathToFileURL(path.join(path.resolve(dirPath), '/'));
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name, sql: fs.readFileSync(new URL(name, dir), 'utf8') }));
}

export function migrate(db: Db, migrationsDir?: string): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const m of listMigrations(migrationsDir)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
