package dev.flowc.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The memory of the whole process, without disturbing it (no forced GC): the heap in use sampled on
 * a thread of its own and read from every GC's notification just before and just after it collected
 * (the heap in use is at a local peak right before a collection), and the resident set ({@code
 * VmRSS}, and at the end {@code VmHWM}, the kernel's own peak) from {@code /proc/self/status}.
 * Peaks are kept per named phase ({@link #phase}), so a run can say where its memory went: building
 * a plan, submitting it, running it.
 */
final class MemorySampler implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");

  /**
   * The peaks of one phase, in MiB; -1 where nothing was seen.
   *
   * @param heapUsedMb the heap in use, garbage included (sampled, and right before each GC)
   * @param heapAfterGcMb the heap in use right after a GC: an upper bound of the live heap (with a
   *     generational GC, a young collection leaves the old generation's garbage counted)
   * @param rssMb the resident set, sampled
   */
  record Peaks(double heapUsedMb, double heapAfterGcMb, double rssMb) {}

  private final long intervalMs;
  private final Thread thread;
  private final Set<String> heapPools = new HashSet<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener onGc = this::onGc;
  private final Map<String, long[]> peaks = new LinkedHashMap<>();
  private volatile boolean stopped;
  private long[] current;

  private MemorySampler(Duration interval) {
    this.intervalMs = interval.toMillis();
    this.thread = new Thread(this::loop, "flowc-bench-memory");
    thread.setDaemon(true);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
  }

  /** Starts sampling, in a phase named {@code phase}. */
  static MemorySampler start(Duration interval, String phase) {
    MemorySampler sampler = new MemorySampler(interval);
    sampler.phase(phase);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(sampler.onGc, null, null);
        sampler.emitters.add(emitter);
      }
    }
    sampler.thread.start();
    return sampler;
  }

  /** From now on, peaks count for {@code name}. */
  synchronized void phase(String name) {
    sample();
    current = peaks.computeIfAbsent(name, n -> new long[] {-1, -1, -1});
    sample();
  }

  private void loop() {
    while (!stopped) {
      synchronized (this) {
        sample();
      }
      try {
        TimeUnit.MILLISECONDS.sleep(intervalMs); // a sampling period, not a wait for a condition
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    if (current == null) {
      return;
    }
    current[0] =
        Math.max(current[0], ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    current[2] = Math.max(current[2], statusBytes("VmRSS:"));
  }

  private void onGc(Notification notification, Object handback) {
    if (!notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long before = heapOf(info.getGcInfo().getMemoryUsageBeforeGc());
    long after = heapOf(info.getGcInfo().getMemoryUsageAfterGc());
    synchronized (this) {
      if (current != null) {
        current[0] = Math.max(current[0], before);
        current[1] = Math.max(current[1], after);
      }
    }
  }

  private long heapOf(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    return used;
  }

  /** Stops sampling and returns the peaks of each phase, in the order they began. */
  Map<String, Peaks> stop() throws InterruptedException {
    if (!stopped) {
      stopped = true;
      thread.interrupt();
      thread.join();
      for (NotificationEmitter emitter : emitters) {
        try {
          emitter.removeNotificationListener(onGc);
        } catch (ListenerNotFoundException e) {
          // never added: nothing to remove
        }
      }
    }
    synchronized (this) {
      sample();
      Map<String, Peaks> result = new LinkedHashMap<>();
      peaks.forEach((name, p) -> result.put(name, new Peaks(mib(p[0]), mib(p[1]), mib(p[2]))));
      return result;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** The process's peak resident set since it started ({@code VmHWM}), in MiB, or -1. */
  static double peakRssMb() {
    return mib(statusBytes("VmHWM:"));
  }

  /** A {@code kB} field of {@code /proc/self/status}, in bytes, or -1. */
  static long statusBytes(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static double mib(long bytes) {
    return bytes < 0 ? -1 : bytes / (1024.0 * 1024.0);
  }
}
