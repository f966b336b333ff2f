package org.vigil.core.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.vigil.core.actions.Action;

/**
 * A policy rule whose condition held.
 *
 * @param rule the rule's id in its policy
 * @param explanation why it fired, in words a user, a court or a regulator can follow
 * @param actions what it asked for
 * @param code the reason code the rule gives the platform (e.g. {@code hash_match}, {@code
 *     court_order}, {@code age_rule}; {@code policy_rule} by default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FiredRule(String rule, String explanation, List<Action> actions, String code) {
  public FiredRule {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
