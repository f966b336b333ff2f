package org.vigil.core.intake;

/** The scan queue could not take a request now (the broker is unreachable or timed out). */
public final class ScanQueueUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScanQueueUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
