/** An admin session for the browser sections: sign in through the API, hand the cookie to fresh browser contexts. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTs } from './util';

export interface Cookie {
  name: string;
  value: string;
}

/** `POST /api/session`; the session cookie(s) it sets. */
export async function signIn(base: string, email: string, password: string): Promise<Cookie[]> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 204 && res.status !== 200) throw new Error(`sign-in as ${email} failed: HTTP ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    return { name: pair!.slice(0, i).trim(), value: pair!.slice(i + 1).trim() };
  });
  if (cookies.length === 0) throw new Error('sign-in returned no cookie');
  return cookies;
}

/** The `cookie` request header of a session. */
export const cookieHeader = (cookies: Cookie[]) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');

export interface AdminApp {
  base: string;
  email: string;
  password: string;
  pid: number | undefined;
}

/**
 * The app as `npm start` runs it (`server/main.ts`, PORT=0, a temporary DATA_DIR, no SMTP), with an admin of
 * the bench's own (random password): `fn` gets its address and credentials; the server is stopped and its data
 * folder removed afterwards. `args: ['--demo']` fills it with the demo data first, as `npm run demo`.
 */
export async function withAdminApp<T>(
  { name, args = [], startTimeoutMs }: { name: string; args?: string[]; startTimeoutMs: number },
  fn: (app: AdminApp) => Promise<T>,
): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `icc-bench-${name}-`));
  const email = 'bench-admin@example.org';
  const password = crypto.randomBytes(18).toString('base64url');
  const server = startTs('server/main.ts', {
    args,
    env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: undefined, SMTP_URL: undefined, ADMIN_EMAIL: email, ADMIN_PASSWORD: password },
  });
  try {
    const base = (await server.waitForLine(/^listening on (https?:\/\/\S+)\s*$/, startTimeoutMs))[1]!;
    return await fn({ base, email, password, pid: server.proc.pid });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
