package dev.flowc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What else the machine did while the bench measured, for reading its figures: the load average
 * before the bench started (other work on the machine), and over the bench the share of CPU time
 * that was busy (the bench's own processes and a local database included) and the share the host of
 * a virtual machine took for others ({@code steal}). Read from Linux's {@code /proc}; unknown
 * elsewhere.
 *
 * @param loadAtStart the 1, 5 and 15 minute load averages before the bench, or null
 * @param busyPercent the share of all cores' time that was busy over the bench, or null
 * @param stolenPercent the share of all cores' time the host took (steal), or null
 */
public record MachineLoad(String loadAtStart, Double busyPercent, Double stolenPercent) {

  /** Nothing known (not Linux, or /proc unreadable). */
  public static final MachineLoad UNKNOWN = new MachineLoad(null, null, null);

  /** The CPU time counters of {@code /proc/stat}'s first line, in clock ticks. */
  record Ticks(long busy, long idle, long steal) {
    /**
     * Parses the {@code cpu} line of {@code /proc/stat}: user, nice, system, idle, iowait, irq,
     * softirq, steal, ... (guest time is counted in user already).
     */
    static Ticks parse(String stat) {
      for (String line : stat.split("\n")) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 5 || !fields[0].equals("cpu")) {
          continue;
        }
        long[] values = new long[8];
        for (int i = 0; i < values.length && i + 1 < fields.length; i++) {
          values[i] = Long.parseLong(fields[i + 1]);
        }
        long idle = values[3] + values[4];
        long steal = values[7];
        long busy = values[0] + values[1] + values[2] + values[5] + values[6];
        return new Ticks(busy, idle, steal);
      }
      throw new IllegalArgumentException("no cpu line");
    }
  }

  /** The machine's counters when a bench starts, to compare with at its end. */
  public static final class Start {
    private final String loadAverage;
    private final Ticks ticks;

    private Start(String loadAverage, Ticks ticks) {
      this.loadAverage = loadAverage;
      this.ticks = ticks;
    }

    /** What happened on the machine since this start. */
    public MachineLoad sinceThen() {
      Ticks now = readTicks();
      return between(loadAverage, ticks, now);
    }
  }

  /** Reads the machine's counters now. */
  public static Start start() {
    return new Start(loadAverage(), readTicks());
  }

  static MachineLoad between(String loadAtStart, Ticks start, Ticks end) {
    if (start == null || end == null) {
      return new MachineLoad(loadAtStart, null, null);
    }
    long busy = end.busy() - start.busy();
    long idle = end.idle() - start.idle();
    long steal = end.steal() - start.steal();
    long total = busy + idle + steal;
    if (total <= 0) {
      return new MachineLoad(loadAtStart, null, null);
    }
    return new MachineLoad(loadAtStart, 100.0 * busy / total, 100.0 * steal / total);
  }

  /** One line for the report, or null when nothing is known. */
  String describe() {
    if (loadAtStart == null && busyPercent == null) {
      return null;
    }
    StringBuilder line = new StringBuilder("while measuring: ");
    line.append(
        loadAtStart == null ? "load average unknown" : "load average " + loadAtStart + " before");
    if (busyPercent != null) {
      line.append(
          String.format(
              Locale.ROOT,
              "; cores %.0f%% busy (the bench's processes and a local database included), %.1f%%"
                  + " taken by the host (steal)",
              busyPercent,
              stolenPercent));
      if (stolenPercent >= 2) {
        line.append(": other machines shared these cores, the figures may be low and vary");
      }
    }
    return line.toString();
  }

  /** The 1, 5 and 15 minute load averages now, or null where unknown. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Ticks readTicks() {
    try {
      return Ticks.parse(Files.readString(Path.of("/proc/stat")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
