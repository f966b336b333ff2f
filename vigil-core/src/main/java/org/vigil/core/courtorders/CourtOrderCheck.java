package org.vigil.core.courtorders;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.intake.InvalidFieldException;
import org.vigil.core.minors.DecisionBuilder;
import org.vigil.core.minors.DecisionCheck;
import org.vigil.core.minors.DecisionContext;
import org.vigil.core.signal.CourtOrderHit;

/**
 * The court-order concern of {@code POST /v1/decide}, consulted first: when any of the actor's
 * identifiers matches an order active at the decision's moment whose scope covers the service's
 * category, the check records a {@link CourtOrderHit} signal; the built-in policy denies with
 * reason code {@code court_order}, the case reference as the rule, and the court as the source. The
 * refusal is counted for the order's compliance report.
 *
 * <p>Applies to every action that names a service category (sign-up and login always do): a person
 * barred from social networks is barred from acting on one. Unknown identifier names are refused
 * (422), because a misspelt {@code emial} would otherwise silently skip the check.
 */
public final class CourtOrderCheck implements DecisionCheck {

  /** The reason code platforms look for. */
  public static final String REASON_CODE = "court_order";

  private final CourtOrderRegistry registry;

  public CourtOrderCheck(CourtOrderRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "court_orders";
  }

  /** The registry's change counter: decisions can be tied to the register they were made with. */
  @Override
  public String policyVersion() {
    return Long.toString(registry.version());
  }

  @Override
  public void check(DecisionContext context, DecisionBuilder decision) {
    Map<String, String> given = context.actor().identifiers();
    if (context.service() == null || given.isEmpty()) {
      return;
    }
    Map<IdentifierType, String> identifiers = new EnumMap<>(IdentifierType.class);
    for (Map.Entry<String, String> entry : given.entrySet()) {
      try {
        identifiers.put(IdentifierType.fromActorField(entry.getKey()), entry.getValue());
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("actor.identifiers." + entry.getKey(), e.getMessage());
      }
    }
    List<CourtOrderMatch> matches =
        registry.enforce(identifiers, context.service(), context.action().wireName(), context.at());
    for (CourtOrderMatch match : matches) {
      CourtOrder order = registry.get(match.orderId());
      decision.courtOrder(
          new CourtOrderHit(
              order.id(),
              order.caseRef(),
              order.court(),
              order.legalBasis(),
              context.service().wireName(),
              order.endsAt().toString(),
              match.matchedBy().actorField()));
    }
  }
}
