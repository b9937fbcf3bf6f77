-- flowc store, schema version 4: plans submitted in several transactions.

-- A large plan is written in chunks into a run whose status is 'submitting', which no read shows
-- and no claim reaches, then published by one last transaction. The submitter holds a lease on it
-- ("submit_owner" until "submit_until"), renewed by every chunk; a submitting run whose lease
-- expired (its submitter was killed) is deleted by the reclaim timer of any worker.
ALTER TABLE runs ADD COLUMN submit_owner TEXT;
ALTER TABLE runs ADD COLUMN submit_until INTEGER;
CREATE INDEX runs_submitting ON runs (submit_until) WHERE status = 'submitting';

-- While its run is submitting, a root job waits as 'blocked' with no unmet dependency, a pair
-- that exists nowhere else; publishing makes these jobs pending, through this index.
CREATE INDEX jobs_held ON jobs (run_id) WHERE state = 'blocked' AND unmet = 0;
