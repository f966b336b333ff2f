package org.vigil.core.policy;

import java.util.List;
import org.vigil.core.actions.Action;

/**
 * One rule as written: when its CEL condition holds, its actions are taken; {@code stop} ends the
 * evaluation of later rules.
 *
 * @param id unique within the policy
 * @param when the CEL condition
 * @param then the actions
 * @param stop whether a firing ends evaluation
 * @param code the reason code given to the platform (default {@code policy_rule})
 * @param explain the explanation given to the platform, or null for one built from the signals
 * @param whenLine 1-based line of the condition's first character in the document
 * @param whenColumn 1-based column of the condition's first character in the document
 * @param whenLiteral whether the condition is a YAML literal block, whose lines map one to one onto
 *     the document's lines at the same column
 */
public record PolicyRule(
    String id,
    String when,
    List<Action> then,
    boolean stop,
    String code,
    String explain,
    int whenLine,
    int whenColumn,
    boolean whenLiteral) {
  public PolicyRule {
    then = List.copyOf(then);
  }

  /** The 1-based document line and column of a 1-based line and 0-based column in {@link #when}. */
  public int[] documentPosition(int celLine, int celColumn) {
    if (celLine <= 1) {
      return new int[] {whenLine, whenColumn + Math.max(0, celColumn)};
    }
    if (whenLiteral) {
      return new int[] {whenLine + celLine - 1, whenColumn + Math.max(0, celColumn)};
    }
    return new int[] {whenLine, whenColumn};
  }
}
