package dev.flowc.runtime.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentRunsTest {

  @Test
  void keeps_at_most_its_capacity_forgetting_the_least_recently_used_run_first() {
    RecentRuns<String> runs = new RecentRuns<>(3);
    runs.put(1, "/a");
    runs.put(2, "/b");
    runs.put(3, "/c");
    assertThat(runs.get(1)).as("used again: the most recent now").isEqualTo("/a");

    runs.put(4, "/d");

    assertThat(runs.size()).isEqualTo(3);
    assertThat(runs.get(2)).as("the least recently used").isNull();
    assertThat(runs.get(1)).isEqualTo("/a");
    assertThat(runs.get(3)).isEqualTo("/c");
    assertThat(runs.get(4)).isEqualTo("/d");
  }

  @Test
  void a_hundred_thousand_runs_leave_no_more_than_its_capacity_kept() {
    RecentRuns<String> runs = new RecentRuns<>(4_096);
    for (long run = 1; run <= 100_000; run++) {
      runs.put(run, "/data/" + run);
    }
    assertThat(runs.size()).isEqualTo(4_096);
    assertThat(runs.get(100_000)).isEqualTo("/data/100000");
    assertThat(runs.get(1)).isNull();
  }
}
