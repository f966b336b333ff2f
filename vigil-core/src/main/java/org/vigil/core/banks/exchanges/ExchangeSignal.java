package org.vigil.core.banks.exchanges;

import java.util.List;
import org.vigil.core.banks.SignalType;

/**
 * A signal as the exchange knows it, which is what feedback names.
 *
 * @param exchange the exchange's configured name
 * @param externalId the exchange's id for the entry (what NCMEC's and ThreatExchange's feedback
 *     calls address)
 */
public record ExchangeSignal(
    String exchange,
    SignalType type,
    String value,
    String externalId,
    List<String> categories,
    List<String> tags) {

  public ExchangeSignal {
    categories = categories == null ? List.of() : List.copyOf(categories);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
