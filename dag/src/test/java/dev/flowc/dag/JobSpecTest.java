package dev.flowc.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JobSpecTest {

  @Test
  void jobs_without_input_or_metadata_share_one_empty_object_that_refuses_changes() {
    JobSpec first = JobSpec.builder("a", "h").build();
    JobSpec second = JobSpec.builder("b", "h").input(JsonNodeFactory.instance.objectNode()).build();

    assertThat(first.input()).isSameAs(second.input()).isSameAs(first.metadata());
    assertThat(first.input()).isEqualTo(JsonNodeFactory.instance.objectNode());
    assertThat(first.input().toString()).isEqualTo("{}");
    assertThatThrownBy(() -> ((ObjectNode) first.input()).put("n", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(first.input().isEmpty()).isTrue();
  }

  @Test
  void an_input_with_fields_is_a_copy_of_its_own() {
    ObjectNode given = JsonNodeFactory.instance.objectNode().put("n", 1);
    JobSpec job = JobSpec.builder("a", "h").input(given).build();
    given.put("n", 2);

    assertThat(job.input().toString()).isEqualTo("{\"n\":1}");
    assertThat(job.input()).isNotSameAs(JobSpec.builder("b", "h").build().input());
  }
}
