package org.vigil.stream;

/** The Kafka cluster could not be reached or refused what Vigil needs from it. */
public final class KafkaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
