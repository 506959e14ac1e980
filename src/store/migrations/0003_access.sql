-- Access control (src/access, docs/security.md): organisations as tenants, users
-- and their roles, sessions and API tokens, the labels and sharing of records,
-- idempotency keys of API writes, and the hash-chained audit log.
-- Stored enum values: clearance 0 public, 1 restricted, 2 confidential,
-- 3 strictly confidential; roles 1..7 as in tocsin/access/role.h. Never renumbered.

CREATE TABLE organisations (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL
);

CREATE TABLE users (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,  -- the login name
  display_name     TEXT NOT NULL DEFAULT '',
  organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  clearance        INTEGER NOT NULL CHECK (clearance BETWEEN 0 AND 3),
  password_hash    TEXT NOT NULL,         -- argon2id, libsodium string form
  disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX users_by_organisation ON users(organisation_id);

CREATE TABLE user_roles (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role     INTEGER NOT NULL CHECK (role BETWEEN 1 AND 7),
  PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

-- Server-side sessions. Only SHA-256 hashes of the secrets are stored, so a copy
-- of the database does not let anyone log in.
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  csrf_hash     TEXT NOT NULL,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL,  -- the absolute timeout
  ended_at      TEXT            -- logout
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

-- Labels of the records that exist so far. A record without an owner belongs to
-- the whole installation; case_id is the need-to-know link to a case (the case
-- tables come with the respond module, so there is no foreign key yet).
ALTER TABLE model_runs ADD COLUMN label INTEGER NOT NULL DEFAULT 0 CHECK (label BETWEEN 0 AND 3);
-- The per-country drivers of a run may be more sensitive than its risks.
ALTER TABLE model_runs ADD COLUMN drivers_label INTEGER NOT NULL DEFAULT 0 CHECK (drivers_label BETWEEN 0 AND 3);
ALTER TABLE model_runs ADD COLUMN owner_organisation_id INTEGER REFERENCES organisations(id);
ALTER TABLE model_runs ADD COLUMN case_id INTEGER;
ALTER TABLE panel_datasets ADD COLUMN label INTEGER NOT NULL DEFAULT 0 CHECK (label BETWEEN 0 AND 3);
ALTER TABLE panel_datasets ADD COLUMN owner_organisation_id INTEGER REFERENCES organisations(id);
ALTER TABLE panel_datasets ADD COLUMN case_id INTEGER;

-- Sharing of any record (resource as tocsin::access::Resource) with named organisations.
CREATE TABLE record_shares (
  resource         INTEGER NOT NULL,
  record_id        INTEGER NOT NULL,
  organisation_id  INTEGER NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (resource, record_id, organisation_id)
) WITHOUT ROWID;

-- A write retried with the same key returns the first answer instead of writing twice.
CREATE TABLE idempotency_keys (
  user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key            TEXT NOT NULL,
  request_hash   TEXT NOT NULL,  -- SHA-256 of method, path and body
  status         INTEGER NOT NULL,
  response_body  TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

-- Append-only and hash-chained: hash = SHA-256(previous_hash || canonical entry),
-- where the canonical entry is the JSON of every other column (access/audit_log.cc).
-- The triggers that refuse UPDATE and DELETE are migration 0010, one file per
-- backend.
CREATE TABLE audit_log (
  sequence               INTEGER PRIMARY KEY,  -- 1, 2, 3, ... without gaps
  at                     TEXT NOT NULL,        -- UTC
  actor_user_id          INTEGER,              -- no foreign key: the log outlives accounts
  actor_name             TEXT NOT NULL,
  actor_organisation_id  INTEGER,
  action                 TEXT NOT NULL,        -- e.g. "user.create", "forecast.read"
  resource               TEXT NOT NULL,
  record_id              TEXT NOT NULL,
  reason                 TEXT NOT NULL,        -- why, where the caller gave it
  detail                 TEXT NOT NULL,        -- JSON; never secrets or report text
  previous_hash          TEXT NOT NULL,
  hash                   TEXT NOT NULL
)
