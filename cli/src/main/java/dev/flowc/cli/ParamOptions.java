package dev.flowc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --param NAME=VALUE}, repeatable; a later value for the same name wins. */
final class ParamOptions {
  @Option(
      names = {"-p", "--param"},
      paramLabel = "NAME=VALUE",
      description = "A value for a pipeline param; repeat for several.")
  List<String> params = new ArrayList<>();

  Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String param : params) {
      int eq = param.indexOf('=');
      if (eq <= 0) {
        throw new UserException(
            ExitCode.USAGE, "--param expects NAME=VALUE, not '%s'".formatted(param));
      }
      values.put(param.substring(0, eq).strip(), param.substring(eq + 1));
    }
    return values;
  }
}
