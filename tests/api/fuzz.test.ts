/**
 * Hostile input on every route (issue 6, security): fast-check generates malformed requests — huge strings, deep
 * nesting, wrong types, prototype-pollution keys, invalid UTF-8, NUL bytes, long URLs and parameters, odd numbers,
 * duplicate query and JSON keys, wrong content types — and sends them as an admin, an analyst, an anonymous caller
 * and a link holder. Whatever arrives, the server must answer without a 5xx; a refusal (4xx) must be the
 * contract's JSON error `{"error": {"code", "message"}}` without a stack trace or SQL, and must leave the
 * stored data as it was.
 *
 * The routes come from express's own table (tests/helpers/route-list.ts), so a new route is fuzzed without being
 * told. Each route gets a fixed corpus of the nastiest inputs for each caller, then fast-check's generated cases
 * (deterministic seed). Path parameters are real ids (so bodies and queries reach the handlers) or hostile values.
 *
 * Hostile data that is accepted is the other danger: answers of the wrong type for their question, and survey
 * definitions of odd shapes, are stored and then read by every export, analysis and report. The last tests
 * store such data and read everything back. They found two 500s, fixed and kept here as regressions: answer
 * objects with keys such as "hasOwnProperty" (survey-core calls x.hasOwnProperty at submission) and rating
 * scales survey-core cannot build (rateStep 1e-101, at analysis time).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, snapshotTables, startTestApp, type TestApp } from '../helpers/test-app';
import { listAppRoutes } from '../helpers/route-list';

const SEED = 0x1cc6;
/** Generated cases per route, beside the fixed corpus: about 70 routes × (corpus + these) stays under a minute. */
const RUNS_PER_ROUTE = 12;

type Role = 'admin' | 'analyst' | 'anonymous' | 'link';
const ROLES: Role[] = ['admin', 'analyst', 'anonymous', 'link'];

const ROUTES = listAppRoutes();

// ---------------------------------------------------------------------------------------------------------------
// Hostile values.

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800', // a lone surrogate (JSON.stringify escapes it; the server sees invalid UTF-16)
  '\uFFFF\uFFFE',
  '𝕏'.repeat(300),
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '=HYPERLINK("http://evil.example")',
  '../../../etc/passwd',
  '%00',
  '%',
  '1e308',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  ' 7',
  '9007199254740993',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'x'.repeat(70_000),
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '', ' ', '\u0000', 'a.b', 'a[b]', '$where', 'x'.repeat(300)];
/** Field names the routes' schemas read, so generated bodies get past "unknown shape" into the handlers. */
const FIELDS = [
  'email', 'password', 'name', 'role', 'currentPassword', 'newPassword', 'resetPassword', 'data', 'revision', 'author',
  'pageNo', 'progress', 'locale', 'cityIds', 'reissue', 'definition', 'baseRevision', 'days', 'csv', 'date', 'titleEn',
  'titleFr', 'kind', 'lang', 'consent', 'title', 'pages', 'elements', 'type', 'choices', 'year', 'code', 'status',
];
const QUERY_KEYS = ['year', 'code', 'from', 'to', 'lang', 'limit', 'before', 'action', 'everywhere', 'bom', 'submittedOnly', 'token', 'q'];
/** Number tokens written as they appear in JSON text, including ones JSON.stringify would never produce. */
const NUMBER_TOKENS = ['1e308', '-1e308', '1e999', '-0', '0', '-1', '0.5', '5e-324', '9007199254740993', '123456789012345678901234567890', '2147483648', '1E2', '-0.0'];
const PARAM_VALUES = [
  '0', '-1', '1.5', '1e308', '-0', 'NaN', 'Infinity', '0x10', '99999999999999999999', '9007199254740993', 'null',
  'undefined', '__proto__', 'constructor', '%00', '%', '%E0%A4%A', '%FF%FE', '..%2F..%2Fetc', '%2e%2e', 'a%2Fb', '%20',
  encodeURIComponent('<script>'), encodeURIComponent('𝕏'), 'x'.repeat(8_000),
];

/** A JSON value as a tree whose objects are lists of entries: duplicate and `__proto__` keys survive to the text. */
type Tree = { s: string } | { n: string } | { b: boolean } | null | Tree[] | { o: [string, Tree][] };

