import path from 'node:path';
import { z } from 'zod';

/** How long a coordinator link keeps working after its survey closed (docs/decisions/008-link-expiry.md). */
export const DEFAULT_LINK_EXPIRY_DAYS = 90;

/** Typed configuration, parsed once from the environment. Nothing else reads `process.env`. */
const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL such as https://survey.example.org' })
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z
    .string()
    .max(300)
    .regex(/^[^\r\n]*@[^\r\n]*$/, 'must be an address, optionally with a name: ICC Unit <icc@example.org>')
    .optional(),
  NODE_ENV: z.string().optional(),
  LINK_EXPIRY_DAYS: z.coerce
    .number({ message: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650 (ten years)')
    .default(DEFAULT_LINK_EXPIRY_DAYS),
});

export const DEFAULT_BACKUP_KEEP = 14;
export const DEFAULT_BACKUP_INTERVAL_HOURS = 24;

const backupSchema = z.object({
  BACKUP_INTERVAL_HOURS: z.coerce
    .number({ message: 'must be a number of hours (0 turns scheduled backups off)' })
    .min(0, 'must be 0 (off) or more')
    .max(24 * 24, 'must be at most 576 (24 days)')
    .default(DEFAULT_BACKUP_INTERVAL_HOURS),
  BACKUP_KEEP: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100_000)
    .default(DEFAULT_BACKUP_KEEP),
});

export interface BackupSettings {
  /** Hours between scheduled backups; 0 = no scheduled backups. */
  intervalHours: number;
  /** How many `icc-*.sqlite` backups to keep (the newest). */
  keep: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Base of links in emails and printed links; without trailing slash. Undefined = derive from the listening address. */
  publicUrl?: string;
  smtpUrl?: string;
  /** `From` of emails: MAIL_FROM, or `ICC annual survey <no-reply@HOST of PUBLIC_URL>`. */
  mailFrom: string;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  /** LINK_EXPIRY_DAYS: days a coordinator link keeps working after its survey closed (docs/decisions/008-link-expiry.md). */
  linkExpiryDays: number;
}

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const publicUrl = e.PUBLIC_URL?.replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    adminEmail: e.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    publicUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? defaultMailFrom(publicUrl),
    secureCookies: publicUrl?.toLowerCase().startsWith('https://') ?? false,
    linkExpiryDays: e.LINK_EXPIRY_DAYS,
  };
}

/**
 * Reads BACKUP_INTERVAL_HOURS (default 24) and BACKUP_KEEP (default 14); a bad value is a ConfigError naming it.
 * Apart from parseConfig because `npm run backup` and `restore` need no server settings.
 */
export function parseBackupSettings(env: Record<string, string | undefined>): BackupSettings {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => (k === 'BACKUP_INTERVAL_HOURS' || k === 'BACKUP_KEEP') && v !== undefined && v !== ''),
  );
  const result = backupSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { intervalHours: result.data.BACKUP_INTERVAL_HOURS, keep: result.data.BACKUP_KEEP };
}

/** A sender on the public host name when there is one (an IP address or none gives `localhost`). */
function defaultMailFrom(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).hostname : '';
  const domain = /[a-z]/i.test(host) && !host.includes(':') ? host : 'localhost';
  return `ICC annual survey <no-reply@${domain}>`;
}
