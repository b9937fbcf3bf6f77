-- flowc store, schema version 10 (issue 10): a job outside a run has no entry in jobs_run.

-- Every statement that reads this index names one run (run_id = ?), which a NULL never equals;
-- statistics over the jobs outside a run read the whole table anyway. An entry per job enqueued
-- outside a run was an index insert per job that nothing read, on the user's path with
-- enqueueAll (docs/performance.md).
DROP INDEX jobs_run;
CREATE INDEX jobs_run ON jobs (run_id) WHERE run_id IS NOT NULL;
