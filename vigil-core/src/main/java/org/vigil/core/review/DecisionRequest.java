package org.vigil.core.review;

/**
 * A moderator's decision as submitted, before validation.
 *
 * @param action what to do (see {@link ModerationAction})
 * @param ground {@code illegal} or {@code terms}; required for a restriction
 * @param legalGround the law (required when illegal) or the terms clause (optional)
 * @param explanation the facts and reasons, in plain words, without personal data
 * @param reply optional message for the reporter(s)
 */
public record DecisionRequest(
    String action, String ground, String legalGround, String explanation, String reply) {}