function serialise(v: Tree): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(serialise).join(',')}]`;
  if ('s' in v) return JSON.stringify(v.s);
  if ('n' in v) return v.n;
  if ('b' in v) return String(v.b);
  return `{${v.o.map(([k, x]) => `${JSON.stringify(k)}:${serialise(x)}`).join(',')}}`;
}

const stringArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.emailAddress() },
);
const keyArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringArb.map((s) => ({ s })),
    fc.oneof(fc.constantFrom(...NUMBER_TOKENS), fc.double().filter(Number.isFinite).map(String), fc.integer().map(String)).map((n) => ({ n })),
    fc.boolean().map((b) => ({ b })),
    fc.constant(null),
    fc.array(tie('tree'), { maxLength: 5 }),
    fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 6 }).map((o) => ({ o })),
  ),
})).tree;

/** A raw request body: generated JSON, or bytes no JSON parser should accept quietly. */
const bodyArb: fc.Arbitrary<{ what: string; bytes: Buffer | undefined }> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.tuple(keyArb, treeArb), { maxLength: 8 }).map((o) => ({ what: 'object', bytes: Buffer.from(serialise({ o })) })) },
  { weight: 2, arbitrary: treeArb.map((v) => ({ what: 'value', bytes: Buffer.from(serialise(v)) })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(fc.tuple(keyArb, treeArb), { maxLength: 4 }), fc.nat())
      .map(([o, cut]) => {
        const text = serialise({ o });
        return { what: 'truncated', bytes: Buffer.from(text.slice(0, cut % Math.max(1, text.length))) };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...FIELDS), fc.uint8Array({ minLength: 1, maxLength: 40 }))
      .map(([k, raw]) => ({ what: 'raw bytes', bytes: Buffer.concat([Buffer.from(`{"${k}":"`), Buffer.from(raw), Buffer.from('"}')]) })),
  },
  { weight: 1, arbitrary: fc.constant({ what: 'no body', bytes: undefined }) },
);

/** Headers a forger or a broken client sends. */
const headersArb: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('icc_session=%', 'icc_session=%E0%A4%A', `icc_session=${'x'.repeat(4_000)}`, 'icc_session=', '=; ;;==', `${'a=b; '.repeat(200)}icc_session=1`, 'icc_session="quoted"', 'icc_session=A\u0000B').map((Cookie) => ({ Cookie })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('https://evil.example', 'null', 'http://[::1', 'not a url', 'http://127.0.0.1:1', '', 'x'.repeat(5_000)).map((Origin) => ({ Origin })),
  },
  { weight: 1, arbitrary: fc.constantFrom('cross-site', 'same-site', 'none', 'same-origin', '\u00ff').map((site) => ({ 'Sec-Fetch-Site': site })) },
);

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'];
const contentTypeArb = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constant(undefined) });

/** A query string: known and hostile keys, repeated keys, odd values, raw (possibly broken) percent-encoding. */
const queryArb = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.constantFrom(...HOSTILE_KEYS.filter((k) => k.length < 100)), fc.constantFrom('__proto__[x]', 'a[b][c]', 'constructor[prototype][x]')),
      fc.oneof(
        stringArb.filter((s) => s.length < 2_000).map(encodeLoosely),
        fc.constantFrom('%', '%E0%A4%A', '%00', '1', '0', 'true', '2025', '-0', '1e308', 'x'.repeat(4_000)),
      ),
    ),
    { maxLength: 6 },
  )
  .chain((pairs) => fc.boolean().map((dup) => (dup && pairs.length > 0 ? [...pairs, pairs[0]!] : pairs)))
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeLoosely(k)}=${v}`).join('&')}`));

/** Fixed inputs every route gets from every caller: the worst of each kind, whatever fast-check draws. */
function nest(n: number, open: string, close: string, inner = '1') {
  return open.repeat(n) + inner + close.repeat(n);
}
const CORPUS: { what: string; bytes?: Buffer; query?: string; contentType?: string }[] = [
  { what: '10k levels of arrays', bytes: Buffer.from(nest(10_000, '[', ']')) },
  { what: '100k levels of arrays', bytes: Buffer.from(nest(100_000, '[', ']')) },
  { what: '5k levels of objects under data', bytes: Buffer.from(`{"data":${nest(5_000, '{"a":', '}')},"revision":0,"definition":${nest(5_000, '{"a":', '}')}}`) },
  { what: 'prototype pollution', bytes: Buffer.from('{"__proto__":{"role":"admin","isAdmin":true},"constructor":{"prototype":{"x":1}},"data":{"__proto__":{"x":1}},"revision":0}') },
  { what: 'nested prototype pollution', bytes: Buffer.from(`{"data":{"q":[{"a":{"__proto__":{"polluted":1}}}]},"revision":0,"definition":{"pages":[{"constructor":{"prototype":{"polluted":1}}}]}}`) },
  { what: 'invalid UTF-8', bytes: Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), Buffer.from('","data":{"q":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"},"revision":0}')]) },
  { what: 'NUL bytes, raw and escaped', bytes: Buffer.from('{"name":"a\\u0000b","data":{"q\\u0000":"\\u0000"},"revision":0,"csv":"code\\u0000,name\\n"}\u0000') },
  { what: 'odd numbers', bytes: Buffer.from('{"revision":1e999,"pageNo":-0,"progress":1e308,"data":{"q":-0},"cityIds":[1e308,-0,5e-324,9007199254740993],"days":[1e999],"year":-0}') },
  { what: 'numbers as strings', bytes: Buffer.from('{"revision":"NaN","pageNo":"Infinity","progress":"1e308","data":"{}","cityIds":"1","days":"-0","reissue":"true"}') },
  { what: 'duplicate keys', bytes: Buffer.from('{"revision":0,"revision":"x","data":{},"data":[],"email":"a@b.c","email":{"$ne":null}}') },
  { what: 'a huge string', bytes: Buffer.from(JSON.stringify({ name: 'x'.repeat(400_000), data: { q: 'y'.repeat(100_000) }, revision: 0, csv: 'z'.repeat(100_000) })) },
  { what: 'over the size limit', bytes: Buffer.from(JSON.stringify({ data: { q: 'x'.repeat(600 * 1024) }, revision: 0 })) },
  { what: 'an empty JSON body', bytes: Buffer.from('') },
  { what: 'a BOM then JSON', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"data":{},"revision":0}')]) },
  { what: 'JSON sent as a form', bytes: Buffer.from('data[__proto__][x]=1&revision=0'), contentType: 'application/x-www-form-urlencoded' },
  { what: 'UTF-16 JSON', bytes: Buffer.from('{"data":{},"revision":0}', 'utf16le'), contentType: 'application/json; charset=utf-16' },
  { what: 'duplicate and polluting query keys', query: '?__proto__[admin]=1&constructor[prototype][x]=1&year=2025&year=2026&lang=en&lang=fr&limit=1e308&bom=1&bom=0&everywhere=1&everywhere=0' },
  { what: 'broken percent-encoding in the query', query: '?year=%&code=%E0%A4%A&from=%00&to=%FF%FE&lang=%' },
  { what: 'a long query', query: `?${Array.from({ length: 400 }, (_, i) => `k${i}=${'v'.repeat(20)}`).join('&')}` },
];

