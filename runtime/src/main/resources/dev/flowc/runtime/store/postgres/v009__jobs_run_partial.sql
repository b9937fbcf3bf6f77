-- flowc store on PostgreSQL, schema version 9 (issue 10): the index of a run's jobs leaves out
-- the jobs enqueued outside a run. Every statement that reads it names one run (run_id = ?),
-- which implies run_id IS NOT NULL, so the planner uses it as before; an enqueueAll of jobs
-- without a run no longer adds an entry per job under NULL (about a seventh of the server's time
-- per row of its COPY; docs/performance.md). The count of jobs outside runs (stats) reads the whole
-- table either way.
CREATE INDEX jobs_run_set ON jobs (run_id) WHERE run_id IS NOT NULL;
DROP INDEX jobs_run;
ALTER INDEX jobs_run_set RENAME TO jobs_run;
