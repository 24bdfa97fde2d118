-- Explicit mappings (issue 4): when a published version renames a question code or a choice value that has
-- answers (in this survey, or for next year's copy in the previous year), the Unit says which old code / value
-- becomes which new one (or null: dropped on purpose). Stored with the version it was published with, so that
-- year-over-year analysis keeps matching (surveys/definition-diff.ts applyAnswerMapping).
CREATE TABLE survey_version_mappings (
  version_id INTEGER PRIMARY KEY REFERENCES survey_versions(id),
  -- The version the mapping reads from: the previous published version of this survey, or last year's.
  from_version_id INTEGER NOT NULL REFERENCES survey_versions(id),
  mapping TEXT NOT NULL,
  created_at TEXT NOT NULL
);
