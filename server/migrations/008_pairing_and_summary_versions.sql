-- Peer pairing (Rec 13) and kept versions of published summaries (issue 7).
--
-- The ICC Unit's decision on a suggested pair of cities. Suggestions are recomputed from the answers on each
-- read (analysis/pairing.ts); decisions are keyed by the two cities, not by the suggestion, so they survive the
-- recomputation (and a pair that is no longer suggested keeps its decision, shown as such). city_a < city_b:
-- one row per unordered pair.
CREATE TABLE pairing_decisions (
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  city_a INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  city_b INTEGER NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'pending')),
  note TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  PRIMARY KEY (survey_id, city_a, city_b),
  CHECK (city_a < city_b)
);

-- Every published version of a year's summary (publishing again used to overwrite the snapshot; only the audit
-- log remembered). published_summaries stays the current, public one (its `version` is the latest here);
-- unpublishing removes it, and with it public access to every version of the year, but the versions are kept
-- so that publishing again continues the numbering.
CREATE TABLE published_summary_versions (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  snapshot TEXT NOT NULL,
  etag TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (year, version)
);
ALTER TABLE published_summaries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- What was published before this migration becomes version 1 of its year.
INSERT INTO published_summary_versions (year, version, survey_id, snapshot, etag, published_at, published_by)
  SELECT year, 1, survey_id, snapshot, etag, published_at, published_by FROM published_summaries;
