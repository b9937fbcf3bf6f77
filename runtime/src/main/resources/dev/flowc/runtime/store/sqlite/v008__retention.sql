-- flowc store, schema version 8 (issue 13): retention.

-- The finished runs a purge looks for, oldest first: a run being submitted, or running, has no
-- finished_at and is not in it.
CREATE INDEX runs_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;
