package dev.flowc.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SuggestionBudgetTest {
  @Test
  void suggestions_stop_once_a_file_has_spent_its_comparisons() {
    List<String> stages = IntStream.range(0, 100_000).mapToObj(i -> "stage_" + i).toList();
    SuggestionBudget budget = new SuggestionBudget();
    long calls = SuggestionBudget.COMPARISONS / stages.size();

    for (long i = 0; i < calls; i++) {
      assertThat(budget.didYouMean("stage_" + i + "x", stages)).as("call %d", i).isPresent();
    }
    assertThat(budget.didYouMean("stage_1x", stages)).isEmpty();
  }

  @Test
  void a_pipeline_with_many_typos_still_gets_every_error() {
    StringBuilder text = new StringBuilder("pipeline p {\n");
    for (int i = 0; i < 3_000; i++) {
      text.append("  stage s")
          .append(i)
          .append(" after sx")
          .append(i)
          .append(" { handler \"h\" }\n");
    }
    List<String> lines = dev.flowc.compiler.Flow.lines(text.append("}\n").toString());

    assertThat(lines).hasSize(3_000).allMatch(l -> l.contains("FLOW201 unknown stage 'sx"));
  }
}
