package dev.flowc.runtime.worker;

import dev.flowc.runtime.LogLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The SLF4J logger of {@link dev.flowc.runtime.JobContext#logger()}: its events go to the attempt's
 * log, INFO and above (a debug line costs a place in the bounded log that the lines that explain a
 * failure need more). Once the attempt has ended, to the process's stderr.
 */
final class JobLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient AttemptOutput output;

  JobLogger(String name, AttemptOutput output) {
    this.name = name;
    this.output = output;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return false;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String text = format(pattern, arguments, throwable);
    LogLine.Level ours = LogLine.Level.valueOf(level.name());
    if (!output.add(ours, text)) {
      OutputCapture.processErr().println(ours.label() + " " + name + ": " + text);
    }
  }

  /** An event's message, with the stack trace of its throwable on the lines after it. */
  static String format(String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    if (throwable == null) {
      return message;
    }
    StringWriter trace = new StringWriter();
    throwable.printStackTrace(new PrintWriter(trace));
    return message + "\n" + trace.toString().replace("\r\n", "\n").stripTrailing();
  }
}
