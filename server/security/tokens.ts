import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** SHA-256 of a token, hex: what the database stores and looks up. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** A random opaque token (256 bits), for sessions. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function randomNonce(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/**
 * The secret that link tokens are derived from. It lives in DATA_DIR, outside the database, so a copy of
 * the database alone (a backup, an export) does not let anyone rebuild a working link.
 */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'link-secret.key');
  try {
    const existing = fs.readFileSync(file);
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32);
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Derives a link token (43 characters, 256 bits) from the secret and the link's nonce. */
export function deriveLinkToken(secret: Buffer, nonce: string): string {
  return crypto.createHmac('sha256', secret).update(`link:${nonce}`).digest('base64url');
}

/** Tokens as they may appear in a URL: refuse anything else before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;
