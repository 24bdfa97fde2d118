/**
 * Every API route × every kind of caller, with the status each must get (issue 6, security).
 *
 * The routes come from the express app's own router stack (express 5: `app.router.stack`, mounted routers'
 * `layer.handle.stack`), so a new endpoint without a rule in RULES fails here until someone decides who may
 * call it. Callers: nobody (no cookie), an analyst, an admin (fresh session cookies each time), and link
 * holders: the coordinator link of one city ("own") and of another city ("other"). A link is not a session: on
 * signed-in routes the link holder sends their token every way a confused client might (bearer header, query,
 * session cookie) and must be treated as anonymous; on /api/respond/:token each city's link reaches its own
 * answers only, and a session reaches none.
 *
 * Routes with ids are also probed by the refused callers with an id that does not exist and one that is not an
 * id at all: the answer must still be 401/403 (404 for an unknown link), i.e. the caller is checked before the
 * id is looked at (otherwise a caller without rights could learn which ids exist).
 *
 * Probes run in the order of RULES, one route at a time. Those that change things act on a sandbox survey, city
 * and people created for them, so they do not disturb later probes.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listAppRoutes } from '../helpers/route-list';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ANALYST_EMAIL, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

type Role = 'anonymous' | 'analyst' | 'admin' | 'linkOwn' | 'linkOther';
const ROLES: Role[] = ['anonymous', 'analyst', 'admin', 'linkOwn', 'linkOther'];
/** An exact status, or any status of a class: the caller got past the access check and was answered. */
type Expected = number | '2xx';

interface Probe {
  /** Values of the route's `:params`. */
  params?: Record<string, string | number>;
  query?: string;
  body?: unknown;
}

interface Rule {
  /** Who may call it, in words; the statuses below are what that means for each caller. */
  who: string;
  expect: Record<Role, Expected>;
  /** The request each caller sends (after `setup`); may differ by role (e.g. a unique email per creation). */
  probe: (role: Role) => Probe;
  /** Extra checks on the answers, e.g. that a link only reaches its own city. */
  check?: (role: Role, res: Response, body: unknown) => void;
}

// The access patterns of the platform. A link holder on a signed-in route is anonymous: 401.
const anyone = (status: Expected): Rule['expect'] => ({ anonymous: status, analyst: status, admin: status, linkOwn: status, linkOther: status });
const signedIn = (status: Expected): Rule['expect'] => ({ anonymous: 401, analyst: status, admin: status, linkOwn: 401, linkOther: 401 });
const readers = (status: Expected): Rule['expect'] => ({ anonymous: 401, analyst: status, admin: status, linkOwn: 401, linkOther: 401 });
const adminOnly = (status: Expected): Rule['expect'] => ({ anonymous: 401, analyst: 403, admin: status, linkOwn: 401, linkOther: 401 });
/** Link-holder routes: only a real link opens them; a session (or no link) gets the unknown-link 404. */
const linkHolders = (status: Expected): Rule['expect'] => ({ anonymous: 404, analyst: 404, admin: 404, linkOwn: status, linkOther: status });

/** Filled in by beforeAll: the ids and links the probes use. */
const ctx = {
  survey: 0, // the default survey, open; read by the read probes, answered by the link probes
  sandbox: 0, // a survey the admin probes open, close, invite for, publish, copy to next year
  cityOwn: 0,
  cityOther: 0,
  citySpare: 0, // the city the admin probes issue links for and reopen
  tokenOwn: '',
  tokenOther: '',
  personPatch: 0,
  personDelete: 0,
  account: 0, // an analyst account the admin probe changes (its role, a reset password)
  teamPatch: 0, // people of the own city, changed through the own city's link
  teamDelete: 0,
  keyDatePatch: 0, // key dates of the sandbox survey
  keyDateDelete: 0,
  versionId: 0,
  indicatorFile: '',
  /** Current revision of each link's answers (the link probes save on top of it). */
  revision: { linkOwn: 0, linkOther: 0 } as Record<'linkOwn' | 'linkOther', number>,
};
let creations = 0;
const unique = () => `${Date.now().toString(36)}-${++creations}`;

