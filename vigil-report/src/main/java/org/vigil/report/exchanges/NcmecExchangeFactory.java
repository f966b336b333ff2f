package org.vigil.report.exchanges;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.error.VigilException;

/**
 * The {@code ncmec} exchange: NCMEC's hash sharing API (v2, XML over HTTPS, Basic auth). The URL is
 * the environment's base, e.g. {@code https://report.cybertip.org/hashsharing} (industry) or {@code
 * https://exttest.cybertip.org/hashsharing} (test). Options: {@code start} (ISO instant the first
 * window opens at; default 2000-01-01T00:00:00Z), {@code settleSeconds} (how far behind now a
 * window closes, default 60, so entries still being written land in the next window), {@code
 * negativeReason} (the feedback reason GUID sent with a negative vote; by default one is chosen
 * from the API's reason list).
 */
public final class NcmecExchangeFactory implements ExchangeAdapterFactory {

  static final Set<String> OPTIONS = Set.of("start", "settleSeconds", "negativeReason");
  static final Instant DEFAULT_START = Instant.parse("2000-01-01T00:00:00Z");

  private final ExchangeHttp http;
  private final java.time.Clock clock;

  public NcmecExchangeFactory(ExchangeHttp http) {
    this(http, java.time.Clock.systemUTC());
  }

  /** With the clock that closes each window (tests move it). */
  public NcmecExchangeFactory(ExchangeHttp http, java.time.Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  @Override
  public boolean acceptsFeedback() {
    return true; // feedback votes: PUT .../feedback (see NcmecExchange#report)
  }

  @Override
  public String type() {
    return "ncmec";
  }

  @Override
  public void validate(ExchangeConfig config, Optional<Set<String>> credentialFields) {
    ExchangeHttp.checkUrl(config.url(), false);
    for (Map.Entry<String, String> option : config.options().entrySet()) {
      if (!OPTIONS.contains(option.getKey())) {
        throw VigilException.invalid(
            "options." + option.getKey(),
            "unknown option '"
                + option.getKey()
                + "' for an ncmec exchange; expected one of "
                + new java.util.TreeSet<>(OPTIONS));
      }
    }
    start(config);
    settleSeconds(config);
    if (config.credentials().kind() == org.vigil.core.banks.exchanges.CredentialsRef.Kind.NONE) {
      throw VigilException.invalid(
          "credentials", "an ncmec exchange needs credentials {\"user\",\"password\"}");
    }
    credentialFields.ifPresent(
        fields -> {
          if (!fields.equals(Set.of("user", "password"))) {
            throw VigilException.invalid(
                "credentials", "an ncmec exchange takes credentials {\"user\",\"password\"}");
          }
        });
  }

  static Instant start(ExchangeConfig config) {
    String value = config.options().get("start");
    if (value == null) {
      return DEFAULT_START;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw VigilException.invalid(
          "options.start", "start must be an ISO-8601 instant, e.g. 2024-01-01T00:00:00Z");
    }
  }

  static long settleSeconds(ExchangeConfig config) {
    String value = config.option("settleSeconds", "60");
    try {
      long seconds = Long.parseLong(value);
      if (seconds < 0 || seconds > 86_400) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw VigilException.invalid("options.settleSeconds", "settleSeconds must be 0 to 86400");
    }
  }

  @Override
  public ExchangeAdapter create(ExchangeConfig config, Optional<Credentials> credentials) {
    Credentials c =
        credentials.orElseThrow(
            () ->
                new org.vigil.core.banks.exchanges.ExchangeException(
                    org.vigil.core.banks.exchanges.ExchangeException.Kind.CONFIGURATION,
                    "an ncmec exchange needs credentials {\"user\",\"password\"}"));
    return new NcmecExchange(config, c.require("user"), c.require("password"), http, clock);
  }
}
