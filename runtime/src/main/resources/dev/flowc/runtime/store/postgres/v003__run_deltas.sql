-- flowc store on PostgreSQL, schema version 3: no hot row. A transaction that changes a run's
-- counters inserts one row here instead of updating the run's row, which every completion of
-- the run would otherwise lock until its commit (serializing all workers on one row). Workers
-- fold these rows into their runs now and then; runs_now adds the ones not folded yet.
CREATE TABLE run_deltas (
  run_id      bigint  NOT NULL,
  unfinished  integer NOT NULL,
  dead        integer NOT NULL,
  cancelled   integer NOT NULL,
  at          bigint  NOT NULL
);
CREATE INDEX run_deltas_run ON run_deltas (run_id);

-- The runs with their current counters, status and end: what every read of a run uses. Every
-- change kept apart changes "unfinished", so a run that has ended ended at the last one.
CREATE VIEW runs_now AS
SELECT r.id, r.pipeline,
  CASE
    WHEN u.unfinished > 0 THEN 'running'
    WHEN r.cancel_requested = 1 THEN 'cancelled'
    WHEN u.dead > 0 THEN 'failed'
    WHEN u.cancelled > 0 THEN 'cancelled'
    ELSE 'complete' END AS status,
  r.params, r.source_path, r.base_dir, r.jobs, u.unfinished, u.dead, u.cancelled,
  r.cancel_requested, r.created_at,
  CASE WHEN u.unfinished > 0 THEN NULL ELSE coalesce(u.last_at, r.finished_at) END AS finished_at
FROM runs r
CROSS JOIN LATERAL (
  SELECT r.unfinished + coalesce(sum(d.unfinished), 0) AS unfinished,
    r.dead + coalesce(sum(d.dead), 0) AS dead,
    r.cancelled + coalesce(sum(d.cancelled), 0) AS cancelled,
    max(d.at) AS last_at
  FROM run_deltas d WHERE d.run_id = r.id) u;
