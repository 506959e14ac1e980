-- An alert's history in the order it happened, where two steps share a second
-- (SQLite's stores number their earlier rows by rowid).
ALTER TABLE alert_history ADD COLUMN sequence BIGINT;
CREATE INDEX alert_history_in_order ON alert_history(alert_id, at, sequence);
