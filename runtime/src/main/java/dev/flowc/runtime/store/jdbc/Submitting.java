package dev.flowc.runtime.store.jdbc;

/**
 * The SQL that leaves out a run being submitted in chunks ({@link ChunkedSubmit}) and its jobs:
 * until its last transaction publishes it, no read, claim or transition sees them.
 */
final class Submitting {
  /** A condition on {@code jobs}: the job belongs to no run being submitted. */
  static final String NOT_IN_SUBMITTING_RUN =
      "NOT EXISTS (SELECT 1 FROM runs s WHERE s.id = jobs.run_id AND s.status = 'submitting')";

  private Submitting() {}
}
