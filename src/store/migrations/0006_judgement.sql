-- Structured expert judgement (src/judge, docs/judgement.md): Framework of
-- Analysis assessments with their scores, evidence and history, the calendar of
-- trigger dates, and the opinion pool (pools, members, questions, forecasts).
-- Labels as in 0003_access.sql: 0 public .. 3 strictly confidential; case_id is
-- the need-to-know link to a case. Confidence 1 low, 2 medium, 3 high. Never renumbered.

-- An assessment of a country (optionally one region of it) as of a date.
CREATE TABLE assessments (
  id                     INTEGER PRIMARY KEY,
  gw                     INTEGER NOT NULL,
  region                 TEXT NOT NULL DEFAULT '',
  as_of                  TEXT NOT NULL,  -- YYYY-MM-DD
  title                  TEXT NOT NULL DEFAULT '',
  created_by             TEXT NOT NULL,  -- the user's login name, or the local operator
  created_at             TEXT NOT NULL,
  label                  INTEGER NOT NULL DEFAULT 1 CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER REFERENCES organisations(id),
  case_id                INTEGER
);
CREATE INDEX assessments_by_country ON assessments(gw, as_of);

-- One analyst's current score of one indicator; every change is in assessment_history.
CREATE TABLE assessment_scores (
  assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  analyst_id     INTEGER NOT NULL REFERENCES users(id),
  indicator      TEXT NOT NULL,  -- "7.3", a code of src/judge/data/framework.csv
  score          INTEGER NOT NULL CHECK (score BETWEEN 0 AND 3),
  confidence     INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 3),
  note           TEXT NOT NULL DEFAULT '',
  scored_at      TEXT NOT NULL,
  PRIMARY KEY (assessment_id, analyst_id, indicator)
) WITHOUT ROWID;

-- Evidence behind a score: a document URL or an event, alert or report of Tocsin.
CREATE TABLE assessment_evidence (
  assessment_id  INTEGER NOT NULL,
  analyst_id     INTEGER NOT NULL,
  indicator      TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('document', 'event', 'alert', 'report')),
  reference      TEXT NOT NULL,  -- the URL, or the record's id
  PRIMARY KEY (assessment_id, analyst_id, indicator, kind, reference),
  FOREIGN KEY (assessment_id, analyst_id, indicator)
    REFERENCES assessment_scores(assessment_id, analyst_id, indicator) ON DELETE CASCADE
) WITHOUT ROWID;

-- What changed and who changed it: one row per score given or revised.
CREATE TABLE assessment_history (
  id              INTEGER PRIMARY KEY,
  assessment_id   INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  analyst_id      INTEGER NOT NULL REFERENCES users(id),
  indicator       TEXT NOT NULL,
  old_score       INTEGER,  -- NULL: first score
  new_score       INTEGER NOT NULL,
  old_confidence  INTEGER,
  new_confidence  INTEGER NOT NULL,
  changed_by      TEXT NOT NULL,
  changed_at      TEXT NOT NULL
);
CREATE INDEX assessment_history_by_assessment ON assessment_history(assessment_id, id);

-- Upcoming trigger dates analysts maintain (indicator 8.8): elections, referendums,
-- censuses, transitions, anniversaries. Installation-wide reference data.
CREATE TABLE trigger_dates (
  id           INTEGER PRIMARY KEY,
  gw           INTEGER NOT NULL,
  date         TEXT NOT NULL,  -- YYYY-MM-DD
  kind         TEXT NOT NULL CHECK (kind IN ('election', 'referendum', 'census', 'transition', 'anniversary', 'other')),
  description  TEXT NOT NULL,
  source       TEXT NOT NULL DEFAULT '',
  added_by     TEXT NOT NULL,
  added_at     TEXT NOT NULL
);
CREATE INDEX trigger_dates_by_country ON trigger_dates(gw, date);

-- An opinion pool: its members are its need-to-know (forecasts and the
-- leaderboard are shown to members only).
CREATE TABLE pools (
  id                     INTEGER PRIMARY KEY,
  name                   TEXT NOT NULL UNIQUE,
  -- 0: pool by plain mean log-odds; otherwise this fixed extremising factor.
  -- NULL: the factor chosen on the pool's resolved questions.
  extremising            REAL,
  created_by             TEXT NOT NULL,
  created_at             TEXT NOT NULL,
  owner_organisation_id  INTEGER REFERENCES organisations(id)
);

CREATE TABLE pool_members (
  pool_id   INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  user_id   INTEGER NOT NULL REFERENCES users(id),
  added_at  TEXT NOT NULL,
  PRIMARY KEY (pool_id, user_id)
) WITHOUT ROWID;

-- A yes/no question with a deadline and resolution criteria, and its resolution.
CREATE TABLE pool_questions (
  id                     INTEGER PRIMARY KEY,
  pool_id                INTEGER NOT NULL REFERENCES pools(id),
  gw                     INTEGER,  -- the country it is about, if any (combined view)
  text                   TEXT NOT NULL,
  criteria               TEXT NOT NULL,
  deadline               TEXT NOT NULL,  -- YYYY-MM-DD: forecasts close at its end
  created_by             TEXT NOT NULL,
  created_at             TEXT NOT NULL,
  label                  INTEGER NOT NULL DEFAULT 1 CHECK (label BETWEEN 0 AND 3),
  owner_organisation_id  INTEGER REFERENCES organisations(id),
  case_id                INTEGER,
  outcome                INTEGER CHECK (outcome IN (0, 1)),  -- NULL until resolved
  resolution_source      TEXT,
  resolved_by            TEXT,
  resolved_at            TEXT
);
CREATE INDEX pool_questions_by_pool ON pool_questions(pool_id);
CREATE INDEX pool_questions_by_country ON pool_questions(gw);

-- Every forecast and revision; a forecaster's latest before the question closed counts.
CREATE TABLE pool_forecasts (
  id           INTEGER PRIMARY KEY,
  question_id  INTEGER NOT NULL REFERENCES pool_questions(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  probability  REAL NOT NULL CHECK (probability >= 0.001 AND probability <= 0.999),
  rationale    TEXT NOT NULL,
  made_at      TEXT NOT NULL
);
CREATE INDEX pool_forecasts_by_question ON pool_forecasts(question_id, user_id, id);
