package org.vigil.core.records;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/** What a decision is about: a piece of content (scan) or an account's action (decide). */
public enum DecisionKind {
  CONTENT,
  ACCOUNT_ACTION;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  @JsonCreator
  public static DecisionKind fromWire(String value) {
    for (DecisionKind kind : values()) {
      if (kind.wireName().equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown kind '" + value + "'; expected content or account_action");
  }
}
