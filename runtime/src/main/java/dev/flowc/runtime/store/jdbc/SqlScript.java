package dev.flowc.runtime.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A migration script of the jar, as the statements a store runs one by one. */
public final class SqlScript {
  private static final Pattern CREATE_TRIGGER =
      Pattern.compile(
          "CREATE\\s+TRIGGER\\b.*\\bBEGIN\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern TRIGGER_END =
      Pattern.compile("(^|\\s)END$", Pattern.CASE_INSENSITIVE);

  private SqlScript() {}

  /**
   * The statements of the resource {@code file} next to {@code owner}: {@code --} comments dropped,
   * split at {@code ;} (flowc's scripts have no {@code ;} or {@code --} inside a literal), but a
   * SQLite {@code CREATE TRIGGER ... BEGIN} is one statement up to its {@code END}.
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
      List<String> statements = new ArrayList<>();
      StringBuilder trigger = null;
      for (String piece : withoutComments.toString().split(";")) {
        String sql = piece.strip();
        if (trigger == null && CREATE_TRIGGER.matcher(sql).lookingAt()) {
          trigger = new StringBuilder();
        }
        if (trigger != null) {
          trigger.append(sql).append(';').append('\n');
          if (TRIGGER_END.matcher(sql).find()) {
            statements.add(trigger.toString().strip());
            trigger = null;
          }
        } else if (!sql.isEmpty()) {
          statements.add(sql);
        }
      }
      if (trigger != null) {
        throw new IllegalStateException("migration " + file + " has a trigger without END");
      }
      return statements;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + file, e);
    }
  }
}
