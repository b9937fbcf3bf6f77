package dev.flowc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Samples, on a thread of its own, the heap used right after a full GC and the process's resident
 * set, and keeps the peaks. The forced GCs slow the process being measured a little: use it in a
 * phase that measures memory, not speed.
 */
final class MemorySampler implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");

  /**
   * The peaks seen.
   *
   * @param heapMb heap used after GC, in MiB
   * @param rssMb resident set size, in MiB, or -1 where {@code /proc} does not tell
   */
  record Peaks(double heapMb, double rssMb) {}

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final long intervalMs;
  private final Thread thread;
  private volatile boolean stopped;
  private long peakHeap;
  private long peakRss = -1;

  private MemorySampler(Duration interval) {
    this.intervalMs = interval.toMillis();
    this.thread = new Thread(this::loop, "flowc-bench-memory");
    thread.setDaemon(true);
  }

  static MemorySampler start(Duration interval) {
    MemorySampler sampler = new MemorySampler(interval);
    sampler.thread.start();
    return sampler;
  }

  private void loop() {
    while (!stopped) {
      sample();
      try {
        TimeUnit.MILLISECONDS.sleep(intervalMs); // a sampling period, not a wait for a condition
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    memory.gc();
    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
    peakRss = Math.max(peakRss, rssBytes());
  }

  /** Stops sampling, takes a last sample, and returns the peaks. */
  Peaks stop() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
    sample();
    synchronized (this) {
      return new Peaks(mib(peakHeap), peakRss < 0 ? -1 : mib(peakRss));
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!stopped) {
      stop();
    }
  }

  /** {@code VmRSS} of {@code /proc/self/status}, in bytes, or -1. */
  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
