package dev.flowc.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A deployed schedule as stored, with what it last did.
 *
 * @param name the schedule's name, unique in the store
 * @param pipeline the pipeline it starts runs of
 * @param cron its cron expression
 * @param timezone the IANA zone its cron expression's local times are in
 * @param catchup {@code none}, {@code latest} or {@code all}
 * @param overlap {@code skip} or {@code allow}
 * @param params the schedule's params (a JSON object)
 * @param paused whether it is paused: a paused schedule fires nothing
 * @param nextTick the next tick it fires (every tick before was fired or skipped); {@code null}
 *     when its cron expression never fires again
 * @param lastTick the last tick that made a run, or {@code null}
 * @param lastRunId the run its last fired tick made, or {@code null}
 * @param lastRunStatus that run's status; {@code null} when there is none, or it was purged
 * @param skippedTick the last tick that made no run, or {@code null}
 * @param skippedReason why it made none ({@code run 7 still running}), or {@code null}
 * @param deployedAt when it was last deployed
 * @param revision how many times it was deployed
 */
public record ScheduleView(
    String name,
    String pipeline,
    String cron,
    String timezone,
    String catchup,
    String overlap,
    JsonNode params,
    boolean paused,
    Instant nextTick,
    Instant lastTick,
    Long lastRunId,
    RunStatus lastRunStatus,
    Instant skippedTick,
    String skippedReason,
    Instant deployedAt,
    int revision) {}
