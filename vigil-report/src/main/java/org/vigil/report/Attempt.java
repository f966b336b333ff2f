package org.vigil.report;

/** How one delivery attempt went. */
public sealed interface Attempt {

  /** The receiver accepted it; it will not be sent again (unless replayed). */
  record Accepted() implements Attempt {}

  /** It failed and may succeed later: retried with backoff until the attempts run out. */
  record Failed(String error) implements Attempt {}

  /**
   * It can never succeed as it stands (the subscription is gone, the receiver answered 410 Gone):
   * straight to the dead letters, where an operator can see and replay it.
   */
  record Rejected(String error) implements Attempt {}

  static Attempt accepted() {
    return new Accepted();
  }

  static Attempt failed(String error) {
    return new Failed(error);
  }

  static Attempt rejected(String error) {
    return new Rejected(error);
  }
}
