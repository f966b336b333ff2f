package org.vigil.report.exchanges;

import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.error.VigilException;

/** The credential checks the authenticated adapters' factories share. */
final class AdapterCredentials {

  private AdapterCredentials() {}

  /**
   * Refuses a configuration whose credentials (when given inline) lack one of {@code needed}.
   *
   * @param field the request field the refusal names
   * @param message what the exchange type needs, for the 422
   */
  static void requireFields(
      Optional<Set<String>> given, Set<String> needed, String field, String message) {
    if (given.isPresent() && !given.get().containsAll(needed)) {
      throw VigilException.invalid(field, message);
    }
  }

  /** The credentials an adapter cannot work without. */
  static Credentials required(Optional<Credentials> credentials, String type) {
    return credentials.orElseThrow(
        () ->
            new ExchangeException(
                ExchangeException.Kind.CONFIGURATION, type + " needs credentials"));
  }
}
