import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db';
import { SubmissionChecker } from './domain/submission-check';
import { AppError, invalid } from './errors';
import { SESSION_COOKIE, readCookie, refuseCrossSiteWrites } from './http/auth';
import type { AuditTrail } from './http/audit';
import { hasForbiddenKey } from './http/validate';
import { analysisRoutes } from './routes/analysis';
import { reportRoutes } from './routes/reports';
import { publicSummaryRoutes, summaryAdminRoutes } from './routes/public-summary';
import { goodPracticeRoutes } from './routes/good-practices';
import { publicSummaryService } from './services/public-summary';
import { publishedSummaryStore } from './stores/published-summaries';
import { pairingRoutes } from './routes/pairing';
import { pairingService } from './services/pairing';
import { pairingDecisionStore } from './stores/pairing-decisions';
import { auditRoutes } from './routes/audit';
import { builderRoutes } from './routes/builder';
import { builderService } from './services/builder';
import { versionMappingStore } from './stores/version-mappings';
import { sameYearMappingStore } from './stores/same-year-mappings';
import { calendarRoutes, respondCalendarRoutes } from './routes/calendar';
import { campaignRoutes } from './routes/campaign';
import { rosterRoutes } from './routes/roster';
import { engagementRoutes } from './routes/engagement';
import { cityRoutes } from './routes/cities';
import { exportRoutes } from './routes/exports';
import { mailLogRoutes } from './routes/mail-log';
import { peopleRoutes, personDataRoutes } from './routes/people';
import { personExport } from './services/person-export';
import { respondRoutes } from './routes/respond';
import { respondTeamRoutes } from './routes/respond-team';
import { sessionRoutes } from './routes/session';
import { surveyRoutes } from './routes/surveys';
import { passwordRoute, userRoutes } from './routes/users';
import { invitationService } from './services/invitations';
import { mailTemplateService } from './services/mail-templates';
import { mailTemplateStore } from './stores/mail-templates';
import { mailTemplateRoutes } from './routes/mail-templates';
import { cityMailRoutes } from './routes/city-mail';
import { reminderService } from './services/reminders';
import { calendarService } from './services/calendar';
import { campaignService } from './services/campaign';
import { rosterImport } from './services/roster-import';
import { engagementExport } from './services/engagement';
import { respondService } from './services/respond';
import { surveysAdmin } from './services/surveys-admin';
import { teamService } from './services/teams';
import { createMailer, type Mailer } from './mail/mailer';
import { mailQueue } from './mail/mail-queue';
import { cityStore } from './stores/cities';
import { linkStore } from './stores/links';
import { mailLogStore } from './stores/mail-log';
import { peopleStore } from './stores/people';
import { reminderStore } from './stores/reminders';
import { campaignStore } from './stores/campaign';
import { keyDateStore } from './stores/key-dates';
import { auditLogStore } from './stores/audit-log';
import { responseStore } from './stores/responses';
import { sessionStore } from './stores/sessions';
import { surveyStore } from './stores/surveys';
import { userStore } from './stores/users';
import { pageHints } from './http/page-hints';
import { precompressedAssets } from './http/precompressed';

export const BODY_LIMIT = '512kb';

export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Secret the link tokens are derived from (see security/tokens.ts). */
  linkSecret: Buffer;
  /** Built client (vite output); when absent, only the API is served. */
  clientDir?: string;
  /** Base URL of links when `config.publicUrl` is not set (known once the server listens). */
  publicUrl?: () => string;
  log?: (line: string) => void;
  /** Sends email; by default SMTP_URL's server, or `.eml` files in DATA_DIR/outbox/ (see mail/mailer.ts). */
  mailer?: Mailer;
}