// ---------------------------------------------------------------------------------------------------------------
// The app under test and its real ids.

let t: TestApp;
const real = { survey: 0, sandbox: 0, city: 0, account: 0, person: 0, teamPerson: 0, keyDate: 0, version: 0, token: '' };
const cookies: Partial<Record<'admin' | 'analyst', string>> = {};
let cases = 0;
let refused = 0;
const statuses = new Map<number, number>();

beforeAll(async () => {
  t = await startTestApp();
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const as = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${t.url}${url}`, jsonInit(method, body, { Cookie: admin }));
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as any;
  };
  real.survey = t.surveyId;
  real.sandbox = (await as('POST', '/api/surveys?year=2030&code=fuzz-sandbox', {
    title: { default: 'Fuzz sandbox', fr: 'Bac à sable' },
    pages: [{ name: 'p1', elements: [{ type: 'text', name: 'q1', title: { default: 'Question', fr: 'Question' } }] }],
  })).id;
  real.city = t.cities[3]!.id;
  real.token = t.linkFor(t.surveyId, t.cities[0]!.id);
  real.account = t.stores.users.create({ email: 'fuzz-account@example.org', passwordHash: 'x', role: 'analyst', now: t.clock.now() });
  real.person = (await as('POST', `/api/cities/${real.city}/people`, { name: 'Fuzz Person', role: 'staff', email: 'fuzz.person@example.org' })).id;
  real.teamPerson = (await as('POST', `/api/cities/${t.cities[0]!.id}/people`, { name: 'Fuzz Team', role: 'staff', email: 'fuzz.team@example.org' })).id;
  real.keyDate = (await as('POST', `/api/surveys/${real.sandbox}/key-dates`, { date: '2026-01-15', titleEn: 'Fuzz', titleFr: 'Fuzz', kind: 'event' })).id;
  const versions = await as('GET', `/api/surveys/${t.surveyId}/versions`);
  real.version = (Array.isArray(versions) ? versions : versions.versions)[0].id;
  // Some answers, so that exports and analyses have something to read.
  await fetch(`${t.url}/api/respond/${real.token}`, jsonInit('PUT', { data: { team_size: 3, respondent_role: 'coordinator' }, revision: 0 }));
});

// An accepted admin request may close the default survey or submit the city's answers (a hostile id such as
// " 1" can be a real one): put them back, so every route is fuzzed against the same open survey.
afterEach(() => {
  if (!t) return;
  if (t.stores.surveys.get({ id: t.surveyId })?.status !== 'open') t.stores.surveys.setStatus({ id: t.surveyId, status: 'open', now: t.clock.now() });
  const own = t.stores.responses.get({ surveyId: t.surveyId, cityId: t.cities[0]!.id });
  if (own?.status === 'submitted') t.stores.responses.setStatus({ id: own.id, status: 'draft', now: t.clock.now() });
});

afterAll(async () => {
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(`fuzz: ${cases} hostile requests on ${ROUTES.length} routes (${refused} refused); statuses ${byStatus}`);
  await t?.close();
});

/** A session cookie of the role that still works (a fuzzed sign-out or password change may have ended it). */
function cookieOf(role: 'admin' | 'analyst'): string {
  const current = cookies[role];
  if (current && t.stores.sessions.findUserId({ token: current.slice('icc_session='.length), now: t.clock.now() }) !== undefined) return current;
  const email = role === 'admin' ? ADMIN_EMAIL : ANALYST_EMAIL;
  const user = t.stores.users.findByEmail({ email })!;
  if (user.mustChangePassword) t.stores.users.setPassword({ id: user.id, passwordHash: t.stores.users.findByEmail({ email })!.passwordHash });
  if (user.role !== role) t.stores.users.setRole({ id: user.id, role });
  cookies[role] = t.sessionCookie(email);
  return cookies[role]!;
}

/** The real value of a route's parameter, so that hostile bodies and queries reach the handler. */
function realParam(route: string, name: string, role: Role): string {
  const [method, path] = route.split(' ') as [string, string];
  switch (name) {
    case 'token':
      return role === 'link' ? real.token : 'A'.repeat(43);
    case 'id':
      if (path.startsWith('/api/users/')) return String(real.account);
      if (path.startsWith('/api/cities/')) return String(real.city);
      return String(method === 'GET' ? real.survey : real.sandbox);
    case 'cityId':
      return String(real.city);
    case 'personId':
      return String(path.startsWith('/api/respond/') ? real.teamPerson : real.person);
    case 'keyDateId':
      return String(real.keyDate);
    case 'versionId':
      return String(real.version);
    case 'year':
      return '2025';
    case 'file':
      return 'rec19_changes.csv';
    default:
      return '1';
  }
}

interface Case {
  role: Role;
  /** Extra headers: hostile cookies (added after the caller's own), origins, fetch metadata. */
  headers?: Record<string, string>;
  /** Per parameter: its real value, or a hostile one. */
  params: Record<string, string | undefined>;
  query: string;
  body: { what: string; bytes: Buffer | undefined };
  contentType: string | undefined;
}

const STACK_OR_SQL = /\bat .+:\d+:\d+|node_modules|\.tsx?:\d+|SQLITE_|SqliteError|\bSELECT\b.+\bFROM\b|TypeError|ReferenceError|RangeError/;

/** Sends one case and checks the answer; the database is compared before and after for refused requests. */
async function probe(route: string, c: Case): Promise<void> {
  const [method, path] = route.split(' ') as [string, string];
  const url = path.replace(/:(\w+)/g, (_m, name: string) => c.params[name] ?? realParam(route, name, c.role));
  const headers: Record<string, string> = {};
  if (c.contentType) headers['Content-Type'] = c.contentType;
  let query = c.query;
  if (c.role === 'admin' || c.role === 'analyst') headers.Cookie = cookieOf(c.role);
  for (const [name, value] of Object.entries(c.headers ?? {})) {
    headers[name] = name === 'Cookie' && headers.Cookie ? `${headers.Cookie}; ${value}` : value;
  }
  if (c.role === 'link' && !path.startsWith('/api/respond/')) {
    // A link is not a session however it is sent.
    headers.Cookie = `icc_session=${real.token}`;
    headers.Authorization = `Bearer ${real.token}`;
    query += `${query ? '&' : '?'}token=${real.token}`;
  }
  const hasBody = c.body.bytes !== undefined && method !== 'GET' && method !== 'HEAD';
  const before = snapshotDigest();
  const res = await fetch(`${t.url}${url}${query}`, { method, headers, body: hasBody ? new Uint8Array(c.body.bytes!) : undefined });
  const text = await res.text();
  cases++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const where = `${route} as ${c.role} (${c.body.what}${c.query ? `, query ${c.query.slice(0, 120)}` : ''}) → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status < 400) return;
  refused++;
  expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code === 'string' && body.error.code.length > 0, where).toBe(true);
  expect(typeof body.error?.message === 'string' && body.error.message.length > 0, where).toBe(true);
  expect(text, where).not.toMatch(STACK_OR_SQL);
  expect(snapshotDigest(), `${where}: a refused request changed stored data`).toBe(before);
}

