-- flowc store on PostgreSQL, schema version 2: the workers registry (as in the SQLite store's
-- version 3). "queues" and "running_jobs" are comma-separated lists.
CREATE TABLE workers (
  id            text    PRIMARY KEY,
  host          text    NOT NULL,
  pid           bigint  NOT NULL,
  queues        text    NOT NULL,
  threads       integer NOT NULL,
  started_at    bigint  NOT NULL,
  heartbeat_at  bigint  NOT NULL,
  running_jobs  text    NOT NULL
);
