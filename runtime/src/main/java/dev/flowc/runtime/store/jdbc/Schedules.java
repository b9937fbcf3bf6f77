package dev.flowc.runtime.store.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowc.dag.Cron;
import dev.flowc.dag.Plan;
import dev.flowc.dag.PlanCodec;
import dev.flowc.dag.Schedule;
import dev.flowc.runtime.RunStatus;
import dev.flowc.runtime.ScheduleView;
import dev.flowc.runtime.ScheduledPlan;
import dev.flowc.runtime.TickOutcome;
import dev.flowc.runtime.store.NewRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Deployed schedules, in {@code schedules}, and the firing of their due ticks.
 *
 * <p>A due tick is fired in one transaction that locks the schedule's row (PostgreSQL: {@code FOR
 * UPDATE SKIP LOCKED}, so a second firer passes over it; SQLite: one writer at a time), inserts the
 * run under the key {@code schedule:NAME:TICK} and advances the schedule's {@code next_tick}. The
 * row's {@code next_tick}, read under the lock, and the key's uniqueness make it one run per tick
 * whatever the number of firers.
 */
final class Schedules {
  /**
   * How old a tick may be when it is first seen due and still be fired under {@code catchup none}:
   * older ones were missed while nothing watched. Firers look every second or so.
   */
  static final Duration CATCHUP_NONE_WINDOW = Duration.ofMinutes(1);

  private static final String COLUMNS =
      "s.name, s.pipeline, s.cron, s.timezone, s.catchup, s.overlap, s.params, s.paused,"
          + " s.next_tick, s.last_tick, s.last_run_id, r.status, s.skipped_tick, s.skipped_reason,"
          + " s.deployed_at, s.revision";

  // "runs " names the table or the dialect's view of runs with current counters.
  private static final String LIST =
      "SELECT " + COLUMNS + " FROM schedules s LEFT JOIN runs r ON r.id = s.last_run_id";

  private static final String OWNER =
      "SELECT pipeline, cron, timezone FROM schedules WHERE name = ?";

  private static final String OF_PIPELINE = "SELECT name FROM schedules WHERE pipeline = ?";

  private static final String DELETE = "DELETE FROM schedules WHERE name = ?";

  private static final String INSERT =
      "INSERT INTO schedules (name, pipeline, cron, timezone, catchup, overlap, params, plan,"
          + " source_path, base_dir, paused, next_tick, deployed_at, revision)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 1)";

  private static final String UPDATE =
      "UPDATE schedules SET cron = ?, timezone = ?, catchup = ?, overlap = ?, params = ?,"
          + " plan = ?, source_path = ?, base_dir = ?, deployed_at = ?, revision = revision + 1"
          + " WHERE name = ?";

  private static final String RESET_NEXT = "UPDATE schedules SET next_tick = ? WHERE name = ?";

  private static final String PAUSE = "UPDATE schedules SET paused = ? WHERE name = ?";

  private static final String DUE =
      "SELECT name FROM schedules WHERE paused = 0 AND next_tick <= ? ORDER BY next_tick, name";

  // %s: the dialect's row locking (FOR UPDATE SKIP LOCKED on PostgreSQL).
  private static final String LOCK_DUE =
      "SELECT cron, timezone, catchup, overlap, plan, base_dir, next_tick, last_run_id"
          + " FROM schedules WHERE name = ? AND paused = 0 AND next_tick <= ? %s";

  private static final String ADVANCE =
      "UPDATE schedules SET next_tick = ?, last_tick = coalesce(?, last_tick),"
          + " last_run_id = coalesce(?, last_run_id), skipped_tick = coalesce(?, skipped_tick),"
          + " skipped_reason = coalesce(?, skipped_reason) WHERE name = ?";

  // %s: the runs table or view.
  private static final String RUN_STATUS = "SELECT status FROM %s WHERE id = ?";

  private Schedules() {}