/**
 * snapshotTables, digested. Thousands of cases stay fast because the digest is only recomputed when SQLite's
 * count of changed rows on the app's connection (`total_changes()`, which the app and this test share) moved.
 */
let digestCache = { changes: -1, digest: '' };
const totalChanges = () => (t.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
function snapshotDigest(): string {
  const changes = totalChanges();
  if (changes !== digestCache.changes) {
    digestCache = { changes, digest: createHash('sha1').update(JSON.stringify(snapshotTables(t.db))).digest('hex') };
  }
  return digestCache.digest;
}

/** encodeURIComponent, except that a lone surrogate is sent as its three bytes (which are not valid UTF-8). */
function encodeLoosely(s: string): string {
  return s.replace(/[\uD800-\uDFFF]+|[^\uD800-\uDFFF]+/g, (part) => {
    try {
      return encodeURIComponent(part);
    } catch {
      const hex = (b: number) => `%${b.toString(16).toUpperCase()}`;
      return [...part].map((c) => {
        const u = c.charCodeAt(0);
        return hex(0xe0 | (u >> 12)) + hex(0x80 | ((u >> 6) & 0x3f)) + hex(0x80 | (u & 0x3f));
      }).join('');
    }
  });
}

function caseArb(route: string): fc.Arbitrary<Case> {
  const names = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const paramArb = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.constantFrom(...PARAM_VALUES) }, {
    weight: 1,
    arbitrary: stringArb.filter((s) => s.length < 9_000).map(encodeLoosely),
  });
  return fc.record({
    role: fc.constantFrom(...ROLES),
    params: fc.tuple(...names.map(() => paramArb)).map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]]))),
    query: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 2, arbitrary: queryArb }),
    body: bodyArb,
    contentType: contentTypeArb,
    headers: headersArb,
  }) as unknown as fc.Arbitrary<Case>;
}

