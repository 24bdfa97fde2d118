/** An admin session for the browser sections: sign in through the API, hand the cookie to fresh browser contexts. */

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