/** A random, well-formed link token that belongs to no city. */
const UNKNOWN_TOKEN = crypto.randomBytes(32).toString('base64url');

const MARKER = { linkOwn: 'written through the own-city link', linkOther: 'written through the other city’s link' };

function tokenFor(role: Role): string {
  return role === 'linkOwn' ? ctx.tokenOwn : role === 'linkOther' ? ctx.tokenOther : UNKNOWN_TOKEN;
}

/** One rule per route: `METHOD /api/path/:param`, as express declares it. */
const RULES: Record<string, Rule> = {
  'GET /api/health': { who: 'anyone', expect: anyone(200), probe: () => ({}) },

  // Sessions and accounts.
  'POST /api/session': {
    who: 'anyone (signing in)',
    expect: anyone(204),
    probe: () => ({ body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }),
  },
  'GET /api/session': { who: 'signed in', expect: signedIn(200), probe: () => ({}) },
  'DELETE /api/session': { who: 'signed in (signs out this session)', expect: signedIn(204), probe: () => ({}) },
  'POST /api/session/password': {
    who: 'signed in (own password; a wrong current password is a 400, after the session check)',
    expect: signedIn(400),
    probe: () => ({ body: { currentPassword: 'not the password', newPassword: 'a new long passphrase 1' } }),
  },
  'GET /api/users': { who: 'admin', expect: adminOnly(200), probe: () => ({}) },
  'PATCH /api/users/:id': {
    who: 'admin (another account: role, password reset; ends that account\'s sessions)',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.account }, body: { role: 'analyst', resetPassword: true } }),
  },
  'POST /api/users': {
    who: 'admin',
    expect: adminOnly(201),
    probe: () => ({ body: { email: `matrix-${unique()}@example.org`, name: 'Matrix', role: 'analyst' } }),
  },

  // Surveys.
  'GET /api/surveys': { who: 'admin, analyst', expect: readers(200), probe: () => ({}) },
  'POST /api/surveys': {
    who: 'admin',
    expect: adminOnly(201),
    probe: () => ({ query: `?year=2031&code=matrix-${unique()}`, body: SANDBOX_DEFINITION }),
  },
  // An empty questionnaire to build from nothing (issue 4).
  'POST /api/surveys/blank': {
    who: 'admin',
    expect: adminOnly(201),
    probe: () => ({ body: { year: 2032, title: { en: `Matrix blank ${unique()}`, fr: 'Matrice vide' } } }),
  },
  'GET /api/surveys/:id': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/definition': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/cities': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/responses.csv': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/responses-long.csv': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/codebook.csv': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/analysis': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/trend': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  // Per-question figures across years (issue 3): the same readers as the analysis.
  'GET /api/surveys/:id/questions/:code/years': {
    who: 'admin, analyst',
    expect: readers(200),
    probe: () => ({ params: { id: ctx.survey, code: 'comm_channels' } }),
  },
  'GET /api/surveys/:id/cities/:cityId/report': {
    who: 'admin, analyst (any city’s feedback report)',
    expect: readers(200),
    probe: () => ({ params: { id: ctx.survey, cityId: ctx.cityOwn } }),
  },
  // Published summaries and good practices (issue 7 part 2).
  'GET /api/surveys/:id/summary': { who: 'admin, analyst (publication state and preview)', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'POST /api/surveys/:id/summary/publish': {
    who: 'admin (the probed survey is open: 409 not_closed, after the access check)',
    expect: adminOnly(409),
    probe: () => ({ params: { id: ctx.survey } }),
    check: (role, _res, body) => {
      if (role === 'admin') expect((body as { error: { reason?: string } }).error.reason).toBe('not_closed');
    },
  },
  'POST /api/surveys/:id/summary/unpublish': { who: 'admin (nothing published: harmless)', expect: adminOnly(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/public/summaries': { who: 'anyone, without signing in', expect: anyone(200), probe: () => ({}) },
  'GET /api/public/summaries/:year': {
    who: 'anyone, without signing in (a year with nothing published: 404)',
    expect: anyone(404),
    probe: () => ({ params: { year: 1999 } }),
  },
  'GET /api/public/summaries/:year/:file': {
    who: 'anyone, without signing in (a year with nothing published: 404)',
    expect: anyone(404),
    probe: () => ({ params: { year: 1999, file: 'rec19_changes.csv' } }),
  },
  'GET /api/surveys/:id/good-practices.csv': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  // Peer pairing (Rec 13, issue 7): the Unit reviews; analysts read.
  'GET /api/surveys/:id/pairing': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'PUT /api/surveys/:id/pairing/:cityA/:cityB': {
    who: 'admin (a decision on a pair of cities)',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox, cityA: ctx.cityOwn, cityB: ctx.cityOther }, body: { status: 'accepted', note: 'matrix probe' } }),
  },
  'GET /api/surveys/:id/pairing.csv': { who: 'admin, analyst (audited export)', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/indicators': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/indicators/:file': {
    who: 'admin, analyst',
    expect: readers(200),
    probe: () => ({ params: { id: ctx.survey, file: ctx.indicatorFile } }),
  },
  'GET /api/surveys/:id/mail-log': { who: 'admin (it lists addresses)', expect: adminOnly(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/reminders': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'PUT /api/surveys/:id/reminders': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox }, body: { days: [14, 3] } }),
  },
  'GET /api/surveys/:id/campaign': { who: 'admin, analyst (SMTP errors for admins only)', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  // Editable email templates, reissue-and-resend, report emails (issues 5 and 7, helper C1).
  'GET /api/surveys/:id/mail-templates': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.sandbox } }) },
  'GET /api/surveys/:id/mail-templates/:kind': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.sandbox, kind: 'invitation' } }) },
  'PUT /api/surveys/:id/mail-templates/:kind': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox, kind: 'report' }, body: { en: MATRIX_TEMPLATE, fr: MATRIX_TEMPLATE } }),
  },
  'DELETE /api/surveys/:id/mail-templates/:kind': { who: 'admin (back to the default)', expect: adminOnly(200), probe: () => ({ params: { id: ctx.sandbox, kind: 'report' } }) },
  'POST /api/surveys/:id/mail-templates/:kind/preview': {
    who: 'admin, analyst (renders, writes nothing)',
    expect: readers(200),
    probe: () => ({ params: { id: ctx.sandbox, kind: 'invitation' }, body: { cityId: ctx.cityOwn } }),
  },
  'POST /api/surveys/:id/cities/:cityId/reissue': {
    who: 'admin (new link for the sandbox survey, emailed to the consenting members)',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox, cityId: ctx.citySpare }, body: {} }),
  },
  'POST /api/surveys/:id/reports/send': {
    who: 'admin (the probed survey is open: 409 not_closed, after the access check)',
    expect: adminOnly(409),
    probe: () => ({ params: { id: ctx.survey }, body: { cityIds: 'all' } }),
    check: (role, _res, body) => {
      if (role === 'admin') expect((body as { error: { reason?: string } }).error.reason).toBe('not_closed');
    },
  },

  // Key dates and calendars (Rec 12).
  'GET /api/surveys/:id/key-dates': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.sandbox } }) },
  'POST /api/surveys/:id/key-dates': {
    who: 'admin',
    expect: adminOnly(201),
    probe: () => ({ params: { id: ctx.sandbox }, body: KEY_DATE }),
  },
  'PATCH /api/surveys/:id/key-dates/:keyDateId': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox, keyDateId: ctx.keyDatePatch }, body: { titleEn: `Renamed ${unique()}` } }),
  },
  'DELETE /api/surveys/:id/key-dates/:keyDateId': {
    who: 'admin',
    expect: adminOnly(204),
    probe: () => ({ params: { id: ctx.sandbox, keyDateId: ctx.keyDateDelete } }),
  },
  'GET /api/surveys/:id/calendar.ics': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/respond/:token/calendar.ics': {
    who: 'link holders (their survey’s key dates)',
    expect: linkHolders(200),
    probe: (role) => ({ params: { token: tokenFor(role) }, query: '?lang=fr' }),
  },

  'POST /api/surveys/:id/open': { who: 'admin', expect: adminOnly(200), probe: () => ({ params: { id: ctx.sandbox } }) },
  'POST /api/surveys/:id/close': { who: 'admin', expect: adminOnly(200), probe: () => ({ params: { id: ctx.sandbox } }) },
  'POST /api/surveys/:id/cities/:cityId/link': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.survey, cityId: ctx.citySpare }, body: { reissue: false } }),
  },
  'POST /api/surveys/:id/cities/:cityId/reopen': {
    who: 'admin',
    expect: adminOnly(204),
    probe: () => ({ params: { id: ctx.survey, cityId: ctx.citySpare } }),
  },
  'POST /api/surveys/:id/invitations': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox }, body: { cityIds: [ctx.citySpare] } }),
  },

  // The builder (issue 4).
  'GET /api/surveys/:id/draft': {
    who: 'admin (reading creates the draft)',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox } }),
    check: (role, _res, body) => {
      if (role === 'admin') sandboxDraftRevision = (body as { revision: number }).revision;
    },
  },
  'PUT /api/surveys/:id/draft': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox }, body: { definition: SANDBOX_DEFINITION_CHANGED, baseRevision: sandboxDraftRevision } }),
    check: (role, res, body) => {
      if (role === 'admin' && res.ok) sandboxDraftRevision = (body as { revision: number }).revision;
    },
  },
  'POST /api/surveys/:id/publish': { who: 'admin', expect: adminOnly(200), probe: () => ({ params: { id: ctx.sandbox }, body: {} }) },
  'POST /api/surveys/:id/next-year': { who: 'admin', expect: adminOnly(201), probe: () => ({ params: { id: ctx.sandbox }, body: {} }) },
  'GET /api/surveys/:id/versions': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/versions/:versionId': {
    who: 'admin, analyst',
    expect: readers(200),
    probe: () => ({ params: { id: ctx.survey, versionId: ctx.versionId } }),
  },
  'GET /api/surveys/:id/diff': {
    who: 'admin, analyst',
    expect: readers(200),
    probe: () => ({ params: { id: ctx.survey }, query: `?from=${ctx.versionId}&to=${ctx.versionId}` }),
  },
  'PUT /api/surveys/:id/dates': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.sandbox }, body: { opensAt: '2030-12-01', closesAt: '2031-01-31' } }),
  },
  'GET /api/surveys/:id/mappings': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },
  'GET /api/surveys/:id/flagged-answers': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.survey } }) },

  // The roster and the coordination teams.
  'GET /api/cities': { who: 'admin, analyst', expect: readers(200), probe: () => ({}) },
  'GET /api/cities/networks': { who: 'admin, analyst', expect: readers(200), probe: () => ({}) },
  'GET /api/cities/:id/people': { who: 'admin, analyst', expect: readers(200), probe: () => ({ params: { id: ctx.cityOwn } }) },
  'POST /api/cities/:id/people': {
    who: 'admin',
    expect: adminOnly(201),
    probe: () => ({ params: { id: ctx.cityOwn }, body: { name: 'Matrix Person', role: 'staff', email: `person-${unique()}@example.org` } }),
  },
  'PATCH /api/cities/:cityId/people/:personId': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { cityId: ctx.cityOwn, personId: ctx.personPatch }, body: { name: `Renamed ${unique()}` } }),
  },
  'DELETE /api/cities/:cityId/people/:personId': {
    who: 'admin',
    expect: adminOnly(204),
    probe: () => ({ params: { cityId: ctx.cityOwn, personId: ctx.personDelete } }),
  },
  // Networks and memberships, a person's data export (issue 5, roster part C2).
  'POST /api/cities/networks': {
    who: 'admin',
    expect: adminOnly(201),
    probe: () => ({ body: { code: `MTX-${unique()}`, name: 'Matrix network', nameFr: 'Réseau matrice', kind: 'international' } }),
  },
  'PATCH /api/cities/networks/:networkId': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { networkId: matrixNetwork('patch') }, body: { name: `Renamed ${unique()}` } }),
  },
  'DELETE /api/cities/networks/:networkId': {
    who: 'admin (a network no city belongs to)',
    expect: adminOnly(204),
    probe: () => ({ params: { networkId: matrixNetwork('delete') } }),
  },
  'PUT /api/cities/:id/networks': {
    who: 'admin',
    expect: adminOnly(200),
    probe: () => ({ params: { id: ctx.citySpare }, body: { networks: ['ICC'] } }),
  },
  'GET /api/people/:id/export': { who: 'admin', expect: adminOnly(200), probe: () => ({ params: { id: ctx.personPatch } }) },

  // Engagement across the years (analysts' exports).
  'GET /api/engagement.csv': { who: 'admin, analyst', expect: readers(200), probe: () => ({}) },
  'GET /api/engagement/networks.csv': { who: 'admin, analyst', expect: readers(200), probe: () => ({}) },

  // The roster (admin): a file with one new city, so importing it changes nothing the other probes use.
  'POST /api/roster/preview': { who: 'admin', expect: adminOnly(200), probe: () => ({ body: { csv: ROSTER_CSV } }) },
  'POST /api/roster/import': { who: 'admin', expect: adminOnly(200), probe: () => ({ body: { csv: ROSTER_CSV } }) },
  'GET /api/audit': { who: 'admin', expect: adminOnly(200), probe: () => ({}) },
  'GET /api/audit.csv': { who: 'admin', expect: adminOnly(200), probe: () => ({}) },

  // The coordinators' side: the link is the only credential.
  'GET /api/respond/:token': {
    who: 'link holders, each for their own city only',
    expect: linkHolders(200),
    probe: (role) => ({ params: { token: tokenFor(role) } }),
    check: (role, _res, body) => {
      if (role !== 'linkOwn' && role !== 'linkOther') return;
      const b = body as { city: { code: string }; data: Record<string, unknown>; revision: number };
      expect(b.city.code).toBe(role === 'linkOwn' ? 'AAR' : 'BIL');
      ctx.revision[role] = b.revision;
    },
  },
  'PUT /api/respond/:token': {
    who: 'link holders, each for their own city only',
    expect: linkHolders(200),
    probe: (role) => ({
      params: { token: tokenFor(role) },
      body: { data: { matrix_note: role in MARKER ? MARKER[role as keyof typeof MARKER] : 'from a session' }, revision: role in ctx.revision ? ctx.revision[role as 'linkOwn'] : 0 },
    }),
    check: (role, _res, body) => {
      if (role !== 'linkOwn' && role !== 'linkOther') return;
      const b = body as { data: Record<string, unknown>; revision: number };
      // Each link's save lands in its own city's answers and sees none of the other's.
      expect(b.data.matrix_note).toBe(MARKER[role]);
      expect(JSON.stringify(b.data)).not.toContain(MARKER[role === 'linkOwn' ? 'linkOther' : 'linkOwn']);
      ctx.revision[role] = b.revision;
    },
  },
  'POST /api/respond/:token/submit': {
    who: 'link holders, each for their own city only (incomplete answers: 422 after the link check)',
    expect: linkHolders(422),
    probe: (role) => ({
      params: { token: tokenFor(role) },
      body: { data: { matrix_note: role in MARKER ? MARKER[role as keyof typeof MARKER] : 'x' }, revision: role in ctx.revision ? ctx.revision[role as 'linkOwn'] : 0 },
    }),
  },

  'GET /api/respond/:token/report': {
    who: 'link holders, their own city’s report only, once the survey is closed (the probed survey is open: 403)',
    expect: linkHolders(403),
    probe: (role) => ({ params: { token: tokenFor(role) } }),
    check: (role, _res, body) => {
      if (role === 'linkOwn' || role === 'linkOther') expect((body as { error: { reason?: string } }).error.reason).toBe('not_released');
    },
  },
  // The city's team, kept by the coordinator through the link (Rec 7).
  'GET /api/respond/:token/team': {
    who: 'link holders, their own city’s team only',
    expect: linkHolders(200),
    probe: (role) => ({ params: { token: tokenFor(role) } }),
    check: (role, _res, body) => {
      if (role !== 'linkOwn' && role !== 'linkOther') return;
      const ids = (body as { id: number }[]).map((p) => p.id);
      if (role === 'linkOwn') expect(ids).toEqual(expect.arrayContaining([ctx.teamPatch, ctx.teamDelete]));
      else expect(ids).not.toEqual(expect.arrayContaining([ctx.teamPatch]));
    },
  },
  'POST /api/respond/:token/team': {
    who: 'link holders, adding to their own city’s team only',
    expect: linkHolders(201),
    probe: (role) => ({ params: { token: tokenFor(role) }, body: { name: `Team ${role}`, role: 'staff', email: `team-${role}-${unique()}@example.org` } }),
    check: (role, _res, body) => {
      if (role !== 'linkOwn' && role !== 'linkOther') return;
      const cityId = t.db.prepare('SELECT city_id FROM people WHERE id = ?').pluck().get((body as { id: number }).id);
      expect(cityId).toBe(role === 'linkOwn' ? ctx.cityOwn : ctx.cityOther);
    },
  },
  'PATCH /api/respond/:token/team/:personId': {
    who: 'the own city’s link holder; another city’s link cannot reach this person (404)',
    expect: { ...linkHolders(200), linkOther: 404 },
    probe: (role) => ({ params: { token: tokenFor(role), personId: ctx.teamPatch }, body: { name: `Renamed by ${role}` } }),
  },
  'DELETE /api/respond/:token/team/:personId': {
    who: 'the own city’s link holder; another city’s link cannot reach this person (404)',
    expect: { ...linkHolders(204), linkOther: 404 },
    probe: (role) => ({ params: { token: tokenFor(role), personId: ctx.teamDelete } }),
  },
};

