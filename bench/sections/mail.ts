/**
 * Invitations to 1,000 recipients (250 cities × 4 consenting team members; `BENCH_QUICK=1`: 50 × 4 = 200), each
 * run in a fresh child process so that its peak memory is its own:
 * - smtp: the app (createApp on a temporary database, `SMTP_URL` set) answers `POST /api/surveys/:id/invitations`
 *   for every city, and its mail queue (server/mail/mail-queue.ts: 2 messages in flight, nodemailer pool of 2
 *   connections) delivers each message to an SMTP server (smtp-server) in the same child; timed from the request
 *   to the last message received: messages/s and total time; the request alone (queueing) is reported too;
 * - outbox: the same without `SMTP_URL`: every message written as an `.eml` file to DATA_DIR/outbox/;
 * - baseline: nodemailer sending the same rendered messages directly to the same kind of SMTP server with the
 *   same pool (2 connections, 2 in flight), no database: what the queue, the rendering at send time and the
 *   mail log cost on top.
 * Peak RSS is the child's VmHWM, reset (/proc/self/clear_refs) after the roster is built, so it covers the
 * sending and, for smtp, the receiving SMTP server of the same process.
 *
 * `node --import tsx bench/sections/mail.ts child <smtp|outbox|bare> <cities>` runs one child and prints
 * `RESULT {...}`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { entry, type Entry } from '../lib/entry';
import { startTs } from '../lib/util';

const MEMBERS_PER_CITY = 4;

interface MailRun {
  target: 'smtp' | 'outbox' | 'bare';
  messages: number;
  /** From the request (or the first send, for the baseline) to the last message delivered. */
  totalMs: number;
  /** The invitation request alone: links made and every email queued. */
  requestMs: number;
  peakRssMb: number;
  rssBeforeMb: number;
}

