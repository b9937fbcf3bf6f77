-- flowc store, schema version 3: the workers registry.

-- One row per worker pool that is running or stopped without a word (a crash); a clean stop
-- deletes its row, and a row without a heartbeat for several leases is not shown as live.
-- "queues" and "running_jobs" are comma-separated lists.
CREATE TABLE workers (
  id            TEXT    PRIMARY KEY,
  host          TEXT    NOT NULL,
  pid           INTEGER NOT NULL,
  queues        TEXT    NOT NULL,
  threads       INTEGER NOT NULL,
  started_at    INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL,
  running_jobs  TEXT    NOT NULL
) WITHOUT ROWID;
