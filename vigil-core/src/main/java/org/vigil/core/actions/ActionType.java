package org.vigil.core.actions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * Every kind of action a policy rule can take. Some decide the verdict (block, deny, ...); the
 * others happen beside it (preserve the evidence, report to an authority, notify the user, suspend
 * the account) and leave the verdict alone.
 */
public enum ActionType {
  BLOCK(Verdict.BLOCK),
  REMOVE(Verdict.REMOVE),
  QUEUE_REVIEW(Verdict.REVIEW),
  RESTRICT_VISIBILITY(Verdict.RESTRICT_VISIBILITY),
  AGE_RESTRICT(Verdict.AGE_RESTRICT),
  LABEL(Verdict.LABEL),
  PRESERVE_EVIDENCE(null),
  REPORT_AUTHORITY(null),
  NOTIFY_USER(null),
  SUSPEND_ACCOUNT(null),
  /** Tells the platform to apply a protective default to an account ({@code setting}). */
  PROTECT(null),
  DENY(Verdict.DENY),
  REQUIRE(Verdict.REQUIRE),
  ALLOW(Verdict.ALLOW);

  private final Verdict verdict;

  ActionType(Verdict verdict) {
    this.verdict = verdict;
  }

  /** The verdict this action implies, or null for an action beside the verdict. */
  public Verdict verdict() {
    return verdict;
  }

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses {@code block}, {@code queue_review}, ...
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  @JsonCreator
  public static ActionType fromWire(String value) {
    for (ActionType type : values()) {
      if (type.wireName().equals(value)) {
        return type;
      }
    }
    StringBuilder names = new StringBuilder();
    for (ActionType type : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(type.wireName());
    }
    throw new IllegalArgumentException("unknown action '" + value + "'; expected one of " + names);
  }
}
