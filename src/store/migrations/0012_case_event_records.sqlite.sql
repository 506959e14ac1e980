-- A case's timeline names tasks, decisions and briefs that not every reader of the
-- case may see: each entry now says which record it is about, so that a reader is
-- shown only the entries about records they may read. Earlier entries are matched
-- to their record by the number their text begins with ("task 12 ...").
ALTER TABLE case_events ADD COLUMN resource TEXT;
ALTER TABLE case_events ADD COLUMN record_id INTEGER;
UPDATE case_events SET resource = 'task',
    record_id = CAST(substr(text, 6, instr(substr(text, 6), ' ') - 1) AS INTEGER)
  WHERE kind IN ('task', 'escalation') AND text LIKE 'task % %';
UPDATE case_events SET resource = 'decision',
    record_id = CAST(substr(text, 10, instr(substr(text, 10), ' ') - 1) AS INTEGER)
  WHERE kind = 'decision' AND text LIKE 'decision % %';
UPDATE case_events SET resource = 'brief',
    record_id = CAST(substr(text, 7, instr(substr(text, 7), ' ') - 1) AS INTEGER)
  WHERE kind = 'brief' AND text LIKE 'brief % %';
