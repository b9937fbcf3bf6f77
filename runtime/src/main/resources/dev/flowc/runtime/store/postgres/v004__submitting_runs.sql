-- flowc store on PostgreSQL, schema version 4: plans submitted in several transactions (as in the
-- SQLite store's version 4).

-- A large plan is written in chunks into a run whose status is 'submitting', which no read shows
-- and no claim reaches, then published by one last transaction. The submitter holds a lease on it
-- ("submit_owner" until "submit_until"), renewed by every chunk; a submitting run whose lease
-- expired (its submitter was killed) is deleted by the reclaim timer of any worker.
ALTER TABLE runs ADD COLUMN submit_owner text, ADD COLUMN submit_until bigint;
CREATE INDEX runs_submitting ON runs (submit_until) WHERE status = 'submitting';

-- While its run is submitting, a root job waits as 'blocked' with no unmet dependency, a pair
-- that exists nowhere else; publishing makes these jobs pending, through this index.
CREATE INDEX jobs_held ON jobs (run_id) WHERE state = 'blocked' AND unmet = 0;

-- A submitting run keeps its status in the view, so the reads that leave it out can say so once
-- for both stores.
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
  CASE WHEN u.unfinished > 0 THEN NULL ELSE coalesce(u.last_at, r.finished_at) END AS finished_at
FROM runs r
CROSS JOIN LATERAL (
  SELECT r.unfinished + coalesce(sum(d.unfinished), 0) AS unfinished,
    r.dead + coalesce(sum(d.dead), 0) AS dead,
    r.cancelled + coalesce(sum(d.cancelled), 0) AS cancelled,
    max(d.at) AS last_at
  FROM run_deltas d WHERE d.run_id = r.id) u;
