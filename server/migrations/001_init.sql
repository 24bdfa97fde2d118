-- Accounts of the ICC Unit (admins) and analysts. Coordinators have no account: they hold a link.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst')),
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Only a hash of each session token is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE networks (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_fr TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('international', 'national')),
  country TEXT
);

CREATE TABLE cities (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_fr TEXT,
  country TEXT NOT NULL,
  size_band TEXT,
  population INTEGER,
  joined_year INTEGER,
  last_index_year INTEGER,
  is_synthetic INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE city_networks (
  city_id INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
  PRIMARY KEY (city_id, network_id)
);

CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  opens_at TEXT,
  closes_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (year, code)
);

-- Every definition ever given to a survey. A published version is immutable; responses point to theirs.
CREATE TABLE survey_versions (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  definition TEXT NOT NULL,
  published_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (survey_id, number)
);

-- A city's link to a survey. The token itself is never stored: it is derived from the server secret and
-- the nonce (HMAC), so the same working link can be given again, and only its hash is looked up.
CREATE TABLE links (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  city_id INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  nonce TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE UNIQUE INDEX links_one_active ON links(survey_id, city_id) WHERE revoked_at IS NULL;

-- One response per city and survey; `data` is the SurveyJS answer object.
CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  city_id INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL REFERENCES survey_versions(id),
  data TEXT NOT NULL DEFAULT '{}',
  revision INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  page_no INTEGER NOT NULL DEFAULT 0,
  progress REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT,
  UNIQUE (survey_id, city_id)
);

-- Who changed which answer, at which revision: the history the three-way merge reads its base from.
CREATE TABLE answer_changes (
  id INTEGER PRIMARY KEY,
  response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  question TEXT NOT NULL,
  value TEXT, -- JSON; NULL when the answer was cleared
  author TEXT,
  changed_at TEXT NOT NULL
);
CREATE INDEX answer_changes_lookup ON answer_changes(response_id, question, revision);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT
);
