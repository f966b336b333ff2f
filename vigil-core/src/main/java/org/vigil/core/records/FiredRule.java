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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FiredRule(String rule, String explanation, List<Action> actions) {
  public FiredRule {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
