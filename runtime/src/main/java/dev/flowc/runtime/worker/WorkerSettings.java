package dev.flowc.runtime.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * The runtime-wide policy workers follow.
 *
 * @param clock the time source
 * @param leaseDuration how long a claim lasts without a heartbeat
 * @param heartbeatInterval how often leases are renewed
 * @param pollInterval how often an idle worker looks for work made ready by other processes
 * @param maxReclaims after how many lost leases a job is dead
 * @param random the source of backoff jitter
 * @param captureOutput whether what handlers print to {@code System.out} and {@code System.err}
 *     goes to their attempt's log (see {@link OutputCapture})
 * @param claimFailureLimit how long claims may keep failing before a worker stops (the store's
 *     reconnect timeout)
 */
public record WorkerSettings(
    Clock clock,
    Duration leaseDuration,
    Duration heartbeatInterval,
    Duration pollInterval,
    int maxReclaims,
    Random random,
    boolean captureOutput,
    Duration claimFailureLimit) {}