/** Networks created on first use for the network probes (no city belongs to them, so deleting one succeeds). */
const matrixNetworks: Record<string, number> = {};
function matrixNetwork(which: 'patch' | 'delete'): number {
  matrixNetworks[which] ??= t.stores.cities.createNetwork({ code: `MTX-NET-${which}`, name: `Matrix ${which}`, kind: 'international' });
  return matrixNetworks[which]!;
}
const both = (en: string) => ({ default: en, fr: `${en} (fr)` });
const ROSTER_CSV = 'code,name,country\nMTX,Matrix city (test),FR\n';
const MATRIX_TEMPLATE = { subject: 'Matrix {{city}}', body: 'Hello {{name}}: {{link}}' };
const KEY_DATE = { date: '2026-01-15', titleEn: 'Matrix meeting', titleFr: 'Réunion matrice', kind: 'event' };
const SANDBOX_DEFINITION = {
  title: both('Matrix sandbox'),
  pages: [{ name: 'p1', elements: [{ type: 'text', name: 'q1', title: both('Question one') }, { type: 'comment', name: 'q2', title: both('Question two') }] }],
};
/** What the builder probe saves as the sandbox's new draft, so that publishing it has something to publish. */
const SANDBOX_DEFINITION_CHANGED = {
  ...SANDBOX_DEFINITION,
  pages: [{ ...SANDBOX_DEFINITION.pages[0]!, elements: [...SANDBOX_DEFINITION.pages[0]!.elements, { type: 'text', name: 'q3', title: both('Question three') }] }],
};
let sandboxDraftRevision = 0;

