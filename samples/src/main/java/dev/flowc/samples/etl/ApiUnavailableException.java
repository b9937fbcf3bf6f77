package dev.flowc.samples.etl;

import java.io.IOException;

/** The (simulated) API did not answer; another attempt may succeed. */
public final class ApiUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public ApiUnavailableException(String message) {
    super(message);
  }
}
