package dev.flowc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void queues_come_sorted_by_name_and_counts_in_state_order_whatever_the_order_given() {
    List<String> names =
        IntStream.range(0, 40).mapToObj(i -> "queue-" + (char) ('z' - i % 26) + i).toList();
    Map<String, Map<JobState, Long>> queues = new LinkedHashMap<>();
    Map<JobState, Long> counts = new LinkedHashMap<>();
    JobState[] states = JobState.values();
    for (int i = states.length - 1; i >= 0; i--) {
      counts.put(states[i], (long) i);
    }
    names.forEach(name -> queues.put(name, counts));

    Stats stats = new Stats(counts, queues);

    assertThat(stats.queues().keySet()).containsExactlyElementsOf(names.stream().sorted().toList());
    assertThat(stats.states().keySet()).containsExactly(JobState.values());
    assertThat(stats.queues().get(names.get(0)).keySet()).containsExactly(JobState.values());
    assertThatThrownBy(() -> stats.queues().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