// ---------------------------------------------------------------------------------------------------------------
// The route list is needed while tests are collected (one test per route), before beforeAll runs: it is read
// from an app built by the same factory on a throwaway database (tests/helpers/route-list.ts); the probes go to
// the test app.
const ROUTES = listAppRoutes();

// ---------------------------------------------------------------------------------------------------------------

let t: TestApp;
const json = async (res: Response) => JSON.parse(await res.text()) as any;

beforeAll(async () => {
  t = await startTestApp();
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const as = (method: string, url: string, body?: unknown) => fetch(`${t.url}${url}`, jsonInit(method, body, { Cookie: admin }));
  const [own, other, , spare] = t.cities;
  ctx.survey = t.surveyId;
  ctx.cityOwn = own!.id;
  ctx.cityOther = other!.id;
  ctx.citySpare = spare!.id;
  ctx.tokenOwn = t.linkFor(t.surveyId, own!.id);
  ctx.tokenOther = t.linkFor(t.surveyId, other!.id);

  const created = await as('POST', '/api/surveys?year=2030&code=matrix-sandbox', SANDBOX_DEFINITION);
  if (created.status !== 201) throw new Error(`the sandbox survey was not created: ${created.status} ${await created.text()}`);
  ctx.sandbox = (await json(created)).id;

  // The spare city has answers, so that reopening it is a real reopen.
  const spareToken = t.linkFor(t.surveyId, spare!.id);
  const saved = await fetch(`${t.url}/api/respond/${spareToken}`, jsonInit('PUT', { data: { matrix_note: 'spare' }, revision: 0 }));
  expect(saved.status).toBe(200);

  const person = async (name: string) => {
    const res = await as('POST', `/api/cities/${own!.id}/people`, { name, role: 'staff', email: `${name.toLowerCase()}@example.org` });
    expect(res.status).toBe(201);
    return (await json(res)).id as number;
  };
  ctx.personPatch = await person('Patched');
  ctx.personDelete = await person('Deleted');
  ctx.account = t.stores.users.create({ email: 'matrix-account@example.org', passwordHash: 'x', role: 'analyst', now: t.clock.now() });
  ctx.teamPatch = await person('TeamPatched');
  ctx.teamDelete = await person('TeamDeleted');
  const keyDate = async () => {
    const res = await as('POST', `/api/surveys/${ctx.sandbox}/key-dates`, KEY_DATE);
    if (res.status !== 201) throw new Error(`no key date: ${res.status} ${await res.text()}`);
    return (await json(res)).id as number;
  };
  ctx.keyDatePatch = await keyDate();
  ctx.keyDateDelete = await keyDate();

  const versions = await json(await as('GET', `/api/surveys/${t.surveyId}/versions`));
  ctx.versionId = (Array.isArray(versions) ? versions : versions.versions)[0].id;
  const tables = (await json(await as('GET', `/api/surveys/${t.surveyId}/indicators`))) as { file: string }[];
  ctx.indicatorFile = tables[0]!.file;
});
afterAll(async () => t?.close());

