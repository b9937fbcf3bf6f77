package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresDialectTest {
  @Test
  void reserved_ids_are_read_from_the_text_of_their_array() {
    long[] ids = new long[3];
    PostgresDialect.readIds("{9007199254740993,7,120}", ids);
    assertThat(ids).containsExactly(9_007_199_254_740_993L, 7, 120);

    long[] one = new long[1];
    PostgresDialect.readIds("{42}", one);
    assertThat(one).containsExactly(42);
  }

  @Test
  void an_array_of_another_length_than_asked_is_refused() {
    assertThatThrownBy(() -> PostgresDialect.readIds("{1,2,3}", new long[2]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the database reserved 3 job ids, not 2");
    assertThatThrownBy(() -> PostgresDialect.readIds("{1}", new long[2]))
        .hasMessage("the database reserved 1 job ids, not 2");
    assertThatThrownBy(() -> PostgresDialect.readIds("{}", new long[1]))
        .hasMessage("the database reserved 0 job ids, not 1");
    assertThatThrownBy(() -> PostgresDialect.readIds(null, new long[1]))
        .hasMessage("the database reserved 0 job ids, not 1");
  }
}
