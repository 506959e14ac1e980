-- A case's timeline names tasks, decisions and briefs that not every reader of the
-- case may see: each entry now says which record it is about, so that a reader is
-- shown only the entries about records they may read. Earlier entries are matched
-- to their record by the number their text begins with ("task 12 ...").
ALTER TABLE case_events ADD COLUMN resource TEXT;
ALTER TABLE case_events ADD COLUMN record_id BIGINT;
UPDATE case_events SET resource = 'task', record_id = CAST(split_part(text, ' ', 2) AS BIGINT)
  WHERE kind IN ('task', 'escalation') AND text ~ '^task [0-9]+ ';
UPDATE case_events SET resource = 'decision', record_id = CAST(split_part(text, ' ', 2) AS BIGINT)
  WHERE kind = 'decision' AND text ~ '^decision [0-9]+ ';
UPDATE case_events SET resource = 'brief', record_id = CAST(split_part(text, ' ', 2) AS BIGINT)
  WHERE kind = 'brief' AND text ~ '^brief [0-9]+ ';
