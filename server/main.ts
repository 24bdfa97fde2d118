import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ensureAdmin, ensureDefaultSurveys, ensureExampleCity } from './bootstrap';
import { CLIENT_DIST, ensureClientBuilt } from './client-build';
import { systemClock } from './clock';
import { ConfigError, parseConfig } from './config';
import { openDatabase } from './db';
import { answerClientErrors } from './http/client-errors';
import { parseBackupSettings, startBackupSchedule } from './maintenance/backups';
import { loadOrCreateSecret } from './security/tokens';
import { startReminderSchedule } from './services/reminders';

async function main() {
  const config = parseConfig(process.env);
  const backupSettings = parseBackupSettings(process.env);
  const withDemo = process.argv.includes('--demo');
  const log = (s: string) => console.log(s);
  await ensureClientBuilt(log);

  const db = openDatabase(path.join(config.dataDir, 'icc-survey.sqlite'));
  const linkSecret = loadOrCreateSecret(config.dataDir);
  let listeningUrl = '';
  const { app, stores, admin, mail, reminders } = createApp({ db, config, clock: systemClock, linkSecret, clientDir: CLIENT_DIST, publicUrl: () => listeningUrl });

  const wasEmpty = stores.cities.count() === 0 && stores.surveys.count() === 0;
  if (withDemo && wasEmpty) {
    const { loadDemo } = await import('./demo/demo-data');
    log('filling the empty data folder with the SYNTHETIC demo data set (fictitious cities and answers)...');
    await loadDemo({ stores, db, clock: systemClock, log });
  } else if (withDemo) {
    log('the data folder is not empty: the demo data set is only loaded into an empty one.');
  }
  ensureDefaultSurveys(stores, systemClock);
  ensureExampleCity(stores);
  const adminInfo = await ensureAdmin(stores, config, systemClock);

  const server = app.listen(config.port, config.host);
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  listeningUrl = `http://${host}:${port}`;
  log(`listening on ${listeningUrl}`);
  // Emails queued before a stop go out now (links in them need the listening address, hence after listen).
  mail.resume();
  // Reminders before deadlines, and retries of failed sends, every minute (state in the database: see services/reminders.ts).
  const reminderSchedule = startReminderSchedule({ reminders, mail, log });
  const stopBackups = startBackupSchedule({ db, dataDir: config.dataDir, ...backupSettings, log });

  if (wasEmpty) {
    if (adminInfo?.password) log(`admin sign-in: ${adminInfo.email} / ${adminInfo.password}  (shown once; change it)`);
    else if (adminInfo) log(`admin sign-in: ${adminInfo.email} (password from ADMIN_PASSWORD)`);
    const open = stores.surveys.list().find((s) => s.status === 'open');
    // Prefer a city still answering that answered last year, so the link shows a draft and last year's answers.
    const previous = open && stores.surveys.previous({ code: open.code, year: open.year });
    const cities = stores.cities.list();
    const city =
      (open &&
        cities.find(
          (c) =>
            stores.responses.get({ surveyId: open.id, cityId: c.id })?.status !== 'submitted' &&
            (!previous || stores.responses.get({ surveyId: previous.id, cityId: c.id })),
        )) ||
      cities[0];
    if (open && city) {
      log(`example coordinator link (${city.name}): ${admin.linkFor({ surveyId: open.id, cityId: city.id }).url}`);
    }
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    reminderSchedule.stop();
    void stopBackups();
    log(`${signal} received, stopping...`);
    server.close(() => {
      void mail.stop().finally(() => {
        db.close();
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => {
      db.close();
      process.exit(0);
    }, 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
