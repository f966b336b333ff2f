package org.vigil.core.minors;

import java.time.Instant;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.ContentRating;
import org.vigil.core.intake.LawfulBasis;
import org.vigil.core.intake.Party;

/**
 * A validated request with its parties resolved: what every {@link DecisionCheck} reads.
 *
 * @param action the action
 * @param jurisdiction canonical upper-case code, known to the rule set
 * @param service the service category, or null when the action does not need one
 * @param actor the acting party
 * @param target the other party, or null
 * @param connected whether actor and target are accepted connections
 * @param contentRating the content's rating, or null
 * @param at the moment decided about
 * @param lawfulBasis the service's lawful basis for processing the actor's data (never null: {@link
 *     LawfulBasis#CONSENT} when the request did not say)
 */
public record DecisionContext(
    AccountAction action,
    String jurisdiction,
    ServiceCategory service,
    Party actor,
    Party target,
    boolean connected,
    ContentRating contentRating,
    Instant at,
    LawfulBasis lawfulBasis) {

  public DecisionContext {
    if (lawfulBasis == null) {
      throw new IllegalArgumentException("lawfulBasis is required (consent when not given)");
    }
  }

  /** A context for a service relying on consent, the default. */
  public DecisionContext(
      AccountAction action,
      String jurisdiction,
      ServiceCategory service,
      Party actor,
      Party target,
      boolean connected,
      ContentRating contentRating,
      Instant at) {
    this(
        action,
        jurisdiction,
        service,
        actor,
        target,
        connected,
        contentRating,
        at,
        LawfulBasis.CONSENT);
  }
}
