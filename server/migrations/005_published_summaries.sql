-- Published summaries (issue 7): the year's headline figures the ICC Unit made public after review.
-- The figures are stored as they were when published (a JSON snapshot of analysis/public-summary.ts's
-- PublicSummary), not recomputed on each read: a late answer, a reopened city or a roster change must not
-- silently change a page the public may already have cited (docs/decisions/007-published-summary.md).
-- One published summary per year: the public address is /summary/<year>.
CREATE TABLE published_summaries (
  survey_id INTEGER PRIMARY KEY REFERENCES surveys(id) ON DELETE CASCADE,
  year INTEGER NOT NULL UNIQUE,
  snapshot TEXT NOT NULL,
  -- Hash of the snapshot: the strong ETag of the public answers.
  etag TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL
);
