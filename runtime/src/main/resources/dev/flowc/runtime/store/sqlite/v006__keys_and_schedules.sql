-- flowc store, schema version 6: idempotency keys of runs, and deployed schedules.

-- A run's idempotency key ("flowc submit --key", a schedule tick's "schedule:NAME:TICK"). Kept in
-- a table of its own that purging runs never touches, so a key stays taken forever in this store:
-- a later submit with it returns the first run's id, even once that run was purged.
CREATE TABLE run_keys (
  key         TEXT    PRIMARY KEY,
  run_id      INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);

-- What a run shows of how it was made: its key, and the schedule tick that made it.
ALTER TABLE runs ADD COLUMN run_key TEXT;
ALTER TABLE runs ADD COLUMN scheduled_at INTEGER;

-- The schedules of deployed pipelines ("flowc deploy"), one row per schedule, each with the plan
-- compiled for it (its params substituted, as IR JSON). Times are epoch milliseconds.
CREATE TABLE schedules (
  name            TEXT    PRIMARY KEY,
  pipeline        TEXT    NOT NULL,
  cron            TEXT    NOT NULL,
  timezone        TEXT    NOT NULL,
  catchup         TEXT    NOT NULL,
  overlap         TEXT    NOT NULL,
  params          TEXT    NOT NULL,
  plan            TEXT    NOT NULL,
  source_path     TEXT,
  base_dir        TEXT,
  paused          INTEGER NOT NULL DEFAULT 0,
  -- The next tick to fire (every tick before it was fired or skipped); NULL when the cron
  -- expression never fires again.
  next_tick       INTEGER,
  last_tick       INTEGER,
  last_run_id     INTEGER,
  skipped_tick    INTEGER,
  skipped_reason  TEXT,
  deployed_at     INTEGER NOT NULL,
  revision        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX schedules_due ON schedules (next_tick) WHERE paused = 0;
CREATE INDEX schedules_pipeline ON schedules (pipeline);