  /**
   * Stores {@code deployed} as the schedules of {@code pipeline}, replacing its previous ones: a
   * kept schedule keeps its pause flag and last-run state, and its next tick unless its cron
   * expression or time zone changed; a new one fires from its first tick after {@code now}.
   *
   * @throws IllegalArgumentException when a schedule name belongs to another pipeline: nothing is
   *     stored
   */
  static Void deploy(WriteTx tx, String pipeline, List<ScheduledPlan> deployed, Instant now)
      throws SQLException {
    Set<String> names = new HashSet<>();
    for (ScheduledPlan scheduled : deployed) {
      names.add(scheduled.schedule().name());
    }
    PreparedStatement ofPipeline = tx.prepare(OF_PIPELINE);
    ofPipeline.setString(1, pipeline);
    List<String> gone = new ArrayList<>();
    try (ResultSet rows = ofPipeline.executeQuery()) {
      while (rows.next()) {
        if (!names.contains(rows.getString(1))) {
          gone.add(rows.getString(1));
        }
      }
    }
    for (String name : gone) {
      PreparedStatement delete = tx.prepare(DELETE);
      delete.setString(1, name);
      delete.executeUpdate();
    }
    for (ScheduledPlan scheduled : deployed) {
      Schedule schedule = scheduled.schedule();
      Plan plan = scheduled.plan();
      PreparedStatement owner = tx.prepare(OWNER);
      owner.setString(1, schedule.name());
      String ownerPipeline = null;
      boolean sameTicks = false;
      try (ResultSet rows = owner.executeQuery()) {
        if (rows.next()) {
          ownerPipeline = rows.getString(1);
          sameTicks =
              rows.getString(2).equals(schedule.cron())
                  && rows.getString(3).equals(schedule.timezone());
        }
      }
      if (ownerPipeline != null && !ownerPipeline.equals(pipeline)) {
        throw new IllegalArgumentException(
            ("schedule '%s' is deployed for pipeline '%s' already: a schedule name is unique in a"
                    + " store; rename it, or remove the other first ('flowc schedule remove %s')")
                .formatted(schedule.name(), ownerPipeline, schedule.name()));
      }
      String params = paramsJson(schedule);
      String planJson = PlanCodec.toJson(plan);
      String source = plan.source() == null ? null : plan.source().path();
      if (ownerPipeline == null) {
        PreparedStatement insert = tx.prepare(INSERT);
        insert.setString(1, schedule.name());
        insert.setString(2, pipeline);
        insert.setString(3, schedule.cron());
        insert.setString(4, schedule.timezone());
        insert.setString(5, schedule.catchup().id());
        insert.setString(6, schedule.overlap().id());
        insert.setString(7, params);
        insert.setString(8, planJson);
        insert.setString(9, source);
        insert.setString(10, scheduled.baseDirectory());
        setMillis(insert, 11, firstTick(schedule, now));
        insert.setLong(12, tx.now());
        insert.executeUpdate();
      } else {
        PreparedStatement update = tx.prepare(UPDATE);
        update.setString(1, schedule.cron());
        update.setString(2, schedule.timezone());
        update.setString(3, schedule.catchup().id());
        update.setString(4, schedule.overlap().id());
        update.setString(5, params);
        update.setString(6, planJson);
        update.setString(7, source);
        update.setString(8, scheduled.baseDirectory());
        update.setLong(9, tx.now());
        update.setString(10, schedule.name());
        update.executeUpdate();
        if (!sameTicks) {
          // New times: from the deploy on, as for a new schedule; the old times' missed ticks
          // are not caught up.
          PreparedStatement reset = tx.prepare(RESET_NEXT);
          setMillis(reset, 1, firstTick(schedule, now));
          reset.setString(2, schedule.name());
          reset.executeUpdate();
        }
      }
    }
    return null;
  }

  /** The first tick of {@code schedule} after {@code now}: a deploy fires nothing from before. */
  private static Instant firstTick(Schedule schedule, Instant now) {
    return schedule.parsedCron().next(now, schedule.zone()).orElse(null);
  }

