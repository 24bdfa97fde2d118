-- A city's coordination team (Rec 7): the people the Unit emails about the survey. Personal data: only what
-- invitations need (name, role, address, language) and whether, and since when, the person agreed to email.
CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  city_id INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('staff', 'elected', 'other')),
  email TEXT NOT NULL COLLATE NOCASE,
  lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'fr')),
  -- No consent, no email. consent_at is when the agreement was given (NULL without consent).
  consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
  consent_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (consent = 1 OR consent_at IS NULL),
  UNIQUE (city_id, email)
);
CREATE INDEX people_city ON people(city_id);

-- Every email the platform sends, as a queue and a log: a row is written ('queued') before anything is sent,
-- claimed by one sender at a time ('sending': a single UPDATE, so two processes never both send it), then
-- marked 'sent' or 'failed'; 'cancelled' when the recipient left the team or withdrew consent before it went.
-- The body is not stored: it holds the city's link, whose token must never reach the database (see
-- docs/decisions/001-link-tokens.md); it is rendered when the row is sent.
CREATE TABLE mail_log (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  city_id INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
  -- One send request of the Unit (all its rows share it).
  batch TEXT NOT NULL,
  -- Idempotency: the same key is never queued twice (an invitation: batch + person; a reminder, later:
  -- survey + person + which reminder), so a retried request or a restarted scheduler cannot double a send.
  dedupe_key TEXT NOT NULL UNIQUE,
  to_address TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
  subject TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Not before this time (retries with backoff).
  next_attempt_at TEXT NOT NULL,
  message_id TEXT,
  requested_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  claimed_at TEXT,
  sent_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX mail_log_due ON mail_log(status, next_attempt_at, id);
CREATE INDEX mail_log_survey ON mail_log(survey_id, city_id, id);
CREATE INDEX mail_log_person ON mail_log(person_id);
