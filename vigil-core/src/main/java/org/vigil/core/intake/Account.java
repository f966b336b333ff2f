package org.vigil.core.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * An account a platform registered with {@code PUT /v1/accounts/{id}}, so that decide calls can
 * name it by id alone.
 *
 * @param id the platform's own account id (opaque to Vigil)
 * @param country ISO code of the account's jurisdiction, or null
 * @param birthDate self-declared birth date, or null (kept apart from signals for convenience)
 * @param timeZone the account holder's zone, or null (the jurisdiction's default then applies)
 * @param ageSignals every other age signal
 * @param connections ids of accounts this one has accepted as connections
 * @param parentalConsent whether a parent or guardian has given (verifiable) consent
 * @param updatedAt when the platform last registered it
 */
public record Account(
    String id,
    String country,
    LocalDate birthDate,
    ZoneId timeZone,
    List<AgeSignal> ageSignals,
    Set<String> connections,
    boolean parentalConsent,
    Instant updatedAt) {

  public Account {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id is required");
    }
    ageSignals = ageSignals == null ? List.of() : List.copyOf(ageSignals);
    connections = connections == null ? Set.of() : Set.copyOf(connections);
  }
}
