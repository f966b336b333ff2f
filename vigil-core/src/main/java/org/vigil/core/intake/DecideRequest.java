package org.vigil.core.intake;

import java.time.Instant;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * A question from a platform: may the actor do this, here, now?
 *
 * @param action what the actor wants to do
 * @param jurisdiction ISO country code (or EU); null to use the actor's registered country
 * @param service the kind of service, required for signup and login
 * @param actor who acts (never null)
 * @param target the other account, required for actions that have one
 * @param contentRating the rating of the content concerned, required for view_content
 * @param at the moment of the action; null means now
 * @param lawfulBasis the service's lawful basis for processing the actor's data ({@code
 *     service.lawfulBasis}); null when not given, which counts as {@link LawfulBasis#CONSENT}
 */
public record DecideRequest(
    AccountAction action,
    String jurisdiction,
    ServiceCategory service,
    PartyInput actor,
    PartyInput target,
    ContentRating contentRating,
    Instant at,
    LawfulBasis lawfulBasis) {

  public DecideRequest {
    if (action == null) {
      throw new InvalidFieldException("action", "is required");
    }
    if (actor == null) {
      throw new InvalidFieldException("actor", "is required");
    }
  }

  /** A request that does not name a lawful basis (consent is assumed). */
  public DecideRequest(
      AccountAction action,
      String jurisdiction,
      ServiceCategory service,
      PartyInput actor,
      PartyInput target,
      ContentRating contentRating,
      Instant at) {
    this(action, jurisdiction, service, actor, target, contentRating, at, null);
  }
}
