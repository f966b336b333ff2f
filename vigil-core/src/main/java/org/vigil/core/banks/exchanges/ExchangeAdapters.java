package org.vigil.core.banks.exchanges;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The adapter factories this deployment knows, by type. */
public final class ExchangeAdapters {

  private final Map<String, ExchangeAdapterFactory> byType = new TreeMap<>();

  public ExchangeAdapters(List<ExchangeAdapterFactory> factories) {
    for (ExchangeAdapterFactory factory : factories) {
      if (byType.putIfAbsent(factory.type(), factory) != null) {
        throw new IllegalArgumentException("two adapter factories for type " + factory.type());
      }
    }
  }

  public Optional<ExchangeAdapterFactory> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The known types, sorted (for error messages). */
  public List<String> types() {
    return List.copyOf(byType.keySet());
  }
}
