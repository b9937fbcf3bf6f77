-- flowc store on PostgreSQL, schema version 6: idempotency keys of runs, and deployed schedules
-- (as in the SQLite store's version 6).

-- A run's idempotency key ("flowc submit --key", a schedule tick's "schedule:NAME:TICK"). Kept in
-- a table of its own that purging runs never touches, so a key stays taken forever in this store:
-- a later submit with it returns the first run's id, even once that run was purged.
CREATE TABLE run_keys (
  key         text    PRIMARY KEY,
  run_id      bigint  NOT NULL,
  created_at  bigint  NOT NULL
);

-- What a run shows of how it was made: its key, and the schedule tick that made it.
ALTER TABLE runs ADD COLUMN run_key text, ADD COLUMN scheduled_at bigint;

-- The schedules of deployed pipelines ("flowc deploy"), one row per schedule, each with the plan
-- compiled for it (its params substituted, as IR JSON). Times are epoch milliseconds.
CREATE TABLE schedules (
  name            text    PRIMARY KEY,
  pipeline        text    NOT NULL,
  cron            text    NOT NULL,
  timezone        text    NOT NULL,
  catchup         text    NOT NULL,
  overlap         text    NOT NULL,
  params          text    NOT NULL,
  plan            text    NOT NULL,
  source_path     text,
  base_dir        text,
  paused          integer NOT NULL DEFAULT 0,
  -- The next tick to fire (every tick before it was fired or skipped); NULL when the cron
  -- expression never fires again.
  next_tick       bigint,
  last_tick       bigint,
  last_run_id     bigint,
  skipped_tick    bigint,
  skipped_reason  text,
  deployed_at     bigint  NOT NULL,
  revision        integer NOT NULL DEFAULT 1
);
CREATE INDEX schedules_due ON schedules (next_tick) WHERE paused = 0;
CREATE INDEX schedules_pipeline ON schedules (pipeline);

-- The view of runs with their key and tick, added at its end (as CREATE OR REPLACE requires).
CREATE OR REPLACE VIEW runs_now AS
SELECT r.id, r.pipeline,
  CASE
    WHEN r.status = 'submitting' THEN 'submitting'
    WHEN u.unfinished > 0 THEN 'running'
    WHEN r.cancel_requested = 1 THEN 'cancelled'
    WHEN u.dead > 0 THEN 'failed'
    WHEN u.cancelled > 0 THEN 'cancelled'
    ELSE 'complete' END AS status,
  r.params, r.source_path, r.base_dir, r.jobs, u.unfinished, u.dead, u.cancelled,
  r.cancel_requested, r.created_at,
  CASE WHEN u.unfinished > 0 THEN NULL ELSE coalesce(u.last_at, r.finished_at) END AS finished_at,
  r.run_key, r.scheduled_at
FROM runs r
CROSS JOIN LATERAL (
  SELECT r.unfinished + coalesce(sum(d.unfinished), 0) AS unfinished,
    r.dead + coalesce(sum(d.dead), 0) AS dead,
    r.cancelled + coalesce(sum(d.cancelled), 0) AS cancelled,
    max(d.at) AS last_at
  FROM run_deltas d WHERE d.run_id = r.id) u;
