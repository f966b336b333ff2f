package org.vigil.core.banks.exchanges;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An exchange's secret fields: {@code user} and {@code password} (NCMEC, Arachnid), {@code token}
 * (StopNCII, ThreatExchange). {@link #toString()} names the fields only, so a stray log statement
 * cannot print a password.
 */
public record Credentials(Map<String, String> fields) {

  public Credentials {
    fields = Map.copyOf(fields);
  }

  public Optional<String> get(String field) {
    String value = fields.get(field);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /**
   * The field's value.
   *
   * @throws ExchangeException (configuration) when it is missing
   */
  public String require(String field) {
    return get(field)
        .orElseThrow(
            () ->
                new ExchangeException(
                    ExchangeException.Kind.CONFIGURATION,
                    "the credentials have no '" + field + "'"));
  }

  @Override
  public String toString() {
    return "Credentials" + new TreeMap<>(fields).keySet() + " (values hidden)";
  }
}
