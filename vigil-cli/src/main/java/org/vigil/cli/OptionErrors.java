package org.vigil.cli;

import java.util.function.Function;

/**
 * Configuration is validated once, in VigilConfig, whose messages name the environment variable
 * (VIGIL_PORT). When the value came from a command option the user typed {@code --port}, so the
 * message should say that.
 */
final class OptionErrors {

  private OptionErrors() {}

  static <T, R> R naming(String option, String variable, Function<T, R> apply, T value) {
    try {
      return apply.apply(value);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "invalid value" : e.getMessage();
      throw new IllegalArgumentException(message.replace(variable, option), e);
    }
  }
}