/** The request of one caller: a fresh session per probe (so signing out cannot break later probes). */
function requestFor(role: Role, method: string, url: string, body: unknown): { url: string; init: RequestInit } {
  const headers: Record<string, string> = {};
  if (role === 'admin') headers.Cookie = t.sessionCookie(ADMIN_EMAIL);
  if (role === 'analyst') headers.Cookie = t.sessionCookie(ANALYST_EMAIL);
  let target = url;
  if ((role === 'linkOwn' || role === 'linkOther') && !url.startsWith('/api/respond/')) {
    // A link is not a session, however it is sent.
    const token = tokenFor(role);
    headers.Authorization = `Bearer ${token}`;
    headers.Cookie = `icc_session=${token}`;
    target += `${url.includes('?') ? '&' : '?'}token=${token}`;
  }
  return { url: `${t.url}${target}`, init: jsonInit(method, body, headers) };
}

function fill(routePath: string, params: Record<string, string | number> = {}): string {
  return routePath.replace(/:(\w+)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`the probe of ${routePath} gives no value for :${name}`);
    return encodeURIComponent(String(params[name]));
  });
}

function matches(expected: Expected, status: number): boolean {
  return expected === '2xx' ? status >= 200 && status < 300 : status === expected;
}

async function send(role: Role, method: string, url: string, body: unknown) {
  const req = requestFor(role, method, url, body);
  const res = await fetch(req.url, req.init);
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) parsed = JSON.parse(text);
  return { res, text, body: parsed };
}

