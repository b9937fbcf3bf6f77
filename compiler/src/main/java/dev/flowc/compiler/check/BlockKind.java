package dev.flowc.compiler.check;

import dev.flowc.compiler.ast.DefaultsBlock;
import dev.flowc.compiler.ast.DirectiveBlock;
import dev.flowc.compiler.ast.ScheduleDecl;
import dev.flowc.compiler.ast.StageDecl;
import java.util.List;

/** The kinds of block that hold directives, with the directives each allows. */
enum BlockKind {
  STAGE(
      "a stage",
      List.of(
          "handler",
          "queue",
          "retries",
          "backoff",
          "timeout",
          "priority",
          "input",
          "metadata",
          "description",
          "when",
          "max_items")),
  DEFAULTS("'defaults'", List.of("queue", "retries", "backoff", "timeout", "priority")),
  QUEUE("a queue", List.of("concurrency", "rate")),
  SCHEDULE("a schedule", List.of("cron", "timezone", "catchup", "overlap", "params"));

  private final String noun;
  private final List<String> directives;

  BlockKind(String noun, List<String> directives) {
    this.noun = noun;
    this.directives = directives;
  }

  /** How messages name the block: {@code a stage}, {@code 'defaults'}. */
  String noun() {
    return noun;
  }

  List<String> directives() {
    return directives;
  }

  boolean allows(String directive) {
    return directives.contains(directive);
  }

  static BlockKind of(DirectiveBlock block) {
    if (block instanceof StageDecl) {
      return STAGE;
    }
    if (block instanceof ScheduleDecl) {
      return SCHEDULE;
    }
    return block instanceof DefaultsBlock ? DEFAULTS : QUEUE;
  }
}
