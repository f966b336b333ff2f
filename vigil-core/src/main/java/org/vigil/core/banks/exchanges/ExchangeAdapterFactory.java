package org.vigil.core.banks.exchanges;

import java.util.Optional;

/**
 * Makes adapters of one {@link #type()}. Factories are registered with {@link ExchangeAdapters} in
 * the composition root; core never names a concrete adapter.
 */
public interface ExchangeAdapterFactory {

  /** The type name in {@link ExchangeConfig#type()}, e.g. {@code url}. */
  String type();

  /**
   * Checks a configuration before it is stored: the URL's scheme, the options, which credential
   * fields are needed.
   *
   * @param credentialFields the names of the credential fields given (values are not shown to
   *     validation), empty when the credentials are in a file not read yet
   * @throws org.vigil.core.error.VigilException (invalid) naming the offending field
   */
  void validate(ExchangeConfig config, Optional<java.util.Set<String>> credentialFields);

  /**
   * Whether this type's adapters take feedback ({@link ExchangeAdapter#acceptsFeedback()}), known
   * without credentials: the feedback loop decides with it which exchanges a moderator's decision
   * is sent to, inside the decision's transaction.
   */
  default boolean acceptsFeedback() {
    return false;
  }

  /** An adapter for {@code config}, with its secret when it has one. */
  ExchangeAdapter create(ExchangeConfig config, Optional<Credentials> credentials);
}