test('every route of the app has a rule, and every rule a route', () => {
  expect(ROUTES.length).toBeGreaterThan(20);
  const missing = ROUTES.filter((r) => !(r in RULES));
  const stale = Object.keys(RULES).filter((r) => !ROUTES.includes(r));
  expect(missing, `routes without a rule in RULES (tests/api/route-matrix.test.ts): decide who may call them`).toEqual([]);
  expect(stale, 'rules for routes that no longer exist').toEqual([]);
});

for (const route of ROUTES) {
  test(`${route}: each caller gets the expected status`, async () => {
    const rule = RULES[route];
    if (!rule) throw new Error(`${route} has no rule in RULES: add one saying who may call it`);
    const [method, routePath] = route.split(' ') as [string, string];
    const seen: string[] = [];
    const wrong: string[] = [];
    // Refused callers first, then the allowed ones: a refused write must change nothing the allowed probe relies on.
    const refused = (r: Role) => rule.expect[r] === 401 || rule.expect[r] === 403 || rule.expect[r] === 404;
    const order = [...ROLES.filter(refused), ...ROLES.filter((r) => !refused(r))];
    for (const role of order) {
      const probe = rule.probe(role);
      const url = fill(routePath, probe.params) + (probe.query ?? '');
      const { res, text, body } = await send(role, method, url, probe.body);
      seen.push(`${role} ${res.status}`);
      if (!matches(rule.expect[role], res.status)) {
        wrong.push(`${role}: expected ${rule.expect[role]}, got ${res.status} ${text.slice(0, 200)}`);
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        // The contract's error shape, and the reason is the access check, not something else answering 403.
        expect((body as { error: { code: string } }).error.code).toBe(res.status === 401 ? 'unauthorised' : 'forbidden');
      }
      rule.check?.(role, res, body);
    }
    expect(wrong, `${route} (${rule.who}); statuses seen: ${seen.join(', ')}`).toEqual([]);
  });
}

