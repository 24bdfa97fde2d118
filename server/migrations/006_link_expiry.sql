-- Link expiry (issue 6, docs/decisions/008-link-expiry.md): a coordinator link stops working LINK_EXPIRY_DAYS
-- after its survey closed (counted from the later of the closing moment and the survey's close date).
-- closed_at is when the survey was last closed; opening it again clears it, so reopening extends every link.
ALTER TABLE surveys ADD COLUMN closed_at TEXT;
-- Surveys already closed start counting now (their closing moment was not recorded).
UPDATE surveys SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE status = 'closed';
