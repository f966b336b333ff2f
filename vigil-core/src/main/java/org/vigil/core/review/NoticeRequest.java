package org.vigil.core.review;

/**
 * A notice as a platform submits it on behalf of a reporter (DSA Art. 16), before validation.
 * Strings are as received; {@link NoticeIntake} checks them.
 */
public record NoticeRequest(
    NoticeTarget target,
    String category,
    String explanation,
    String reporterKind,
    String reporterId,
    String reporterContact,
    String language,
    Boolean goodFaith) {}
