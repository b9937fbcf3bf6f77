package dev.flowc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The bench says how busy the machine was and how much of it the host took while it measured. */
class MachineLoadTest {
  private static final String BEFORE =
      """
      cpu  1000 0 500 8000 100 0 0 400 0 0
      cpu0 500 0 250 4000 50 0 0 200 0 0
      intr 12345
      """;
  // Over the bench: 1,500 ticks busy (user, system, irq, softirq), 400 idle (idle, iowait), 100
  // stolen, of 2,000.
  private static final String AFTER =
      """
      cpu  2100 50 800 8350 150 20 30 500 0 0
      cpu0 1050 25 400 4175 75 10 15 250 0 0
      """;

  @Test
  void busy_and_stolen_shares_come_from_the_cpu_lines_difference() {
    MachineLoad load =
        MachineLoad.between(
            "0.52 0.57 0.25", MachineLoad.Ticks.parse(BEFORE), MachineLoad.Ticks.parse(AFTER));

    assertThat(load.busyPercent()).isCloseTo(75.0, within(0.001));
    assertThat(load.stolenPercent()).isCloseTo(5.0, within(0.001));
    assertThat(load.describe())
        .isEqualTo(
            "while measuring: load average 0.52 0.57 0.25 before; cores 75% busy (the bench's"
                + " processes and a local database included), 5.0% taken by the host (steal):"
                + " other machines shared these cores, the figures may be low and vary");
  }

  @Test
  void a_host_that_took_little_gets_no_warning_and_nothing_known_says_nothing() {
    MachineLoad quiet = new MachineLoad("0.01 0.02 0.00", 40.0, 0.5);
    assertThat(quiet.describe()).endsWith("0.5% taken by the host (steal)");

    assertThat(MachineLoad.UNKNOWN.describe()).isNull();
    assertThat(MachineLoad.between(null, null, null).describe()).isNull();
  }

  @Test
  void the_machine_s_own_counters_are_read_where_there_are_some() {
    MachineLoad load = MachineLoad.start().sinceThen();
    if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
      assertThat(load.loadAtStart()).matches("[0-9.]+ [0-9.]+ [0-9.]+");
      assertThat(load.describe()).startsWith("while measuring: load average ");
    } else {
      assertThat(load.busyPercent()).isNull();
    }
  }
}
