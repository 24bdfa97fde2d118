-- Editable email templates and report emails (issues 5 and 7).
--
-- mail_templates: the Unit's per-survey wording of an email kind in one language (subject and plain-text body
-- with {{placeholders}}). No row means the default of server/mail/templates.ts; resetting deletes the rows.
CREATE TABLE mail_templates (
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder', 'report')),
  lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (survey_id, kind, lang)
);

-- mail_log gains the kind 'report' (a city's feedback report link, issue 7). SQLite cannot change a CHECK
-- constraint in place: the table is rebuilt with the same columns, rows and indexes (nothing references it).
CREATE TABLE mail_log_new (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  city_id INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder', 'report')),
  batch TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  to_address TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),
  subject TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  message_id TEXT,
  requested_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  claimed_at TEXT,
  sent_at TEXT,
  updated_at TEXT NOT NULL
);
INSERT INTO mail_log_new SELECT id, survey_id, city_id, person_id, kind, batch, dedupe_key, to_address, lang, subject, status,
  error, attempts, next_attempt_at, message_id, requested_by, created_at, claimed_at, sent_at, updated_at FROM mail_log;
DROP TABLE mail_log;
ALTER TABLE mail_log_new RENAME TO mail_log;
CREATE INDEX mail_log_due ON mail_log(status, next_attempt_at, id);
CREATE INDEX mail_log_survey ON mail_log(survey_id, city_id, id);
CREATE INDEX mail_log_person ON mail_log(person_id);
