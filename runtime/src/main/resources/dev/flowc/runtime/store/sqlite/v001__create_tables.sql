-- flowc store, schema version 1. Times are milliseconds since the epoch, UTC.

CREATE TABLE runs (
  id                INTEGER PRIMARY KEY,
  pipeline          TEXT    NOT NULL,
  status            TEXT    NOT NULL,
  params            TEXT    NOT NULL,
  source_path       TEXT,
  base_dir          TEXT,
  jobs              INTEGER NOT NULL,
  -- Counters kept in the same transaction as every job transition, so the run's status never
  -- needs a scan of its jobs.
  unfinished        INTEGER NOT NULL,
  dead              INTEGER NOT NULL DEFAULT 0,
  cancelled         INTEGER NOT NULL DEFAULT 0,
  cancel_requested  INTEGER NOT NULL DEFAULT 0,
  created_at        INTEGER NOT NULL,
  finished_at       INTEGER
);

CREATE TABLE queues (
  name        TEXT PRIMARY KEY,
  concurrency INTEGER
) WITHOUT ROWID;

CREATE TABLE jobs (
  id                INTEGER PRIMARY KEY,
  run_id            INTEGER,
  stage             TEXT    NOT NULL,
  handler           TEXT    NOT NULL,
  queue             TEXT    NOT NULL,
  priority          INTEGER NOT NULL,
  state             TEXT    NOT NULL,
  run_at            INTEGER NOT NULL,
  unmet             INTEGER NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  claims            INTEGER NOT NULL DEFAULT 0,
  budget_from       INTEGER NOT NULL DEFAULT 0,
  max_retries       INTEGER NOT NULL,
  backoff_kind      TEXT    NOT NULL,
  backoff_base_ms   INTEGER NOT NULL,
  backoff_max_ms    INTEGER NOT NULL,
  timeout_ms        INTEGER,
  reclaims          INTEGER NOT NULL DEFAULT 0,
  progress          INTEGER NOT NULL DEFAULT 0,
  input             TEXT    NOT NULL,
  metadata          TEXT    NOT NULL,
  description       TEXT,
  result            TEXT,
  lease_owner       TEXT,
  lease_until       INTEGER,
  cancel_requested  INTEGER NOT NULL DEFAULT 0,
  cancelled_by      INTEGER,
  last_error        TEXT,
  created_at        INTEGER NOT NULL,
  started_at        INTEGER,
  finished_at       INTEGER
);

-- The claim path: only ready jobs are in it, in claim order. Blocked and finished jobs never are.
CREATE INDEX jobs_ready ON jobs (priority DESC, run_at, id) WHERE state IN ('pending', 'retrying');
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_run ON jobs (run_id);
CREATE INDEX jobs_cancelled_by ON jobs (cancelled_by) WHERE cancelled_by IS NOT NULL;

CREATE TABLE job_deps (
  job_id      INTEGER NOT NULL,
  depends_on  INTEGER NOT NULL,
  PRIMARY KEY (job_id, depends_on)
) WITHOUT ROWID;
CREATE INDEX job_deps_parent ON job_deps (depends_on, job_id);

CREATE TABLE job_errors (
  id           INTEGER PRIMARY KEY,
  job_id       INTEGER NOT NULL,
  attempt      INTEGER NOT NULL,
  error_class  TEXT    NOT NULL,
  message      TEXT,
  stack_trace  TEXT,
  failed_at    INTEGER NOT NULL,
  worker       TEXT
);
CREATE INDEX job_errors_job ON job_errors (job_id, id);

CREATE TABLE dead_letters (
  id           INTEGER PRIMARY KEY,
  job_id       INTEGER NOT NULL,
  run_id       INTEGER,
  error        TEXT,
  attempts     INTEGER NOT NULL,
  failed_at    INTEGER NOT NULL,
  replayed_at  INTEGER
);
CREATE INDEX dead_letters_open ON dead_letters (id) WHERE replayed_at IS NULL;
CREATE INDEX dead_letters_job ON dead_letters (job_id);
