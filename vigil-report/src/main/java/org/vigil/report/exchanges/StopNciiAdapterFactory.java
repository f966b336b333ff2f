package org.vigil.report.exchanges;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeConfig;

/**
 * Makes {@code stopncii} adapters. Credentials: {@code token} (the API subscription key) and, when
 * StopNCII issued separate function keys, {@code functionKey} (both endpoints) or {@code fetchKey}
 * and {@code feedbackKey}. Options: {@code pageSize} (1–1000, default 800) and {@code
 * tokenLifetimeSeconds} (how long a page token is trusted, default 300).
 */
public final class StopNciiAdapterFactory implements ExchangeAdapterFactory {

  public static final String TYPE = "stopncii";

  private final Clock clock;
  private final Duration timeout;

  public StopNciiAdapterFactory(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean acceptsFeedback() {
    return true;
  }

  @Override
  public void validate(ExchangeConfig config, Optional<Set<String>> credentialFields) {
    Urls.requireHttp(config);
    pageSize(config);
    tokenLifetime(config);
    AdapterCredentials.requireFields(
        credentialFields,
        Set.of("token"),
        "credentials.token",
        "stopncii needs credentials {\"token\": the subscription key}");
  }

  @Override
  public ExchangeAdapter create(ExchangeConfig config, Optional<Credentials> credentials) {
    return new StopNciiAdapter(
        config,
        AdapterCredentials.required(credentials, "stopncii"),
        new AdapterHttp(timeout),
        clock);
  }

  static int pageSize(ExchangeConfig config) {
    return Urls.intOption(config, "pageSize", 800, 1, 1000);
  }

  static Duration tokenLifetime(ExchangeConfig config) {
    return Duration.ofSeconds(Urls.intOption(config, "tokenLifetimeSeconds", 300, 1, 86_400));
  }
}
