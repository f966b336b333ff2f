package org.vigil.core.banks.exchanges;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One configured exchange: where to fetch, with which credentials, into which bank, how often.
 *
 * @param name unique across the deployment (like bank names), {@code [a-z0-9][a-z0-9_-]{0,63}}
 * @param tenant the tenant whose admins may see and change it
 * @param type the adapter, e.g. {@code url}, {@code ncmec}, {@code stopncii}
 * @param bank the bank the exchange's signals go into
 * @param url the exchange's endpoint (the list itself for {@code url}; the API base otherwise)
 * @param credentials where the secret lives; never the secret itself
 * @param schedule how long after one fetch ends the next starts
 * @param options adapter-specific settings as text (e.g. {@code format=ndjson}), validated by the
 *     adapter's factory
 */
public record ExchangeConfig(
    String name,
    String tenant,
    String type,
    String bank,
    URI url,
    CredentialsRef credentials,
    Duration schedule,
    boolean enabled,
    Map<String, String> options,
    Instant createdAt,
    Instant updatedAt) {

  /** The schedule when none is given. */
  public static final Duration DEFAULT_SCHEDULE = Duration.ofHours(1);

  /** The shortest schedule accepted: exchanges throttle clients that poll harder. */
  public static final Duration MIN_SCHEDULE = Duration.ofMinutes(1);

  public ExchangeConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(bank, "bank");
    credentials = credentials == null ? CredentialsRef.NONE : credentials;
    schedule = schedule == null ? DEFAULT_SCHEDULE : schedule;
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  /** The source name its signals carry in the bank ({@code exchange:NAME}). */
  public String source() {
    return source(name);
  }

  public static String source(String exchange) {
    return "exchange:" + exchange;
  }

  /** An option's value, or {@code otherwise}. */
  public String option(String key, String otherwise) {
    return options.getOrDefault(key, otherwise);
  }
}