test('the route table is read from the app', () => {
  expect(ROUTES.length).toBeGreaterThan(50);
});

for (const route of ROUTES) {
  test(`${route}: hostile input never gets a 5xx, refusals are JSON errors and change nothing`, async () => {
    const names = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const [method] = route.split(' ') as [string];
    // GET sends no body: of the corpus, only the queries (and one bodiless request) make different requests.
    const corpus = method === 'GET' ? CORPUS.filter((input, i) => input.query !== undefined || i === 0) : CORPUS;
    for (const role of ROLES) {
      for (const input of corpus) {
        const contentType = input.contentType ?? 'application/json';
        await probe(route, { role, params: {}, query: input.query ?? '', body: { what: input.what, bytes: input.bytes }, contentType });
      }
      // Every parameter hostile in turn, the others real.
      for (const name of names) {
        for (const value of ['%E0%A4%A', '1e308', '__proto__', 'x'.repeat(8_000)]) {
          await probe(route, { role, params: { [name]: value }, query: '', body: { what: `:${name}=${value.slice(0, 20)}`, bytes: Buffer.from('{}') }, contentType: 'application/json' });
        }
      }
    }
    await fc.assert(
      fc.asyncProperty(caseArb(route), async (c) => probe(route, c)),
      { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
    );
  }, 120_000);
}

test('a URL or headers longer than Node reads get the JSON error too, as does a malformed request line', async () => {
  await expectError(await fetch(`${t.url}/api/surveys/${'9'.repeat(20_000)}`, { headers: { Cookie: cookieOf('admin') } }), 431, 'too_large');
  await expectError(await fetch(`${t.url}/api/health`, { headers: { 'X-Padding': 'x'.repeat(20_000) } }), 431, 'too_large');
  // Below fetch's level: a request line Node cannot parse.
  const net = await import('node:net');
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1', () => socket.write('GET /api/health HTTP/9.9 nonsense\r\n\r\n'));
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  expect(raw).toMatch(/^HTTP\/1\.1 400 /);
  expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'bad_request', message: 'The request could not be read.' } });
  cases += 3;
});

// ---------------------------------------------------------------------------------------------------------------
// Stored hostile data: answers that pass the save's checks but have the wrong type for their question, and survey
// definitions of odd shapes, must break none of the pages and exports that read them later.

const SAFE_KEYS = ['commitment', 'education', 'value', 'text', 'row1', 'col1', '0', '1', '', ' ', 'length', 'equal', 'getType', '𝕏', 'a.b', '=1+1'];
const answerArb: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    stringArb,
    fc.constantFrom(1e308, -1e308, -0, 5e-324, 0, -1, 2 ** 53 + 2, 1.5, 2 ** 31),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom(...SAFE_KEYS), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** The question names of a definition, panels and matrices included. */
function questionNames(definition: unknown): string[] {
  const names: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string' && typeof o.type === 'string') names.push(o.name);
    for (const k of ['pages', 'elements', 'templateElements']) if (k in o) walk(o[k]);
  };
  walk(definition);
  return names;
}

