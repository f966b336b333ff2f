package org.vigil.core.minors;

import java.time.Instant;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.ContentRating;
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
 */
public record DecisionContext(
    AccountAction action,
    String jurisdiction,
    ServiceCategory service,
    Party actor,
    Party target,
    boolean connected,
    ContentRating contentRating,
    Instant at) {}
