-- Events from UCDP, GDELT and JSON feeds, the files they came from, and the
-- escalation alerts raised on their series (src/monitor).

-- One imported file, recognised by the SHA-256 of its bytes, so that importing
-- the same file again is a no-op. Written with the file's last batch, so a file
-- whose import was interrupted is not marked as imported.
CREATE TABLE event_imports (
  id           INTEGER PRIMARY KEY,
  format       TEXT NOT NULL,             -- ucdp | gdelt | jsonl
  file_name    TEXT NOT NULL,
  data_hash    TEXT NOT NULL UNIQUE,
  rows_read    INTEGER NOT NULL,
  inserted     INTEGER NOT NULL,
  updated      INTEGER NOT NULL,
  unchanged    INTEGER NOT NULL,
  rejected     INTEGER NOT NULL,
  filtered     INTEGER NOT NULL,
  imported_at  TEXT NOT NULL
);

-- One event, keyed by (source, source_id): an import inserts new keys, updates
-- rows whose content changed (content_hash) and leaves identical rows alone.
CREATE TABLE events (
  id               INTEGER PRIMARY KEY,
  source           TEXT NOT NULL,          -- ucdp-ged | gdelt | a JSON feed's name
  source_id        TEXT NOT NULL,
  date_start       TEXT NOT NULL,          -- YYYY-MM-DD
  date_end         TEXT NOT NULL,
  date_precision   INTEGER NOT NULL CHECK (date_precision BETWEEN 1 AND 5),  -- UCDP date_prec
  gw               INTEGER NOT NULL,       -- Gleditsch-Ward state where it happened
  admin1           TEXT NOT NULL DEFAULT '',
  latitude         REAL,
  longitude        REAL,
  violence_type    INTEGER NOT NULL CHECK (violence_type BETWEEN 1 AND 5),  -- monitor::ViolenceType
  actor1           TEXT NOT NULL DEFAULT '',
  actor2           TEXT NOT NULL DEFAULT '',
  fatalities_best  INTEGER,
  fatalities_low   INTEGER,
  fatalities_high  INTEGER,
  civilian_deaths  INTEGER,
  event_code       TEXT NOT NULL DEFAULT '',  -- CAMEO
  goldstein        REAL,
  text             TEXT NOT NULL DEFAULT '',
  origin           TEXT NOT NULL,          -- FILE:LINE of the row last written
  content_hash     INTEGER NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX events_by_place ON events(gw, date_start);

-- An alert: a rule's detector fired on a series (place x violence x period).
-- Firings of one rule on one place in consecutive windows are one alert, keyed
-- by the first window's start, so re-evaluating the same data changes nothing.
CREATE TABLE alerts (
  id               INTEGER PRIMARY KEY,
  rule             TEXT NOT NULL,
  detector         TEXT NOT NULL,
  severity         TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  gw               INTEGER NOT NULL,
  admin1           TEXT NOT NULL DEFAULT '',  -- '' for the whole country
  series           TEXT NOT NULL,             -- e.g. "events of one-sided per week"
  window_start     TEXT NOT NULL,             -- first day of the first window that fired
  window_end       TEXT NOT NULL,             -- last day of the last window that fired
  peak_start       TEXT NOT NULL,             -- the window with the strongest statistic
  peak_end         TEXT NOT NULL,
  observed         REAL NOT NULL,             -- in the peak window
  expected         REAL NOT NULL,
  statistic        REAL NOT NULL,
  explanation      TEXT NOT NULL,             -- JSON: reason, windows, largest contributing events
  state            TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acknowledged', 'decided')),
  owner            TEXT,
  decision         TEXT CHECK (decision IN ('escalate', 'monitor', 'dismiss')),
  decision_reason  TEXT,
  raised_at        TEXT NOT NULL,
  triage_due       TEXT NOT NULL,
  acknowledged_at  TEXT,
  decided_at       TEXT,
  UNIQUE (rule, gw, admin1, window_start)
);
CREATE INDEX alerts_by_state ON alerts(state, severity);

-- Every change of an alert's state: who moved it, when, and why.
CREATE TABLE alert_history (
  alert_id    INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  state       TEXT NOT NULL,
  actor       TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_history_by_alert ON alert_history(alert_id, at);
