package org.vigil.core.intake;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The actor or target as the caller described it in a decide request. Every field is optional; what
 * is given inline adds to (signals) or overrides (the rest) the registered account.
 *
 * @param accountId a registered account's id, or null
 * @param country the person's jurisdiction, or null
 * @param birthDate a self-declared birth date, or null
 * @param timeZone the person's zone, or null
 * @param ageSignals further signals (never null)
 * @param identifiers contact identifiers such as {@code email}, {@code phone} (never null), used by
 *     checks such as court orders; Vigil's minors logic ignores them
 * @param connected for a target: whether the actor is an accepted connection; null to look it up
 * @param parentalConsent whether a parent has consented; null to use the registered account
 */
public record PartyInput(
    String accountId,
    String country,
    LocalDate birthDate,
    ZoneId timeZone,
    List<AgeSignal> ageSignals,
    Map<String, String> identifiers,
    Boolean connected,
    Boolean parentalConsent) {

  public PartyInput {
    ageSignals = ageSignals == null ? List.of() : List.copyOf(ageSignals);
    identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
  }

  /** A party known only by its registered account. */
  public static PartyInput account(String accountId) {
    return new PartyInput(accountId, null, null, null, null, null, null, null);
  }
}