test('the access check comes before the id is looked at: refused callers get 401/403 for unknown and malformed ids too', async () => {
  const wrong: string[] = [];
  let probes = 0;
  for (const route of ROUTES) {
    const rule = RULES[route];
    const [method, routePath] = route.split(' ') as [string, string];
    if (!rule || !routePath.includes(':')) continue;
    const linkRoute = routePath.startsWith('/api/respond/');
    for (const role of ROLES) {
      const expected = rule.expect[role];
      // Refused callers: no rights on signed-in routes; an unknown link on the link holders' routes.
      if (linkRoute ? role === 'linkOwn' || role === 'linkOther' || expected !== 404 : expected !== 401 && expected !== 403) continue;
      const base = rule.probe(role);
      for (const bad of ['999999', 'not-an-id']) {
        const params = Object.fromEntries(Object.entries(base.params ?? {}).map(([k, v]) => [k, k === 'token' ? v : bad]));
        const { res } = await send(role, method, fill(routePath, params), base.body);
        probes++;
        if (res.status !== expected) wrong.push(`${route} as ${role} with id ${bad}: expected ${expected}, got ${res.status}`);
      }
    }
  }
  expect(probes).toBeGreaterThan(80);
  expect(wrong).toEqual([]);
});

test('the link probes left each city with its own answers only', async () => {
  const own = t.stores.responses.get({ surveyId: t.surveyId, cityId: ctx.cityOwn });
  const other = t.stores.responses.get({ surveyId: t.surveyId, cityId: ctx.cityOther });
  expect(own?.data.matrix_note).toBe(MARKER.linkOwn);
  expect(other?.data.matrix_note).toBe(MARKER.linkOther);
  // Sessions with an unknown link wrote nothing anywhere.
  const all = t.db.prepare('SELECT data FROM responses').pluck().all() as string[];
  expect(all.join('\n')).not.toContain('from a session');
});

test('a replaced link stops working at once, for reading and for saving', async () => {
  const spare = t.cities[2]!;
  const old = t.linkFor(t.surveyId, spare.id);
  expect((await fetch(`${t.url}/api/respond/${old}`)).status).toBe(200);
  const res = await fetch(
    `${t.url}/api/surveys/${t.surveyId}/cities/${spare.id}/link`,
    jsonInit('POST', { reissue: true }, { Cookie: t.sessionCookie(ADMIN_EMAIL) }),
  );
  expect(res.status).toBe(200);
  expect((await fetch(`${t.url}/api/respond/${old}`)).status).toBe(404);
  expect((await fetch(`${t.url}/api/respond/${old}`, jsonInit('PUT', { data: { a: 1 }, revision: 0 }))).status).toBe(404);
});
