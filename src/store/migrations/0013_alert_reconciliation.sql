-- Alerts follow the events as they are now, not as they were when first raised.
-- An alert the events no longer support (a late report filled in its baseline,
-- an episode merged into another) is withdrawn, never deleted: it may be owned,
-- decided, cited by a decision or the origin of a case. support_start is the first
-- day of the events its figures depend on (its baseline as well as its windows;
-- '0000-01-01' for detectors that read the whole history): its label covers them
-- all. NULL (alerts stored before this migration) reads as window_start.
ALTER TABLE alerts ADD COLUMN withdrawn_at TEXT;
ALTER TABLE alerts ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE alerts ADD COLUMN support_start TEXT;

-- A counter of changes to the events, raised by every write that inserts or
-- changes one: an evaluation made on a snapshot is saved only if no event
-- changed since, else it is made again inside the saving transaction.
CREATE TABLE event_changes (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO event_changes (id, version) VALUES (1, 0);
