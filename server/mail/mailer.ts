import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock';
import type { Config } from '../config';

/** One email, ready to go: plain text and HTML alternatives of the same message. */
export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  lang: 'en' | 'fr';
  /** Extra headers, e.g. a reference to the mail log row. */
  headers?: Record<string, string>;
}

/** Sends email. createApp takes one (tests pass their own); the default is built from the configuration. */
export interface Mailer {
  /** Where mail goes, for logs: `smtp://host:port` (never the password) or the outbox folder. */
  readonly describe: string;
  /** Resolves once the message is accepted by the SMTP server or written to the outbox; rejects otherwise. */
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
  /** Closes pooled connections. */
  close(): void;
}

/** `SMTP_URL` set: SMTP through nodemailer; otherwise one `.eml` file per message in `DATA_DIR/outbox/`. */
export function createMailer({ config, clock }: { config: Config; clock: Clock }): Mailer {
  return config.smtpUrl
    ? smtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : outboxMailer({ dir: path.join(config.dataDir, 'outbox'), from: config.mailFrom, clock });
}

const message = (from: string, m: OutgoingMail) => ({
  from,
  to: m.to,
  subject: m.subject,
  text: m.text,
  html: m.html,
  headers: { 'Content-Language': m.lang, 'Auto-Submitted': 'auto-generated', ...m.headers },
});

export function smtpMailer({ url, from }: { url: string; from: string }): Mailer {
  // A small pool: a campaign sends a few hundred messages in a row, and reusing connections spares the SMTP
  // server a TCP and TLS handshake per message. Idle connections are closed quickly, as sends come in bursts.
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 2,
    idleTimeout: 10_000,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  // A failure reaches the sendMail promise of each message, hence the mail log. An 'error' event of the
  // transport itself (a pooled connection dying while idle) needs a listener only so it cannot end the process.
  transport.on('error', () => undefined);
  const parsed = new URL(url);
  return {
    describe: `${parsed.protocol}//${parsed.host}`,
    async send(m) {
      const info = await transport.sendMail(message(from, m));
      return { messageId: info.messageId ?? null };
    },
    close() {
      transport.close();
    },
  };
}

/**
 * Without an SMTP server, messages are written as `.eml` files (RFC 5322, CRLF line ends), one per message,
 * named so that listing the folder sorts them by time: `20251210T090000123Z-000001-<random>.eml`. Each file is
 * written under a temporary name and renamed, so a reader never sees half a message.
 */
export function outboxMailer({ dir, from, clock }: { dir: string; from: string; clock: Clock }): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let sequence = 0;
  return {
    describe: dir,
    async send(m) {
      const info = await transport.sendMail(message(from, m));
      const stamp = clock.now().toISOString().replace(/[-:]/g, '').replace('.', '');
      sequence = (sequence + 1) % 1_000_000;
      const name = `${stamp}-${String(sequence).padStart(6, '0')}-${crypto.randomBytes(4).toString('hex')}.eml`;
      await fs.promises.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${name}.tmp`);
      await fs.promises.writeFile(tmp, info.message as Buffer, { flag: 'wx' });
      await fs.promises.rename(tmp, path.join(dir, name));
      return { messageId: info.messageId ?? null };
    },
    close() {},
  };
}
