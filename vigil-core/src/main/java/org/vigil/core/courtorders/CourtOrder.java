package org.vigil.core.courtorders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * A registered restriction order. The person it names appears only as keyed pseudonyms (see {@link
 * IdentifierPseudonymiser}); nothing here is personal data in clear except what a clerk writes into
 * {@code notes}.
 *
 * @param id Vigil's id, e.g. {@code co-5f0c2a7e9b41d3c8}
 * @param subject pseudonyms by identifier type
 * @param revokedAt when it was revoked, or null
 */
public record CourtOrder(
    String id,
    String court,
    String caseRef,
    String legalBasis,
    LocalDate issuedOn,
    Instant startsAt,
    Instant endsAt,
    Set<ServiceCategory> scope,
    Map<IdentifierType, Set<String>> subject,
    String notes,
    Instant createdAt,
    String createdBy,
    Instant revokedAt,
    String revokedBy,
    String revocationReason) {

  public CourtOrder {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    scope = Set.copyOf(scope);
    subject = Map.copyOf(subject);
  }

  /**
   * The status at {@code now}. Activation and expiry need no job: they follow from the dates, so a
   * decision at any instant is right even if no sweep has run.
   */
  public CourtOrderStatus statusAt(Instant now) {
    if (revokedAt != null && !now.isBefore(revokedAt)) {
      return CourtOrderStatus.REVOKED;
    }
    if (now.isBefore(startsAt)) {
      return CourtOrderStatus.PENDING;
    }
    return now.isBefore(endsAt) ? CourtOrderStatus.ACTIVE : CourtOrderStatus.EXPIRED;
  }

  /** Whether the order restricts {@code category} at {@code now}. */
  public boolean restricts(ServiceCategory category, Instant now) {
    return scope.contains(category) && statusAt(now) == CourtOrderStatus.ACTIVE;
  }

  /** Pseudonyms of one identifier type (empty when the order names none). */
  public Set<String> pseudonyms(IdentifierType type) {
    return subject.getOrDefault(type, Set.of());
  }

  /** A copy marked revoked. */
  public CourtOrder revoked(Instant at, String by, String reason) {
    return new CourtOrder(
        id,
        court,
        caseRef,
        legalBasis,
        issuedOn,
        startsAt,
        endsAt,
        scope,
        subject,
        notes,
        createdAt,
        createdBy,
        at,
        by,
        reason);
  }
}
