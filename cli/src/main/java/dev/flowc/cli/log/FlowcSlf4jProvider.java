package dev.flowc.cli.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * flowc's SLF4J backend, found by {@link java.util.ServiceLoader}: an event logged on a thread
 * running a handler goes to that attempt's log (INFO and above), any other to stderr (WARN and
 * above). Without a backend SLF4J would print a warning of its own, and a handler's {@code
 * LoggerFactory.getLogger(...)} would log nowhere.
 */
public final class FlowcSlf4jProvider implements SLF4JServiceProvider {
  /** The system property that {@code --debug} sets: every library warning is shown then. */
  public static final String DEBUG_PROPERTY = "flowc.debug";

  private ILoggerFactory loggers;
  private IMarkerFactory markers;
  private MDCAdapter mdc;

  /** Called by {@link java.util.ServiceLoader}. */
  public FlowcSlf4jProvider() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    loggers = new FlowcLoggers();
    markers = new BasicMarkerFactory();
    mdc = new NOPMDCAdapter();
  }
}
