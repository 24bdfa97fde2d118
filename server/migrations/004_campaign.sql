-- Running the campaign (issue 5, part 2): reminder schedule, when links were opened, key dates.

-- Days before the deadline at which reminders go to the cities that have not submitted: a JSON array of
-- whole days, largest first. The Unit can change it per survey (PUT /api/surveys/:id/reminders).
ALTER TABLE surveys ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '[14,7,2]';

-- One row per reminder round planned: written in the same transaction as the round's emails, so a round is
-- planned once whatever the number of processes or restarts. The deadline is part of the key: when the Unit
-- moves the close date, the new schedule's reminders go out again. Each email of a round also has its own
-- dedupe key in mail_log (reminder:<survey>:<deadline>:<days>:<person>), so even a second planning of the
-- same round could not queue an email twice.
CREATE TABLE reminder_rounds (
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  deadline TEXT NOT NULL,
  days_before INTEGER NOT NULL,
  due_at TEXT NOT NULL,
  planned_at TEXT NOT NULL,
  -- Emails queued by the round (consenting members of invited cities that had not submitted).
  queued INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (survey_id, deadline, days_before)
);

-- When a link holder first (and last) opened the survey: the campaign page's 'opened' column.
ALTER TABLE links ADD COLUMN first_opened_at TEXT;
ALTER TABLE links ADD COLUMN last_opened_at TEXT;

-- Key dates the Unit adds to a survey's calendar (Rec 12): events, webinars, publication of results. The open
-- and close dates and the reminder days are not stored here: they are read from the survey, so the calendar
-- cannot disagree with it.
CREATE TABLE key_dates (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- Last day of an event over several days (inclusive); NULL for a one-day event.
  end_date TEXT CHECK (end_date IS NULL OR end_date >= date),
  title_en TEXT NOT NULL,
  title_fr TEXT NOT NULL,
  description_en TEXT,
  description_fr TEXT,
  kind TEXT NOT NULL DEFAULT 'event' CHECK (kind IN ('open', 'close', 'reminder', 'event')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX key_dates_survey ON key_dates(survey_id, date);
