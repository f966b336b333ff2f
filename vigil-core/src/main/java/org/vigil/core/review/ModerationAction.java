package org.vigil.core.review;

import java.util.Locale;

/**
 * What a moderator decides to do with a case. The content and account actions carry the spine's
 * action names, so platforms receive one vocabulary whether a policy or a person acted. {@code
 * no_action} dismisses the notices; {@code restore} exists only on appeal and reverses the earlier
 * restriction.
 */
public enum ModerationAction {
  REMOVE(true, false),
  RESTRICT_VISIBILITY(true, false),
  AGE_RESTRICT(true, false),
  LABEL(true, false),
  SUSPEND_ACCOUNT(false, true),
  NO_ACTION(false, false),
  RESTORE(false, false);

  private final boolean restrictsContent;
  private final boolean restrictsAccount;

  ModerationAction(boolean restrictsContent, boolean restrictsAccount) {
    this.restrictsContent = restrictsContent;
    this.restrictsAccount = restrictsAccount;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the action restricts something, and so needs a statement of reasons (Art. 17). */
  public boolean isRestriction() {
    return restrictsContent || restrictsAccount;
  }

  public boolean restrictsContent() {
    return restrictsContent;
  }

  public boolean restrictsAccount() {
    return restrictsAccount;
  }

  /** The action named {@code wire}, or null when there is none. */
  public static ModerationAction fromWire(String wire) {
    for (ModerationAction action : values()) {
      if (action.wireName().equals(wire)) {
        return action;
      }
    }
    return null;
  }

  /** The wire names, for error messages. */
  public static String wireNames() {
    StringBuilder out = new StringBuilder();
    for (ModerationAction action : values()) {
      out.append(out.length() == 0 ? "" : ", ").append(action.wireName());
    }
    return out.toString();
  }
}