export function createStores(db: Db, linkSecret: Buffer, { linkExpiryDays }: { linkExpiryDays?: number } = {}) {
  return {
    users: userStore(db),
    sessions: sessionStore(db),
    cities: cityStore(db),
    surveys: surveyStore(db),
    links: linkStore(db, linkSecret, { expiryDays: linkExpiryDays }),
    responses: responseStore(db),
    people: peopleStore(db),
    mailLog: mailLogStore(db),
    reminders: reminderStore(db),
    campaign: campaignStore(db),
    keyDates: keyDateStore(db),
    auditLog: auditLogStore(db),
    publishedSummaries: publishedSummaryStore(db),
    mailTemplates: mailTemplateStore(db),
    pairingDecisions: pairingDecisionStore(db),
    versionMappings: versionMappingStore(db),
    sameYearMappings: sameYearMappingStore(db),
  };
}
export type Stores = ReturnType<typeof createStores>;

/** Builds the express app without listening, so tests run a real app on a temporary database. */
export function createApp(deps: AppDeps) {
  const { db, config, clock } = deps;
  const log = deps.log ?? ((line: string) => console.error(line));
  const stores = createStores(db, deps.linkSecret, { linkExpiryDays: deps.config.linkExpiryDays });
  const checker = new SubmissionChecker();
  const publicUrl = () => config.publicUrl ?? deps.publicUrl?.() ?? `http://${config.host}:${config.port}`;
  const admin = surveysAdmin({ ...stores, clock, publicUrl });
  // Key dates are read when a coordinator's page loads (calendar is made below, with the reminder schedule).
  const respond = respondService({ ...stores, checker, clock, keyDates: (surveyId) => calendar.list({ surveyId }) });
  const mail = mailQueue({
    mailLog: stores.mailLog,
    mailer: deps.mailer ?? createMailer({ config, clock }),
    clock,
    log,
    compose: (entry) => (entry.kind === 'reminder' ? reminders.compose(entry) : invitations.compose(entry)),
  });
  // Editable email templates (issue 5): every email kind is rendered from the survey's own or the default one.
  const mailTemplates = mailTemplateService({ admin, ...stores, clock, publicUrl });
  const templateFor = mailTemplates.templateFor;
  const invitations = invitationService({ db, admin, ...stores, clock, templateFor, onQueued: () => mail.kick() });
  const teams = teamService({ db, ...stores, clock });
  const reminders = reminderService({ db, admin, ...stores, clock, templateFor });
  const campaign = campaignService({ admin, ...stores, clock });
  const calendar = calendarService({ admin, ...stores, clock, publicUrl });
  const roster = rosterImport({ db, ...stores, clock });

  const app = express();
  // The audit trail of sensitive actions, read by the `audited` middleware of the routes (http/audit.ts).
  app.locals.audit = { store: stores.auditLog, clock } satisfies AuditTrail;
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // gzip for scripts, styles, JSON and CSV: coordinators answer on phones and slow connections, and the
  // survey's code is ~4x smaller compressed. Small bodies (under 1 KB) are left alone.
  app.use(compression({ threshold: 1024 }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          // survey-react-ui injects <style> elements and style attributes (theme variables, progress width):
          // inline styles are allowed, inline scripts are not.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': config.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: config.secureCookies,
    }),
  );

  // Sessions: the cookie is looked up on every request; roles are checked per route.
  app.use((req, _res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token && token.length <= 100) {
      const userId = stores.sessions.findUserId({ token, now: clock.now() });
      const user = userId === undefined ? undefined : stores.users.get({ id: userId });
      if (user) {
        req.user = user;
        req.sessionToken = token;
      }
    }
    next();
  });

  const api = express.Router();
  api.use((req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is('application/json')) {
      return next(new AppError('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).'));
    }
    next();
  });
  api.use(express.json({ limit: BODY_LIMIT, strict: true }));
  api.use((req, _res, next) => {
    if (req.body !== undefined && hasForbiddenKey(req.body, 64)) {
      return next(invalid('The body uses a reserved key (__proto__, constructor or prototype).'));
    }
    next();
  });
  api.use(refuseCrossSiteWrites);

  api.get('/health', (_req, res) => {
    db.prepare('SELECT 1').get();
    res.json({ status: 'ok' });
  });
  api.use('/session/password', passwordRoute(stores));
  api.use('/users', userRoutes({ ...stores, clock }));
  api.use('/session', sessionRoutes({ ...stores, clock, secureCookies: config.secureCookies }));
  api.use('/surveys', analysisRoutes(stores));
  api.use('/surveys', exportRoutes({ ...stores, log }));
  api.use('/surveys', surveyRoutes({ admin, invitations, ...stores, clock }));
  api.use('/surveys', builderRoutes(builderService({ ...stores, db, mappings: versionMappingStore(db), admin, clock })));
  api.use('/surveys', mailLogRoutes({ admin, ...stores }));
  api.use('/surveys', campaignRoutes({ reminders, campaign }));
  api.use('/surveys', mailTemplateRoutes({ mailTemplates }));
  api.use('/surveys', cityMailRoutes({ invitations }));
  api.use('/surveys', calendarRoutes({ calendar }));
  api.use('/respond', respondCalendarRoutes({ respond, calendar }));
  api.use('/roster', rosterRoutes({ roster }));
  api.use(auditRoutes(stores));
  api.use(engagementRoutes({ engagement: engagementExport(stores), log }));
  api.use(reportRoutes({ ...stores, respond }));
  const summaries = publicSummaryService({ ...stores, clock });
  api.use(summaryAdminRoutes({ summaries }));
  api.use(publicSummaryRoutes({ summaries }));
  api.use(goodPracticeRoutes(stores));
  api.use(pairingRoutes({ pairing: pairingService({ ...stores, clock }) }));
  api.use('/cities', cityRoutes(stores.cities));
  api.use('/cities', peopleRoutes({ teams }));
  api.use('/people', personDataRoutes({ personExport: personExport({ db, ...stores, clock }) }));
  api.use('/respond', respondRoutes(respond));
  api.use('/respond', respondTeamRoutes({ respond, teams }));
  api.use((_req, _res, next) => next(new AppError('not_found', 'No such API endpoint.')));
  app.use('/api', api);

  if (deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    const indexHtml = path.join(deps.clientDir, 'index.html');
    // The build's Brotli and gzip twins of the scripts and styles (http/precompressed.ts), else the plain file.
    app.use('/assets', precompressedAssets(path.join(deps.clientDir, 'assets')));
    app.use(
      '/assets',
      express.static(path.join(deps.clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
    );
    app.use(express.static(deps.clientDir, { index: false }));
    // Single-page app: every other GET gets the shell; the client router picks the page.
    // Link preload headers start a page's own code and first API requests with the shell (http/page-hints.ts).
    const hintsFor = pageHints(deps.clientDir);
    app.get(/.*/, (req, res) => {
      res.set('Cache-Control', 'no-cache');
      const link = hintsFor(req.path, req.query, req.user?.role);
      if (link) res.set('Link', link);
      res.sendFile(indexHtml);
    });
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = toAppError(err);
    if (!e) {
      const requestId = crypto.randomUUID();
      log(`[${requestId}] ${req.method} ${req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      res.status(500).json({ error: { code: 'internal', message: `Something went wrong on our side (reference ${requestId}).` } });
      return;
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(e.status).json({ ...e.body, error: { code: e.code, message: e.message, ...e.details } });
  });

  return { app, stores, admin, respond, checker, mail, invitations, teams, reminders };
}

/** Maps body-parser, static and our own errors to AppError; `undefined` for unexpected ones. */
function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean };
  switch (e?.type) {
    case 'entity.too.large':
      return new AppError('too_large', `The request body is too large (limit ${BODY_LIMIT}).`);
    case 'entity.parse.failed':
      return new AppError('bad_request', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'Send the body as UTF-8 JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('bad_request', 'The request body could not be read.');
  }
  const status = e?.status ?? e?.statusCode;
  if (status === 404) return new AppError('not_found', 'Not found');
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('bad_request', 'Bad request: the address or body could not be read.');
  return undefined;
}
