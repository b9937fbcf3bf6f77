package dev.flowc.cli.log;

import dev.flowc.cli.store.Secrets;
import dev.flowc.runtime.CurrentJobLog;
import dev.flowc.runtime.LogLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logs to the attempt running on the calling thread (INFO and above, with the stack trace of a
 * throwable), or else to stderr in one line (WARN and above: flowc's stderr is for people, and
 * libraries' INFO lines are noise there).
 */
final class FlowcLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  FlowcLogger(String name) {
    this.name = name;
  }

  private static boolean enabled(Level level) {
    int threshold = CurrentJobLog.isActive() ? Level.INFO.toInt() : Level.WARN.toInt();
    return level.toInt() >= threshold;
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    LogLine.Level ours = LogLine.Level.valueOf(level.name());
    if (CurrentJobLog.append(ours, withStackTrace(message, throwable))) {
      return;
    }
    if (level.toInt() >= Level.WARN.toInt() && !quiet(name)) {
      // Scrubbed here as well as by stderr: a driver's message may carry a database password.
      System.err.println(
          Secrets.scrub(
              "%s %s: %s%s"
                  .formatted(
                      ours.label(),
                      name,
                      message,
                      throwable == null ? "" : " (" + throwable + ")")));
    }
  }

  /**
   * Whether a logger's warnings stay off stderr; {@code --debug} shows them.
   *
   * <ul>
   *   <li>flowc's own connection pool says there what flowc says better in its one line about the
   *       store (the cause is in the {@code --debug} trace), and would repeat it for every
   *       connection while a database is down;
   *   <li>SQLite's native-library loader logs an error when another process removed, at its exit,
   *       the old library file this one was about to clean up from the temporary directory: a race
   *       between two flowc processes that harms nothing. A library it cannot load fails the
   *       store's opening, which flowc reports in its own line.
   * </ul>
   */
  private static boolean quiet(String name) {
    return (name.startsWith("com.zaxxer.hikari") || name.equals("org.sqlite.SQLiteJDBCLoader"))
        && !Boolean.getBoolean(FlowcSlf4jProvider.DEBUG_PROPERTY);
  }

  private static String withStackTrace(String message, Throwable throwable) {
    if (throwable == null) {
      return message;
    }
    StringWriter trace = new StringWriter();
    throwable.printStackTrace(new PrintWriter(trace));
    return message + "\n" + trace.toString().replace("\r\n", "\n").stripTrailing();
  }
}
