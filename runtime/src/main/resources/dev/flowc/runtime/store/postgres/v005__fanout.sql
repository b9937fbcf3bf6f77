-- flowc store on PostgreSQL, schema version 5 (language version 2): conditions, fan-out, the skipped state.

-- What a job's gate decides when its dependencies are met (store/jdbc Gates): its condition
-- ("when", a JSON expression tree of the IR) and its fan-out ("each": {over, var, index_var,
-- max_items}). Both NULL for a job of version 1, which becomes pending at once as before.
ALTER TABLE jobs ADD COLUMN when_expr text;
ALTER TABLE jobs ADD COLUMN each_spec text;
-- What the gate decided: 'ran' or 'skipped' for a job with a condition, NULL before; and, for a
-- skipped job, why (its condition was false, or which dependency was skipped).
ALTER TABLE jobs ADD COLUMN when_outcome text;
ALTER TABLE jobs ADD COLUMN skip_reason text;
-- A fanned-out stage's job: how many items it made (NULL until they are made). An item: its
-- stage's job, its 0-based index and its element (JSON).
ALTER TABLE jobs ADD COLUMN items integer;
ALTER TABLE jobs ADD COLUMN group_id bigint;
ALTER TABLE jobs ADD COLUMN item_index integer;
ALTER TABLE jobs ADD COLUMN item_element text;

-- A dependency whose state the job reads ("waits_for_final"): the job waits until it is final in
-- any state, and is neither cancelled nor skipped with it.
ALTER TABLE job_deps ADD COLUMN on_final integer NOT NULL DEFAULT 0;

-- A stage's items in item order (gathering their results, listing them).
CREATE INDEX jobs_items ON jobs (group_id, item_index) WHERE group_id IS NOT NULL;
-- Its items that are not final: whether the last one just ended is one probe, at any size.
CREATE INDEX jobs_items_open ON jobs (group_id)
  WHERE group_id IS NOT NULL AND state IN ('blocked', 'pending', 'running', 'retrying');
