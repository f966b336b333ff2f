package org.vigil.core.review;

import java.util.List;

/** Everything a moderator (or a statement of reasons) needs about one case. */
public record CaseFile(
    ReviewCase reviewCase,
    List<Notice> notices,
    List<CaseDecision> decisions,
    List<Appeal> appeals) {

  public CaseFile {
    notices = List.copyOf(notices);
    decisions = List.copyOf(decisions);
    appeals = List.copyOf(appeals);
  }

  /** The latest decision, or null before the first. */
  public CaseDecision lastDecision() {
    return decisions.isEmpty() ? null : decisions.get(decisions.size() - 1);
  }

  /** The latest decision that restricted something, or null. */
  public CaseDecision lastRestriction() {
    for (int i = decisions.size() - 1; i >= 0; i--) {
      if (decisions.get(i).action().isRestriction()) {
        return decisions.get(i);
      }
    }
    return null;
  }

  /** The appeal waiting for a decision, or null. */
  public Appeal pendingAppeal() {
    for (Appeal appeal : appeals) {
      if (appeal.outcome() == null) {
        return appeal;
      }
    }
    return null;
  }
}
