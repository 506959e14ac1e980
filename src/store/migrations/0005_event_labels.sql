-- Labels of events and alerts (docs/security.md): events imported from files
-- are public and installation-wide; an event submitted through the API may
-- carry its submitter's label and organisation; an alert is as restricted as
-- the most restricted event in its place and window (src/monitor/alert_repository.cc).
ALTER TABLE events ADD COLUMN label INTEGER NOT NULL DEFAULT 0 CHECK (label BETWEEN 0 AND 3);
ALTER TABLE events ADD COLUMN owner_organisation_id INTEGER REFERENCES organisations(id);
ALTER TABLE events ADD COLUMN case_id INTEGER;
ALTER TABLE alerts ADD COLUMN label INTEGER NOT NULL DEFAULT 0 CHECK (label BETWEEN 0 AND 3);
ALTER TABLE alerts ADD COLUMN owner_organisation_id INTEGER REFERENCES organisations(id);
ALTER TABLE alerts ADD COLUMN case_id INTEGER;

-- Pages of events in (date, id) order without a filter on the country: the
-- keyset of GET /api/v1/events. (With a country, events_by_place serves.)
CREATE INDEX events_by_date ON events(date_start);

-- Files `tocsin monitor --watch` has ingested, by name, size and modification
-- time, so that a restarted watch neither re-reads nor re-hashes them.
CREATE TABLE watched_files (
  directory    TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  size         INTEGER NOT NULL,
  modified_ns  INTEGER NOT NULL,
  outcome      TEXT NOT NULL,    -- imported | already imported | failed: REASON
  seen_at      TEXT NOT NULL,
  PRIMARY KEY (directory, file_name, size, modified_ns)
) WITHOUT ROWID;