/** Admin and analyst reads of everything computed from the answers: none may fail on what was stored. */
async function readEverything(surveyId: number, cityId: number, token: string, what: string): Promise<void> {
  const admin = cookieOf('admin');
  const indicators = await fetch(`${t.url}/api/surveys/${surveyId}/indicators`, { headers: { Cookie: admin } });
  const files = indicators.status === 200 ? ((await indicators.json()) as { file: string }[]).map((f) => f.file) : [];
  const paths = [
    `/api/surveys/${surveyId}/analysis`,
    `/api/surveys/${surveyId}/trend`,
    `/api/surveys/${surveyId}/responses.csv`,
    `/api/surveys/${surveyId}/responses-long.csv`,
    `/api/surveys/${surveyId}/codebook.csv`,
    `/api/surveys/${surveyId}/good-practices.csv`,
    `/api/surveys/${surveyId}/cities/${cityId}/report`,
    `/api/surveys/${surveyId}/summary`,
    `/api/surveys/${surveyId}/cities`,
    `/api/engagement.csv`,
    ...files.map((f) => `/api/surveys/${surveyId}/indicators/${encodeURIComponent(f)}`),
    `/api/respond/${token}`,
    `/api/respond/${token}/report`,
  ];
  for (const p of paths) {
    const res = await fetch(`${t.url}${p}`, { headers: p.startsWith('/api/respond/') ? {} : { Cookie: admin } });
    const text = await res.text();
    cases++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(res.status, `${p} after ${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  }
}

test('answers of the wrong type for every question are saved or refused, and break no export, analysis or report', async () => {
  const names = questionNames(t.stores.surveys.version({ id: t.stores.surveys.publishedVersionId({ surveyId: t.surveyId })! })!.definition);
  expect(names.length).toBeGreaterThan(50);
  let saved = 0;
  let n = 0;
  const cities: { id: number; token: string }[] = [];
  // Each generated answer set goes to a city of its own, submitted when the checks let it; then everything that
  // reads answers is read once, over all of them together.
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fc.constantFrom(...names), answerArb, { minKeys: 1, maxKeys: 40 }), async (data) => {
      const id = t.stores.cities.create({ code: `FZ${++n}`, name: `Fuzz city ${n}`, country: 'FR', isSynthetic: true });
      const token = t.linkFor(t.surveyId, id);
      cities.push({ id, token });
      const put = await fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', { data, revision: 0, author: '\u0000' }));
      const putText = await put.text();
      cases++;
      expect(put.status, putText.slice(0, 300)).toBeLessThan(500);
      if (put.status === 200) saved++;
      const submitted = await fetch(`${t.url}/api/respond/${token}/submit`, jsonInit('POST', { data, revision: put.status === 200 ? 1 : 0, locale: 'fr' }));
      cases++;
      expect(submitted.status, (await submitted.text()).slice(0, 300)).toBeLessThan(500);
    }),
    { seed: SEED, numRuns: 16, endOnFailure: true },
  );
  // Most of these are stored (the save checks shape and size, not types), so the reads below really read them.
  expect(saved).toBeGreaterThan(8);
  await readEverything(t.surveyId, cities[0]!.id, cities[0]!.token, 'storing answers of the wrong type');
  for (const c of cities.slice(1, 4)) {
    const report = await fetch(`${t.url}/api/surveys/${t.surveyId}/cities/${c.id}/report`, { headers: { Cookie: cookieOf('admin') } });
    cases++;
    expect(report.status, (await report.text()).slice(0, 300)).toBe(200);
  }
}, 120_000);

test('answers using keys that shadow built-in methods are refused: survey-core would call them (regression)', async () => {
  const city = t.cities[1]!;
  const token = t.linkFor(t.surveyId, city.id);
  const before = snapshotDigest();
  for (const data of [
    { chg_svc_education: [{ hasOwnProperty: 1 }] },
    { chg: { equals: 'x' } },
    { toString: 'x' },
    { team_size: { valueOf: 3 } },
  ]) {
    await expectError(await fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', { data, revision: 0 })), 400, 'invalid');
    await expectError(await fetch(`${t.url}/api/respond/${token}/submit`, jsonInit('POST', { data, revision: 0 })), 400, 'invalid');
    cases += 2;
  }
  expect(snapshotDigest()).toBe(before);
});

test('a rating scale survey-core cannot build is a problem of the definition, not a 500 later (regression)', async () => {
  const definition = {
    title: { default: 'Rating', fr: 'Échelle' },
    pages: [{ name: 'p1', elements: [{ type: 'rating', name: 'r', title: { default: 'Rate', fr: 'Notez' }, rateMin: 0, rateMax: 10, rateStep: 1e-101 }] }],
  };
  const res = await fetch(`${t.url}/api/surveys?year=2041&code=fuzz-rating`, jsonInit('POST', definition, { Cookie: cookieOf('admin') }));
  const body = await expectError(res, 400, 'invalid');
  cases++;
  expect(body.error.problems).toEqual([expect.stringContaining('question "r": its rating scale cannot be built')]);
});

/** Definitions of any shape: unknown types, broken expressions, odd numbers, nesting, missing translations. */
const ELEMENT_TYPES = ['text', 'comment', 'radiogroup', 'checkbox', 'dropdown', 'tagbox', 'boolean', 'rating', 'ranking', 'matrix', 'matrixdropdown', 'matrixdynamic', 'multipletext', 'panel', 'paneldynamic', 'html', 'expression', 'file', 'imagepicker', 'signaturepad', 'unknown-type', ''];
const EXPRESSIONS = ['{q1} = 1', '{q1} +', '{', '}{', 'iif(', '{q1} contains "a"', 'age({q1}) > 1', '{panel[0].x} notempty', 'x'.repeat(3_000), '{q1} = {q1}'];
const textArb = fc.oneof(stringArb, fc.record({ default: stringArb, fr: stringArb }, { requiredKeys: [] }));
const choiceArb = fc.oneof(stringArb, fc.constantFrom(1, -0, 1e308, null, true), fc.record({ value: fc.oneof(stringArb, fc.integer()), text: textArb }, { requiredKeys: [] }));
const elementArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ element: Record<string, unknown> }>((tie) => ({
  element: fc.record(
    {
      type: fc.constantFrom(...ELEMENT_TYPES),
      name: fc.oneof(fc.constantFrom('q1', 'q2', 'q1', 'panel', 'a b', '0', ''), stringArb),
      title: textArb,
      choices: fc.array(choiceArb, { maxLength: 5 }),
      rows: fc.array(choiceArb, { maxLength: 3 }),
      columns: fc.array(fc.oneof(choiceArb, fc.record({ name: stringArb, cellType: fc.constantFrom(...ELEMENT_TYPES) })), { maxLength: 3 }),
      visibleIf: fc.constantFrom(...EXPRESSIONS),
      requiredIf: fc.constantFrom(...EXPRESSIONS),
      expression: fc.constantFrom(...EXPRESSIONS),
      isRequired: fc.oneof(fc.boolean(), stringArb),
      rateMin: fc.constantFrom(1e308, -1e308, 0, -0, 5, 'x'),
      rateMax: fc.constantFrom(1e308, -1e308, 0, 10, null),
      rateStep: fc.constantFrom(0, -1, 1e-308, 1),
      inputType: fc.constantFrom('number', 'date', 'email', 'range', '__nope__'),
      maxLength: fc.constantFrom(-1, 0, 1e308, 'x'),
      defaultValue: answerArb,
      validators: fc.array(fc.record({ type: fc.constantFrom('numeric', 'regex', 'expression', 'nope'), regex: fc.constantFrom('(', '[a-', '.*', '(a+)+$'), expression: fc.constantFrom(...EXPRESSIONS), minValue: fc.constantFrom(1e308, -0) }, { requiredKeys: [] }), { maxLength: 2 }),
      elements: fc.array(tie('element'), { maxLength: 3 }),
      templateElements: fc.array(tie('element'), { maxLength: 2 }),
    },
    { requiredKeys: ['type', 'name'] },
  ),
})).element;
const definitionArb = fc.record(
  {
    title: textArb,
    pages: fc.array(fc.record({ name: fc.oneof(fc.constant('p1'), stringArb), elements: fc.array(elementArb, { maxLength: 5 }) }, { requiredKeys: [] }), { maxLength: 3 }),
    calculatedValues: fc.array(fc.record({ name: stringArb, expression: fc.constantFrom(...EXPRESSIONS) }), { maxLength: 2 }),
    triggers: fc.array(fc.record({ type: fc.constantFrom('setvalue', 'complete', 'nope'), expression: fc.constantFrom(...EXPRESSIONS), setToName: stringArb }), { maxLength: 2 }),
    locale: fc.constantFrom('fr', 'en', '', '__nope__'),
  },
  { requiredKeys: ['pages'] },
);

/** Texts in both languages (the platform refuses untranslated definitions), hostile in content. */
const translatedArb = fc.record({ default: stringArb.filter((x) => x.trim().length > 0), fr: stringArb.filter((x) => x.trim().length > 0) });
/** Conditions on q0, the text question every generated survey starts with. */
const VALID_EXPRESSIONS = ['{q0} = 1', '{q0} contains "a"', '{q0} notempty', 'age({q0}) > 18', '{q0} * 2 > 3', '{q0} anyof ["a", 1]', 'iif({q0} > 1, 1, 0) = 1'];
const itemArb = fc.record({ value: fc.oneof(stringArb.filter((x) => x.trim().length > 0 && x.length < 200), fc.integer(), fc.constantFrom(1e308, -1, 0.5)), text: translatedArb });
const common = { title: translatedArb, isRequired: fc.boolean(), visibleIf: fc.constantFrom(...VALID_EXPRESSIONS) };
const optional = { requiredKeys: ['type', 'title'] as ('type' | 'title')[] };
/** Element types the platform accepts, each with its own hostile-but-plausible settings. */
const validElementArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ element: Record<string, unknown> }>((tie) => ({
  element: fc.oneof(
    { depthSize: 'small' },
    fc.record({ type: fc.constant('text'), ...common, inputType: fc.constantFrom('number', 'date', 'email', 'text'), maxLength: fc.constantFrom(-1, 0, 1e308, 3), defaultValue: answerArb }, optional),
    fc.record({ type: fc.constant('comment'), ...common, maxLength: fc.constantFrom(-1, 0, 1e308, 3) }, optional),
    fc.record({ type: fc.constant('boolean'), ...common, defaultValue: answerArb }, optional),
    fc.record({ type: fc.constant('rating'), ...common, rateMin: fc.constantFrom(-1e308, 0, -0, 1), rateMax: fc.constantFrom(1e308, 0, 10), rateStep: fc.constantFrom(1, 0.5, 1e-308) }, optional),
    fc.record(
      {
        type: fc.constantFrom('radiogroup', 'checkbox', 'dropdown', 'tagbox', 'ranking'),
        ...common,
        choices: fc.uniqueArray(itemArb, { minLength: 1, maxLength: 5, selector: (c) => String(c.value) }),
        defaultValue: answerArb,
      },
      { requiredKeys: ['type', 'title', 'choices'] },
    ),
    fc.record({
      type: fc.constant('matrix'),
      title: translatedArb,
      rows: fc.uniqueArray(itemArb, { minLength: 1, maxLength: 3, selector: (c) => String(c.value) }),
      columns: fc.uniqueArray(itemArb, { minLength: 1, maxLength: 3, selector: (c) => String(c.value) }),
    }),
    fc.record({ type: fc.constant('panel'), title: translatedArb, elements: fc.array(tie('element'), { minLength: 1, maxLength: 3 }) }),
  ),
})).element;

/** Names q1, q2, ... and p0, p1, ... in document order (unique, as the platform requires), after the text question q0. */
function nameElements(pages: Record<string, unknown>[][]): Record<string, unknown> {
  let n = 1;
  const name = (e: Record<string, unknown>): Record<string, unknown> => {
    const named: Record<string, unknown> = { ...e, name: `${e.type === 'panel' ? 'panel' : 'q'}${n++}` };
    if (Array.isArray(e.elements)) named.elements = (e.elements as Record<string, unknown>[]).map(name);
    return named;
  };
  const q0 = { type: 'text', name: 'q0', title: { default: 'First question', fr: 'Première question' } };
  return {
    title: { default: 'Fuzzed survey', fr: 'Enquête générée' },
    pages: pages.map((elements, i) => ({ name: `p${i}`, elements: [...(i === 0 ? [q0] : []), ...elements.map(name)] })),
  };
}
const validDefinitionArb = fc.array(fc.array(validElementArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 2 }).map(nameElements);

test('generated survey definitions are accepted or refused with a 400; a survey made of one can be answered, closed and read', async () => {
  const admin = () => cookieOf('admin');
  const city = t.cities[2]!;
  let created = 0;
  let n = 0;
  const send = async (method: string, path: string, body?: unknown, cookie = true) => {
    const r = await fetch(`${t.url}${path}`, jsonInit(method, body, cookie ? { Cookie: admin() } : {}));
    const text = await r.text();
    cases++;
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    expect(r.status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
    return { status: r.status, text };
  };
  await fc.assert(
    fc.asyncProperty(validDefinitionArb, fc.dictionary(fc.constantFrom('q0', 'q1', 'q2', 'q3', 'q4', 'panel1', 'zz'), answerArb, { maxKeys: 5 }), async (definition, data) => {
      const what = JSON.stringify(definition).slice(0, 400);
      const res = await send('POST', `/api/surveys?year=2040&code=fuzz-${++n}`, definition);
      if (res.status !== 201) return;
      created++;
      const id = (JSON.parse(res.text) as { id: number }).id;
      await send('GET', `/api/surveys/${id}/definition`);
      await send('GET', `/api/surveys/${id}/draft`);
      await send('POST', `/api/surveys/${id}/open`);
      const link = await send('POST', `/api/surveys/${id}/cities/${city.id}/link`, { reissue: false });
      if (link.status !== 200) return;
      const token = /\/r\/([^/"]+)/.exec(link.text)![1]!;
      await send('GET', `/api/respond/${token}`, undefined, false);
      const saved = await send('PUT', `/api/respond/${token}`, { data, revision: 0 }, false);
      const revision = saved.status === 200 ? (JSON.parse(saved.text) as { revision: number }).revision : 0;
      await send('POST', `/api/respond/${token}/submit`, { data, revision, locale: 'en' }, false);
      await send('POST', `/api/surveys/${id}/close`);
      await send('POST', `/api/surveys/${id}/summary/publish`);
      await readEverything(id, city.id, token, `the survey ${what}`);
    }),
    { seed: SEED, numRuns: 12, endOnFailure: true },
  );
  expect(created).toBeGreaterThan(5);
}, 180_000);

test('survey definitions of any shape saved as a builder draft are stored or refused, and versions and diffs still read', async () => {
  const admin = cookieOf('admin');
  const send = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${t.url}${path}`, jsonInit(method, body, { Cookie: admin }));
    const text = await r.text();
    cases++;
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    expect(r.status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
    return { status: r.status, text };
  };
  const draft = await send('GET', `/api/surveys/${real.sandbox}/draft`);
  let revision = (JSON.parse(draft.text) as { revision: number }).revision;
  let stored = 0;
  await fc.assert(
    fc.asyncProperty(definitionArb, async (definition) => {
      const saved = await send('PUT', `/api/surveys/${real.sandbox}/draft`, { definition, baseRevision: revision });
      if (saved.status === 200) {
        stored++;
        revision = (JSON.parse(saved.text) as { revision: number }).revision;
      }
      await send('GET', `/api/surveys/${real.sandbox}/draft`);
      await send('GET', `/api/surveys/${real.sandbox}/versions`);
      await send('GET', `/api/surveys/${real.sandbox}/versions/draft`);
      await send('GET', `/api/surveys/${real.sandbox}/diff?to=draft`);
      await send('POST', `/api/surveys/${real.sandbox}/publish`, {});
    }),
    { seed: SEED, numRuns: 20, endOnFailure: true },
  );
  expect(stored).toBeGreaterThan(5);
}, 120_000);