  private static String paramsJson(Schedule schedule) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    schedule.params().forEach(params::set);
    return params.toString();
  }

  private static void setMillis(PreparedStatement statement, int index, Instant at)
      throws SQLException {
    if (at == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, at.toEpochMilli());
    }
  }

  /** Every schedule, by name. */
  static List<ScheduleView> list(Connection connection, String runsView) throws SQLException {
    List<ScheduleView> schedules = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(inView(LIST + " ORDER BY s.name", runsView))) {
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          schedules.add(view(rows));
        }
      }
    }
    return schedules;
  }

  /** One schedule, or empty when there is none of that name. */
  static Optional<ScheduleView> find(Connection connection, String runsView, String name)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(inView(LIST + " WHERE s.name = ?", runsView))) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(view(rows)) : Optional.empty();
      }
    }
  }

  private static String inView(String sql, String runsView) {
    return sql.replace(" JOIN runs r ", " JOIN " + runsView + " r ");
  }

  private static ScheduleView view(ResultSet rows) throws SQLException {
    String status = rows.getString(12);
    return new ScheduleView(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        JobQueries.parse(rows.getString(7)),
        rows.getInt(8) != 0,
        instant(rows, 9),
        instant(rows, 10),
        JobTransitions.nullableLong(rows, 11),
        status == null || status.equals("submitting") ? null : RunStatus.fromLabel(status),
        instant(rows, 13),
        rows.getString(14),
        instant(rows, 15),
        rows.getInt(16));
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /**
   * Pauses or resumes a schedule. Resuming does not bring back the ticks that passed while it was
   * paused beyond what its catch-up policy makes of them.
   *
   * @throws NoSuchElementException when there is no schedule of that name
   */
  static Void pause(WriteTx tx, String name, boolean paused) throws SQLException {
    PreparedStatement pause = tx.prepare(PAUSE);
    pause.setInt(1, paused ? 1 : 0);
    pause.setString(2, name);
    if (pause.executeUpdate() == 0) {
      throw noSuchSchedule(name);
    }
    return null;
  }

  /**
   * Removes a schedule; its runs stay.
   *
   * @throws NoSuchElementException when there is no schedule of that name
   */
  static Void remove(WriteTx tx, String name) throws SQLException {
    PreparedStatement delete = tx.prepare(DELETE);
    delete.setString(1, name);
    if (delete.executeUpdate() == 0) {
      throw noSuchSchedule(name);
    }
    return null;
  }

  static NoSuchElementException noSuchSchedule(String name) {
    return new NoSuchElementException("no schedule '" + name + "'");
  }

  /** The names of the schedules with a tick due at {@code now}, read without a write lock. */
  static List<String> due(Connection connection, Instant now) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(DUE)) {
      select.setLong(1, now.toEpochMilli());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /**
   * Fires the due ticks of schedule {@code name} at {@code now}, as its catch-up and overlap
   * policies say, and advances it; nothing when it is not due any more (another firer did it) or is
   * locked by another firer.
   */
  static List<TickOutcome> fire(WriteTx tx, String name, Instant now) throws SQLException {
    PreparedStatement lock =
        tx.prepare(LOCK_DUE.formatted(tx.dialect().claimLocking()).stripTrailing());
    lock.setString(1, name);
    lock.setLong(2, now.toEpochMilli());
    String cronText;
    ZoneId zone;
    Schedule.Catchup catchup;
    boolean skipOverlap;
    String planJson;
    String baseDir;
    Instant nextTick;
    Long lastRunId;
    try (ResultSet rows = lock.executeQuery()) {
      if (!rows.next()) {
        return List.of();
      }
      cronText = rows.getString(1);
      zone = ZoneId.of(rows.getString(2));
      catchup = Schedule.Catchup.valueOf(rows.getString(3).toUpperCase(java.util.Locale.ROOT));
      skipOverlap = rows.getString(4).equals(Schedule.Overlap.SKIP.id());
      planJson = rows.getString(5);
      baseDir = rows.getString(6);
      nextTick = Instant.ofEpochMilli(rows.getLong(7));
      lastRunId = JobTransitions.nullableLong(rows, 8);
    }
    Cron cron = Cron.parse(cronText);
    List<Instant> due = dueTicks(cron, zone, nextTick, now, catchup);
    // Ticks due and not fired: before the catch-up's window, or dropped by its policy.
    Instant dropped = null;
    String droppedReason = null;
    Instant latestDue = cron.previous(now, zone).orElse(nextTick);
    if (due.isEmpty()) {
      dropped = latestDue;
      droppedReason = "missed while nothing watched the schedule (catchup none)";
    } else if (due.get(0).isAfter(nextTick)) {
      dropped = cron.previous(due.get(0).minusMillis(1), zone).orElse(nextTick);
      droppedReason =
          "missed while nothing watched the schedule (catchup %s)".formatted(catchup.id());
    }
    List<TickOutcome> outcomes = new ArrayList<>();
    Instant lastTick = null;
    Long madeRun = null;
    Instant skippedTick = dropped;
    String skippedReason = droppedReason;
    Plan plan = null;
    for (Instant tick : due) {
      Long previous = madeRun != null ? madeRun : lastRunId;
      if (skipOverlap && previous != null && isRunning(tx, previous)) {
        skippedTick = tick;
        skippedReason = "run %d still running".formatted(previous);
        outcomes.add(new TickOutcome(name, tick, null, skippedReason));
        continue;
      }
      String key = key(name, tick);
      OptionalLong existing = RunKeys.find(tx, key);
      long runId;
      if (existing.isPresent()) {
        // The tick made its run before (the schedule was removed and deployed again since).
        runId = existing.getAsLong();
      } else {
        if (plan == null) {
          plan = PlanCodec.fromJson(planJson);
        }
        runId = JobInserts.createRun(tx, new NewRun(plan, baseDir, count -> {}, key, tick));
      }
      lastTick = tick;
      madeRun = runId;
      outcomes.add(new TickOutcome(name, tick, runId, null));
    }
    PreparedStatement advance = tx.prepare(ADVANCE);
    setMillis(advance, 1, cron.next(now, zone).orElse(null));
    setMillis(advance, 2, lastTick);
    if (madeRun == null) {
      advance.setNull(3, Types.BIGINT);
    } else {
      advance.setLong(3, madeRun);
    }
    setMillis(advance, 4, skippedTick);
    advance.setString(5, skippedReason);
    advance.setString(6, name);
    advance.executeUpdate();
    return outcomes;
  }

  /**
   * The ticks to fire, oldest first, from {@code nextTick} (the first not handled) up to {@code
   * now}: {@code none} the latest only if it is within {@link #CATCHUP_NONE_WINDOW}, {@code latest}
   * the latest, {@code all} the latest {@link Schedule#MAX_CATCHUP_RUNS}.
   */
  static List<Instant> dueTicks(
      Cron cron, ZoneId zone, Instant nextTick, Instant now, Schedule.Catchup catchup) {
    Instant latest = cron.previous(now, zone).orElse(null);
    if (latest == null || latest.isBefore(nextTick)) {
      // The stored next tick is due but the cron expression finds none since (a cron changed
      // under it): the stored one is the tick.
      latest = nextTick;
    }
    switch (catchup) {
      case NONE:
        return now.minus(CATCHUP_NONE_WINDOW).isAfter(latest) ? List.of() : List.of(latest);
      case LATEST:
        return List.of(latest);
      default:
        List<Instant> ticks = new ArrayList<>();
        Instant tick = latest;
        while (tick != null
            && !tick.isBefore(nextTick)
            && ticks.size() < Schedule.MAX_CATCHUP_RUNS) {
          ticks.add(tick);
          tick = cron.previous(tick.minusMillis(1), zone).orElse(null);
        }
        Collections.reverse(ticks);
        return ticks;
    }
  }

  private static boolean isRunning(WriteTx tx, long runId) throws SQLException {
    PreparedStatement status = tx.prepare(RUN_STATUS.formatted(tx.dialect().runsView()));
    status.setLong(1, runId);
    try (ResultSet rows = status.executeQuery()) {
      // A purged run has ended, and so has one being purged (hidden as 'submitting' meanwhile: a
      // tick's run is stored in one transaction, never submitted in several).
      return rows.next()
          && !rows.getString(1).equals("submitting")
          && !RunStatus.fromLabel(rows.getString(1)).isFinal();
    }
  }

  /** The key of the run a tick makes: {@code schedule:NAME:2026-12-08T01:00:00Z}. */
  static String key(String name, Instant tick) {
    return "schedule:" + name + ":" + java.time.format.DateTimeFormatter.ISO_INSTANT.format(tick);
  }
}
