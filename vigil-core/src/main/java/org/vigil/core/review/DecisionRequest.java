package org.vigil.core.review;

import java.util.List;

/**
 * A moderator's decision as submitted, before validation.
 *
 * @param action what to do (see {@link ModerationAction})
 * @param ground {@code illegal} or {@code terms}; required for a restriction
 * @param legalGround the law (required when illegal) or the terms clause (optional)
 * @param explanation the facts and reasons, in plain words, without personal data
 * @param reply optional message for the reporter(s)
 * @param hashes the content's hashes for the ncii bank (a {@code remove} on an ncii case whose
 *     content Vigil never scanned); null or empty for none
 */
public record DecisionRequest(
    String action,
    String ground,
    String legalGround,
    String explanation,
    String reply,
    List<ContentHash> hashes) {

  /** A decision naming no hashes. */
  public DecisionRequest(
      String action, String ground, String legalGround, String explanation, String reply) {
    this(action, ground, legalGround, explanation, reply, null);
  }
}
