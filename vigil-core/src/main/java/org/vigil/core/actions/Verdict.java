package org.vigil.core.actions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * The overall answer of a decision: the most severe of its actions. Content verdicts, most severe
 * first: block, remove, review, restrict_visibility, age_restrict, label, allow. Account-action
 * verdicts: deny, require, allow. {@link #severity()} orders both scales on one line, so a policy
 * that mixes them still has one answer.
 */
public enum Verdict {
  ALLOW(0),
  LABEL(10),
  AGE_RESTRICT(20),
  RESTRICT_VISIBILITY(25),
  REQUIRE(40),
  REVIEW(50),
  REMOVE(80),
  DENY(90),
  BLOCK(100);

  private final int severity;

  Verdict(int severity) {
    this.severity = severity;
  }

  public int severity() {
    return severity;
  }

  /** The more severe of the two. */
  public Verdict max(Verdict other) {
    return other != null && other.severity > severity ? other : this;
  }

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  @JsonCreator
  public static Verdict fromWire(String value) {
    for (Verdict verdict : values()) {
      if (verdict.wireName().equals(value)) {
        return verdict;
      }
    }
    throw new IllegalArgumentException(
        "unknown verdict '"
            + value
            + "'; expected block, remove, review, restrict_visibility, age_restrict, label,"
            + " allow, deny or require");
  }
}
