package org.vigil.core.intake;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actor or target after merging the request with the registered account.
 *
 * @param accountId the account id, or null for an anonymous party
 * @param country the registered or stated country, or null
 * @param timeZone the person's zone, or null
 * @param signals every age signal (the birth date included as a self-declared signal)
 * @param identifiers contact identifiers from the request
 * @param connections the registered account's accepted connections as the store returned them for a
 *     decision: often empty, since decisions ask {@link AccountDirectory#connected} instead of
 *     loading them all; do not rely on it
 * @param parentalConsent whether a parent has consented
 */
public record Party(
    String accountId,
    String country,
    ZoneId timeZone,
    List<AgeSignal> signals,
    Map<String, String> identifiers,
    Set<String> connections,
    boolean parentalConsent) {}
