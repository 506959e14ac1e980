-- Files fetched from the public sources (src/fetch): one row per URL, so that a
-- follower that restarts knows which of GDELT's 15-minute files it already has,
-- and `tocsin fetch` can tell what a download brought.

CREATE TABLE fetched_files (
  url           TEXT PRIMARY KEY,
  source        TEXT NOT NULL,            -- ucdp | gdelt | ewp
  path          TEXT NOT NULL,            -- where the download was stored
  bytes         INTEGER NOT NULL,
  md5           TEXT NOT NULL,            -- lower-case hex
  sha256        TEXT NOT NULL,            -- lower-case hex
  fetched_at    TEXT NOT NULL,            -- UTC, ISO 8601
  imported_at   TEXT                      -- NULL until every file in it was imported
);
CREATE INDEX fetched_files_by_source ON fetched_files(source, fetched_at);
