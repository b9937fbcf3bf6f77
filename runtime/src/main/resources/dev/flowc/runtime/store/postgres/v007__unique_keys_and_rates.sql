-- flowc store on PostgreSQL, schema version 7 (issue 13): unique jobs and queue rates.

-- A job enqueued with a unique key (EnqueueRequest.uniqueKey): while it is not final, enqueueing
-- another job with the key returns this one. The index is the rule itself: two jobs that are not
-- final never share a key, whatever writes them.
ALTER TABLE jobs ADD COLUMN unique_key text;
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key)
  WHERE unique_key IS NOT NULL AND state IN ('blocked', 'pending', 'running', 'retrying');

-- A queue's rate ("rate N/s|m|h"): at most rate_limit claims per rate_period_ms, as a token
-- bucket of rate_limit tokens refilled continuously. tokens is what the bucket held at
-- refilled_at (epoch ms); the claim adds what came back since, takes one per job, and writes both.
-- All NULL for a queue without a rate.
ALTER TABLE queues ADD COLUMN rate_limit integer;
ALTER TABLE queues ADD COLUMN rate_period_ms bigint;
ALTER TABLE queues ADD COLUMN tokens double precision;
ALTER TABLE queues ADD COLUMN refilled_at bigint;
