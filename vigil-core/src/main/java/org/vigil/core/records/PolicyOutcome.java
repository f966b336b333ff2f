package org.vigil.core.records;

import java.util.List;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.Verdict;

/**
 * What one policy version made of a decision's signals: the rules that fired, the verdict and the
 * actions. A shadow policy's outcome is stored beside the live one and never acted on.
 */
public record PolicyOutcome(
    String policyVersion, List<FiredRule> firedRules, Verdict verdict, List<Action> actions) {
  public PolicyOutcome {
    firedRules = List.copyOf(firedRules);
    actions = List.copyOf(actions);
  }
}
