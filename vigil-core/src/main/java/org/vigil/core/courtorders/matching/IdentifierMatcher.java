package org.vigil.core.courtorders.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderMatch;
import org.vigil.core.courtorders.IdentifierNormaliser;
import org.vigil.core.courtorders.IdentifierPseudonymiser;
import org.vigil.core.courtorders.IdentifierType;

/**
 * Answers which active orders name a person, given identifiers in clear: each is normalised and
 * pseudonymised (one HMAC) and looked up in the {@link CourtOrderIndex} (one hash lookup). Nothing
 * in clear is kept.
 */
public final class IdentifierMatcher {

  private final IdentifierNormaliser normaliser;
  private final IdentifierPseudonymiser pseudonymiser;

  public IdentifierMatcher(IdentifierNormaliser normaliser, IdentifierPseudonymiser pseudonymiser) {
    this.normaliser = normaliser;
    this.pseudonymiser = pseudonymiser;
  }

  /** The pseudonym of one identifier, refusing it as {@code actor.identifiers.<field>}. */
  public String pseudonym(IdentifierType type, String raw) {
    return pseudonymiser.pseudonymise(
        type, normaliser.normalise(type, raw, "actor.identifiers." + type.actorField()));
  }

  /**
   * The orders in {@code index} that bar these identifiers from {@code category} at {@code now}.
   */
  public List<CourtOrderMatch> match(
      CourtOrderIndex index,
      Map<IdentifierType, String> identifiers,
      ServiceCategory category,
      Instant now) {
    if (identifiers == null || identifiers.isEmpty()) {
      return List.of();
    }
    List<CourtOrderMatch> matches = List.of();
    for (Map.Entry<IdentifierType, String> entry : identifiers.entrySet()) {
      String raw = entry.getValue();
      if (raw == null || raw.isBlank()) {
        continue;
      }
      IdentifierType type = entry.getKey();
      for (CourtOrder order : index.ordersNaming(pseudonym(type, raw))) {
        if (order.restricts(category, now) && !contains(matches, order.id())) {
          if (matches.isEmpty()) {
            matches = new ArrayList<>(1);
          }
          matches.add(new CourtOrderMatch(order.id(), order.caseRef(), type));
        }
      }
    }
    return matches;
  }

  private static boolean contains(List<CourtOrderMatch> matches, String orderId) {
    for (CourtOrderMatch match : matches) {
      if (match.orderId().equals(orderId)) {
        return true;
      }
    }
    return false;
  }
}
