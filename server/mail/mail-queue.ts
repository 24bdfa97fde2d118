import type { Clock } from '../clock';
import type { MailLogEntry, MailLogStore } from '../stores/mail-log';
import type { Mailer, OutgoingMail } from './mailer';

/** What to send for a queued row, or why it must not be sent any more (recorded as 'cancelled'). */
export type Composed = { mail: OutgoingMail } | { cancel: string };

/** A 'sending' row older than this belongs to a sender that stopped (an SMTP exchange takes seconds). */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * Waits before the 2nd, 3rd and 4th attempt of a failed send; after the 4th it stays 'failed'. Short first, for
 * a server that restarts or throttles, then long enough to outlast a maintenance window.
 */
export const RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000];

/**
 * When to try a failed send again, or `undefined` to give up: after the last delay, or at once when the SMTP
 * server refused the message for good (a 5xx reply: unknown mailbox, refused sender), which retrying cannot fix.
 */
export function retryAtFor({ attempts, error, now }: { attempts: number; error: unknown; now: Date }): Date | undefined {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  if (typeof code === 'number' && code >= 500 && code < 600) return undefined;
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? undefined : new Date(now.getTime() + delay);
}

/**
 * Sends the emails queued in `mail_log`, in the background of the process.
 *
 * Why after the HTTP response rather than within it: a campaign emails ~150 cities × their team, and an SMTP
 * server takes tens of milliseconds to seconds per message (more when it throttles). Sending inside
 * `POST /invitations` would hold the request for minutes, past proxy timeouts, and a client that retries a
 * timed-out request would send every email twice. Instead the request writes one row per email (in the same
 * transaction as the links) and returns the contract's links at once; this queue drains the rows, and the
 * outcome of each (sent, failed with the SMTP error, cancelled) is in the mail log the Unit reads. As the
 * queue is in the database, emails queued when the process stops are sent when it starts again (`resume`).
 *
 * Each row is claimed by a single UPDATE (see stores/mail-log.ts), so two processes on one database never
 * send the same row; a row left 'sending' by a stopped process is marked failed, not sent again. A send that
 * fails for a reason that may pass goes back to the queue for later (RETRY_DELAYS_MS); something must then
 * `kick` the queue when that time comes: the reminder schedule's timer does (services/reminders.ts).
 */
export function mailQueue(d: {
  mailLog: MailLogStore;
  mailer: Mailer;
  clock: Clock;
  compose: (entry: MailLogEntry) => Composed;
  /** Unexpected errors (bugs), not failed sends: those are recorded in the mail log. */
  log: (line: string) => void;
  /** Messages in flight at once; the SMTP transport pools as many connections. */
  concurrency?: number;
}) {
  const concurrency = d.concurrency ?? 2;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function sendOne(entry: MailLogEntry): Promise<void> {
    let composed: Composed;
    try {
      composed = d.compose(entry);
    } catch (err) {
      d.mailLog.markFailed({ id: entry.id, error: `The email could not be prepared: ${messageOf(err)}`, now: d.clock.now() });
      d.log(`mail ${entry.id}: compose failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return;
    }
    if ('cancel' in composed) {
      d.mailLog.markCancelled({ id: entry.id, reason: composed.cancel, now: d.clock.now() });
      return;
    }
    const { mail } = composed;
    try {
      const { messageId } = await d.mailer.send(mail);
      d.mailLog.markSent({ id: entry.id, messageId, to: mail.to.address, subject: mail.subject, now: d.clock.now() });
    } catch (err) {
      const now = d.clock.now();
      d.mailLog.markFailed({ id: entry.id, error: messageOf(err), now, retryAt: retryAtFor({ attempts: entry.attempts, error: err, now }) });
    }
  }

  async function worker(): Promise<void> {
    while (!stopped) {
      const entry = d.mailLog.claimNext({ now: d.clock.now() });
      if (!entry) return;
      await sendOne(entry);
    }
  }

  async function run(): Promise<void> {
    do {
      again = false;
      await Promise.all(Array.from({ length: concurrency }, () => worker()));
    } while (again && !stopped);
  }

  /** Starts sending what is due, unless a run is already going (then it looks again when done). */
  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((err: unknown) => d.log(`mail queue stopped on an unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`))
      .finally(() => {
        running = undefined;
        if (again) kick(); // asked for while this run was finishing
      });
  }

  return {
    kick,
    /** At start: fails rows a stopped process left half-sent, then sends what is still queued. */
    resume(): void {
      const now = d.clock.now();
      d.mailLog.failStale({ before: new Date(now.getTime() - STALE_AFTER_MS), now });
      kick();
    },
    /** Resolves when nothing is being sent (tests wait on it; the Unit's page reads the log instead). */
    async whenIdle(): Promise<void> {
      while (running) await running;
    },
    /** Stops taking new rows, waits for the messages in flight, closes the SMTP connections. */
    async stop(): Promise<void> {
      stopped = true;
      while (running) await running;
      d.mailer.close();
    },
  };
}
export type MailQueue = ReturnType<typeof mailQueue>;

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const e = err as Error & { code?: string; response?: string };
    // nodemailer puts the SMTP reply in `response` and a category in `code` (ECONNECTION, EENVELOPE, ...).
    return [e.code, e.message, e.response && !e.message.includes(e.response) ? e.response : undefined].filter(Boolean).join(': ');
  }
  return String(err);
}
