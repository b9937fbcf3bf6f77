package dev.flowc.runtime;

import java.util.Optional;

/**
 * What a submit did: it made a new run, or found that its key already named one.
 *
 * @param runId the run's id: the new run's, or the first run with the key
 * @param created whether this submit made the run (false: the key was used before)
 * @param run the run as stored now; empty only when the key's run was purged since
 */
public record Submitted(long runId, boolean created, Optional<RunView> run) {}
