package dev.flowc.runtime.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A migration script of the jar, as the statements a store runs one by one. */
public final class SqlScript {
  private SqlScript() {}

  /**
   * The statements of the resource {@code file} next to {@code owner}: {@code --} comments dropped,
   * split at {@code ;} (flowc's scripts have no {@code ;} or {@code --} inside a literal).
   */
  public static List<String> statements(Class<?> owner, String file) {
    try (InputStream in = owner.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + file + " is missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder withoutComments = new StringBuilder();
      for (String line : text.split("\n")) {
        int comment = line.indexOf("--");
        withoutComments.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
      }
      return Arrays.stream(withoutComments.toString().split(";"))
          .map(String::strip)
          .filter(sql -> !sql.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + file, e);
    }
  }
}