export async function mailBench({ quick, log }: { quick: boolean; log: (s: string) => void }): Promise<Entry[]> {
  const cities = quick ? 50 : 250;
  const runs: Record<string, MailRun> = {};
  for (const target of ['bare', 'smtp', 'outbox'] as const) {
    const child = startTs('bench/sections/mail.ts', { args: ['child', target, String(cities)] });
    try {
      const line = await child.waitForLine(/^RESULT (.*)$/, 10 * 60_000);
      runs[target] = JSON.parse(line[1]!) as MailRun;
    } finally {
      await child.stop();
    }
  }
  const rate = (r: MailRun) => r.messages / (r.totalMs / 1000);
  const { smtp, outbox, bare } = runs as Record<'smtp' | 'outbox' | 'bare', MailRun>;
  log(
    `mail: ${smtp.messages} invitations (${cities} cities × ${MEMBERS_PER_CITY}): SMTP ${(smtp.totalMs / 1000).toFixed(2)} s ` +
      `(${rate(smtp).toFixed(0)} msg/s; request queueing all of them ${smtp.requestMs.toFixed(0)} ms; peak RSS ${smtp.peakRssMb.toFixed(0)} MiB ` +
      `from ${smtp.rssBeforeMb.toFixed(0)}), nodemailer alone ${(bare.totalMs / 1000).toFixed(2)} s (${rate(bare).toFixed(0)} msg/s, peak ${bare.peakRssMb.toFixed(0)} MiB); ` +
      `.eml outbox ${(outbox.totalMs / 1000).toFixed(2)} s (${rate(outbox).toFixed(0)} msg/s, peak ${outbox.peakRssMb.toFixed(0)} MiB)` +
      (quick ? ' (quick: 200 recipients; full run: 1,000)' : ''),
  );
  return [
    entry({ name: 'mail_smtp_msgs_per_s', value: rate(smtp), unit: 'msg/s', baseline: rate(bare) }),
    entry({ name: 'mail_smtp_total_ms', value: smtp.totalMs, unit: 'ms', baseline: bare.totalMs }),
    entry({ name: 'mail_invite_request_ms', value: smtp.requestMs, unit: 'ms' }),
    entry({ name: 'mail_smtp_peak_rss_mb', value: smtp.peakRssMb, unit: 'MiB' }),
    entry({ name: 'mail_outbox_msgs_per_s', value: rate(outbox), unit: 'msg/s' }),
    entry({ name: 'mail_outbox_total_ms', value: outbox.totalMs, unit: 'ms' }),
    entry({ name: 'mail_outbox_peak_rss_mb', value: outbox.peakRssMb, unit: 'MiB' }),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The child.

function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
function resetPeakRss(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: the peak then includes the start-up
  }
}

/** An SMTP server that counts what it receives and resolves when `n` messages have arrived. */
async function countingSmtp(n: number) {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        callback(null);
        if (++received === n) done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, all, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function child(target: MailRun['target'], cities: number): Promise<MailRun> {
  const messages = cities * MEMBERS_PER_CITY;
  const smtp = target === 'outbox' ? undefined : await countingSmtp(messages);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icc-bench-mail-'));
  try {
    if (target === 'bare') {
      const nodemailer = (await import('nodemailer')).default;
      const { renderInvitation } = await import('../../server/mail/templates');
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp!.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 2 });
      const mails = Array.from({ length: messages }, (_, i) => {
        const lang = i % 2 === 0 ? 'en' : 'fr';
        const r = renderInvitation(lang, { name: `Person ${i}`, city: `City ${Math.floor(i / MEMBERS_PER_CITY)}`, year: 2025, closesAt: '2026-01-31', link: `http://127.0.0.1/r/${crypto.randomBytes(32).toString('base64url')}` });
        return { from: 'bench@localhost', to: { name: `Person ${i}`, address: `p${i}@bench.example.org` }, subject: r.subject, text: r.text, html: r.html, headers: { 'Content-Language': lang } };
      });
      const rssBeforeMb = process.memoryUsage.rss() / 2 ** 20;
      resetPeakRss();
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        [0, 1].map(async () => {
          while (next < mails.length) await transport.sendMail(mails[next++]!);
        }),
      );
      await smtp!.all;
      const totalMs = performance.now() - t0;
      transport.close();
      return { target, messages, totalMs, requestMs: 0, peakRssMb: peakRssMb(), rssBeforeMb };
    }

    const { createApp } = await import('../../server/app');
    const { ensureDefaultSurveys } = await import('../../server/bootstrap');
    const { parseConfig } = await import('../../server/config');
    const { openDatabase } = await import('../../server/db');
    const { systemClock } = await import('../../server/clock');
    const db = openDatabase(path.join(dir, 'bench.sqlite'));
    const config = parseConfig({ DATA_DIR: dir, ...(smtp ? { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } : {}) });
    let url = '';
    const app = createApp({ db, config, clock: systemClock, linkSecret: crypto.randomBytes(32), publicUrl: () => url, log: () => undefined });
    const surveyId = ensureDefaultSurveys(app.stores, systemClock)!;
    const now = new Date();
    const cityIds = db.transaction(() =>
      Array.from({ length: cities }, (_, c) => {
        const id = app.stores.cities.create({ code: `B${String(c).padStart(4, '0')}`, name: `Bench city ${c}`, country: 'FR', isSynthetic: true }, []);
        for (let m = 0; m < MEMBERS_PER_CITY; m++) {
          app.stores.people.create({ cityId: id, name: `Member ${m} of ${c}`, role: 'staff', email: `m${m}.c${c}@bench.example.org`, lang: m % 2 === 0 ? 'en' : 'fr', consent: true, consentAt: now.toISOString(), now });
        }
        return id;
      }),
    )();
    const userId = app.stores.users.create({ email: 'bench@bench.example.org', name: 'Bench', passwordHash: 'x', role: 'admin', now });
    const cookie = `icc_session=${app.stores.sessions.create({ userId, now })}`;
    const server = app.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const rssBeforeMb = process.memoryUsage.rss() / 2 ** 20;
    resetPeakRss();
    const t0 = performance.now();
    const res = await fetch(`${url}/api/surveys/${surveyId}/invitations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ cityIds }),
    });
    const requestMs = performance.now() - t0;
    if (res.status !== 200) throw new Error(`invitations answered ${res.status}: ${await res.text()}`);
    if (res.headers.get('x-emails-queued') !== String(messages)) throw new Error(`queued ${res.headers.get('x-emails-queued')}, expected ${messages}`);
    if (smtp) await smtp.all;
    await app.mail.whenIdle();
    const totalMs = performance.now() - t0;
    const counts = app.stores.mailLog.countsBySurvey({ surveyId });
    if (counts.sent !== messages) throw new Error(`mail log: ${JSON.stringify(counts)}, expected ${messages} sent`);
    if (!smtp) {
      const files = fs.readdirSync(path.join(dir, 'outbox')).filter((f) => f.endsWith('.eml'));
      if (files.length !== messages) throw new Error(`outbox holds ${files.length} .eml files, expected ${messages}`);
    }
    const peak = peakRssMb();
    await app.mail.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    return { target, messages, totalMs, requestMs, peakRssMb: peak, rssBeforeMb };
  } finally {
    await smtp?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'child') {
  child(process.argv[3] as MailRun['target'], Number(process.argv[4]))
    .then((r) => {
      console.log(`RESULT ${JSON.stringify(r)}`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
