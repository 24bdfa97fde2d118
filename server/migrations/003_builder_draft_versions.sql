-- The questionnaire builder (issue 4): a survey has at most one editable draft version (published_at IS NULL),
-- saved with optimistic concurrency (revision), and published versions never change.
ALTER TABLE survey_versions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE survey_versions ADD COLUMN updated_at TEXT;
-- The version a draft was copied from (NULL for a survey's first version).
ALTER TABLE survey_versions ADD COLUMN based_on INTEGER REFERENCES survey_versions(id);

CREATE UNIQUE INDEX survey_versions_one_draft ON survey_versions(survey_id) WHERE published_at IS NULL;

-- Defence in depth: whatever the code does, a published version keeps its definition, number and publication.
CREATE TRIGGER survey_versions_published_immutable
BEFORE UPDATE OF definition, number, survey_id, published_at, revision ON survey_versions
WHEN OLD.published_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a published survey version is immutable');
END;
