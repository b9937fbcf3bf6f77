-- flowc store, schema version 9: an id is never given twice.

-- SQLite gives a new row the largest id + 1, and the store reserves job ids the same way. Once a
-- purge had removed the newest runs, their ids came again: a run key, a schedule's last run or a
-- script that kept a run id would then name another run. The largest run and job ids removed are
-- kept here, and new ids come after them.
CREATE TABLE id_marks (
  name     TEXT    PRIMARY KEY,
  last_id  INTEGER NOT NULL
) WITHOUT ROWID;

-- What a store purged before this version still shows of runs it no longer has.
INSERT INTO id_marks (name, last_id)
SELECT 'runs', max(coalesce((SELECT max(run_id) FROM run_keys), 0),
                   coalesce((SELECT max(last_run_id) FROM schedules), 0));

-- Only the removal of the largest id writes (the condition is one look at the table's last row),
-- and every removal does, whoever removes: a purge, an abandoned submit, a hand-made DELETE.
CREATE TRIGGER runs_keep_last_id AFTER DELETE ON runs
WHEN OLD.id > coalesce((SELECT max(id) FROM runs), 0)
BEGIN
  INSERT OR REPLACE INTO id_marks (name, last_id)
  VALUES ('runs', max(OLD.id, coalesce((SELECT last_id FROM id_marks WHERE name = 'runs'), 0)));
END;

CREATE TRIGGER jobs_keep_last_id AFTER DELETE ON jobs
WHEN OLD.id > coalesce((SELECT max(id) FROM jobs), 0)
BEGIN
  INSERT OR REPLACE INTO id_marks (name, last_id)
  VALUES ('jobs', max(OLD.id, coalesce((SELECT last_id FROM id_marks WHERE name = 'jobs'), 0)));
END;
