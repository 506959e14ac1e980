-- An alert's history in the order it happened, where two steps share a second:
-- SQLite's rowid was that order; an explicit number serves every backend.
ALTER TABLE alert_history ADD COLUMN sequence INTEGER;
UPDATE alert_history SET sequence = rowid;
CREATE INDEX alert_history_in_order ON alert_history(alert_id, at, sequence);
