/**
 * `npm run backup [-- --keep N]`: backs the database of DATA_DIR up into DATA_DIR/backups/icc-YYYYMMDD-HHMMSS.sqlite
 * (UTC) with SQLite's online backup, while the server runs or not, checks the copy with `PRAGMA integrity_check`
 * and keeps the newest N (`--keep`, else BACKUP_KEEP, else 14). Exit code 0 when the checked copy is written,
 * 1 when the backup failed, 2 on bad usage or configuration.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ConfigError, parseConfig } from './config';
import { backupDatabase, databaseFile, parseBackupSettings } from './maintenance/backups';

const USAGE = 'usage: npm run backup [-- --keep N]   (DATA_DIR, BACKUP_KEEP from the environment)';

async function main(): Promise<number> {
  let keepFlag: string | undefined;
  try {
    ({ values: { keep: keepFlag } } = parseArgs({ options: { keep: { type: 'string' } }, strict: true }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const config = parseConfig(process.env);
  const settings = parseBackupSettings({ ...process.env, ...(keepFlag !== undefined ? { BACKUP_KEEP: keepFlag } : {}) });
  const file = databaseFile(config.dataDir);
  if (!fs.existsSync(file)) {
    console.error(`no database at ${file} (is DATA_DIR right?)`);
    return 1;
  }
  // Not openDatabase: a backup never migrates the schema under a running server of another version.
  const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    const r = await backupDatabase({ db, dataDir: config.dataDir, keep: settings.keep });
    console.log(`backup written: ${r.file} (${(r.bytes / 1048576).toFixed(2)} MiB, integrity ok, ${Math.round(r.ms)} ms)`);
    for (const name of r.pruned) console.log(`removed old backup ${path.join(path.dirname(r.file), name)} (keeping ${settings.keep})`);
    return 0;
  } finally {
    db.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`${err.message}\n(--keep is read as BACKUP_KEEP)`);
      process.exit(2);
    }
    console.error(`backup FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
