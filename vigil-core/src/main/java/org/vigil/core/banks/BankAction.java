package org.vigil.core.banks;

import java.util.Locale;

/** What happens to content matching a bank, from most to least severe. */
public enum BankAction {
  /** Refuse or remove the content. */
  BLOCK,
  /** Queue for a human moderator. */
  REVIEW,
  /** Attach a label; no enforcement. */
  LABEL;

  @com.fasterxml.jackson.annotation.JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BankAction fromWire(String value) {
    for (BankAction action : values()) {
      if (action.wireName().equals(value)) {
        return action;
      }
    }
    throw new IllegalArgumentException("expected block, review or label");
  }
}
