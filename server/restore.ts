/**
 * `npm run restore -- FILE`: replaces the database of DATA_DIR with the backup FILE. Stop the server first: the
 * restore refuses while another process has the database open. FILE must pass `PRAGMA integrity_check` and be a
 * database of this platform no newer than this code; otherwise nothing changes. The replaced database is kept as
 * DATA_DIR/backups/pre-restore-YYYYMMDD-HHMMSS.sqlite. Without FILE, lists the backups.
 * Exit code 0 when restored, 1 when refused or failed, 2 on bad usage or configuration.
 */
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from './config';
import { BackupError, databaseFile, listBackups, restoreDatabase } from './maintenance/backups';

const USAGE = 'usage: npm run restore -- FILE   (FILE: a backup, e.g. DATA_DIR/backups/icc-20251210-090000.sqlite; stop the server first)';

async function main(): Promise<number> {
  let files: string[];
  try {
    ({ positionals: files } = parseArgs({ allowPositionals: true, strict: true, options: {} }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const config = parseConfig(process.env);
  if (files.length !== 1) {
    console.error(USAGE);
    const backups = listBackups(config.dataDir);
    console.error(backups.length ? `backups in ${config.dataDir}:\n${backups.map((b) => `  ${b.file}`).join('\n')}` : `no backups in ${config.dataDir}`);
    return 2;
  }
  const r = await restoreDatabase({ dataDir: config.dataDir, file: files[0]! });
  console.log(`restored ${files[0]} into ${databaseFile(config.dataDir)} (schema version ${r.userVersion}${r.migrated.length ? `, migrated to ${r.migrated.at(-1)}` : ''})`);
  if (r.safetyCopy) console.log(`the database it replaced is kept as ${r.safetyCopy}${r.safetyCopyNote ? ` (${r.safetyCopyNote})` : ''}`);
  console.log('start the server again (npm start)');
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(`restore refused: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof BackupError) && err instanceof Error && err.stack) console.error(err.stack);
    process.exit(1);
  });
