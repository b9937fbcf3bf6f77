package dev.flowc.runtime;

import java.time.Instant;
import java.util.List;

/**
 * A worker that is live in the store's workers registry: it registered when it started and has sent
 * a heartbeat lately (see {@link FlowRuntime#workers()}).
 *
 * @param id the worker's id, {@code host:pid:n}, as in its jobs' leases
 * @param host the name of the machine it runs on
 * @param pid its process id on that machine
 * @param queues the queues it serves, sorted; empty when it serves every queue
 * @param threads its handler threads
 * @param startedAt when it started
 * @param lastHeartbeat when it last said it was alive
 * @param runningJobs the ids of the jobs it held (claimed or running) at that heartbeat, sorted
 */
public record WorkerInfo(
    String id,
    String host,
    long pid,
    List<String> queues,
    int threads,
    Instant startedAt,
    Instant lastHeartbeat,
    List<Long> runningJobs) {
  /** Copies the lists. */
  public WorkerInfo {
    queues = List.copyOf(queues);
    runningJobs = List.copyOf(runningJobs);
  }
}
