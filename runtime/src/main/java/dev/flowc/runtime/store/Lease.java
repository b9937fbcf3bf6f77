package dev.flowc.runtime.store;

/**
 * The fence of one claim: every write about a running job names the lease it holds, and a store
 * applies it only while the job is still {@code running} under that same claim. A worker that lost
 * its lease (expired, reclaimed, claimed again) therefore changes nothing.
 *
 * @param jobId the job
 * @param owner the worker's id
 * @param claim the job's claim counter when it was claimed, unique per claim of the job
 */
public record Lease(long jobId, String owner, int claim) {}
