-- flowc store, schema version 2: what each attempt of a job printed and logged.

-- One row per attempt that wrote anything, written in the same transaction as the attempt's
-- outcome. "lines" is a JSON array of [time_ms, level, text]; "omitted_lines" lines were dropped
-- from the middle, before the line at index "omitted_at", to keep the row bounded.
CREATE TABLE job_logs (
  id             INTEGER PRIMARY KEY,
  job_id         INTEGER NOT NULL,
  attempt        INTEGER NOT NULL,
  line_count     INTEGER NOT NULL,
  omitted_lines  INTEGER NOT NULL DEFAULT 0,
  omitted_at     INTEGER NOT NULL DEFAULT 0,
  lines          TEXT    NOT NULL
);
CREATE UNIQUE INDEX job_logs_job ON job_logs (job_id, attempt);
